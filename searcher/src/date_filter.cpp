#include "date_filter.hpp"

#include <charconv>

#include <dateline/calendar_date.hpp>
#include <dateline/errors.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

bool all_digits(std::string_view s) {
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return !s.empty();
}

unsigned to_number(std::string_view digits) {
    unsigned value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

unsigned days_in_month(int year, unsigned month) {
    for (unsigned day = 31; day > 28; --day) {
        if (CalendarDate::is_valid(year, month, day)) return day;
    }
    return 28;
}

[[noreturn]] void invalid(std::string_view text, std::string_view why, std::size_t position) {
    throw QueryError("invalid date '" + std::string(text) + "': " + std::string(why), position);
}

}  // namespace

std::string parse_date_bound(std::string_view text, BoundSide side, std::size_t position) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (text.size() == 4 && all_digits(text)) {
        year = static_cast<int>(to_number(text));
    } else if (text.size() == 7 && text[4] == '-' && all_digits(text.substr(0, 4)) &&
               all_digits(text.substr(5, 2))) {
        year = static_cast<int>(to_number(text.substr(0, 4)));
        month = to_number(text.substr(5, 2));
        if (month < 1 || month > 12)
            invalid(text, "there is no month " + std::to_string(month), position);
    } else if ((text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                all_digits(text.substr(0, 4)) && all_digits(text.substr(5, 2)) &&
                all_digits(text.substr(8, 2))) ||
               (text.size() == 8 && all_digits(text))) {
        const bool compact = text.size() == 8;
        year = static_cast<int>(to_number(text.substr(0, 4)));
        month = to_number(text.substr(compact ? 4 : 5, 2));
        day = to_number(text.substr(compact ? 6 : 8, 2));
        if (!CalendarDate::is_valid(year, month, day)) invalid(text, "no such day", position);
    } else {
        invalid(text, "expected YYYY, YYYY-MM or YYYY-MM-DD", position);
    }
    if (year < 1) invalid(text, "year must be 0001..9999", position);

    const bool lower = side == BoundSide::kLower;
    if (month == 0) month = lower ? 1 : 12;
    if (day == 0) day = lower ? 1 : days_in_month(year, month);
    return CalendarDate{year, month, day}.compact();
}

DateRange parse_date_filter(std::string_view value, std::size_t position) {
    const auto dots = value.find("..");
    if (dots == std::string_view::npos) {
        if (value.empty()) throw QueryError("date: needs a value such as date:2025-07", position);
        return {parse_date_bound(value, BoundSide::kLower, position),
                parse_date_bound(value, BoundSide::kUpper, position)};
    }
    const auto first = value.substr(0, dots);
    const auto second = value.substr(dots + 2);
    if (first.empty() && second.empty()) {
        throw QueryError("date range '..' needs at least one end", position);
    }
    DateRange range;
    if (!first.empty()) range.lo = parse_date_bound(first, BoundSide::kLower, position);
    if (!second.empty()) {
        range.hi = parse_date_bound(second, BoundSide::kUpper, position + dots + 2);
    }
    if (range.lo && range.hi && *range.lo > *range.hi) {
        throw QueryError("reversed date range '" + std::string(value) + "' (start is after end)",
                         position);
    }
    return range;
}

Xapian::Query date_range_query(const DateRange& range) {
    if (range.lo && range.hi) {
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::slot::kDate, *range.lo,
                             *range.hi);
    }
    if (range.lo) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot::kDate, *range.lo);
    if (range.hi) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::slot::kDate, *range.hi);
    // Unreachable for parsed ranges; matching everything is the neutral filter.
    return Xapian::Query(std::string());
}

}  // namespace dateline::detail
