// CS-1 / CS-7 (docs/GUARANTEES.md): kill -9 at a random moment of a build never costs the
// index that was published. Each iteration starts a build of the other corpus version
// (alternately --rebuild and incremental), SIGKILLs it after a delay drawn from
// [0, measured build time], and requires that the index opens, passes Database::check(),
// and answers every probe query exactly as version A or exactly as version B. The next
// build must then succeed and leave no tmp-* directory behind.
//
// Replay: DATELINE_TEST_SEED=<seed> [DATELINE_CRASH_ITERS=<n>] reliability_crash_test
#include <csignal>
#include <cstdlib>
#include <random>
#include <thread>

#include <doctest/doctest.h>

#include "crash_harness.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int iterations() {
    if (const char* value = std::getenv("DATELINE_CRASH_ITERS"); value != nullptr && *value) {
        return std::max(1, std::atoi(value));
    }
    return 12;
}

// Points the corpus symlink at version A or B: every build reads the same path, so that
// an incremental build of B after A deletes what B dropped (same scope, same ids).
void point_corpus(const fs::path& link, const fs::path& target) {
    std::error_code ec;
    fs::remove(link, ec);
    fs::create_directory_symlink(target, link);
}

}  // namespace

TEST_CASE("kill -9 at a random moment of a build leaves version A or B, never a mix") {
    const std::uint64_t seed = test_seed();
    const int iters = iterations();
    MESSAGE("seed " << seed << ", " << iters << " iterations (replay: DATELINE_TEST_SEED=" << seed
                    << " DATELINE_CRASH_ITERS=" << iters << ")");
    std::mt19937_64 random(seed);

    TempDir tmp;
    const CorpusSpec spec{.seed = seed % 1000, .documents = 2000};
    const Answers answers_a = write_corpus(tmp.path() / "A", spec, false);
    const Answers answers_b = write_corpus(tmp.path() / "B", spec, true);
    for (const auto& term : probe_terms()) {
        // Otherwise "A or B" could not tell a mix from either.
        REQUIRE(answers_a.at(term) != answers_b.at(term));
        REQUIRE_FALSE(answers_a.at(term).empty());
    }
    const fs::path corpus = tmp.path() / "corpus";
    const fs::path index = tmp.path() / "index";

    point_corpus(corpus, tmp.path() / "A");
    auto started = Clock::now();
    const auto first = run(build_argv(index, corpus, {}, true));
    const auto build_time =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);
    REQUIRE(index_answers(index) == answers_a);
    MESSAGE("a full build of " << spec.documents << " documents took " << build_time.count()
                               << " ms; kill delays are drawn from [0, that]");

    bool current_b = false;
    int killed = 0;
    int saw_old = 0;
    int saw_new = 0;
    const auto loop_started = Clock::now();
    for (int i = 0; i < iters; ++i) {
        const bool target_b = !current_b;
        const bool rebuild = i % 2 == 0;
        const Answers& old_answers = current_b ? answers_b : answers_a;
        const Answers& new_answers = target_b ? answers_b : answers_a;
        point_corpus(corpus, tmp.path() / (target_b ? "B" : "A"));
        std::uniform_int_distribution<long> pick(0, build_time.count());
        const auto delay = std::chrono::milliseconds(pick(random));
        CAPTURE(i);
        CAPTURE(delay.count());
        CAPTURE(rebuild);

        {
            // A low flush threshold makes Xapian commit the tmp generation often, so a kill
            // lands between commits as well as inside them.
            Child child(build_argv(index, corpus, {}, rebuild), tmp.path(),
                        {"XAPIAN_FLUSH_THRESHOLD=100"});
            std::this_thread::sleep_for(delay);
            child.signal(SIGKILL);
            const auto code = child.wait_exit(std::chrono::seconds(120));
            REQUIRE(code.has_value());
            CHECK_MESSAGE((*code == 128 + SIGKILL || *code == 0), child.err());
            if (*code == 128 + SIGKILL) ++killed;
        }

        REQUIRE_FALSE(stub_target(index).empty());
        CHECK(check_published(index) == 0);
        const Answers seen = index_answers(index);
        const bool is_old = seen == old_answers;
        const bool is_new = seen == new_answers;
        CHECK_MESSAGE((is_old || is_new), "the index answers neither A nor B after kill -9");
        saw_old += is_old ? 1 : 0;
        saw_new += is_new ? 1 : 0;

        // The next build needs no cleanup, finishes, and leaves nothing behind.
        const auto next = run(build_argv(index, corpus, {}, !rebuild));
        REQUIRE_MESSAGE((next.exit_code == 0), next.err);
        CHECK(index_answers(index) == new_answers);
        CHECK(check_published(index) == 0);
        CHECK(entries_with_prefix(index, "tmp-").empty());
        CHECK(entries_with_prefix(index, "XAPIANDB.tmp").empty());
        CHECK(entries_with_prefix(index, "gen-").size() <= 2);
        current_b = target_b;
    }
    const auto loop_time =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - loop_started);
    MESSAGE(iters << " iterations in " << loop_time.count() << " ms: " << killed
                  << " builds killed, index showed the old version " << saw_old
                  << " times, the new one " << saw_new << " times");
}
