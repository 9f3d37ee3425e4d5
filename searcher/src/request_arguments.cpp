// make_search_request() / make_searcher_options(): search parameters given as text (a
// command line's options, a URL's query string) checked and turned into typed requests.
// index-search and index-serve both call these, so both accept and refuse the same values
// with the same messages, each naming the parameter the way its user typed it.
#include <charconv>
#include <sstream>

#include <dateline/calendar_date.hpp>
#include <dateline/schema.hpp>
#include <dateline/searcher.hpp>

namespace dateline {
namespace {

std::size_t parse_count(const RequestArgument& arg) {
    const auto& text = arg.value;
    std::size_t value = 0;
    const auto* end = text.data() + text.size();  // NOLINT(*-pointer-arithmetic): a range end
    const auto [p, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || p != end) {
        throw RequestArgumentError(
            arg.name + " needs a non-negative whole number, not '" + text + "'", arg.name);
    }
    return value;
}

// A timeout in milliseconds: 1 ms to one hour. Xapian reads 0 as "wait for ever",
// which should not be offered by accident.
unsigned checked_ms(const RequestArgument& arg) {
    constexpr std::size_t kMaxMs = 3'600'000;
    const auto value = parse_count(arg);
    if (value == 0 || value > kMaxMs) {
        throw RequestArgumentError(arg.name + " needs milliseconds from 1 to " +
                                       std::to_string(kMaxMs) + ", not '" + arg.value + "'",
                                   arg.name);
    }
    return static_cast<unsigned>(value);
}

bool valid_partial_date(const std::string& s) {
    const auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
        }
        return true;
    };
    if (s.size() == 4) return digits(0, 4) && s != "0000";
    if (s.size() == 7) {
        if (!digits(0, 4) || s[4] != '-' || !digits(5, 2)) return false;
        const int month = std::stoi(s.substr(5, 2));
        return month >= 1 && month <= 12 && s.substr(0, 4) != "0000";
    }
    if (s.size() == 10) return parse_iso_date(s).has_value();
    return false;
}

std::string checked_date(const RequestArgument& arg) {
    if (!valid_partial_date(arg.value)) {
        throw RequestArgumentError(
            arg.name + " needs a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '" + arg.value + "'",
            arg.name);
    }
    return arg.value;
}

SortOrder checked_sort(const RequestArgument& arg) {
    if (arg.value == "relevance") return SortOrder::kRelevance;
    if (arg.value == "date") return SortOrder::kDateDesc;
    if (arg.value == "date-asc") return SortOrder::kDateAsc;
    throw RequestArgumentError(
        arg.name + " must be relevance, date or date-asc, not '" + arg.value + "'", arg.name);
}

DateGranularity checked_granularity(const RequestArgument& arg) {
    if (arg.value == "day") return DateGranularity::kDay;
    if (arg.value == "month") return DateGranularity::kMonth;
    if (arg.value == "year") return DateGranularity::kYear;
    throw RequestArgumentError(arg.name + " must be day, month or year, not '" + arg.value + "'",
                               arg.name);
}

}  // namespace

SearchRequest make_search_request(const RequestArguments& a, std::size_t max_page_size) {
    SearchRequest r;
    r.query = a.query;
    if (a.query.empty() && !a.source && !a.from && !a.to && !a.story) {
        throw RequestArgumentError("no query given", "");
    }
    r.default_operator = a.match_any ? DefaultOperator::kOr : DefaultOperator::kAnd;
    if (a.sort) r.sort = checked_sort(*a.sort);
    if (a.offset) r.offset = parse_count(*a.offset);
    if (a.limit) {
        r.limit = parse_count(*a.limit);
        if (r.limit > max_page_size) {
            throw RequestArgumentError(
                a.limit->name + " must be at most " + std::to_string(max_page_size), a.limit->name);
        }
    }
    if (a.recency) {
        if (r.sort != SortOrder::kRelevance) {
            throw RequestArgumentError(a.recency->name +
                                           " blends into relevance; it cannot be used with " +
                                           a.sort->name + " " + a.sort->value,
                                       a.recency->name);
        }
        double days = 0;
        std::istringstream in(a.recency->value);
        in >> days;
        if (!in || !in.eof() || !(days > 0)) {
            throw RequestArgumentError(a.recency->name + " needs a positive number of days, not '" +
                                           a.recency->value + "'",
                                       a.recency->name);
        }
        r.recency_half_life_days = days;
    }
    if (a.date_facet) r.date_facet = checked_granularity(*a.date_facet);
    r.facets = a.facets;
    if (a.source) {
        if (a.source->value.empty()) {
            throw RequestArgumentError(a.source->name + " needs a name", a.source->name);
        }
        r.source = a.source->value;
    }
    r.collapse = a.collapse;
    if (a.story) {
        if (!schema::is_story_id(a.story->value)) {
            throw RequestArgumentError(
                a.story->name + " needs a story id (" + std::to_string(schema::kStoryIdLength) +
                    " lower-case hex digits, as a hit's story.id shows), not '" + a.story->value +
                    "'",
                a.story->name);
        }
        r.story = a.story->value;
    }
    if (a.from) r.from = checked_date(*a.from);
    if (a.to) r.to = checked_date(*a.to);
    if (r.from && r.to) {
        // Compare as ranges: a partial 'to' means its last day, so pad accordingly.
        const auto lo = *r.from + std::string("-01-01").substr(r.from->size() - 4);
        const auto hi = *r.to + std::string("-12-31").substr(r.to->size() - 4);
        if (lo > hi) {
            throw RequestArgumentError(
                a.from->name + " " + *r.from + " is after " + a.to->name + " " + *r.to,
                a.from->name);
        }
    }
    return r;
}

SearcherOptions make_searcher_options(const SearcherArguments& a, SearcherOptions base) {
    base.allow_partial = a.allow_partial;
    if (a.timeout) base.remote_timeout_ms = checked_ms(*a.timeout);
    if (a.connect_timeout) base.remote_connect_timeout_ms = checked_ms(*a.connect_timeout);
    return base;
}

}  // namespace dateline
