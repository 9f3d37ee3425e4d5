/// @file
/// Date filters: `date:` values and the --from/--to bounds, as value-range queries.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace dateline::detail {

/// An inclusive range of days as "YYYYMMDD" strings (the slot::kDate form).
struct DateRange {
    std::optional<std::string> lo;  ///< none = open below
    std::optional<std::string> hi;  ///< none = open above
};

/// Which end of a range a partial date stands for: a month or a year as a lower bound
/// is its first day, as an upper bound its last day.
enum class BoundSide { kLower, kUpper };

/// Parses one bound: "2025", "2025-07", "2025-07-04" (or "20250704").
/// Throws QueryError at `position` for a malformed or impossible date.
[[nodiscard]] std::string parse_date_bound(std::string_view text, BoundSide side,
                                           std::size_t position);

/// Parses the value of a `date:` filter: a day, month or year, or a range A..B, ..B, A..
/// `position` is the byte offset of the value in the query, for error messages.
/// Throws QueryError for impossible dates, empty or reversed ranges.
[[nodiscard]] DateRange parse_date_filter(std::string_view value, std::size_t position);

/// The boolean filter for a range on slot::kDate (OP_VALUE_RANGE / GE / LE).
[[nodiscard]] Xapian::Query date_range_query(const DateRange& range);

}  // namespace dateline::detail
