/// @file
/// A light lexical scan of query text, run before Xapian's parser: it finds field
/// prefixes (to reject unknown ones and validate dates with a position), wildcards (to
/// list and bound their expansions) and operator syntax (to detect Xapian's silent
/// re-parse of a failed query and to point at the operator a syntax error names).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

struct FieldUse {
    std::string name;         ///< as typed, before the ':'
    std::size_t name_pos{};   ///< byte offset of the name
    std::string value;        ///< after the ':' (quotes removed, trailing ')' dropped)
    std::size_t value_pos{};  ///< byte offset of the value
};

struct WildcardUse {
    std::string field;    ///< "" for unprefixed, else the field name
    std::string pattern;  ///< as typed, e.g. "putin*"
    std::size_t pos{};    ///< byte offset of the pattern
};

struct QueryScan {
    std::vector<FieldUse> fields;
    std::vector<WildcardUse> wildcards;
    /// Offsets of syntax that changes a successful parse (operators, multi-word
    /// phrases, -exclusions, wildcards): if it had no effect, Xapian re-parsed.
    std::vector<std::size_t> active_syntax;
    bool blank = true;  ///< only whitespace
};

[[nodiscard]] QueryScan scan_query(std::string_view text);

/// Best guess of where operator `op` ("AND", "AND NOT", …) is misused: the first
/// occurrence with no operand on one side, else the last occurrence, else 0.
[[nodiscard]] std::size_t operator_position(std::string_view text, std::string_view op);

}  // namespace dateline::detail
