// End-to-end: index-search's exports (csv, tsv, jsonl, ids, paths, --all), its paging line
// and --color, run as a user would on the shipped corpus. CSV is read back with Python's
// csv module, the standard reader spreadsheets agree with.
#include <algorithm>
#include <fstream>
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
    static const Corpus kCorpus;
    return kCorpus;
}

// The five shipped reports are one story (docs/STORIES.md): --no-collapse lists them one by
// one, which is what these tests count.
CommandResult search(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {dateline::test::index_search_exe().string(), "--index",
                               corpus().index.string(), "--no-collapse"});
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

TEST_CASE("ids and paths: one per line, --limit caps an export") {
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

TEST_CASE("paging says where you are, an offset past the end says so") {
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

TEST_CASE("--like: the other four reports of the call rank above unrelated documents") {
    // The shipped corpus (five reports of the Trump–Putin call) plus three unrelated reports.
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    for (const auto& entry : fs::directory_iterator(dateline::test::shipped_data())) {
        if (entry.path().extension() == ".txt")
            fs::copy_file(entry.path(), data / entry.path().filename());
    }
    std::ofstream(data / "u1.txt") << "title: Harbour council approves ferry timetable\n\n"
                                      "The harbour council met on Thursday and approved the new "
                                      "ferry timetable for the summer, officials said.\n";
    std::ofstream(data / "u2.txt") << "title: Heatwave expected this weekend\n\n"
                                      "Forecasters expect temperatures to climb this weekend; "
                                      "the city opened cooling centres early.\n";
    std::ofstream(data / "u3.txt") << "title: Local club wins the cup\n\n"
                                      "The club won the cup final on penalties after a tense "
                                      "match, the first title in a decade.\n";
    const fs::path index = dir.path() / "index";
    REQUIRE(dateline::test::run({dateline::test::index_build_exe().string(), "--index",
                                 index.string(), "--quiet", "--no-progress", data.string()})
                .exit_code == 0);
    const auto like = dateline::test::run({dateline::test::index_search_exe().string(), "--index",
                                           index.string(), "--like", "003_f12a307bb183d36d.txt",
                                           "--no-collapse", "--format", "ids", "--all"});
    REQUIRE_MESSAGE(like.exit_code == 0, like.err);
    const auto ids = lines_of(like.out);
    REQUIRE(ids.size() >= 4);
    for (std::size_t i = 0; i < 4; ++i) {
        CAPTURE(ids[i]);
        CHECK_FALSE(ids[i].starts_with("u"));
        CHECK(ids[i] != "003_f12a307bb183d36d.txt");  // never the report itself
    }
    // The terms used are shown, and a filter narrows what may match.
    const auto text = dateline::test::run({dateline::test::index_search_exe().string(), "--index",
                                           index.string(), "--like", "003_f12a307bb183d36d.txt",
                                           "--no-facets", "--to", "2025-07-03"});
    CHECK(text.out.find("like 003_f12a307bb183d36d.txt, by its words: ") != std::string::npos);
    CHECK(text.exit_code == 1);  // every report of the call is dated 2025-07-04 or undated
    const auto json =
        dateline::test::run({dateline::test::index_search_exe().string(), "--index", index.string(),
                             "--like", "003_f12a307bb183d36d.txt", "--json"});
    const auto j = nlohmann::json::parse(json.out);
    CHECK(j.at("like").at("terms").size() > 0);
    const auto missing = dateline::test::run({dateline::test::index_search_exe().string(),
                                              "--index", index.string(), "--like", "nope.txt"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("no document has the id 'nope.txt'") != std::string::npos);
}
