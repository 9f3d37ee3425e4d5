/// @file
/// Safety limits on query text, checked before Xapian sees it: deep nesting crashes
/// the matcher by recursion and long OR chains cost quadratic time, and Xapian offers
/// no way to stop a match once started.
#pragma once

#include <cstddef>
#include <string_view>

namespace dateline::detail {

struct QueryLimits {
    std::size_t max_bytes = 4096;
    std::size_t max_terms = 256;
    std::size_t max_depth = 32;
};

/// Throws QueryLimitError (with the position of the first excess) if `text` is longer
/// than max_bytes, has more than max_terms words, or nests parentheses deeper than
/// max_depth. Nesting is bounded both as Xapian reads it (brackets inside "quotes" do
/// not nest) and as its silent no-phrase re-parse reads it (they do); words are runs of
/// ASCII letters, digits, '_' and any non-ASCII byte (an over-count, never an under-count).
void check_query_limits(std::string_view text, const QueryLimits& limits);

}  // namespace dateline::detail
