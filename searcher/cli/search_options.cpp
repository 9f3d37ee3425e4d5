#include "search_options.hpp"

#include <limits>
#include <sstream>

#include <boost/program_options.hpp>

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
        "like", po::value<std::string>(),
        "reports like the one with this document ID (its best words; a query or filters "
        "narrow it)")("sort", po::value<std::string>()->default_value("relevance"),
                      "relevance | date | date-asc")(
        "offset", po::value<std::string>()->default_value("0"), "hits to skip (paging)")(
        "limit", po::value<std::string>()->default_value("10"),
        "hits to show (max 1000; exports page past it)")(
        "all", po::bool_switch(),
        "export every match (with --format jsonl|csv|tsv|ids|paths), streamed page by page")(
        "format", po::value<std::string>(), "text | json | jsonl | csv | tsv | ids | paths")(
        "color", po::value<std::string>()->default_value("auto"),
        "auto | always | never: bold titles and matches (auto: on a terminal, unless NO_COLOR "
        "is set)")("recency", po::value<std::string>(),
                   "blend recency into relevance: half-life in DAYS")(
        "date-facet", po::value<std::string>()->default_value("month"),
        "day | month | year: the date facet's buckets")(
        "facet", po::value<std::vector<std::string>>()->composing(),
        "date | source | site | cites | author: count this facet over every match; NAME:N "
        "shows its N most frequent values, then \"+M more\" (default 10, dates all); repeat "
        "for several (default: date and source)")("no-facets", po::bool_switch(),
                                                  "do not compute facet counts")(
        "filter-source", po::value<std::string>(), "only documents from source NAME")(
        "from", po::value<std::string>(), "only documents dated on or after DATE (YYYY[-MM[-DD]])")(
        "to", po::value<std::string>(), "only documents dated on or before DATE (YYYY[-MM[-DD]])")(
        "count", po::bool_switch(),
        "print only the exact number of matching documents (with --json: as JSON)")(
        "json", po::bool_switch(), "the same as --format json: one JSON object")(
        "no-collapse", po::bool_switch(),
        "list every report instead of one hit per story (see STORIES.md)")(
        "story", po::value<std::string>(), "only the reports of story ID (as story:ID)")(
        "stats", po::bool_switch(), "print what the index holds and exit")(
        "timeout", po::value<std::string>(),
        "remote shards: wait at most MS milliseconds for an answer (default 10000)")(
        "connect-timeout", po::value<std::string>(),
        "remote shards: wait at most MS milliseconds to connect (default 10000)")(
        "allow-partial", po::bool_switch(),
        "answer from the available shards when some are unavailable, and say so")(
        "help", po::bool_switch(), "show this help")("version", po::bool_switch(),
                                                     "print the version and exit");
    return desc;
}

// Each --facet as the shared request rules see it.
std::vector<RequestArgument> facet_arguments(const std::vector<std::string>& values) {
    std::vector<RequestArgument> out;
    out.reserve(values.size());
    for (const auto& value : values) out.push_back({"--facet", value});
    return out;
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
    o.limit_given = !vm["limit"].defaulted();
    o.all = vm["all"].as<bool>();
    if (vm.count("format")) o.format = vm["format"].as<std::string>();
    o.color = vm["color"].as<std::string>();
    if (vm.count("like")) o.like = vm["like"].as<std::string>();
    if (vm.count("recency")) o.recency = vm["recency"].as<std::string>();
    o.date_facet = vm["date-facet"].as<std::string>();
    o.no_facets = vm["no-facets"].as<bool>();
    if (vm.count("facet")) o.facets = vm["facet"].as<std::vector<std::string>>();
    if (vm.count("filter-source")) o.filter_source = vm["filter-source"].as<std::string>();
    if (vm.count("from")) o.from = vm["from"].as<std::string>();
    if (vm.count("to")) o.to = vm["to"].as<std::string>();
    o.no_collapse = vm["no-collapse"].as<bool>();
    if (vm.count("story")) o.story = vm["story"].as<std::string>();
    o.count = vm["count"].as<bool>();
    o.json = vm["json"].as<bool>();
    o.stats = vm["stats"].as<bool>();
    o.help = vm["help"].as<bool>();
    o.version = vm["version"].as<bool>();
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
    if (o.color == "auto") {
        inv.color = ColorMode::kAuto;
    } else if (o.color == "always") {
        inv.color = ColorMode::kAlways;
    } else if (o.color == "never") {
        inv.color = ColorMode::kNever;
    } else {
        throw UsageError("--color must be auto, always or never, not '" + o.color + "'");
    }
    const std::string format = o.format.value_or(o.json ? "json" : "text");
    if (o.json && format != "json") {
        throw UsageError("--json and --format " + format + " cannot be combined");
    }
    if (format == "text") {
        inv.output = OutputKind::kText;
    } else if (format == "json") {
        inv.output = OutputKind::kJson;
    } else if (const auto exported = parse_export_format(format)) {
        inv.output = OutputKind::kExport;
        inv.export_format = *exported;
    } else {
        throw UsageError("--format must be text, json, jsonl, csv, tsv, ids or paths, not '" +
                         format + "'");
    }
    inv.json = inv.output == OutputKind::kJson;
    try {
        inv.searcher =
            make_searcher_options({.timeout = option("timeout", o.timeout),
                                   .connect_timeout = option("connect-timeout", o.connect_timeout),
                                   .allow_partial = o.allow_partial});
    } catch (const RequestArgumentError& e) {
        throw UsageError(e.what());
    }
    if (o.version) {
        inv.mode = Mode::kVersion;
        return inv;
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
    if (o.count && inv.output == OutputKind::kExport) {
        throw UsageError("--count prints a number (or, with --json, one object); drop --format " +
                         format);
    }
    if (o.all && inv.output != OutputKind::kExport) {
        throw UsageError(
            "--all streams every match: use it with --format jsonl, csv, tsv, ids or paths");
    }
    if (o.all && o.limit_given) throw UsageError("--all and --limit cannot be combined");
    if (o.no_facets && !o.facets.empty()) {
        throw UsageError("--facet and --no-facets cannot be combined");
    }
    // Exports page through the matches themselves, so --limit may exceed one page.
    const bool exporting = inv.output == OutputKind::kExport;
    std::optional<RequestArgument> limit = option("limit", o.limit);
    std::uint64_t export_limit = 0;
    if (exporting) {
        try {
            export_limit = make_search_request({.query = "x", .limit = limit},
                                               std::numeric_limits<std::size_t>::max())
                               .limit;
        } catch (const RequestArgumentError& e) {
            throw UsageError(e.what());
        }
        inv.max_hits = o.all ? 0 : export_limit;
        limit = RequestArgument{"--limit", std::to_string(SearcherOptions{}.max_page_size)};
    }

    RequestArguments args{
        .query = {},
        .like = option("like", o.like),
        .match_any = o.any,
        .sort = option("sort", o.sort),
        .offset = option("offset", o.offset),
        .limit = limit,
        .recency = option("recency", o.recency),
        .date_facet = option("date-facet", o.date_facet),
        .facet_fields = facet_arguments(o.facets),
        .facets =
            !o.no_facets && !o.count && !(exporting && inv.export_format != ExportFormat::kJsonl),
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

bool use_color(ColorMode color, bool stdout_is_terminal, const char* no_color) {
    switch (color) {
        case ColorMode::kAlways:
            return true;
        case ColorMode::kNever:
            return false;
        case ColorMode::kAuto:
            break;
    }
    // no-color.org: NO_COLOR set to a non-empty value turns automatic colour off.
    return stdout_is_terminal && (no_color == nullptr || *no_color == '\0');
}

std::string help_text() {
    std::ostringstream out;
    out << "Usage: index-search [--index DIR] [options] QUERY...\n"
           "\n"
           "Searches an index built by index-build. Words must all match (use --any for OR).\n"
           "Query syntax: words, \"exact phrases\", AND OR NOT XOR ( ), +must -exclude,\n"
           "NEAR/n ADJ/n, trailing * wildcards, title: author: source: site: cites:\n"
           "datefrom: and date: (date:2025-07-04, date:2025-07, date:2025,\n"
           "date:2025-07-01..2025-07-31, date:..2025-07-04, date:2025-07..).\n"
           "site:reuters.com and cites:truthsocial.com also match their subdomains\n"
           "(www.reuters.com, uk.reuters.com).\n"
           "Put '--' before a query that starts with '-'.\n\n"
        << visible_options()
        << "\nExamples:\n"
           "  index-search '\"root causes\"' Putin\n"
           "  index-search --sort date 'Trump AND (Putin OR Ushakov) NOT Iran'\n"
           "  index-search 'title:call date:2025-07' --date-facet day\n"
           "  index-search --from 2025-07-01 --to 2025-07-31 --filter-source 'The Moscow Times' "
           "war\n"
           "  index-search --facet cites:20 --facet site --facet author Putin\n"
           "  index-search 'site:reuters.com cites:truthsocial.com' Trump\n"
           "  index-search --count Zelenskyy\n"
           "  index-search --no-collapse Putin        (every report, not one hit per story)\n"
           "  index-search --story 3b28cfc66e1684b8   (the reports of one story)\n"
           "  index-search --json 'ukrain*' | jq '.hits[].id'\n"
           "  index-search --format csv --all Putin > putin.csv\n"
           "  index-search --count --json Zelenskyy\n"
           "  index-search --like 003_f12a307bb183d36d.txt --from 2025-07\n"
           "  index-search -- -Iran Putin\n"
           "\nA sharded index may list remote shards (served by xapian-tcpsrv).\n"
           "\nExit status: 0 if something matched, 1 if nothing did, 2 on error, 3 if a\n"
           "shard was unavailable (without --allow-partial).\n"
           "Environment: DATELINE_INDEX (default index), NO_COLOR (no bold with --color=auto).\n"
           "\nFull documentation: man index-search; the query language, the JSON and export\n"
           "formats, stories and sharding are described in share/doc/dateline/ under the\n"
           "install prefix (QUERY_SYNTAX.md, JSON_OUTPUT.md, STORIES.md, SHARDING.md).\n";
    return out.str();
}

}  // namespace dateline::index_search
