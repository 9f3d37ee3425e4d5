// Facet counting (searcher/src/facets.*): the per-generation table must count exactly what
// Xapian's ValueCountMatchSpy counts, and must follow the database it is asked about.
#include "facets.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/schema.hpp>

#include "test_support.hpp"

namespace {

using dateline::DateGranularity;
using dateline::FacetValue;
using dateline::detail::FacetCache;
using dateline::detail::FacetCollector;

// A glass database (the table path needs a UUID, as published generations have) whose
// documents carry the word "common", every third one "third", with dates over two
// years (some undated) and three sources (some without a source value).
Xapian::Database make_db(const std::filesystem::path& dir, int docs,
                         const std::string& extra_source) {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    const std::vector<std::string> sources{"AP", "Reuters", extra_source};
    for (int i = 0; i < docs; ++i) {
        Xapian::Document doc;
        doc.add_term("common");
        if (i % 3 == 0) doc.add_term("third");
        if (i % 7 != 0) {
            const int month = 1 + i % 12;
            const int day = 1 + i % 28;
            const std::string date = std::to_string(2024 + i % 2) + (month < 10 ? "0" : "") +
                                     std::to_string(month) + (day < 10 ? "0" : "") +
                                     std::to_string(day);
            doc.add_value(dateline::schema::slot::kDate, date);
        }
        if (i % 11 != 0) doc.add_value(dateline::schema::slot::kSource, sources[i % 3]);
        db.add_document(doc);
    }
    db.commit();
    return Xapian::Database(dir.string());
}

struct Counts {
    std::vector<std::vector<FacetValue>> dates;
    std::vector<FacetValue> sources;
    std::uint64_t examined{};
};

Counts count(const Xapian::Database& db, const std::string& term, bool value_count_spy,
             FacetCache& cache) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    FacetCollector facets(db, value_count_spy, cache);
    facets.register_with(enquire);
    (void)enquire.get_mset(0, 10, db.get_doccount());
    Counts c;
    for (const auto g : {DateGranularity::kDay, DateGranularity::kMonth, DateGranularity::kYear}) {
        c.dates.push_back(facets.dates(g));
    }
    c.sources = facets.sources(0);
    c.examined = facets.examined();
    return c;
}

bool same(const std::vector<FacetValue>& a, const std::vector<FacetValue>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].value != b[i].value || a[i].count != b[i].count) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("facet counts from the per-generation table equal ValueCountMatchSpy's") {
    dateline::test::TempDir tmp;
    const auto db = make_db(tmp.path() / "db", 500, "TASS");
    FacetCache cache;
    (void)cache.table_for(db);  // as after a first faceted search: the table path is used
    for (const std::string term : {"common", "third"}) {
        CAPTURE(term);
        const auto table = count(db, term, false, cache);
        const auto spy = count(db, term, true, cache);
        CHECK(table.examined == (term == "common" ? 500U : 167U));
        CHECK(table.examined == spy.examined);
        for (std::size_t g = 0; g < 3; ++g) CHECK(same(table.dates[g], spy.dates[g]));
        CHECK(same(table.sources, spy.sources));
        // Undated documents are counted, last.
        REQUIRE(!table.dates[1].empty());
        CHECK(table.dates[1].back().value == "undated");
    }
}

TEST_CASE("the facet table follows the database it is asked about") {
    dateline::test::TempDir tmp;
    const auto first = make_db(tmp.path() / "first", 60, "TASS");
    const auto second = make_db(tmp.path() / "second", 60, "Interfax");
    FacetCache cache;
    const auto a = cache.table_for(first);
    CHECK(cache.table_for(first) == a);  // the same generation: read once
    const auto b = cache.table_for(second);
    CHECK(b != a);
    const auto has = [](const auto& table, const std::string& source) {
        return std::find(table->sources.begin(), table->sources.end(), source) !=
               table->sources.end();
    };
    CHECK(has(b, "Interfax"));
    CHECK_FALSE(has(b, "TASS"));
    // A search on the second database counts its sources, not the first one's.
    const auto counts = count(second, "common", false, cache);
    CHECK(std::any_of(counts.sources.begin(), counts.sources.end(),
                      [](const FacetValue& f) { return f.value == "Interfax"; }));
}

TEST_CASE("the facet table is read from the second faceted search of a generation on") {
    dateline::test::TempDir tmp;
    const auto first = make_db(tmp.path() / "first", 60, "TASS");
    const auto second = make_db(tmp.path() / "second", 60, "Interfax");
    FacetCache cache;
    CHECK(cache.table_if_reused(first) == nullptr);  // a one-shot search reads no table
    const auto table = cache.table_if_reused(first);
    REQUIRE(table != nullptr);
    CHECK(cache.table_if_reused(first) == table);
    CHECK(cache.table_if_reused(second) == nullptr);  // a new generation starts over
    CHECK(cache.table_if_reused(second) != nullptr);
}

// Issue 13: "Reuters" and "reuters" were listed as two sources, though source: filters them
// as one. Both spies merge them under the most frequent spelling.
TEST_CASE("source facets merge spellings that differ only by case, accents or spaces") {
    dateline::test::TempDir tmp;
    Xapian::WritableDatabase wdb((tmp.path() / "db").string(), Xapian::DB_CREATE_OR_OVERWRITE);
    const std::vector<std::string> spellings{"Reuters",     "reuters",     "Reuters", "REUTERS",
                                             "Süddeutsche", "SUDDEUTSCHE", "AP"};
    for (const auto& source : spellings) {
        Xapian::Document doc;
        doc.add_term("common");
        doc.add_value(dateline::schema::slot::kSource, source);
        wdb.add_document(doc);
    }
    wdb.commit();
    const Xapian::Database db((tmp.path() / "db").string());
    FacetCache cache;
    (void)cache.table_for(db);
    for (const bool value_count_spy : {false, true}) {
        CAPTURE(value_count_spy);
        const auto sources = count(db, "common", value_count_spy, cache).sources;
        REQUIRE(sources.size() == 3);
        CHECK(sources[0].value == "Reuters");
        CHECK(sources[0].count == 4);
        CHECK(sources[1].value == "SUDDEUTSCHE");  // a tie: the byte-smallest spelling
        CHECK(sources[1].count == 2);
        CHECK(sources[2].value == "AP");
    }
}
