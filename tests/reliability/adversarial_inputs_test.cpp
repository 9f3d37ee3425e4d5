// Issue 12 (an adversarial probe of GUARANTEES.md), the input side: nesting depth, paths
// given twice or nested, forged report lines, forged ids and silent manifest rows. Each
// case runs the real index-build and checks the --json report and stderr.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <dateline/input_limits.hpp>

#include "adversarial_support.hpp"

namespace fs = std::filesystem;
using dateline::test::build_summary;
using dateline::test::index_build;
using dateline::test::index_search;
using dateline::test::TempDir;

namespace {

constexpr std::size_t kDepth = dateline::schema::kMaxInputNestingDepth;

// A record whose extra field "x" nests `arrays` arrays; the record's depth is arrays + 1.
std::string nested_record(const std::string& id, std::size_t arrays) {
    return R"({"id":")" + id + R"(","title":"deep","x":)" + std::string(arrays, '[') +
           std::string(arrays, ']') + "}";
}

std::map<std::string, nlohmann::json> problems_by_input(const nlohmann::json& summary) {
    std::map<std::string, nlohmann::json> out;
    for (const auto& p : summary["problems"]) out[p["input"].get<std::string>()] = p;
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::set<std::string> indexed_ids(const fs::path& index) {
    const auto result =
        index_search({"--index", index.string(), "--json", "--no-collapse", "--limit", "1000",
                      "--no-facets", "kremlin OR deep OR record"});
    std::set<std::string> ids;
    const auto json = nlohmann::json::parse(result.out, nullptr, false);
    if (json.is_discarded()) return ids;
    for (const auto& hit : json["hits"]) ids.insert(hit["id"].get<std::string>());
    return ids;
}

}  // namespace

TEST_CASE(
    "nesting depth: a record nested past the bound is rejected with a reason, the rest "
    "is indexed (regression: 70k nested arrays crashed index-build)") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    std::string lines = "{\"id\":\"ok\",\"title\":\"plain record\"}\n";
    lines += nested_record("deep", 70000) + "\n";
    lines += nested_record("edge", kDepth - 1) + "\n";  // depth == the bound: accepted
    lines += nested_record("over", kDepth) + "\n";      // one more: rejected
    lines += R"({"id":"obj","title":"t","x":)" + std::string(70000, '{') + "}\n";
    dir.write("data/a.jsonl", lines);
    // The manifest is input too: a deep row is a notice, never a crash.
    dir.write("data/manifest.jsonl", R"({"path":"b.txt","x":)" + std::string(70000, '[') +
                                         std::string(70000, ']') + "}\n");
    dir.write("data/b.txt", "A record about kremlin talks.\n");
    const auto result =
        index_build({"--index", (dir.path() / "idx").string(), "--json", data.string()});
    REQUIRE(result.exit_code == 1);
    const auto summary = build_summary(result);
    const auto problems = problems_by_input(summary);
    for (const std::string line : {":2", ":4", ":5"}) {
        const auto it = problems.find((data / "a.jsonl").string() + line);
        REQUIRE(it != problems.end());
        CHECK(it->second["reason"] == "bad_json");
        CHECK(it->second["detail"].get<std::string>().find(
                  "nested deeper than " + std::to_string(kDepth)) != std::string::npos);
    }
    CHECK(summary["counts"]["indexed"] == 3);  // ok, edge, b.txt
    CHECK(summary["counts"]["rejected"] == 3);
    bool manifest_notice = false;
    for (const auto& notice : summary["notices"]) {
        manifest_notice |= notice.get<std::string>().find("manifest.jsonl:1") != std::string::npos;
    }
    CHECK(manifest_notice);
}

TEST_CASE("overlapping paths: one file is one document whatever the paths given") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    dir.write("data/a.txt", "The kremlin talks, part a.\n");
    dir.write("data/sub/b.txt", "The kremlin talks, part b.\n");
    dir.write("data/sub/c.txt", "The kremlin talks, part c.\n");
    const std::vector<std::vector<std::string>> argument_sets = {
        {data.string(), (data / "sub").string()},
        {(data / "sub").string(), data.string()},
        {(data / "sub").string(), (data / "sub").string()},
        {(data / "a.txt").string(), data.string(), (data / "a.txt").string()},
    };
    int n = 0;
    for (const auto& arguments : argument_sets) {
        CAPTURE(n);
        std::vector<std::string> args = {"--index",
                                         (dir.path() / ("idx" + std::to_string(n++))).string(),
                                         "--json", "--rebuild"};
        args.insert(args.end(), arguments.begin(), arguments.end());
        const auto result = index_build(args);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        const auto summary = build_summary(result);
        const std::size_t files =
            arguments.front().ends_with("sub") && arguments.back().ends_with("sub") ? 2 : 3;
        CHECK(summary["documents"] == files);
        CHECK(summary["counts"]["rejected"] == 0);
    }
}

TEST_CASE(
    "report lines cannot be forged: control characters in echoed paths, ids and "
    "queries are escaped") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    const std::string forged = "index-build: rejected: forged.txt: binary";
    dir.write("data/x\n" + forged + "\n.txt", std::string("\0\1\2binary", 9));
    dir.write("data/ok\x1b[2J.txt", "The kremlin talks.\n");
    const fs::path index = dir.path() / "idx";
    const auto result = index_build({"--index", index.string(), data.string()});
    CHECK(result.exit_code == 1);
    for (const auto& line : lines_of(result.err)) {
        CAPTURE(line);
        CHECK(line != forged);
        CHECK(line.find('\x1b') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
    }
    CHECK(result.err.find("x\\n" + forged + "\\n.txt") != std::string::npos);

    // index-search echoes the query ("N matches for: ...") and the index path in errors.
    const auto search = index_search({"--index", index.string(), "kremlin\nFORGED line"});
    for (const auto& line : lines_of(search.out)) CHECK_FALSE(line.starts_with("FORGED"));
    const auto missing = index_search({"--index", (dir.path() / "no\nFORGED").string(), "x"});
    CHECK(missing.exit_code == 2);
    for (const auto& line : lines_of(missing.err)) CHECK_FALSE(line.starts_with("FORGED"));
    // The id of a hit, in text output.
    const auto hits = index_search({"--index", index.string(), "--limit", "5", "kremlin"});
    CHECK(hits.out.find('\x1b') == std::string::npos);
}

TEST_CASE(
    "generated ids cannot be taken by a JSON id: the forged record is rejected, "
    "whatever the order") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    // a.jsonl comes first in the walk and claims the ids that y/z.jsonl line 1 and b.txt
    // are given later.
    dir.write("data/a.jsonl",
              "{\"id\":\"y/z.jsonl#1\",\"title\":\"forged record\"}\n"
              "{\"id\":\"b.txt\",\"title\":\"forged record\"}\n"
              "{\"id\":\"Y/Z.JSONL#7\",\"title\":\"forged record\"}\n"
              "{\"id\":\"own-id\",\"title\":\"genuine record\"}\n");
    dir.write("data/b.txt", "The kremlin talks.\n");
    dir.write("data/y/z.jsonl", "{\"title\":\"genuine record\"}\n");
    const fs::path index = dir.path() / "idx";
    const auto result = index_build({"--index", index.string(), "--json", data.string()});
    CHECK(result.exit_code == 1);
    const auto summary = build_summary(result);
    const auto problems = problems_by_input(summary);
    for (const std::string line : {":1", ":2", ":3"}) {
        const auto it = problems.find((data / "a.jsonl").string() + line);
        REQUIRE(it != problems.end());
        CHECK(it->second["reason"] == "reserved_id");
    }
    CHECK(problems.find((data / "y/z.jsonl").string() + ":1") == problems.end());
    CHECK(summary["counts"]["indexed"] == 3);  // own-id, b.txt, y/z.jsonl#1
    const auto ids = indexed_ids(index);
    CHECK(ids == std::set<std::string>{"own-id", "b.txt", "y/z.jsonl#1"});
}

TEST_CASE(
    "manifest rows naming absolute paths, paths outside the root or missing files are "
    "warned about") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    dir.write("data/a.txt", "The kremlin talks.\n");
    dir.write("data/j.jsonl", "{\"title\":\"record\"}\n");
    dir.write("outside.txt", "Outside the root.\n");
    dir.write("data/manifest.tsv",
              "/etc/passwd\t2025-01-01\n"
              "../outside.txt\t2025-01-01\n"
              "missing.txt\t2025-01-01\n"
              "j.jsonl\t2025-01-01\n"
              "a.txt\t2025-01-02\n");
    const auto result =
        index_build({"--index", (dir.path() / "idx").string(), "--json", data.string()});
    CHECK(result.exit_code == 0);
    const auto summary = build_summary(result);
    std::string notices;
    for (const auto& notice : summary["notices"]) notices += notice.get<std::string>() + "\n";
    INFO(notices);
    CHECK(notices.find("manifest.tsv:1") != std::string::npos);
    CHECK(notices.find("manifest.tsv:2") != std::string::npos);
    CHECK(notices.find("manifest.tsv:3") != std::string::npos);
    CHECK(notices.find("manifest.tsv:4") != std::string::npos);
    CHECK(notices.find("manifest.tsv:5") == std::string::npos);
    CHECK(summary["notices"].size() == 4);
    // Every notice is on stderr too, as a warning line.
    const auto plain = index_build({"--index", (dir.path() / "idx2").string(), data.string()});
    CHECK(plain.err.find("manifest.tsv:3") != std::string::npos);
}
