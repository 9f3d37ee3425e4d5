/// @file
/// Where a sentence ends: the one rule the snippet cutter (searcher) and the repeated-sentence
/// filter (indexer) both apply to the gap between two words of normalized text.
///
/// Internal to the build (not installed). Byte-level: the text has been through
/// normalize_text(), which maps Unicode quotes, dashes and spaces to ASCII ones.
#pragma once

#include <cstddef>
#include <string_view>

namespace dateline::sentences {

/// ASCII whitespace: no word contains any.
[[nodiscard]] constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\n' || c == '\t';
}

/// A closing quote or bracket, which stays with the word before it.
[[nodiscard]] constexpr bool is_closing(char c) noexcept {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}';
}

/// "Mr.", "Gen.", "e.g." or "p.m.": a word whose full stop need not end the sentence. A
/// short capitalized word, or a single letter (the splitter reads "e.g." as "e" and "g"); a
/// number such as "3.5" is not one.
[[nodiscard]] constexpr bool looks_abbreviated(std::string_view word) noexcept {
    if (word.empty()) return false;
    const bool upper = word[0] >= 'A' && word[0] <= 'Z';
    const bool lower = word[0] >= 'a' && word[0] <= 'z';
    return (upper && word.size() <= 3) || (lower && word.size() == 1);
}

/// The bytes of [.!?]+ and closing quotes or brackets at the start of `gap` (the text
/// between two words) when they end a sentence (whitespace or the end of the text
/// follows), else 0.
[[nodiscard]] constexpr std::size_t sentence_end_length(std::string_view gap,
                                                        bool at_text_end) noexcept {
    std::size_t i = 0;
    while (i < gap.size() && (gap[i] == '.' || gap[i] == '!' || gap[i] == '?')) ++i;
    if (i == 0) return 0;
    while (i < gap.size() && is_closing(gap[i])) ++i;
    if (i == gap.size()) return at_text_end ? i : 0;
    return is_space(gap[i]) ? i : 0;
}

/// A blank line in `gap`: a paragraph break even without punctuation (a heading). A
/// single newline is not one: many sources wrap lines inside sentences.
[[nodiscard]] constexpr bool has_blank_line(std::string_view gap) noexcept {
    for (auto nl = gap.find('\n'); nl != std::string_view::npos; nl = gap.find('\n', nl + 1)) {
        auto next = nl + 1;
        while (next < gap.size() && (gap[next] == ' ' || gap[next] == '\t')) ++next;
        if (next < gap.size() && gap[next] == '\n') return true;
    }
    return false;
}

/// Whether a new sentence starts after `word` when `gap` separates it from the next word:
/// a paragraph break, or a sentence end that does not follow an abbreviation.
[[nodiscard]] constexpr bool ends_sentence(std::string_view word, std::string_view gap,
                                           bool at_text_end) noexcept {
    if (has_blank_line(gap)) return true;
    return sentence_end_length(gap, at_text_end) > 0 && !(gap[0] == '.' && looks_abbreviated(word));
}

}  // namespace dateline::sentences
