/// @file
/// Turns query text and request filters into a Xapian query, configured from
/// schema::kFields, and reports how the query was read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "query_limits.hpp"

namespace dateline::detail {

struct QueryInput {
    std::string text;  ///< as received (normalized here)
    bool any = false;  ///< default operator OR instead of AND
    std::optional<std::string> source;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> story;  ///< a story id (SearchRequest::story)
};

struct QueryBuildOptions {
    QueryLimits limits;
    std::size_t max_wildcard_expansion = 1000;
    std::size_t max_wildcards = 16;  ///< patterns per query (each may expand that far)
};

/// An unprefixed wildcard of the query: its pattern as the parser lower-cases it
/// ("ukrain") and the serialisation of the OP_WILDCARD subquery the parser makes of it.
/// Xapian 1.4 has no accessor for a wildcard query's pattern; the snippet generator finds
/// the pattern of a wildcard it meets in the query's structure by that serialisation.
struct WildcardPattern {
    std::string pattern;
    std::string serialised;
};

struct BuiltQuery {
    Xapian::Query query;      ///< the query with every filter applied
    std::string description;  ///< Query::get_description() of `query`
    std::optional<std::string> corrected;
    std::vector<std::string> synonyms_applied;       ///< "zelenskyy → zelensky, zelenskiy"
    std::vector<std::string> wildcard_expansions;    ///< "putin* → putin, putin's"
    std::vector<WildcardPattern> wildcard_patterns;  ///< unprefixed ones, for snippets
    bool filters_only = false;         ///< no free text: every document passing the filters
    std::string read_as;               ///< how it was read, in the user's terms (query_feedback)
    std::vector<std::string> notices;  ///< e.g. "'or' was read as a word; …"
};

/// Parses `input` against `db` (synonyms, spelling, wildcard expansion come from it;
/// a default-constructed Database gives none of them).
/// Throws QueryError / QueryLimitError with character offsets into `input.text` as typed.
[[nodiscard]] BuiltQuery build_query(const Xapian::Database& db, const QueryInput& input,
                                     const QueryBuildOptions& options);

/// The same for a sharded index: spelling suggestions and synonyms come from `terms`
/// (the terms database: remote shards have none, and a combined database would read
/// them from its first shard only); which words exist, and wildcard expansion, from `db`.
[[nodiscard]] BuiltQuery build_query(const Xapian::Database& db, const Xapian::Database& terms,
                                     const QueryInput& input, const QueryBuildOptions& options);

/// The stemmer shared by the query parser and the snippet generator: the term rules' one
/// (schema::term_rules::stemmer()).
[[nodiscard]] Xapian::Stem make_stemmer();

}  // namespace dateline::detail
