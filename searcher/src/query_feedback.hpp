/// @file
/// How a query was read, said in the user's own terms ("\"root causes\" (phrase) AND putin
/// (+ putin's, stems)"), the notices a user needs (a lower-case "or" read as a word), and
/// error positions as character offsets into the query as typed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

struct QueryFeedback {
    std::string read_as;               ///< the query, each part annotated with its reading
    std::vector<std::string> notices;  ///< what was read otherwise than it may look
};

/// What to tell the user about `normalized` (normalize_text() of `typed`, the query as the
/// user typed it; notices give character positions in `typed`), given the synonym and
/// wildcard lists the query builder made ("zelenskyy → zelensky, …", "putin* → putin,
/// putin's") and the default operator (`any`: OR, else AND).
[[nodiscard]] QueryFeedback describe_query(std::string_view typed, std::string_view normalized,
                                           const std::vector<std::string>& synonyms_applied,
                                           const std::vector<std::string>& wildcard_expansions,
                                           bool any);

/// The number of characters (UTF-8 code points) in the first `byte` bytes of `text`.
[[nodiscard]] std::size_t character_offset(std::string_view text, std::size_t byte);

/// The character (code point) offset in `typed` of byte `normalized_pos` of
/// normalize_text(typed): the first character whose normalized text reaches past it, or
/// the length of `typed` in characters at or past the end.
[[nodiscard]] std::size_t typed_character_offset(std::string_view typed,
                                                 std::size_t normalized_pos);

}  // namespace dateline::detail
