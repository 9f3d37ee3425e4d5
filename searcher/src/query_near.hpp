/// @file
/// NEAR and ADJ over OR-groups and wildcards (`(pause OR suspend*) NEAR/10 aid`), which
/// Xapian 1.4 matches but its query parser refuses: such an operator and its two operands
/// are parsed here and stand in the main parse as one placeholder word.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dateline::detail {

struct NearGroups {
    std::string text;                    ///< the query, each grouped NEAR/ADJ a placeholder
    std::vector<Xapian::Query> queries;  ///< what each placeholder stands for, in order
};

/// The terms a prefixed wildcard root ("film", "Sfilm") stands for (throws past a limit).
using WildcardExpander = std::function<std::vector<std::string>(const std::string& root)>;

/// Finds `A NEAR/n B` and `A ADJ/n B` where A or B is a bracketed group or a wildcard,
/// parses A and B with `qp` and `flags` (unstemmed: only exact words have positions),
/// expands their wildcards with `expand` (Xapian 1.4 matches NEAR over OR, not over a
/// wildcard) and builds OP_NEAR / OP_PHRASE over them.
/// Throws QueryError naming the operator when an operand holds anything but words,
/// OR-groups and wildcards (positions are bytes of `text`).
[[nodiscard]] NearGroups extract_near_groups(std::string_view text, Xapian::QueryParser& qp,
                                             unsigned flags, const WildcardExpander& expand);

/// `query` with each placeholder term replaced by its query.
[[nodiscard]] Xapian::Query substitute_near_groups(const Xapian::Query& query,
                                                   const std::vector<Xapian::Query>& groups);

}  // namespace dateline::detail
