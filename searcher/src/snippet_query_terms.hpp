/// @file
/// What of a query a snippet highlights: its unprefixed terms and stems, its tight
/// phrases and its wildcard patterns, read from the parsed query's structure.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "query_builder.hpp"

namespace dateline::detail {

struct SnippetQueryTerms {
    std::vector<std::string> loose;                 ///< terms, stems as "Z…", first-seen order
    std::vector<std::vector<std::string>> phrases;  ///< tight phrases' terms, in order
    std::vector<std::string> wildcards;             ///< wildcard patterns ("ukrain")
};

/// Walks `query` (get_type, get_subquery, get_terms_begin): term leaves are loose terms;
/// an OP_PHRASE of terms with no more room than its terms is a tight phrase, any other
/// phrase gives its terms loose; what an OP_AND_NOT excludes is skipped (no hit contains
/// it). Terms keep their prefixes (the caller drops prefixed ones).
///
/// Xapian 1.4 has no accessor for an OP_WILDCARD's pattern: a wildcard leaf is recognised
/// among `wildcards` (the query builder's, see WildcardPattern) by its serialisation; a
/// leaf none of them matches highlights nothing.
[[nodiscard]] SnippetQueryTerms snippet_query_terms(const Xapian::Query& query,
                                                    const std::vector<WildcardPattern>& wildcards);

}  // namespace dateline::detail
