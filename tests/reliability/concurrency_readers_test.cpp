// CC-1 / CC-2 / CC-3 (docs/GUARANTEES.md): readers survive writers, through the public
// Searcher API only. Reader threads (each with its own Searcher) search in a loop while
// index-build publishes generations alternating corpus versions A and B; every result must
// come whole from one generation (its hits are exactly that version's answer). A Searcher
// holding a generation that publishes have since deleted keeps working, and a search that
// meets DatabaseModifiedError is retried whole.
#include <array>
#include <atomic>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/generation_files.hpp>
#include <dateline/searcher.hpp>
#include <dateline/term_rules.hpp>

#include "crash_harness.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;
namespace fs = std::filesystem;

std::set<std::string> ids_of(const dateline::SearchResults& results) {
    std::set<std::string> ids;
    for (const auto& hit : results.hits) ids.insert(hit.id);
    return ids;
}

dateline::SearchRequest probe(const std::string& term) {
    // Every matching report (the expected sets are of documents, not stories).
    return {.query = term, .limit = 1000, .facets = false, .snippet_bytes = 0, .collapse = false};
}

std::uint64_t generation_of(const fs::path& index) {
    const std::string target = stub_target(index);  // "gen-000007"
    return std::stoull(target.substr(target.find('-') + 1));
}

}  // namespace

TEST_CASE("reader threads see whole generations while index-build publishes A, B, A, ...") {
    TempDir tmp;
    const CorpusSpec spec{.seed = 11, .documents = 600};
    const Answers a = write_corpus(tmp.path() / "A", spec, false);
    const Answers b = write_corpus(tmp.path() / "B", spec, true);
    const fs::path index = tmp.path() / "index";
    REQUIRE(run(build_argv(index, tmp.path() / "A")).exit_code == 0);
    const std::uint64_t first = generation_of(index);
    // Builds run one after another, so generation first + k holds A for even k, B for odd.
    const auto expected = [&](std::uint64_t generation) -> const Answers& {
        return (generation - first) % 2 == 0 ? a : b;
    };

    constexpr int kReaders = 3;
    constexpr int kPublishes = 6;
    std::atomic<bool> stop{false};
    std::atomic<int> epoch{0};  // bumped after each publish
    std::array<std::atomic<int>, kReaders> done_epoch{};
    std::mutex mutex;
    std::vector<std::string> failures;
    std::array<std::set<std::uint64_t>, kReaders> seen;
    std::array<std::size_t, kReaders> searches{};

    std::vector<std::thread> readers;
    readers.reserve(kReaders);
    for (int r = 0; r < kReaders; ++r) {
        readers.emplace_back([&, r] {
            try {
                dateline::Searcher searcher(index);
                const auto terms = probe_terms();
                for (std::size_t i = 0; !stop; ++i) {
                    const int started_epoch = epoch.load();
                    const std::string& term = terms[i % terms.size()];
                    const auto results = searcher.search(probe(term));
                    ++searches[r];
                    seen[r].insert(results.generation);
                    if (ids_of(results) != expected(results.generation).at(term) ||
                        results.total_estimated != results.hits.size()) {
                        std::lock_guard lock(mutex);
                        failures.push_back("reader " + std::to_string(r) + ": mixed result for " +
                                           term + " in generation " +
                                           std::to_string(results.generation));
                    }
                    done_epoch[r] = started_epoch;
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                failures.push_back("reader " + std::to_string(r) + " threw: " + e.what());
            }
        });
    }

    dateline::Searcher main_searcher(index);
    for (int p = 1; p <= kPublishes; ++p) {
        const auto r = run(build_argv(index, tmp.path() / (p % 2 == 1 ? "B" : "A")));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const std::uint64_t generation = generation_of(index);
        REQUIRE(generation == first + static_cast<std::uint64_t>(p));
        // The very next query sees the new generation.
        const auto results = main_searcher.search(probe(probe_terms()[0]));
        CHECK(results.generation == generation);
        CHECK(ids_of(results) == expected(generation).at(probe_terms()[0]));
        // Let every reader finish a search begun after this publish (bounded wait).
        epoch = p;
        for (int k = 0; k < 30000; ++k) {
            bool all = true;
            for (const auto& d : done_epoch) all = all && d.load() >= p;
            if (all || !failures.empty()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    stop = true;
    for (auto& t : readers) t.join();

    for (const auto& f : failures) FAIL_CHECK(f);
    for (int r = 0; r < kReaders; ++r) {
        CAPTURE(r);
        MESSAGE("reader " << r << ": " << searches[r] << " searches over " << seen[r].size()
                          << " generations");
        // Each reader searched in every generation from the first to the last.
        CHECK(seen[r].size() == kPublishes + 1);
    }
}

TEST_CASE("a Searcher whose generation was deleted by later publishes opens the newest (CC-3)") {
    TempDir tmp;
    const CorpusSpec spec{.seed = 12, .documents = 200};
    const Answers a = write_corpus(tmp.path() / "A", spec, false);
    const Answers b = write_corpus(tmp.path() / "B", spec, true);
    const fs::path index = tmp.path() / "index";
    REQUIRE(run(build_argv(index, tmp.path() / "A")).exit_code == 0);

    dateline::Searcher searcher(index);
    const std::string term = probe_terms()[1];
    const auto before = searcher.search(probe(term));
    const std::string held = stub_target(index);
    CHECK(ids_of(before) == a.at(term));

    REQUIRE(run(build_argv(index, tmp.path() / "B")).exit_code == 0);
    REQUIRE(run(build_argv(index, tmp.path() / "A")).exit_code == 0);
    REQUIRE_FALSE(fs::exists(index / held));  // retention removed the generation we hold

    dateline::SearchResults after;
    CHECK_NOTHROW(after = searcher.search(probe(term)));
    CHECK(after.generation == generation_of(index));
    CHECK(ids_of(after) == a.at(term));
    CHECK(searcher.stats().generation == generation_of(index));
}

TEST_CASE("DatabaseModifiedError under a search is retried whole (CC-2)") {
    TempDir tmp;
    const CorpusSpec spec{.seed = 13, .documents = 500};
    const Answers a = write_corpus(tmp.path() / "A", spec, false);
    const fs::path index = tmp.path() / "index";
    REQUIRE(run(build_argv(index, tmp.path() / "A")).exit_code == 0);
    const fs::path generation = index / stub_target(index);
    const std::string term = probe_terms()[2];

    dateline::Searcher searcher(index);
    CHECK(ids_of(searcher.search(probe(term))) == a.at(term));
    Xapian::Database control(generation.string());  // a plain reader at the same revision

    // Test-only: an in-place writer on the published generation (index-build never does
    // this) commits twice, so blocks of the readers' revision get reused (Xapian's
    // databasemodified1 recipe).
    {
        Xapian::WritableDatabase writer(generation.string(), Xapian::DB_OPEN);
        for (int round = 0; round < 2; ++round) {
            for (auto it = writer.postlist_begin(""); it != writer.postlist_end(""); ++it) {
                Xapian::Document doc = writer.get_document(*it);
                // Both forms, as the term rules index a word (queries look up the stem).
                const std::string word = round == 0 ? "qxrbq" : "qxrcq";
                doc.add_term(word);
                doc.add_term(dateline::schema::term_rules::stemmed_term(
                    dateline::schema::term_rules::stemmer(), word));
                writer.replace_document(*it, doc);
            }
            writer.commit();
        }
    }
    // The searcher refuses a published generation whose files changed (damage, as far as
    // index-build's contract goes); this test's writer vouches for its own changes.
    dateline::schema::write_file_list(generation);
    bool control_failed = false;
    try {
        Xapian::Enquire enquire(control);
        enquire.set_query(Xapian::Query(term));
        const auto mset = enquire.get_mset(0, 1000);
        for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
    } catch (const Xapian::DatabaseModifiedError&) {
        control_failed = true;
    }
    // Without this the test would prove nothing: the stale revision really is gone.
    REQUIRE(control_failed);

    const auto results = searcher.search(probe("qxrcq"));
    CHECK(results.hits.size() == 500);  // read from the newest revision, whole
    CHECK(ids_of(searcher.search(probe(term))) == a.at(term));
}
