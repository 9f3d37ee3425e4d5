// Issue 12: synonym groups are bounded. A huge group is stored within a cap (reported as
// a notice), builds in bounded memory, every long loop honours SIGTERM, and at query time
// synonym expansion counts against the query limits.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

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

TEST_CASE("SIGTERM while the synonym table is written: exit 143, nothing published") {
    TempDir dir;
    dateline::test::write_small_corpus(dir.path() / "data", 3);
    std::string synonyms;
    // Far more than can be written before the signal (300 groups once finished within
    // 1.5 s on an idle machine and the test saw exit 0): the signal must land mid-build.
    for (std::size_t g = 0; g < 3000; ++g) synonyms += group_line(g, 64);
    dir.write("data/synonyms.tsv", synonyms);
    Child build(
        {dateline::test::index_build_exe().string(), "--index", (dir.path() / "idx").string(),
         "--quiet", "--no-progress", (dir.path() / "data").string()},
        dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto signalled = std::chrono::steady_clock::now();
    build.signal(SIGTERM);
    const auto status = build.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 143);
    // Promptly, not only eventually: without the polls inside the table loops the build still
    // exits 143, but only once the loops end (5.3 s after the signal on an idle machine,
    // against 0.03 s with them).
    CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
    CHECK_FALSE(fs::exists(dir.path() / "idx" / "XAPIANDB"));
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
