// Differential checks (reliability matrix DF-1, DF-2, DF-5): the same corpus must give the
// same answers — ordered unique ids, scores within 1e-9, match counts — whatever the
// commit batch size, after Xapian's compaction of a generation, and across two
// consecutive --rebuild runs. Docids may differ; unique ids may not.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/index_stub.hpp>
#include <dateline/indexer.hpp>
#include <dateline/searcher.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// The shipped corpus plus seeded generated documents with dates, sources and titles.
void write_corpus(const dateline::test::TempDir& dir) {
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    for (const auto& entry : fs::directory_iterator(dateline::test::shipped_data())) {
        if (entry.path().extension() == ".txt") {
            fs::copy_file(entry.path(), data / entry.path().filename());
        }
    }
    const std::vector<std::string> words = {
        "kremlin", "talks",  "ceasefire", "sanctions", "drone",   "summit", "oil",
        "grain",   "border", "minister",  "election",  "embassy", "treaty", "missile"};
    const std::vector<std::string> sources = {"Reuters", "TASS", "The Moscow Times", "AP"};
    std::mt19937 rng(20250704);
    const auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    for (int i = 0; i < 40; ++i) {
        std::string text = "date: 2025-0" + std::to_string(1 + pick(9)) + "-" +
                           std::to_string(10 + pick(18)) + "\nsource: " + sources[pick(4)] +
                           "\ntitle: " + words[pick(words.size())] + " " +
                           words[pick(words.size())] + " report\n\n";
        const std::size_t n = 20 + pick(60);
        for (std::size_t w = 0; w < n; ++w) {
            text += words[pick(words.size())] + (w % 9 == 8 ? ". " : " ");
        }
        dir.write("data/gen/" + std::to_string(1000 + i) + ".txt", text + "\n");
    }
}

const std::vector<dateline::SearchRequest>& requests() {
    static const std::vector<dateline::SearchRequest> kAll = {
        {.query = "kremlin"},
        {.query = "talks ceasefire", .default_operator = dateline::DefaultOperator::kOr},
        {.query = R"("oil grain" OR "grain oil")"},
        {.query = "sanctions AND NOT drone"},
        {.query = "(summit OR treaty) AND minister"},
        {.query = "title:report"},
        {.query = "source:tass"},
        {.query = "date:2025-03..2025-06 border"},
        {.query = "miss*"},
        {.query = "Putin Trump"},
        {.query = "\"root causes\""},
        {.query = "election", .sort = dateline::SortOrder::kDateDesc},
        {.query = "embassy", .sort = dateline::SortOrder::kDateAsc},
        {.query = "oil", .recency_half_life_days = 30.0},
        {.query = "missile NEAR/5 border"},
    };
    return kAll;
}

struct Answer {
    std::vector<std::string> ids;
    std::vector<double> scores;
    std::uint64_t total{};
};

std::vector<Answer> answers(const fs::path& index) {
    dateline::Searcher searcher{index};
    std::vector<Answer> out;
    for (auto request : requests()) {
        request.limit = 1000;
        request.facets = false;
        request.snippet_bytes = 0;
        const auto r = searcher.search(request);
        Answer a;
        a.total = r.total_estimated;
        for (const auto& h : r.hits) {
            a.ids.push_back(h.id);
            a.scores.push_back(h.score);
        }
        out.push_back(std::move(a));
    }
    return out;
}

void check_same(const std::vector<Answer>& a, const std::vector<Answer>& b) {
    REQUIRE(a.size() == b.size());
    std::size_t hits = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(requests()[i].query);
        CHECK(a[i].total == b[i].total);
        CHECK(a[i].ids == b[i].ids);
        REQUIRE(a[i].scores.size() == b[i].scores.size());
        for (std::size_t j = 0; j < a[i].scores.size(); ++j) {
            CHECK(std::fabs(a[i].scores[j] - b[i].scores[j]) <= 1e-9);
        }
        hits += a[i].ids.size();
    }
    CHECK(hits > 50);  // the queries must actually find things to compare
}

dateline::BuildReport build(const fs::path& index, const fs::path& data,
                            std::uint64_t commit_bytes = std::uint64_t{64} * 1024 * 1024) {
    auto report = dateline::build_index(
        {.index_dir = index, .inputs = {data}, .rebuild = true, .commit_bytes = commit_bytes});
    REQUIRE(report.published);
    REQUIRE(report.rejected == 0);
    return report;
}

}  // namespace

TEST_CASE("same answers whatever the commit batch size, after compaction and across rebuilds") {
    dateline::test::TempDir dir;
    write_corpus(dir);
    const fs::path data = dir.path() / "data";

    const fs::path one_batch = dir.path() / "one_batch";
    const auto first = build(one_batch, data);
    REQUIRE(first.indexed == 45);
    const auto reference = answers(one_batch);

    SUBCASE("a commit after every document") {
        const fs::path per_doc = dir.path() / "per_doc";
        build(per_doc, data, 1);
        check_same(reference, answers(per_doc));
    }

    SUBCASE("a compacted copy of the published generation") {
        const fs::path compacted = dir.path() / "compacted";
        fs::create_directories(compacted);
        namespace stub = dateline::schema::stub;
        Xapian::Database(one_batch.string())
            .compact((compacted / stub::generation_name(1)).string());
        std::ofstream(compacted / "XAPIANDB") << stub::format(stub::of_generation(1, 1));
        const Xapian::Database original(one_batch.string());
        const Xapian::Database copy(compacted.string());
        CHECK(copy.get_doccount() == original.get_doccount());
        CHECK(copy.get_total_length() == original.get_total_length());
        check_same(reference, answers(compacted));
    }

    SUBCASE("two consecutive --rebuild runs") {
        const auto second = build(one_batch, data);
        CHECK(second.generation == first.generation + 1);
        CHECK(second.indexed == first.indexed);
        CHECK(second.documents == first.documents);
        CHECK(second.warnings == first.warnings);
        check_same(reference, answers(one_batch));
    }
}
