/// @file
/// The fields a hit shows, read straight from the stored document data without
/// building a JSON tree: the body (most of the bytes) is only unescaped when needed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dateline/schema.hpp>

namespace dateline::detail {

/// What make_hit() needs of a StoredDocument; the rest is never decoded.
struct HitFields {
    std::string id;
    std::optional<std::string> path;
    std::optional<std::string> url;
    std::optional<std::string> title;
    std::optional<std::string> date;
    schema::DateSource date_source = schema::DateSource::kNone;
    std::string source{schema::kUnknownSource};
    std::string text;  ///< the body: only if `with_text`, or if the title is missing or empty
};

/// Reads `data` (StoredDocument::encode()'s output) with the same results as
/// StoredDocument::decode(). Anything this scanner does not expect (an unusual type, an
/// escaped key, invalid JSON) is handed to decode() itself, so unusual data gets
/// decode()'s answers and errors (IndexCorruptError).
[[nodiscard]] HitFields read_hit_fields(std::string_view data, bool with_text);

}  // namespace dateline::detail
