/// @file
/// "More like this": a query for the reports similar to one report, from Xapian's
/// relevance feedback (an RSet holding the report, the ESet of its best terms).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace dateline::detail {

struct LikeQuery {
    Xapian::Query query;             ///< OR of the expand terms, without the report itself
    std::vector<std::string> terms;  ///< the terms used, best first
};

/// The query for reports like the one whose unique id is `id`, from its `max_terms` best
/// expand terms (plain words: no prefixed or stemmed terms, so what is shown is what was
/// searched for). Throws QueryError when no document has that id.
[[nodiscard]] LikeQuery more_like_this(const Xapian::Database& db, const std::string& id,
                                       std::size_t max_terms);

}  // namespace dateline::detail
