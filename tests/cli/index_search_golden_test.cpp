// End-to-end: build the shipped corpus with the real index-build, run the real
// index-search --json, strip what varies (took_ms, the temp path), compare with the
// golden files in tests/cli/golden/. Set DATELINE_UPDATE_GOLDEN=1 to rewrite them
// (then review the diff: a golden file is a claim about behaviour).
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "test_skip.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

struct Corpus {
    dateline::test::TempDir dir;
    fs::path index = dir.path() / "index";
    Corpus() {
        const auto data = dateline::test::shipped_data();
        const auto built = dateline::test::run(
            {dateline::test::index_build_exe().string(), "--index", index.string(), "--synonyms",
             (data / "synonyms.tsv").string(), "--quiet", "--no-progress", data.string()});
        if (built.exit_code != 0) {
            throw std::runtime_error("index-build failed (" + std::to_string(built.exit_code) +
                                     "): " + built.err);
        }
    }
};

const Corpus& corpus() {
    static const Corpus kCorpus;
    return kCorpus;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos;
         at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return s;
}

ordered_json observe(const std::vector<std::string>& args) {
    std::vector<std::string> argv{dateline::test::index_search_exe().string(), "--index",
                                  corpus().index.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = dateline::test::run(argv, {}, {"NO_COLOR=1"});
    ordered_json out;
    out["args"] = args;
    out["exit_code"] = result.exit_code;
    auto parsed = ordered_json::parse(result.out, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) {
        parsed.erase("took_ms");
        out["stdout"] = parsed;
    } else {
        out["stdout"] = result.out;
    }
    out["stderr"] = replace_all(result.err, corpus().dir.path().string(), "$TMP");
    return out;
}

void check_golden(const std::string& name, const std::vector<std::string>& args) {
    const auto golden = dateline::test::source_dir() / "tests/cli/golden" / (name + ".json");
    const auto actual = observe(args);
    if (const char* update = std::getenv("DATELINE_UPDATE_GOLDEN"); update && *update) {
        std::ofstream(golden, std::ios::trunc) << actual.dump(2) << '\n';
        // Nothing was compared: report the test as skipped, not passed.
        MESSAGE(DATELINE_SKIP_MARKER "golden file rewritten, not compared: " << golden.string());
        return;
    }
    std::ifstream in(golden);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << golden.string()
                                                      << " (run with DATELINE_UPDATE_GOLDEN=1)");
    const auto expected = ordered_json::parse(in);
    CAPTURE(name);
    CHECK_MESSAGE(actual == expected, "actual:\n" << actual.dump(2));
}

}  // namespace

TEST_CASE("golden: phrase") { check_golden("phrase", {"--json", "\"root causes\""}); }
TEST_CASE("golden: boolean") {
    check_golden("boolean", {"--json", "Trump AND (Ushakov OR Lavrov) NOT Iran"});
}
TEST_CASE("golden: not") { check_golden("not", {"--json", "Putin NOT Zelensky"}); }
TEST_CASE("golden: wildcard") { check_golden("wildcard", {"--json", "--limit", "2", "ukrain*"}); }
TEST_CASE("golden: field") { check_golden("field", {"--json", "title:progress"}); }
TEST_CASE("golden: date range") {
    check_golden("date_range", {"--json", "date:2025-07-01..2025-07-31", "Kremlin"});
}
TEST_CASE("golden: filters") {
    check_golden("filters", {"--json", "--from", "2025-07", "--to", "2025", "Putin"});
}
TEST_CASE("golden: day facets") {
    check_golden("facets_day", {"--json", "--date-facet", "day", "--limit", "0", "Putin"});
}
TEST_CASE("golden: cited-domain, site and author facets, one cut to its first value") {
    // Report 002 cites t.me, tass.ru and truthsocial.com; no shipped report has a URL or
    // an author, so site and author count nothing (and say so with empty lists).
    check_golden("facets_fields", {"--json", "--no-collapse", "--limit", "0", "--facet", "cites:1",
                                   "--facet", "site", "--facet", "author", "Putin"});
}
TEST_CASE("golden: cites: matches a host with or without www.") {
    check_golden("cites_www",
                 {"--json", "--no-facets", "--no-collapse", "cites:WWW.truthsocial.com"});
}
TEST_CASE("golden: sort by date") {
    check_golden("sort_date_asc", {"--json", "--sort", "date-asc", "Trump"});
}
TEST_CASE("golden: paging") {
    check_golden("paging", {"--json", "--offset", "2", "--limit", "2", "Trump"});
}
TEST_CASE("golden: suggestion") { check_golden("suggestion", {"--json", "Pution"}); }
TEST_CASE("golden: synonyms") { check_golden("synonyms", {"--json", "Zelenskyy"}); }
TEST_CASE("golden: no hits exits 1") { check_golden("no_hits", {"--json", "nonexistentword"}); }
TEST_CASE("golden: count") { check_golden("count", {"--count", "Zelensky"}); }
TEST_CASE("golden: syntax error exits 2 with the position") {
    check_golden("error_syntax", {"--json", "putin AND"});
}
TEST_CASE("golden: impossible date exits 2") {
    check_golden("error_date", {"--json", "putin date:2025-02-30"});
}
TEST_CASE("golden: unknown field exits 2") { check_golden("error_field", {"--json", "foo:bar"}); }
TEST_CASE("golden: bad usage exits 2") { check_golden("error_usage", {"--sort", "newest", "x"}); }
// The five shipped reports are one story: grouped by default (the goldens above), listed
// one by one with --no-collapse, --story or story:.
TEST_CASE("golden: every report with --no-collapse") {
    check_golden("no_collapse", {"--json", "--no-collapse", "Putin"});
}
TEST_CASE("golden: one story's reports with --story") {
    check_golden("story", {"--json", "--limit", "2", "--story", "3b28cfc66e1684b8"});
}
TEST_CASE("golden: story: in the query") {
    check_golden("story_query", {"--json", "--no-facets", "story:3b28cfc66e1684b8 Iran"});
}
TEST_CASE("golden: a malformed story id exits 2") {
    check_golden("error_story", {"--json", "--story", "nope", "x"});
}

TEST_CASE("human output: a grouped story is one entry naming its other reports") {
    const auto r = dateline::test::run(
        {dateline::test::index_search_exe().string(), "--index", corpus().index.string(), "Putin"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("1 story (5 reports) for: Putin") != std::string::npos);
    CHECK(r.out.find("+4 more reports (4 matching) \u00b7 story 3b28cfc66e1684b8") !=
          std::string::npos);
    CHECK(r.out.find("\n2. ") == std::string::npos);
}

TEST_CASE("missing index exits 2 naming it") {
    const auto r = dateline::test::run(
        {dateline::test::index_search_exe().string(), "--index", "/nonexistent/dateline", "x"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "index-search: no index at /nonexistent/dateline (build one with index-build)\n");
}

TEST_CASE("human output: no escape codes off a terminal, facet bars, closed pipe is quiet") {
    const auto r = dateline::test::run(
        {dateline::test::index_search_exe().string(), "--index", corpus().index.string(), "Putin"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\x1b[") == std::string::npos);
    CHECK(r.out.find("1. ") != std::string::npos);
    CHECK(r.out.find("\u2588") != std::string::npos);
    // `index-search … | head -c1`: the reader goes away; no error spam, no signal death.
    const std::string script =
        "\"$0\" --index \"$1\" --limit 1000 'Putin OR Trump' | head -c 1 >/dev/null; "
        "echo \"status ${PIPESTATUS:-done}\" >&2";
    const auto piped =
        dateline::test::run({"/bin/sh", "-c", script, dateline::test::index_search_exe().string(),
                             corpus().index.string()});
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find("index-search") == std::string::npos);
}
