// Hits read their display fields from value slot kDisplay (schema 3): a page without
// snippets shows exactly what a page with them shows, older indexes are refused, and a
// document without the slot is reported as corruption rather than shown half-empty.
#include <filesystem>
#include <string>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/schema.hpp>
#include <dateline/searcher.hpp>

#include "searcher_fixture.hpp"
#include "test_support.hpp"

namespace {

// Every fixture document matches this (OR of a word from each).
const dateline::SearchRequest kAll{.query = "putin OR lavrov OR kiev OR progress OR weapons",
                                   .default_operator = dateline::DefaultOperator::kOr,
                                   .facets = false};

}  // namespace

TEST_CASE("plain hits show the same fields as hits with snippets") {
    dateline::test::TempDir dir;
    const auto index = dir.path() / "index";
    dateline::test::build_fixture_index(index, dateline::test::fixture_docs());
    dateline::Searcher s{index};

    auto plain_request = kAll;
    plain_request.snippet_bytes = 0;
    const auto plain = s.search(plain_request);
    const auto with_snippets = s.search(kAll);
    REQUIRE(plain.hits.size() == dateline::test::fixture_docs().size());
    REQUIRE(with_snippets.hits.size() == plain.hits.size());
    bool saw_derived = false;
    for (std::size_t i = 0; i < plain.hits.size(); ++i) {
        const auto& a = plain.hits[i];
        const auto& b = with_snippets.hits[i];
        CAPTURE(a.id);
        CHECK(a.id == b.id);
        CHECK(a.path == b.path);
        CHECK(a.url == b.url);
        CHECK(a.title == b.title);
        CHECK(a.title_derived == b.title_derived);
        CHECK(a.date == b.date);
        CHECK(a.date_source == b.date_source);
        CHECK(a.source == b.source);
        CHECK(a.snippet.empty());
        CHECK_FALSE(b.snippet.empty());
        saw_derived = saw_derived || a.title_derived;
        if (a.id == "c.txt") {
            CHECK(a.title == "Putin and Trump last spoke by phone on June 14.");
            CHECK(a.title_derived);
        }
        if (a.id == "e.txt") {
            CHECK_FALSE(a.date);
            CHECK(a.date_source == "none");
            CHECK(a.source == "unknown");
        }
    }
    CHECK(saw_derived);
}

TEST_CASE("an index of schema version 2 (display fields in the data only) needs a rebuild") {
    dateline::test::TempDir dir;
    const auto index = dir.path() / "v2";
    dateline::test::build_fixture_index(index, dateline::test::fixture_docs(), 1, "2");
    try {
        dateline::Searcher s{index};
        FAIL("opened an index with schema version 2");
    } catch (const dateline::SchemaVersionError& e) {
        CHECK(std::string(e.what()).find("index-build --rebuild") != std::string::npos);
    }
}

TEST_CASE("a document without display fields is corruption, not an empty hit") {
    dateline::test::TempDir dir;
    const auto index = dir.path() / "index";
    dateline::test::build_fixture_index(index, dateline::test::fixture_docs());
    {
        Xapian::WritableDatabase db((index / "gen-000001").string());
        const std::string id_term =
            dateline::schema::make_term(dateline::schema::prefix::kId, "d.txt");
        auto posting = db.postlist_begin(id_term);
        REQUIRE(posting != db.postlist_end(id_term));
        auto doc = db.get_document(*posting);
        doc.remove_value(dateline::schema::slot::kDisplay);
        db.replace_document(*posting, doc);
        db.commit();
    }
    dateline::Searcher s{index};
    auto request = kAll;
    request.snippet_bytes = 0;
    CHECK_THROWS_AS((void)s.search(request), dateline::IndexCorruptError);
    // Documents that keep their slot are still found.
    CHECK(s.search({.query = "lavrov", .snippet_bytes = 0}).hits.size() == 1);
}
