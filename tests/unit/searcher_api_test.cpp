// The searcher through its public header only, on the fixture index.
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/index_stub.hpp>
#include <dateline/searcher.hpp>

#include "searcher_fixture.hpp"
#include "test_support.hpp"

namespace {

using dateline::SearchRequest;

struct Fixture {
    dateline::test::TempDir dir;
    std::filesystem::path index = dir.path() / "index";
    Fixture() { dateline::test::build_fixture_index(index, dateline::test::fixture_docs()); }
};

std::vector<std::string> ids(const dateline::SearchResults& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
}

std::vector<std::string> sorted_ids(const dateline::SearchResults& r) {
    auto out = ids(r);
    std::sort(out.begin(), out.end());
    return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("phrase, boolean, NOT, wildcard and field queries") {
    Fixture f;
    dateline::Searcher s{f.index};
    CHECK(ids(s.search({.query = "\"root causes\""})) == Ids{"a.txt"});
    CHECK(ids(s.search({.query = "\u201croot causes\u201d"})) == Ids{"a.txt"});
    CHECK(sorted_ids(s.search({.query = "putin trump"})) == Ids{"a.txt", "c.txt"});
    CHECK(sorted_ids(s.search(
              {.query = "putin lavrov", .default_operator = dateline::DefaultOperator::kOr})) ==
          Ids{"a.txt", "b.txt", "c.txt"});
    CHECK(ids(s.search({.query = "putin NOT iran"})) == Ids{"a.txt"});
    CHECK(sorted_ids(s.search({.query = "ukrain*"})) == Ids{"a.txt", "b.txt", "e.txt", "f.txt"});
    CHECK(ids(s.search({.query = "title:putin"})) == Ids{"a.txt"});
    CHECK(sorted_ids(s.search({.query = "source:tass"})) == Ids{"c.txt", "d.txt"});
    CHECK(sorted_ids(s.search({.query = "trump", .source = "the  MOSCOW times"})) == Ids{"a.txt"});
}

TEST_CASE("author and URL host fields of documents the indexer's DocumentBuilder built") {
    // The fixture builds its documents with the real DocumentBuilder, so a field the
    // indexer writes (A author words, H host of the document's URL) is searchable here.
    Fixture f;
    dateline::Searcher s{f.index};
    CHECK(ids(s.search({.query = "author:kovalenko"})) == Ids{"a.txt"});
    CHECK(ids(s.search({.query = "site:themoscowtimes.com"})) == Ids{"a.txt"});
    CHECK(ids(s.search({.query = "kovalenko"})).empty());  // author words are prefixed only
    const auto hits = s.search({.query = "\"root causes\""}).hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits.front().url == "https://www.themoscowtimes.com/2025/07/04/trump-putin-call");
}

TEST_CASE("title words outrank body words") {
    // "harvest" once in each: in t's title only, in b's body only. b is the shorter
    // document, so without the title's extra weight (schema::kTitleWeight) BM25 would
    // rank b first, and without title indexing t would not match at all.
    dateline::test::TempDir dir;
    const auto index = dir.path() / "index";
    dateline::test::build_fixture_index(
        index, {{.id = "t.txt",
                 .title = "Harvest report",
                 .date = "2025-07-01",
                 .source = "Reuters",
                 .text = "Farmers in the south counted the rain, the fields, the tractors and "
                         "the prices of seed and fuel across three provinces this week.",
                 .author = std::nullopt,
                 .url = std::nullopt},
                {.id = "b.txt",
                 .title = "Weather",
                 .date = "2025-07-01",
                 .source = "Reuters",
                 .text = "The harvest was late.",
                 .author = std::nullopt,
                 .url = std::nullopt}});
    dateline::Searcher s{index};
    CHECK(ids(s.search({.query = "harvest"})) == Ids{"t.txt", "b.txt"});
}

TEST_CASE("date filters: day, month, year, ranges, open ranges, request bounds") {
    Fixture f;
    dateline::Searcher s{f.index};
    CHECK(ids(s.search({.query = "date:2025-07-04"})) == Ids{"a.txt"});
    CHECK(sorted_ids(s.search({.query = "date:2025-07"})) == Ids{"a.txt", "b.txt", "f.txt"});
    CHECK(sorted_ids(s.search({.query = "date:2025"})) == Ids{"a.txt", "b.txt", "c.txt", "f.txt"});
    CHECK(sorted_ids(s.search({.query = "date:2025-06-01..2025-07-02"})) == Ids{"c.txt", "f.txt"});
    CHECK(sorted_ids(s.search({.query = "date:..2025-06"})) == Ids{"c.txt", "d.txt"});
    CHECK(sorted_ids(s.search({.query = "date:2025-07-03.."})) == Ids{"a.txt", "b.txt"});
    CHECK(sorted_ids(s.search({.query = "trump", .from = "2025-07", .to = "2025-07-03"})) ==
          Ids{"b.txt"});
}

TEST_CASE("an impossible date is a QueryError pointing at the date") {
    Fixture f;
    dateline::Searcher s{f.index};
    try {
        static_cast<void>(s.search({.query = "putin date:2025-02-30"}));
        FAIL("no QueryError");
    } catch (const dateline::QueryError& e) {
        CHECK(e.position() == 11);
    }
    CHECK_THROWS_AS(static_cast<void>(s.search({.query = "putin", .to = "2025-13"})),
                    dateline::QueryError);
}

TEST_CASE("facets count the whole match set, not the page, with undated counted") {
    Fixture f;
    dateline::Searcher s{f.index};
    // Every report: with grouping, Xapian's collapsed total past a one-hit page is only a
    // bound (docs/STORIES.md), which is not what this test is about.
    const auto r = s.search({.query = "ukrain* OR putin", .limit = 1, .collapse = false});
    CHECK(r.hits.size() == 1);
    CHECK(r.total_estimated == 5);
    CHECK(r.total_exact);
    CHECK(r.facets_exact);
    const std::vector<std::pair<std::string, std::uint64_t>> expected_dates{
        {"2025-06", 1}, {"2025-07", 3}, {"undated", 1}};
    REQUIRE(r.date_facets.size() == expected_dates.size());
    for (std::size_t i = 0; i < expected_dates.size(); ++i) {
        CHECK(r.date_facets[i].value == expected_dates[i].first);
        CHECK(r.date_facets[i].count == expected_dates[i].second);
    }
    REQUIRE(!r.source_facets.empty());
    std::uint64_t sum = 0;
    for (const auto& v : r.source_facets) sum += v.count;
    CHECK(sum == 5);

    const auto years =
        s.search({.query = "source:tass", .date_facet = dateline::DateGranularity::kYear});
    REQUIRE(years.date_facets.size() == 2);
    CHECK(years.date_facets[0].value == "2024");
    CHECK(years.date_facets[1].value == "2025");
    CHECK(s.search({.query = "putin", .facets = false}).date_facets.empty());
}

TEST_CASE("sorting by date: newest or oldest first, undated last both ways") {
    Fixture f;
    dateline::Searcher s{f.index};
    const auto desc =
        s.search({.query = "ukrain* OR putin", .sort = dateline::SortOrder::kDateDesc});
    CHECK(ids(desc) == Ids{"a.txt", "b.txt", "f.txt", "c.txt", "e.txt"});
    const auto asc = s.search({.query = "ukrain* OR putin", .sort = dateline::SortOrder::kDateAsc});
    CHECK(ids(asc) == Ids{"c.txt", "f.txt", "b.txt", "a.txt", "e.txt"});
}

TEST_CASE("paging: offset and limit, ranks across pages") {
    Fixture f;
    dateline::Searcher s{f.index};
    const SearchRequest base{.query = "ukrain* OR putin", .sort = dateline::SortOrder::kDateDesc};
    auto page = base;
    page.offset = 2;
    page.limit = 2;
    const auto r = s.search(page);
    CHECK(ids(r) == Ids{"f.txt", "c.txt"});
    CHECK(r.hits[0].rank == 3);
    CHECK(r.total_estimated == 5);
    page.offset = 100;
    CHECK(s.search(page).hits.empty());
    page.limit = 5000;
    CHECK_THROWS_AS(static_cast<void>(s.search(page)), dateline::QueryLimitError);
}

TEST_CASE("recency blend lifts newer documents without filtering") {
    Fixture f;
    dateline::Searcher s{f.index};
    const auto plain = s.search(
        {.query = "kiev OR weapons OR lavrov", .default_operator = dateline::DefaultOperator::kOr});
    const auto fresh =
        s.search({.query = "kiev OR weapons OR lavrov", .recency_half_life_days = 1.0});
    CHECK(sorted_ids(plain) == sorted_ids(fresh));
    // b.txt (2025-07-03) is the newest match; with a one-day half-life it leads.
    REQUIRE(!fresh.hits.empty());
    CHECK(fresh.hits[0].id == "b.txt");
}

TEST_CASE("hits carry metadata, derived titles and highlighted snippets") {
    Fixture f;
    dateline::Searcher s{f.index};
    const auto r = s.search({.query = "\"root causes\" putin"});
    REQUIRE(r.hits.size() == 1);
    const auto& hit = r.hits[0];
    CHECK(hit.title == "Trump, Putin hold tense call");
    CHECK_FALSE(hit.title_derived);
    CHECK(hit.date == "2025-07-04");
    CHECK(hit.date_source == "header");
    CHECK(hit.source == "The Moscow Times");
    CHECK(hit.path == "a.txt");
    CHECK(hit.score > 0);
    std::vector<std::string> marked;
    for (const auto& h : hit.highlights) marked.push_back(hit.snippet.substr(h.offset, h.length));
    CHECK(std::find(marked.begin(), marked.end(), "root causes") != marked.end());
    CHECK(std::find(marked.begin(), marked.end(), "Putin") != marked.end());
    CHECK(hit.snippet.find("\u201c") == std::string::npos);  // normalized text, plain quotes

    const auto untitled = s.search({.query = "israel"});
    REQUIRE(untitled.hits.size() == 1);
    CHECK(untitled.hits[0].title == "Putin and Trump last spoke by phone on June 14.");
    CHECK(untitled.hits[0].title_derived);
    CHECK(untitled.hits[0].date_source == "header");
    CHECK(s.search({.query = "putin", .snippet_bytes = 0}).hits[0].snippet.empty());
}

TEST_CASE("synonyms: Zelenskyy finds Zelensky and the reverse") {
    Fixture f;
    dateline::Searcher s{f.index};
    for (const char* q : {"Zelenskyy", "Zelensky", "zelenskiy"}) {
        CAPTURE(q);
        const auto r = s.search({.query = q});
        CHECK(sorted_ids(r) == Ids{"a.txt", "b.txt"});
        CHECK_FALSE(r.synonyms_applied.empty());
    }
    CHECK(ids(s.search({.query = "Kyiv"})) == Ids{"d.txt"});
}

TEST_CASE("did you mean, parsed query, wildcard report") {
    Fixture f;
    dateline::Searcher s{f.index};
    const auto r = s.search({.query = "pution"});
    CHECK(r.hits.empty());
    CHECK(r.corrected_query == "putin");
    CHECK(r.parsed_query == "Query(Zpution@1)");
    const auto w = s.search({.query = "weap*"});
    REQUIRE(w.wildcard_expansions.size() == 1);
    CHECK(w.wildcard_expansions[0] == "weap* \u2192 weapon, weaponry, weapons");
}

TEST_CASE("limits: bytes, nesting depth, terms, wildcard expansion") {
    Fixture f;
    dateline::Searcher s{f.index,
                         {.max_query_bytes = 64,
                          .max_query_terms = 4,
                          .max_nesting_depth = 2,
                          .max_wildcard_expansion = 3}};
    CHECK_THROWS_AS(static_cast<void>(s.search({.query = std::string(65, 'a')})),
                    dateline::QueryLimitError);
    CHECK_THROWS_AS(static_cast<void>(s.search({.query = "(((putin)))"})),
                    dateline::QueryLimitError);
    CHECK_THROWS_AS(static_cast<void>(s.search({.query = "a b c d e"})), dateline::QueryLimitError);
    CHECK_THROWS_AS(static_cast<void>(s.search({.query = "ukrain*"})), dateline::QueryLimitError);
    CHECK_NOTHROW(static_cast<void>(s.search({.query = "weap*"})));
    // A hostile depth far beyond the limit is refused before the engine sees it.
    dateline::Searcher plain{f.index};
    CHECK_THROWS_AS(static_cast<void>(plain.search({.query = std::string(2000, '(') + "a"})),
                    dateline::QueryLimitError);
}

TEST_CASE("count is exact and honours filters") {
    Fixture f;
    dateline::Searcher s{f.index};
    CHECK(s.count({.query = "ukrain* OR putin"}).matches == 5);
    CHECK(s.count({.query = "putin", .source = "TASS"}).matches == 1);
    CHECK(s.count({.query = "nothingmatchesthis"}).matches == 0);
    CHECK_THROWS_AS(static_cast<void>(s.count({.query = "putin AND"})), dateline::QueryError);
}

TEST_CASE("reopen() and search() pick up a newly published generation") {
    Fixture f;
    dateline::Searcher s{f.index};
    CHECK(s.stats().generation == 1);
    CHECK(s.count({.query = "brandnewword"}).matches == 0);
    CHECK_FALSE(s.reopen());

    auto docs = dateline::test::fixture_docs();
    docs.push_back({"g.txt", "New", "2025-07-05", "Reuters", "A brandnewword appears.",
                    std::nullopt, std::nullopt});
    dateline::test::build_fixture_index(f.index, docs, 2);
    CHECK(s.reopen());
    CHECK(s.stats().generation == 2);
    CHECK(s.stats().documents == 7);
    const auto r = s.search({.query = "brandnewword"});
    CHECK(ids(r) == Ids{"g.txt"});
    CHECK(r.generation == 2);

    // search() notices a publish by itself, even when the old generation is gone.
    dateline::test::build_fixture_index(f.index, dateline::test::fixture_docs(), 3);
    std::filesystem::remove_all(f.index / "gen-000002");
    const auto again = s.search({.query = "brandnewword"});
    CHECK(again.hits.empty());
    CHECK(again.generation == 3);
}

TEST_CASE("opening: missing index, not an index, incompatible schema") {
    dateline::test::TempDir dir;
    CHECK_THROWS_AS(dateline::Searcher{dir.path() / "nope"}, dateline::IndexOpenError);
    CHECK_THROWS_AS(dateline::Searcher{dir.path()}, dateline::IndexOpenError);
    dateline::test::build_fixture_index(dir.path() / "old", dateline::test::fixture_docs(), 1, "0");
    try {
        dateline::Searcher s{dir.path() / "old"};
        FAIL("opened an index with schema version 0");
    } catch (const dateline::SchemaVersionError& e) {
        CHECK(std::string(e.what()).find("index-build --rebuild") != std::string::npos);
    }
    const auto stub_only = dir.path() / "stub";
    std::filesystem::create_directories(stub_only);
    std::ofstream(stub_only / "XAPIANDB")
        << dateline::schema::stub::format(dateline::schema::stub::of_generation(9, 1));
    CHECK_THROWS_AS(dateline::Searcher{stub_only}, dateline::IndexOpenError);
}

TEST_CASE("stats report the index") {
    Fixture f;
    dateline::Searcher s{f.index};
    const auto st = s.stats();
    CHECK(st.documents == 6);
    // The number itself: comparing with schema::kSchemaVersion passed whatever that
    // constant said. A schema bump must update this test and docs/JSON_OUTPUT.md together.
    CHECK(st.schema_version == 5);  // 5: repeated sentences, source aliases
    CHECK(st.built_at == "2025-07-05T00:00:00Z");
    REQUIRE(st.build_report.has_value());
    CHECK(st.build_report->generation == 1);
    CHECK(st.build_report->rebuild);
    CHECK(st.build_report->documents == 6);
    CHECK(st.build_report->indexed == 6);
    CHECK(st.build_report->rejected_reasons.empty());
}
