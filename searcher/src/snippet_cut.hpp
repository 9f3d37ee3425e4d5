/// @file
/// Where a snippet starts and ends around its chosen window: at a sentence start when
/// one is close, at word ends, never inside a hyphenated or slashed compound, with the
/// sentence's final punctuation and the quotes that belong to its words.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dateline::detail {

/// A word of the text: bytes [start, end).
struct SnippetWord {
    std::size_t start;
    std::size_t end;
};

/// Bytes [start, end) of the text to show.
struct SnippetCut {
    std::size_t start;
    std::size_t end;
    bool sentence_start;  ///< starts a sentence (no "…" before it)
    bool ended;           ///< ends a sentence or the text (no "…" after it)
    bool inside_word;     ///< one word longer than the snippet, cut at a whole character
};

/// The cut of at most `bytes` bytes around [core_start, core_end) (a word or run of
/// matches, beginning at a word's start). `words` are the text's words in order, from a
/// little before core_start - bytes to past core_end + bytes (`region_at_text_start`:
/// words[0] is the text's first word, so it starts a sentence).
[[nodiscard]] SnippetCut place_cut(std::string_view text, const std::vector<SnippetWord>& words,
                                   bool region_at_text_start, std::size_t core_start,
                                   std::size_t core_end, std::size_t bytes);

}  // namespace dateline::detail
