// End-to-end: index-search's exports (csv, tsv, jsonl, ids, paths, --all), its paging line
// and --color, run as a user would on the shipped corpus. CSV is read back with Python's
// csv module, the standard reader spreadsheets agree with.
#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using dateline::test::CommandResult;

struct Corpus {
    dateline::test::TempDir dir;
    fs::path index = dir.path() / "index";
    Corpus() {
        const auto data = dateline::test::shipped_data();
        const auto built =
            dateline::test::run({dateline::test::index_build_exe().string(), "--index",
                                 index.string(), "--quiet", "--no-progress", data.string()});
        if (built.exit_code != 0) throw std::runtime_error("index-build failed: " + built.err);
    }
};

const Corpus& corpus() {
    static const Corpus c;
    return c;
}

CommandResult search(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.begin(),
                {dateline::test::index_search_exe().string(), "--index", corpus().index.string()});
    return dateline::test::run(args, {}, env);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("csv parses back with Python's csv module: header, one row per hit, quoted titles") {
    const auto csv = search({"--format", "csv", "--all", "Putin"});
    REQUIRE(csv.exit_code == 0);
    // The reader prints rows as JSON, so that the check does not trust our own parsing.
    const auto parsed = dateline::test::run({"/usr/bin/python3", "-c",
                                             "import csv, json, sys\n"
                                             "rows = list(csv.reader(sys.stdin, strict=True))\n"
                                             "print(json.dumps(rows))\n"},
                                            csv.out);
    REQUIRE_MESSAGE(parsed.exit_code == 0, parsed.err);
    const auto rows = nlohmann::json::parse(parsed.out);
    REQUIRE(rows.size() == 6);  // header + the 5 reports that mention Putin
    CHECK(rows[0] == nlohmann::json({"rank", "id", "date", "source", "title", "url", "author",
                                     "score", "story"}));
    bool saw_quote = false;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        CHECK(rows[i].size() == 9);
        CHECK(rows[i][0] == std::to_string(i));
        const std::string title = rows[i][4];
        saw_quote = saw_quote || title.find('"') != std::string::npos;
    }
    // 004's title holds quotes and 000's a comma: both survive the round trip.
    CHECK(saw_quote);
}

TEST_CASE("tsv: header and nine tab-separated fields per line") {
    const auto tsv = search({"--format", "tsv", "--limit", "3", "Putin"});
    REQUIRE(tsv.exit_code == 0);
    const auto lines = lines_of(tsv.out);
    REQUIRE(lines.size() == 4);
    for (const auto& line : lines) CHECK(std::count(line.begin(), line.end(), '\t') == 8);
}

TEST_CASE("jsonl: one hit object per line, then one summary line") {
    const auto jsonl = search({"--format", "jsonl", "--all", "Putin"});
    REQUIRE(jsonl.exit_code == 0);
    const auto lines = lines_of(jsonl.out);
    REQUIRE(lines.size() == 6);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const auto hit = nlohmann::json::parse(lines[i]);
        CHECK(hit.at("rank") == i + 1);
        CHECK(hit.contains("id"));
    }
    const auto summary = nlohmann::json::parse(lines.back()).at("summary");
    CHECK(summary.at("exported") == 5);
    CHECK(summary.at("total").at("estimated") == 5);
    CHECK(summary.at("total").at("exact") == true);
    CHECK(summary.at("facets").at("date").size() >= 1);
}

TEST_CASE("ids and paths: one per line; --limit caps an export") {
    const auto ids = search({"--format", "ids", "--limit", "2", "Putin"});
    REQUIRE(ids.exit_code == 0);
    CHECK(lines_of(ids.out).size() == 2);
    const auto paths = search({"--format", "paths", "--all", "Putin"});
    for (const auto& line : lines_of(paths.out)) CHECK(line.ends_with(".txt"));
    CHECK(lines_of(paths.out).size() == 5);
}

TEST_CASE("--count --json prints one object") {
    const auto count = search({"--count", "--json", "Putin"});
    REQUIRE(count.exit_code == 0);
    const auto j = nlohmann::json::parse(count.out);
    CHECK(j.at("count") == 5);
    CHECK(j.at("exact") == true);
}

TEST_CASE("paging says where you are; an offset past the end says so") {
    const auto page = search({"--no-facets", "--limit", "2", "--offset", "2", "Putin"});
    REQUIRE(page.exit_code == 0);
    CHECK(page.out.find("showing 3\u20134 of 5 matches (exact); --offset 4 for more") !=
          std::string::npos);
    const auto past = search({"--no-facets", "--offset", "50", "Putin"});
    CHECK(past.out.find("showing nothing: --offset 50 is past the last of 5 matches") !=
          std::string::npos);
}

TEST_CASE("--color: always overrides NO_COLOR, never and NO_COLOR keep text plain") {
    const auto always = search({"--color=always", "--no-facets", "Putin"}, {"NO_COLOR=1"});
    CHECK(always.out.find("\x1b[1m") != std::string::npos);
    const auto never = search({"--color=never", "--no-facets", "Putin"});
    CHECK(never.out.find("\x1b[") == std::string::npos);
    // auto: the test's stdout is a pipe, not a terminal.
    const auto automatic = search({"--no-facets", "Putin"});
    CHECK(automatic.out.find("\x1b[") == std::string::npos);
}
