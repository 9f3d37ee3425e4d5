/// @file
/// Safety limits on query text, checked before Xapian sees it: deep nesting crashes
/// the matcher by recursion and long OR chains cost quadratic time, and Xapian offers
/// no way to stop a match once started.
#pragma once

#include <cstddef>
#include <string_view>

namespace Xapian {
class Query;
}

namespace dateline::detail {

struct QueryLimits {
    std::size_t max_bytes = 4096;
    std::size_t max_terms = 256;
    std::size_t max_depth = 32;
};

/// A parsed query may hold at most this many times max_terms terms once synonyms are
/// expanded (each word of a synonym group becomes every variant and its stem).
inline constexpr std::size_t kExpandedTermsPerWord = 4;

/// Throws QueryLimitError (with the position of the first excess) if `text` is longer
/// than max_bytes, has more than max_terms words, or nests parentheses deeper than
/// max_depth. Nesting is bounded both as Xapian reads it (brackets inside "quotes" do
/// not nest) and as its silent no-phrase re-parse reads it (they do); words are runs of
/// ASCII letters, digits, '_' and any non-ASCII byte (an over-count, never an under-count).
void check_query_limits(std::string_view text, const QueryLimits& limits);

/// Throws QueryLimitError if `parsed` (the text after synonym expansion) holds more than
/// kExpandedTermsPerWord × max_terms terms; the position is that of the word whose
/// expansion crossed the bound (found in `text`, else 0). Checked before the match runs:
/// 250 words of one 300-variant group once took 3.9 s and 478 MB.
void check_expanded_terms(const Xapian::Query& parsed, std::string_view text,
                          const QueryLimits& limits);

}  // namespace dateline::detail
