// index-search's two-stage command line (parse, then validate) and its renderers.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "output.hpp"
#include "search_options.hpp"

namespace {

using namespace dateline::index_search;

CliOptions parse(std::vector<const char*> args) {
    args.insert(args.begin(), "index-search");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

Invocation check(std::vector<const char*> args, const char* env = nullptr) {
    return validate(parse(std::move(args)), env);
}

}  // namespace

TEST_CASE("defaults: ./index unless $DATELINE_INDEX or --index") {
    CHECK(check({"putin"}).index == "index");
    CHECK(check({"putin"}, "/srv/idx").index == "/srv/idx");
    CHECK(check({"putin"}, "").index == "index");
    CHECK(check({"--index", "x", "putin"}, "/srv/idx").index == "x");
    const auto inv = check({"putin"});
    CHECK(inv.mode == Mode::kSearch);
    CHECK(inv.request.limit == 10);
    CHECK(inv.request.offset == 0);
    CHECK(inv.request.facets);
    CHECK(inv.request.date_facet == dateline::DateGranularity::kMonth);
    CHECK(inv.request.default_operator == dateline::DefaultOperator::kAnd);
}

TEST_CASE("query words are joined and options map onto the request") {
    const auto inv = check({"--any", "--sort", "date-asc", "--offset", "5", "--limit", "7",
                            "--date-facet", "day", "--filter-source", "TASS", "--from", "2025",
                            "--to", "2025-07-04", "root", "causes"});
    CHECK(inv.request.query == "root causes");
    CHECK(inv.request.default_operator == dateline::DefaultOperator::kOr);
    CHECK(inv.request.sort == dateline::SortOrder::kDateAsc);
    CHECK(inv.request.offset == 5);
    CHECK(inv.request.limit == 7);
    CHECK(inv.request.date_facet == dateline::DateGranularity::kDay);
    CHECK(inv.request.source == "TASS");
    CHECK(inv.request.from == "2025");
    CHECK(inv.request.to == "2025-07-04");
    CHECK(check({"--recency", "30", "x"}).request.recency_half_life_days == 30.0);
    CHECK(check({"--count", "x"}).mode == Mode::kCount);
    CHECK_FALSE(check({"--count", "x"}).request.facets);
    CHECK(check({"--stats"}).mode == Mode::kStats);
    CHECK(check({"--help"}).mode == Mode::kHelp);
    CHECK(check({"--no-facets", "x"}).request.facets == false);
    CHECK(check({"--", "-iran", "putin"}).request.query == "-iran putin");
    CHECK(check({"--from", "2025-07"}).request.query.empty());  // filters alone are a query
}

TEST_CASE("bad usage is a UsageError with a message naming the problem") {
    const std::vector<std::pair<std::vector<const char*>, const char*>> table = {
        {{}, "no query"},
        {{"--sort", "newest", "x"}, "--sort"},
        {{"--limit", "-1", "x"}, "--limit"},
        {{"--limit", "ten", "x"}, "--limit"},
        {{"--limit", "100000", "x"}, "--limit"},
        {{"--offset", "1.5", "x"}, "--offset"},
        {{"--recency", "0", "x"}, "--recency"},
        {{"--recency", "7", "--sort", "date", "x"}, "--recency"},
        {{"--date-facet", "week", "x"}, "--date-facet"},
        {{"--from", "2025-02-30", "x"}, "--from"},
        {{"--to", "2025-13", "x"}, "--to"},
        {{"--from", "2025-08", "--to", "2025-07", "x"}, "after"},
        {{"--count", "--format", "csv", "x"}, "--count"},
        {{"--format", "xml", "x"}, "--format"},
        {{"--json", "--format", "csv", "x"}, "--json"},
        {{"--all", "x"}, "--all"},
        {{"--all", "--format", "json", "x"}, "--all"},
        {{"--all", "--limit", "5", "--format", "csv", "x"}, "--all"},
        {{"--color", "sometimes", "x"}, "--color"},
    };
    for (const auto& [args, fragment] : table) {
        // clang 14 cannot capture a structured binding in CAPTURE's lambda.
        const auto& shown_fragment = fragment;
        CAPTURE(shown_fragment);
        try {
            static_cast<void>(check(args));
            FAIL("accepted");
        } catch (const UsageError& e) {
            CHECK(std::string(e.what()).find(fragment) != std::string::npos);
        }
    }
    CHECK_THROWS_AS(static_cast<void>(parse({"--bogus", "x"})), UsageError);
    CHECK_THROWS_AS(static_cast<void>(parse({"-iran"})), UsageError);
    CHECK(check({"--from", "2025-07", "--to", "2025-07", "x"}).request.from == "2025-07");
}

TEST_CASE("JSON rendering: documented keys, markers, nulls") {
    dateline::SearchResults r;
    r.query = "putin";
    r.parsed_query = "Query(Zputin@1)";
    r.total_estimated = 1;
    r.total_exact = true;
    r.limit = 10;
    r.generation = 4;
    dateline::Hit hit;
    hit.rank = 1;
    hit.id = "a.txt";
    hit.date_source = "none";
    hit.source = "unknown";
    hit.score = 1.234567;
    hit.snippet = "Mr Putin said";
    hit.highlights = {{3, 5}};
    r.hits.push_back(hit);
    r.date_facets = {{"undated", 1}};
    r.facets = {{dateline::FacetField::kDate, "date", r.date_facets, 0},
                {dateline::FacetField::kCites, "cites", {{"truthsocial.com", 3}}, 7}};
    const auto j = nlohmann::json::parse(dateline::to_json(r));
    CHECK(j["version"] == 2);  // 2: error positions count characters
    CHECK(j["parsed"] == "Query(Zputin@1)");
    CHECK(j["corrected_query"].is_null());
    CHECK(j["total"]["exact"] == true);
    CHECK(j["generation"] == 4);
    CHECK(j["hits"][0]["snippet"] == "Mr [[Putin]] said");
    CHECK(j["hits"][0]["snippet_text"] == "Mr Putin said");
    CHECK(j["hits"][0]["path"].is_null());
    CHECK(j["hits"][0]["date"].is_null());
    CHECK(j["hits"][0]["score"] == doctest::Approx(1.2346));
    CHECK(j["facets"]["date"][0]["value"] == "undated");
    CHECK(j["facets"]["source"].empty());  // always present, empty when not counted
    CHECK(j["facets"]["cites"][0]["value"] == "truthsocial.com");
    CHECK_FALSE(j["facets"].contains("site"));  // only the facets counted
    CHECK(j["facets_more"] == nlohmann::json::parse(R"({"date": 0, "cites": 7})"));
    CHECK(j.contains("took_ms"));
    // What the index knows, shown (issue 13): provenance, author, cited hosts.
    CHECK(j["hits"][0]["author"].is_null());
    CHECK(j["hits"][0]["cited_hosts"] == nlohmann::json::array());
    CHECK(j["hits"][0]["source_as_found"].is_null());
    r.hits[0].author = "Jane Doe";
    r.hits[0].cited_hosts = {"kremlin.ru"};
    r.hits[0].title_source = "text";
    r.hits[0].source_origin = "folder";
    r.hits[0].source_as_found = "apnews";
    r.read_as = "putin (+ putin's, stems)";
    r.notices = {"'or' was read as a word; operators are written in capitals (OR)"};
    const auto shown = nlohmann::json::parse(dateline::to_json(r));
    CHECK(shown["read_as"] == "putin (+ putin's, stems)");
    CHECK(shown["parsed"] == "Query(Zputin@1)");  // the engine's description, its own key
    CHECK(shown["notices"].size() == 1);
    CHECK(shown["hits"][0]["author"] == "Jane Doe");
    CHECK(shown["hits"][0]["cited_hosts"][0] == "kremlin.ru");
    CHECK(shown["hits"][0]["title_source"] == "text");
    CHECK(shown["hits"][0]["source_origin"] == "folder");
    CHECK(shown["hits"][0]["source_as_found"] == "apnews");
}

TEST_CASE("text rendering: author, URL, a folder's name and the reading are shown") {
    dateline::SearchResults r;
    r.query = "putin or trump";
    r.read_as = "putin (+ putin's, stems) AND or (+ or's, stems) AND trump (+ trump's, stems)";
    r.notices = {"'or' was read as a word; operators are written in capitals (OR)"};
    r.total_estimated = 1;
    dateline::Hit hit;
    hit.rank = 1;
    hit.id = "apnews/a.txt";
    hit.path = "apnews/a.txt";
    hit.url = "https://apnews.com/a";
    hit.title = "Title";
    hit.source = "Associated Press";
    hit.source_origin = "folder";
    hit.source_as_found = "apnews";
    hit.author = "Jane Doe";
    r.hits.push_back(hit);
    const auto text = render_text(r, false);
    CHECK(text.find("read as: " + r.read_as + "\n") != std::string::npos);
    CHECK(text.find("note: 'or' was read as a word") != std::string::npos);
    CHECK(text.find(
              "Associated Press (as apnews, folder name) \u00b7 by Jane Doe \u00b7 apnews/a.txt") !=
          std::string::npos);
    CHECK(text.find("   https://apnews.com/a\n") != std::string::npos);
}

TEST_CASE("a query error's caret stands under the character its position counts") {
    CHECK(caret_under("putin AND", 6) == "  putin AND\n        ^\n");
    // Characters, not bytes: "“Müller” " is 9 characters, 13 bytes.
    CHECK(caret_under("\u201cM\u00fcller\u201d AND", 9) ==
          "  \u201cM\u00fcller\u201d AND\n           ^\n");
    CHECK(caret_under("putin", 5) == "  putin\n       ^\n");  // at the end
    CHECK(caret_under("putin", 6).empty());
    CHECK(caret_under("M\u00fcller", 7).empty());  // 6 characters (7 bytes): past the end
    CHECK(caret_under("a\nb", 0).empty());         // would not show as typed
}

TEST_CASE("the caret counts terminal columns: wide characters take two, combining marks none") {
    // "普京 " is 3 characters and 5 columns (CJK ideographs are East Asian Wide).
    CHECK(caret_under("\u666e\u4eac AND", 3) == "  \u666e\u4eac AND\n       ^\n");
    // Fullwidth letters take two columns each; the caret stands under the first half.
    CHECK(caret_under("\uff30\uff35 AND", 1) == "  \uff30\uff35 AND\n    ^\n");
    // "Mu\u0308ller " (a combining diaeresis) is 8 characters and 7 columns.
    CHECK(caret_under("Mu\u0308ller AND", 8) == "  Mu\u0308ller AND\n         ^\n");
    // A zero-width joiner takes no column either.
    CHECK(caret_under("a\u200db c", 4) == "  a\u200db c\n     ^\n");
}

TEST_CASE("text rendering: bold only when asked, facet bars") {
    dateline::SearchResults r;
    r.query = "putin";
    r.total_estimated = 2;
    r.total_exact = true;
    dateline::Hit hit;
    hit.rank = 1;
    hit.id = "a.txt";
    hit.title = "Title";
    hit.source = "TASS";
    hit.snippet = "Mr Putin said";
    hit.highlights = {{3, 5}};
    r.hits.push_back(hit);
    r.facets = {{dateline::FacetField::kDate, "date", {{"2025-07", 2}, {"undated", 1}}, 0},
                {dateline::FacetField::kSite, "site", {{"reuters.com", 2}}, 4}};
    const auto plain = render_text(r, false);
    CHECK(plain.find("\x1b[") == std::string::npos);
    CHECK(plain.find("Mr Putin said") != std::string::npos);
    CHECK(plain.find("\u2588") != std::string::npos);
    CHECK(plain.find("\nsites\n  reuters.com  ") != std::string::npos);
    // A cut list says so, and how to see the rest.
    CHECK(plain.find("  +4 more (--facet site:0 lists all)\n") != std::string::npos);
    CHECK(plain.find("dates\n") != std::string::npos);
    CHECK(plain.find("+0 more") == std::string::npos);
    const auto bold = render_text(r, true);
    CHECK(bold.find("Mr \x1b[1mPutin\x1b[0m said") != std::string::npos);
}

TEST_CASE("--format, --all, --count --json and --color build the documented invocation") {
    using dateline::ExportFormat;
    using dateline::index_search::ColorMode;
    using dateline::index_search::OutputKind;
    CHECK(check({"x"}).output == OutputKind::kText);
    CHECK(check({"--json", "x"}).output == OutputKind::kJson);
    CHECK(check({"--format", "json", "x"}).json);
    const auto csv = check({"--format", "csv", "--all", "x"});
    CHECK(csv.output == OutputKind::kExport);
    CHECK(csv.export_format == ExportFormat::kCsv);
    CHECK(csv.max_hits == 0);  // every match
    CHECK_FALSE(csv.request.facets);
    // An export's --limit may exceed one page: it pages internally.
    const auto jsonl = check({"--format", "jsonl", "--limit", "5000", "x"});
    CHECK(jsonl.max_hits == 5000);
    CHECK(jsonl.request.limit == dateline::SearcherOptions{}.max_page_size);
    CHECK(jsonl.request.facets);  // the summary line carries them
    const auto count = check({"--count", "--json", "x"});
    CHECK(count.mode == dateline::index_search::Mode::kCount);
    CHECK(count.json);

    using dateline::index_search::use_color;
    CHECK(use_color(ColorMode::kAuto, true, nullptr));
    CHECK(use_color(ColorMode::kAuto, true, ""));  // NO_COLOR set but empty: ignored
    CHECK_FALSE(use_color(ColorMode::kAuto, true, "1"));
    CHECK_FALSE(use_color(ColorMode::kAuto, false, nullptr));
    CHECK(use_color(ColorMode::kAlways, false, "1"));  // always overrides NO_COLOR
    CHECK_FALSE(use_color(ColorMode::kNever, true, nullptr));
}

TEST_CASE("stories: --no-collapse and --story map onto the request, a bad id is usage") {
    CHECK(check({"putin"}).request.collapse);
    CHECK_FALSE(check({"putin"}).request.story);
    CHECK_FALSE(check({"--no-collapse", "putin"}).request.collapse);
    const auto one = check({"--story", "3b28cfc66e1684b8"});
    REQUIRE(one.request.story);
    CHECK(*one.request.story == "3b28cfc66e1684b8");
    CHECK(one.request.query.empty());  // --story alone is a query
    CHECK_THROWS_AS(check({"--story", "3B28CFC66E1684B8"}), UsageError);
    CHECK_THROWS_AS(check({"--story", "3b28"}), UsageError);
    CHECK_THROWS_AS(check({"--story"}), UsageError);
}

TEST_CASE("stories: JSON carries the story on every hit and says what totals count") {
    dateline::SearchResults r;
    r.query = "putin";
    r.total_estimated = 1;
    r.reports_estimated = 3;
    r.collapsed = true;
    dateline::Hit hit;
    hit.rank = 1;
    hit.id = "a.txt";
    hit.story = {"3b28cfc66e1684b8", 5, 3, {"Meridian Wire", "Capital Brief"}};
    r.hits.push_back(hit);
    auto j = nlohmann::json::parse(dateline::to_json(r));
    CHECK(j["total"]["counts"] == "stories");
    CHECK(j["total"]["reports"] == 3);
    CHECK(j["facets_count"] == "reports");
    CHECK(j["hits"][0]["story"] ==
          nlohmann::json::parse(R"({"id": "3b28cfc66e1684b8", "reports": 5, "matching": 3,
                                    "other_sources": ["Meridian Wire", "Capital Brief"]})"));
    r.collapsed = false;
    j = nlohmann::json::parse(dateline::to_json(r));
    CHECK(j["total"]["counts"] == "reports");
}

TEST_CASE("stories: a grouped hit shows its other reports in one line") {
    dateline::SearchResults r;
    r.query = "putin";
    r.total_estimated = 1;
    r.reports_estimated = 2;
    r.total_exact = true;
    r.collapsed = true;
    dateline::Hit hit;
    hit.rank = 1;
    hit.id = "a.txt";
    hit.source = "TASS";
    hit.story = {"3b28cfc66e1684b8",
                 5,
                 2,
                 {"Meridian Wire", "Capital Brief", "Harbor Gazette", "Valley Post"}};
    r.hits.push_back(hit);
    const auto text = render_text(r, false);
    CHECK(text.find("1 story (2 reports) for: putin") != std::string::npos);
    CHECK(text.find("+4 more reports (1 matching): Meridian Wire, Capital Brief, Harbor "
                    "Gazette, \u2026 \u00b7 story 3b28cfc66e1684b8") != std::string::npos);
    // One other report; outlet names are escaped as any echoed text.
    r.hits[0].story = {"3b28cfc66e1684b8", 2, 1, {"Bad\x1bName"}};
    CHECK(render_text(r, false).find("   +1 more report: Bad\\x1bName \u00b7 story "
                                     "3b28cfc66e1684b8\n") != std::string::npos);
    const auto summary = dateline::summarize_story({"x", 6, 3, {"A", "B", "C", "D"}});
    CHECK(summary.counts == "+5 more reports (2 matching)");
    CHECK(summary.outlets == std::vector<std::string>{"A", "B", "C"});
    CHECK(summary.more_outlets);
    r.collapsed = false;
    CHECK(render_text(r, false).find("more report") == std::string::npos);
}

TEST_CASE("--facet NAME[:N] builds the facet list, bad ones are usage errors") {
    using dateline::FacetField;
    const auto none = check({"x"});
    CHECK(none.request.facet_fields.empty());  // the defaults: date and source
    const auto picked = check({"--facet", "cites:20", "--facet", "site", "--facet", "date", "x"});
    REQUIRE(picked.request.facet_fields.size() == 3);
    CHECK(picked.request.facet_fields[0].field == FacetField::kCites);
    CHECK(picked.request.facet_fields[0].max_values == 20U);
    CHECK(picked.request.facet_fields[1].field == FacetField::kSite);
    CHECK_FALSE(picked.request.facet_fields[1].max_values);  // the field's default
    CHECK(picked.request.facet_fields[2].field == FacetField::kDate);
    CHECK(check({"--facet", "author:0", "x"}).request.facet_fields[0].max_values == 0U);
    CHECK_THROWS_WITH_AS(check({"--facet", "publisher", "x"}),
                         doctest::Contains("--facet must name date, source, site, cites or author"),
                         UsageError);
    CHECK_THROWS_AS(check({"--facet", "site:many", "x"}), UsageError);
    CHECK_THROWS_AS(check({"--facet", "site:", "x"}), UsageError);
    CHECK_THROWS_AS(check({"--facet", "site", "--facet", "site:3", "x"}), UsageError);
    CHECK_THROWS_AS(check({"--facet", "site", "--no-facets", "x"}), UsageError);
}
