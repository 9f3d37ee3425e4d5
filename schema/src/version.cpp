#include <dateline/version.hpp>

namespace dateline {

std::string_view version() noexcept { return DATELINE_VERSION_STRING; }

}  // namespace dateline
