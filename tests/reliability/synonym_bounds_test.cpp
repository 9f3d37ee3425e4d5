// Issue 12: synonym groups are bounded. A huge group is stored within a cap (reported as
// a notice), builds in bounded memory, every long loop honours SIGTERM, and at query time
// synonym expansion counts against the query limits.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include <dateline/input_limits.hpp>

#include "adversarial_support.hpp"
#include "crash_harness.hpp"

namespace fs = std::filesystem;
using dateline::test::build_summary;
using dateline::test::Child;
using dateline::test::index_build;
using dateline::test::index_search;
using dateline::test::TempDir;

namespace {

std::string variant(std::size_t group, std::size_t i) {
    // Letters only: every variant is one distinct word with a distinct stem.
    std::string word = "v";
    for (std::size_t n = group * 100000 + i; n > 0 || word.size() < 2; n /= 26) {
        word += static_cast<char>('a' + n % 26);
    }
    return word;
}

std::string group_line(std::size_t group, std::size_t variants) {
    std::string line;
    for (std::size_t i = 0; i < variants; ++i) {
        if (i > 0) line += '\t';
        line += variant(group, i);
    }
    return line + "\n";
}

}  // namespace

TEST_CASE(
    "a 3000-variant synonym line is capped with a notice and builds in bounded memory "
    "(regression: 16 minutes at 2.1 GB)") {
    TempDir dir;
    dateline::test::write_small_corpus(dir.path() / "data", 3);
    dir.write("data/synonyms.tsv", "# huge\n" + group_line(0, 3000));
    Child build(
        {dateline::test::index_build_exe().string(), "--index", (dir.path() / "idx").string(),
         "--json", "--no-progress", (dir.path() / "data").string()},
        dir.path());
    const auto status = build.wait_exit(std::chrono::seconds(60));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    dateline::test::CommandResult result{*status, build.out(), build.err()};
    const auto summary = build_summary(result);
    CHECK(summary["synonym_groups"] == 1);
    bool capped = false;
    for (const auto& notice : summary["notices"]) {
        const auto text = notice.get<std::string>();
        capped |= text.find("synonyms.tsv:2") != std::string::npos &&
                  text.find("3000 variants") != std::string::npos;
    }
    CHECK(capped);
    CHECK(dateline::test::children_peak_rss_mib() <= (dateline::test::kSanitized ? 1024 : 256));
    // The first kMaxSynonymVariants variants are kept (and find each other).
    const auto hit = index_search({"--index", (dir.path() / "idx").string(), "--count",
                                   variant(0, dateline::schema::kMaxSynonymVariants - 1)});
    CHECK(hit.exit_code == 1);  // no document has the word; but the query runs
}

// Structural, not timed: the build stops itself (--debug-pause-at) just before the synonym
// table is written, takes SIGTERM there, and continues into the table's loop. With the
// polls inside that loop it exits 143 from it; without them it would finish the table and
// reach the next step, where --debug-crash-at kills it (exit 137) — an answer that no load
// on the machine can change. (The timed version asserted an exit within 2 s and flaked.)
TEST_CASE("SIGTERM while the synonym table is written: exit 143 from inside it, index unchanged") {
    TempDir dir;
    dateline::test::write_small_corpus(dir.path() / "data", 3);
    const fs::path index = dir.path() / "idx";
    REQUIRE(index_build({"--index", index.string(), "--quiet", (dir.path() / "data").string()})
                .exit_code == 0);
    const fs::path published = dateline::test::published_generation(index);
    const auto before = index_search({"--index", index.string(), "--count", "kremlin"});
    REQUIRE(before.exit_code == 0);

    // Many more pairs than one poll interval (4096), so the loop polls before it ends.
    std::string synonyms;
    for (std::size_t g = 0; g < 200; ++g) synonyms += group_line(g, 64);
    dir.write("data/synonyms.tsv", synonyms);
    Child build({dateline::test::index_build_exe().string(), "--index", index.string(), "--quiet",
                 "--no-progress", "--debug-pause-at=before-merge", "--debug-crash-at=after-commit",
                 (dir.path() / "data").string()},
                dir.path());
    // Generous deadlines: they only keep a hang from stalling the suite.
    REQUIRE(build.wait_stopped(std::chrono::seconds(120)));
    build.signal(SIGTERM);  // pending while stopped; handled as soon as it continues
    build.signal(SIGCONT);
    const auto status = build.wait_exit(std::chrono::seconds(120));
    REQUIRE(status.has_value());
    CHECK(*status == 143);  // 137 would mean the table was written to the end, unpolled

    // Nothing was published: the same generation answers the same.
    CHECK(dateline::test::published_generation(index) == published);
    CHECK(dateline::test::check_published(index) == 0);
    const auto after = index_search({"--index", index.string(), "--count", "kremlin"});
    CHECK(after.exit_code == before.exit_code);
    CHECK(after.out == before.out);
}

TEST_CASE("synonym expansion counts against the query limits") {
    TempDir dir;
    dateline::test::write_small_corpus(dir.path() / "data", 3);
    dir.write("data/synonyms.tsv", group_line(0, 60) + group_line(1, 60));
    const fs::path index = dir.path() / "idx";
    REQUIRE(index_build({"--index", index.string(), "--quiet", (dir.path() / "data").string()})
                .exit_code == 0);
    // 250 words, each expanding to 60 variants and their stems: far past the limit.
    std::string query;
    for (std::size_t i = 0; i < 250; ++i) query += (i ? " " : "") + variant(i % 2, i % 60);
    const auto result = index_search({"--index", index.string(), "--count", query});
    INFO(result.out << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("synonym") != std::string::npos);
    // A few words of a group stay well inside it.
    const auto small = index_search({"--index", index.string(), "--count",
                                     variant(0, 1) + " OR " + variant(1, 2) + " OR kremlin"});
    CHECK(small.exit_code == 0);
}
