#include "search_options.hpp"

#include <sstream>

#include <boost/program_options.hpp>

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
        "no-collapse", po::bool_switch(),
        "list every report instead of one hit per story (docs/STORIES.md)")(
        "story", po::value<std::string>(), "only the reports of story ID (as story:ID)")(
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

// A command-line option as the shared request rules see it: named as typed.
std::optional<RequestArgument> option(const char* name, const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    return RequestArgument{std::string("--") + name, *value};
}

std::optional<RequestArgument> option(const char* name, const std::string& value) {
    return option(name, std::optional<std::string>(value));
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
    o.no_collapse = vm["no-collapse"].as<bool>();
    if (vm.count("story")) o.story = vm["story"].as<std::string>();
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
    try {
        inv.searcher =
            make_searcher_options({.timeout = option("timeout", o.timeout),
                                   .connect_timeout = option("connect-timeout", o.connect_timeout),
                                   .allow_partial = o.allow_partial});
    } catch (const RequestArgumentError& e) {
        throw UsageError(e.what());
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

    RequestArguments args{
        .query = {},
        .match_any = o.any,
        .sort = option("sort", o.sort),
        .offset = option("offset", o.offset),
        .limit = option("limit", o.limit),
        .recency = option("recency", o.recency),
        .date_facet = option("date-facet", o.date_facet),
        .facets = !o.no_facets && !o.count,
        .source = option("filter-source", o.filter_source),
        .from = option("from", o.from),
        .to = option("to", o.to),
        .collapse = !o.no_collapse,
        .story = option("story", o.story),
    };
    for (const auto& word : o.query_words) {
        if (!args.query.empty()) args.query += ' ';
        args.query += word;
    }
    try {
        inv.request = make_search_request(args);
    } catch (const RequestArgumentError& e) {
        if (e.argument().empty()) {
            throw UsageError(std::string(e.what()) + " (try: index-search --help)");
        }
        throw UsageError(e.what());
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
           "  index-search --no-collapse Putin        (every report, not one hit per story)\n"
           "  index-search --story 3b28cfc66e1684b8   (the reports of one story)\n"
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
