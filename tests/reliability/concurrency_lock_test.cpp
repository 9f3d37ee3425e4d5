// CS-5 / CS-6 (docs/GUARANTEES.md): the build lock. While one index-build runs (stopped
// by the --debug-pause-at hook before and during its publish), a second one exits 75 at
// once without touching the first one's tmp directory, and the first then completes. After
// kill -9 of a build, the next one starts immediately: the flock died with the process.
#include <csignal>

#include <doctest/doctest.h>

#include "crash_harness.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

}  // namespace

TEST_CASE("a second build exits 75 while the first holds the lock, before and during publish") {
    for (const std::string step : {"after-commit", "after-rename", "after-stub-rename"}) {
        CAPTURE(step);
        TempDir tmp;
        const CorpusSpec spec{.seed = 3, .documents = 200};
        const Answers a = write_corpus(tmp.path() / "A", spec, false);
        const Answers b = write_corpus(tmp.path() / "B", spec, true);
        const fs::path index = tmp.path() / "index";
        REQUIRE(run(build_argv(index, tmp.path() / "A")).exit_code == 0);

        Child first(build_argv(index, tmp.path() / "B", {"--debug-pause-at=" + step}), tmp.path());
        REQUIRE(first.wait_stopped(std::chrono::seconds(60)));
        const auto tmp_dirs = entries_with_prefix(index, "tmp-");

        const auto started = Clock::now();
        Child second(build_argv(index, tmp.path() / "A"), tmp.path());
        // A build that queued behind the lock would still be running here.
        const auto code = second.wait_exit(std::chrono::seconds(30));
        const auto took =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        MESSAGE("second build refused after " << took.count() << " ms");
        REQUIRE(code.has_value());
        CHECK(*code == 75);
        CHECK(second.err().find("locked by another build") != std::string::npos);
        CHECK(second.err().find(index.string()) != std::string::npos);
        // The refused build removed nothing of the running one.
        CHECK(entries_with_prefix(index, "tmp-") == tmp_dirs);

        first.signal(SIGCONT);
        const auto first_code = first.wait_exit(std::chrono::seconds(60));
        REQUIRE(first_code.has_value());
        CHECK_MESSAGE(*first_code == 0, first.err());
        CHECK(index_answers(index) == b);
        CHECK(check_published(index) == 0);
        CHECK(entries_with_prefix(index, "tmp-").empty());
    }
}

TEST_CASE("after kill -9 of a build, the next one takes the lock at once and cleans up") {
    TempDir tmp;
    const CorpusSpec spec{.seed = 4, .documents = 200};
    const Answers a = write_corpus(tmp.path() / "A", spec, false);
    const Answers b = write_corpus(tmp.path() / "B", spec, true);
    const fs::path index = tmp.path() / "index";
    REQUIRE(run(build_argv(index, tmp.path() / "A")).exit_code == 0);
    {
        Child doomed(build_argv(index, tmp.path() / "B", {"--debug-pause-at=after-commit"}),
                     tmp.path());
        REQUIRE(doomed.wait_stopped(std::chrono::seconds(60)));
        CHECK(entries_with_prefix(index, "tmp-").size() == 1);
        doomed.signal(SIGKILL);
        const auto code = doomed.wait_exit(std::chrono::seconds(30));
        REQUIRE(code.has_value());
        CHECK(*code == 128 + SIGKILL);
    }
    CHECK(index_answers(index) == a);
    CHECK(entries_with_prefix(index, "tmp-").size() == 1);  // abandoned, lock free

    const auto next = run(build_argv(index, tmp.path() / "B"));
    CHECK_MESSAGE(next.exit_code == 0, next.err);
    CHECK(index_answers(index) == b);
    CHECK(entries_with_prefix(index, "tmp-").empty());
}
