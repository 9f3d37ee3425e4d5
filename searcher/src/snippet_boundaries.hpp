/// @file
/// Where a snippet may start and end: sentence ends, paragraph breaks, quotes and
/// brackets that belong to the word beside them, whole UTF-8 characters.
#pragma once

#include <cstddef>
#include <string_view>

namespace dateline::detail {

/// ASCII whitespace: no word contains any, so word splitting may resume after it.
inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

/// A closing quote or bracket, which stays with the word before it.
[[nodiscard]] bool is_closing(char c);

/// An opening quote, bracket or sign ($, #, @), which stays with the word after it.
[[nodiscard]] bool is_opening(char c);

/// "Mr." or "Gen.": a word whose full stop need not end the sentence.
[[nodiscard]] bool looks_abbreviated(std::string_view word);

/// The bytes of [.!?]+ and closing quotes or brackets at the start of `gap` (the text
/// between two words) when they end a sentence (whitespace or the end of the text
/// follows), else 0.
[[nodiscard]] std::size_t sentence_end_length(std::string_view gap, bool at_text_end);

/// A blank line in `gap`: a paragraph break even without punctuation (a heading). A
/// single newline is not one: many sources wrap lines inside sentences.
[[nodiscard]] bool has_blank_line(std::string_view gap);

/// The largest n' <= n that does not cut a UTF-8 character of `s`.
[[nodiscard]] std::size_t utf8_floor(std::string_view s, std::size_t n);

}  // namespace dateline::detail
