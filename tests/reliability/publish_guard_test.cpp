// NL-5 (docs/GUARANTEES.md): the shrink guard. A build that would replace an index of at
// least 10 documents by one with fewer than half of them (an empty or unmounted source
// directory looks exactly like that) refuses with exit 3 and both counts, unless --force.
#include <fstream>

#include <doctest/doctest.h>
#include <xapian.h>

#include "crash_harness.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;
namespace fs = std::filesystem;

CommandResult build(const fs::path& index, const fs::path& corpus, std::vector<std::string> extra) {
    std::vector<std::string> argv{index_build_exe().string(), "--index", index.string(),
                                  "--no-progress"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(corpus.string());
    return run(argv);
}

std::uint64_t doc_count(const fs::path& index) {
    return Xapian::Database(index.string()).get_doccount();
}

void write_docs(const fs::path& dir, int count) {
    fs::create_directories(dir);
    for (int i = 0; i < count; ++i) {
        std::ofstream(dir / ("d" + std::to_string(i) + ".txt"))
            << "Story " << i << "\n\nThe council met about the harbour, item " << i << ".\n";
    }
}

}  // namespace

TEST_CASE("shrink guard: an empty source refuses to replace a 20-document index (exit 3)") {
    TempDir tmp;
    const fs::path corpus = tmp.path() / "corpus";
    const fs::path index = tmp.path() / "index";
    write_docs(corpus, 20);
    REQUIRE(build(index, corpus, {}).exit_code == 0);
    const std::string published = stub_target(index);

    SUBCASE("rebuild from an empty directory") {
        fs::create_directories(tmp.path() / "empty");
        const auto r = build(index, tmp.path() / "empty", {"--rebuild"});
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("0 documents") != std::string::npos);
        CHECK(r.err.find("has 20") != std::string::npos);
        CHECK(r.err.find("--force") != std::string::npos);
    }
    SUBCASE("incremental build after the source was emptied (unmounted)") {
        fs::remove_all(corpus);
        fs::create_directories(corpus);
        const auto r = build(index, corpus, {});
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("0 documents") != std::string::npos);
    }
    SUBCASE("rebuild from 9 of the 20 documents (fewer than half)") {
        write_docs(tmp.path() / "nine", 9);
        const auto r = build(index, tmp.path() / "nine", {"--rebuild"});
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("9 documents") != std::string::npos);
    }
    // Nothing was published, nothing left behind.
    CHECK(stub_target(index) == published);
    CHECK(doc_count(index) == 20);
    CHECK(entries_with_prefix(index, "tmp-").empty());
}

TEST_CASE("shrink guard: --force publishes, half is allowed, small indexes are not guarded") {
    TempDir tmp;
    const fs::path index = tmp.path() / "index";
    write_docs(tmp.path() / "twenty", 20);
    write_docs(tmp.path() / "ten", 10);
    write_docs(tmp.path() / "nine", 9);
    fs::create_directories(tmp.path() / "empty");
    REQUIRE(build(index, tmp.path() / "twenty", {}).exit_code == 0);

    const auto half = build(index, tmp.path() / "ten", {"--rebuild"});
    CHECK_MESSAGE(half.exit_code == 0, half.err);
    CHECK(doc_count(index) == 10);

    // 10 → 0 refused, forced through with --force.
    CHECK(build(index, tmp.path() / "empty", {"--rebuild"}).exit_code == 3);
    const auto forced = build(index, tmp.path() / "empty", {"--rebuild", "--force"});
    CHECK_MESSAGE(forced.exit_code == 0, forced.err);
    CHECK(doc_count(index) == 0);

    // Below 10 documents the shrink guard stays out of it, but a run that finds no document
    // at all never publishes (exit 66) unless forced.
    REQUIRE(build(index, tmp.path() / "nine", {"--rebuild"}).exit_code == 0);
    const auto none = build(index, tmp.path() / "empty", {"--rebuild"});
    CHECK(none.exit_code == 66);
    CHECK(none.err.find("no document found") != std::string::npos);
    CHECK(doc_count(index) == 9);
    CHECK(build(index, tmp.path() / "empty", {"--rebuild", "--force"}).exit_code == 0);
    CHECK(doc_count(index) == 0);
}
