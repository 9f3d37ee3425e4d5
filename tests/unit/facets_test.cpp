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
// years (some undated), three sources (some without a source value), two sites, two
// authors and sets of cited domains (some none).
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
        doc.add_value(dateline::schema::slot::kSite, i % 2 == 0 ? "reuters.com" : "apnews.com");
        if (i % 5 != 0) doc.add_value(dateline::schema::slot::kAuthor, i % 4 == 0 ? "A. B" : "C");
        const std::vector<std::string> cited{"", "x.com", "x.com y.org", "y.org z.net"};
        if (!cited[i % 4].empty())
            doc.add_value(dateline::schema::slot::kCitedDomains, cited[i % 4]);
        db.add_document(doc);
    }
    db.commit();
    return Xapian::Database(dir.string());
}

using dateline::FacetField;

constexpr FacetField kFields[] = {FacetField::kDate, FacetField::kSource, FacetField::kSite,
                                  FacetField::kCites, FacetField::kAuthor};

struct Counts {
    std::vector<std::vector<FacetValue>> dates;
    std::vector<FacetValue> sources;
    std::vector<FacetValue> sites;
    std::vector<FacetValue> cites;
    std::vector<FacetValue> authors;
    std::uint64_t examined{};
};

Counts count(const Xapian::Database& db, const std::string& term, bool value_count_spy,
             FacetCache& cache) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    FacetCollector facets(db, value_count_spy, cache, {std::begin(kFields), std::end(kFields)});
    facets.register_with(enquire);
    (void)enquire.get_mset(0, 10, db.get_doccount());
    Counts c;
    for (const auto g : {DateGranularity::kDay, DateGranularity::kMonth, DateGranularity::kYear}) {
        c.dates.push_back(facets.facet(FacetField::kDate, 0, g).values);
    }
    c.sources = facets.facet(FacetField::kSource, 0, DateGranularity::kMonth).values;
    c.sites = facets.facet(FacetField::kSite, 0, DateGranularity::kMonth).values;
    c.cites = facets.facet(FacetField::kCites, 0, DateGranularity::kMonth).values;
    c.authors = facets.facet(FacetField::kAuthor, 0, DateGranularity::kMonth).values;
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
        CHECK(same(table.sites, spy.sites));
        CHECK(same(table.cites, spy.cites));
        CHECK(same(table.authors, spy.authors));
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
        const auto& sources = table->columns[static_cast<std::size_t>(FacetField::kSource)].values;
        return std::find(sources.begin(), sources.end(), source) != sources.end();
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

TEST_CASE("site, cites and author facets: a report counts once per cited domain, by count") {
    dateline::test::TempDir tmp;
    const auto db = make_db(tmp.path() / "db", 100, "TASS");
    FacetCache cache;
    for (const bool spy : {true, false}) {
        if (!spy) (void)cache.table_for(db);
        CAPTURE(spy);
        const auto c = count(db, "common", spy, cache);
        // i % 4: 0 none, 1 x.com, 2 x.com y.org, 3 y.org z.net (25 documents each).
        REQUIRE(c.cites.size() == 3);
        CHECK(c.cites[0].value == "x.com");
        CHECK(c.cites[0].count == 50);
        CHECK(c.cites[1].value == "y.org");
        CHECK(c.cites[1].count == 50);
        CHECK(c.cites[2].value == "z.net");
        CHECK(c.cites[2].count == 25);
        REQUIRE(c.sites.size() == 2);
        CHECK(c.sites[0].value == "apnews.com");  // 50 each: ties by value
        CHECK(c.sites[0].count == 50);
        CHECK(c.sites[1].count == 50);
        // Authors: 20 documents have none (i % 5 == 0) and are not counted.
        std::uint64_t authored = 0;
        for (const auto& a : c.authors) authored += a.count;
        CHECK(authored == 80);
    }
}

TEST_CASE("a facet keeps its N most frequent values and counts the rest in 'more'") {
    dateline::test::TempDir tmp;
    const auto db = make_db(tmp.path() / "db", 100, "TASS");
    FacetCache cache;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("common"));
    FacetCollector facets(db, false, cache, {FacetField::kCites, FacetField::kDate});
    facets.register_with(enquire);
    (void)enquire.get_mset(0, 10, db.get_doccount());
    const auto cites = facets.facet(FacetField::kCites, 2, DateGranularity::kMonth);
    CHECK(cites.name == "cites");
    REQUIRE(cites.values.size() == 2);
    CHECK(cites.values[1].value == "y.org");
    CHECK(cites.more == 1);
    CHECK(facets.facet(FacetField::kCites, 0, DateGranularity::kMonth).more == 0);
    // Dates keep the first buckets, chronologically.
    const auto years = facets.facet(FacetField::kDate, 1, DateGranularity::kYear);
    REQUIRE(years.values.size() == 1);
    CHECK(years.values[0].value == "2024");
    CHECK(years.more == 2);  // 2025 and undated
    // A field not asked for is not counted.
    CHECK(facets.facet(FacetField::kAuthor, 0, DateGranularity::kMonth).values.empty());
}
