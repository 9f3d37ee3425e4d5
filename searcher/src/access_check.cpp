#include "access_check.hpp"

#include <cerrno>
#include <unistd.h>

#include <dateline/errors.hpp>

namespace dateline::detail {

void require_access(const std::filesystem::path& path, int mode) {
    if (::access(path.c_str(), mode) != 0 && errno == EACCES) {
        throw IndexOpenError("permission denied: " + path.string());
    }
}

void explain_denied_files(const std::filesystem::path& dir) {
    require_access(dir, R_OK | X_OK);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec)) require_access(entry.path(), R_OK);
    }
}

}  // namespace dateline::detail
