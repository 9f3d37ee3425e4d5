#include "search_options.hpp"

#include <charconv>
#include <sstream>

#include <boost/program_options.hpp>

#include <dateline/calendar_date.hpp>
#include <dateline/schema.hpp>

namespace dateline::index_search {
namespace po = boost::program_options;
namespace {

po::options_description visible_options() {
    po::options_description desc("Options");
    // Values are read as strings and checked by validate(), which gives one clear
    // message per problem instead of Boost's generic conversion errors.
    desc.add_options()("index", po::value<std::string>(),
                       "index directory (default: $DATELINE_INDEX, else ./index)")(
        "any", po::bool_switch(), "match any word (OR) instead of all words (AND)")(
        "sort", po::value<std::string>()->default_value("relevance"),
        "relevance | date | date-asc")("offset", po::value<std::string>()->default_value("0"),
                                       "hits to skip (paging)")(
        "limit", po::value<std::string>()->default_value("10"), "hits to show (max 1000)")(
        "recency", po::value<std::string>(), "blend recency into relevance: half-life in DAYS")(
        "date-facet", po::value<std::string>()->default_value("month"),
        "date facet: day | month | year")("no-facets", po::bool_switch(),
                                          "do not compute facet counts")(
        "filter-source", po::value<std::string>(), "only documents from source NAME")(
        "from", po::value<std::string>(), "only documents dated on or after DATE (YYYY[-MM[-DD]])")(
        "to", po::value<std::string>(), "only documents dated on or before DATE (YYYY[-MM[-DD]])")(
        "count", po::bool_switch(), "print only the exact number of matching documents")(
        "json", po::bool_switch(), "print one JSON object (see docs/JSON_OUTPUT.md)")(
        "stats", po::bool_switch(), "print what the index holds and exit")(
        "timeout", po::value<std::string>(),
        "remote shards: wait at most MS milliseconds for an answer (default 10000)")(
        "connect-timeout", po::value<std::string>(),
        "remote shards: wait at most MS milliseconds to connect (default 10000)")(
        "allow-partial", po::bool_switch(),
        "answer from the available shards when some are unavailable, and say so")(
        "help", po::bool_switch(), "show this help");
    return desc;
}

std::size_t parse_count(const std::string& text, const char* what) {
    std::size_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || p != end) {
        throw UsageError(std::string("--") + what + " needs a non-negative whole number, not '" +
                         text + "'");
    }
    return value;
}

// A timeout in milliseconds: 1 ms to one hour. Xapian reads 0 as "wait for ever",
// which a command line should not offer by accident.
unsigned checked_ms(const std::string& text, const char* what) {
    constexpr std::size_t kMaxMs = 3'600'000;
    const auto value = parse_count(text, what);
    if (value == 0 || value > kMaxMs) {
        throw UsageError(std::string("--") + what + " needs milliseconds from 1 to " +
                         std::to_string(kMaxMs) + ", not '" + text + "'");
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

std::string checked_date(const std::optional<std::string>& value, const char* what) {
    if (!valid_partial_date(*value)) {
        throw UsageError(std::string("--") + what +
                         " needs a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '" + *value + "'");
    }
    return *value;
}

}  // namespace

CliOptions parse_command_line(int argc, const char* const argv[]) {
    po::options_description hidden;
    hidden.add_options()("query", po::value<std::vector<std::string>>(), "query words");
    po::options_description all;
    all.add(visible_options()).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);

    po::variables_map vm;
    try {
        // No short options and no guessing of abbreviations: "-putin" is an error that
        // points at "--", not a silent option.
        const auto style =
            po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(argc, argv)
                      .options(all)
                      .positional(positional)
                      .style(style)
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (put '--' before a query that starts with '-')");
    }
    CliOptions o;
    if (vm.count("index")) o.index = vm["index"].as<std::string>();
    o.any = vm["any"].as<bool>();
    o.sort = vm["sort"].as<std::string>();
    o.offset = vm["offset"].as<std::string>();
    o.limit = vm["limit"].as<std::string>();
    if (vm.count("recency")) o.recency = vm["recency"].as<std::string>();
    o.date_facet = vm["date-facet"].as<std::string>();
    o.no_facets = vm["no-facets"].as<bool>();
    if (vm.count("filter-source")) o.filter_source = vm["filter-source"].as<std::string>();
    if (vm.count("from")) o.from = vm["from"].as<std::string>();
    if (vm.count("to")) o.to = vm["to"].as<std::string>();
    o.count = vm["count"].as<bool>();
    o.json = vm["json"].as<bool>();
    o.stats = vm["stats"].as<bool>();
    o.help = vm["help"].as<bool>();
    if (vm.count("timeout")) o.timeout = vm["timeout"].as<std::string>();
    if (vm.count("connect-timeout")) o.connect_timeout = vm["connect-timeout"].as<std::string>();
    o.allow_partial = vm["allow-partial"].as<bool>();
    if (vm.count("query")) o.query_words = vm["query"].as<std::vector<std::string>>();
    return o;
}

Invocation validate(const CliOptions& o, const char* env_index) {
    Invocation inv;
    if (o.index) {
        inv.index = *o.index;
    } else {
        inv.index = command_line::default_index_dir(env_index);
    }
    inv.json = o.json;
    inv.searcher.allow_partial = o.allow_partial;
    if (o.timeout) inv.searcher.remote_timeout_ms = checked_ms(*o.timeout, "timeout");
    if (o.connect_timeout) {
        inv.searcher.remote_connect_timeout_ms = checked_ms(*o.connect_timeout, "connect-timeout");
    }
    if (o.help) {
        inv.mode = Mode::kHelp;
        return inv;
    }
    if (o.stats) {
        if (o.count) throw UsageError("--stats and --count cannot be combined");
        inv.mode = Mode::kStats;
        return inv;
    }
    inv.mode = o.count ? Mode::kCount : Mode::kSearch;
    if (o.count && o.json) throw UsageError("--count prints a bare number; drop --json");

    auto& r = inv.request;
    for (const auto& word : o.query_words) {
        if (!r.query.empty()) r.query += ' ';
        r.query += word;
    }
    const bool has_filter = o.filter_source || o.from || o.to;
    if (o.query_words.empty() && !has_filter) {
        throw UsageError("no query given (try: index-search --help)");
    }
    r.default_operator = o.any ? DefaultOperator::kOr : DefaultOperator::kAnd;
    if (o.sort == "relevance") {
        r.sort = SortOrder::kRelevance;
    } else if (o.sort == "date") {
        r.sort = SortOrder::kDateDesc;
    } else if (o.sort == "date-asc") {
        r.sort = SortOrder::kDateAsc;
    } else {
        throw UsageError("--sort must be relevance, date or date-asc, not '" + o.sort + "'");
    }
    r.offset = parse_count(o.offset, "offset");
    r.limit = parse_count(o.limit, "limit");
    if (r.limit > SearcherOptions{}.max_page_size) {
        throw UsageError("--limit must be at most " +
                         std::to_string(SearcherOptions{}.max_page_size));
    }
    if (o.recency) {
        if (r.sort != SortOrder::kRelevance) {
            throw UsageError("--recency blends into relevance; it cannot be used with --sort " +
                             o.sort);
        }
        double days = 0;
        std::istringstream in(*o.recency);
        in >> days;
        if (!in || !in.eof() || !(days > 0)) {
            throw UsageError("--recency needs a positive number of days, not '" + *o.recency + "'");
        }
        r.recency_half_life_days = days;
    }
    if (o.date_facet == "day") {
        r.date_facet = DateGranularity::kDay;
    } else if (o.date_facet == "month") {
        r.date_facet = DateGranularity::kMonth;
    } else if (o.date_facet == "year") {
        r.date_facet = DateGranularity::kYear;
    } else {
        throw UsageError("--date-facet must be day, month or year, not '" + o.date_facet + "'");
    }
    r.facets = !o.no_facets && !o.count;
    if (o.filter_source) {
        if (o.filter_source->empty()) throw UsageError("--filter-source needs a name");
        r.source = *o.filter_source;
    }
    if (o.from) r.from = checked_date(o.from, "from");
    if (o.to) r.to = checked_date(o.to, "to");
    if (r.from && r.to) {
        // Compare as ranges: a partial 'to' means its last day, so pad accordingly.
        const auto lo = *r.from + std::string("-01-01").substr(r.from->size() - 4);
        const auto hi = *r.to + std::string("-12-31").substr(r.to->size() - 4);
        if (lo > hi) throw UsageError("--from " + *r.from + " is after --to " + *r.to);
    }
    return inv;
}

std::string help_text() {
    std::ostringstream out;
    out << "Usage: index-search [--index DIR] [options] QUERY...\n"
           "\n"
           "Searches an index built by index-build. Words must all match (use --any for OR).\n"
           "Query syntax: words, \"exact phrases\", AND OR NOT XOR ( ), +must -exclude,\n"
           "NEAR/n ADJ/n, trailing * wildcards, title: author: source: site: cites:\n"
           "datefrom: and date: (date:2025-07-04, date:2025-07, date:2025,\n"
           "date:2025-07-01..2025-07-31, date:..2025-07-04, date:2025-07..). See "
           "docs/QUERY_SYNTAX.md.\n"
           "Put '--' before a query that starts with '-'.\n\n"
        << visible_options()
        << "\nExamples:\n"
           "  index-search '\"root causes\"' Putin\n"
           "  index-search --sort date 'Trump AND (Putin OR Ushakov) NOT Iran'\n"
           "  index-search 'title:call date:2025-07' --date-facet day\n"
           "  index-search --from 2025-07-01 --to 2025-07-31 --filter-source 'The Moscow Times' "
           "war\n"
           "  index-search --count Zelenskyy\n"
           "  index-search --json 'ukrain*' | jq '.hits[].id'\n"
           "  index-search -- -Iran Putin\n"
           "\nA sharded index may list remote shards (served by xapian-tcpsrv); see\n"
           "docs/SHARDING.md.\n"
           "\nExit status: 0 if something matched, 1 if nothing did, 2 on error, 3 if a\n"
           "shard was unavailable (without --allow-partial).\n"
           "Environment: DATELINE_INDEX (default index), NO_COLOR (no bold on a terminal).\n";
    return out.str();
}

}  // namespace dateline::index_search
