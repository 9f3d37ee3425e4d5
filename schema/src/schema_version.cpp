#include <string>

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>
#include <dateline/schema_version.hpp>

namespace dateline::schema {

void require_schema_version(std::string_view stored, std::string_view where) {
    if (stored == std::to_string(kSchemaVersion)) return;
    throw SchemaVersionError(std::string(where) + " has schema version " +
                             (stored.empty() ? std::string("(none)") : std::string(stored)) +
                             ", this version of Dateline reads and writes version " +
                             std::to_string(kSchemaVersion) + "; run index-build --rebuild");
}

}  // namespace dateline::schema
