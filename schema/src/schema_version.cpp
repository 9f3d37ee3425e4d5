#include <charconv>
#include <string>

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>
#include <dateline/schema_version.hpp>

namespace dateline::schema {

void require_schema_version(std::string_view stored, std::string_view where,
                            std::uint32_t expected) {
    if (stored == std::to_string(expected)) return;
    throw SchemaVersionError(std::string(where) + " has schema version " +
                             (stored.empty() ? std::string("(none)") : std::string(stored)) +
                             ", this version of Dateline reads and writes version " +
                             std::to_string(expected) + "; run index-build --rebuild");
}

std::optional<std::uint32_t> parse_schema_version(std::string_view stored) noexcept {
    std::uint32_t version = 0;
    const char* end = stored.data() + stored.size();
    const auto [stop, error] = std::from_chars(stored.data(), end, version);
    if (stored.empty() || error != std::errc{} || stop != end) return std::nullopt;
    return version;
}

}  // namespace dateline::schema
