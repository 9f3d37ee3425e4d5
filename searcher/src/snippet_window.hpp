/// @file
/// Which run of matches a snippet shows: the best-scoring window of at most N bytes.
#pragma once

#include <cstddef>
#include <vector>

namespace dateline::detail {

/// A query word, phrase or pattern found in the text: bytes [start, end), and its key
/// (the index of its weight in the relevance table).
struct SnippetMatch {
    std::size_t start;
    std::size_t end;
    int key;
};

/// Matches [first, last) and the bytes they span.
struct MatchWindow {
    std::size_t first;
    std::size_t last;
    std::size_t start;
    std::size_t end;
};

/// The run of `matches` (in text order, not empty) spanning at most `bytes` with the
/// highest score, where each further match of a key already in the window counts a
/// quarter of the one before: with weights within a factor of 2 of each other, all
/// repeats of a key add less than one more distinct key does (variety beats repetition).
/// Ties go to the earliest window; a single match longer than `bytes` is a window of its
/// own. `in_window` is scratch space, reused between calls.
[[nodiscard]] MatchWindow best_window(const std::vector<SnippetMatch>& matches,
                                      const std::vector<double>& relevance, std::size_t bytes,
                                      std::vector<unsigned>& in_window);

}  // namespace dateline::detail
