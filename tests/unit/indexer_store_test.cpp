// The index directory (stub, generations, tmp dirs, lock) and the document contract.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "build_lock.hpp"
#include "document_builder.hpp"
#include "generation_store.hpp"
#include "generation_writer.hpp"
#include "test_support.hpp"

using namespace dateline::detail;
namespace fs = std::filesystem;
namespace schema = dateline::schema;

TEST_CASE("generation names") {
    CHECK(generation_name(7) == "gen-000007");
    CHECK(generation_name(1234567) == "gen-1234567");
    CHECK(parse_generation_name("gen-000007") == 7u);
    CHECK(parse_generation_name("gen-1234567") == 1234567u);
    CHECK_FALSE(parse_generation_name("gen-7"));
    CHECK_FALSE(parse_generation_name("gen-00000x"));
    CHECK_FALSE(parse_generation_name("tmp-000001"));
}

TEST_CASE("the build lock excludes a second holder") {
    dateline::test::TempDir dir;
    {
        BuildLock first(dir.path());
        CHECK_THROWS_AS(BuildLock(dir.path()), dateline::IndexLockedError);
        try {
            BuildLock second(dir.path());
        } catch (const dateline::IndexLockedError& e) {
            CHECK(std::string(e.what()) ==
                  "index is locked by another build: " + dir.path().string());
        }
    }
    CHECK_NOTHROW(BuildLock(dir.path()));  // released with its holder
}

TEST_CASE("GenerationStore: stub, publish, cleanup") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    CHECK_FALSE(store.current());
    CHECK(store.next_generation() == 1);

    // Publishing a database makes the stub name it, and Xapian opens the index dir.
    const fs::path tmp = store.make_tmp_dir();
    CHECK(tmp.filename().string().starts_with("tmp-"));
    {
        Xapian::WritableDatabase db(tmp.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        Xapian::Document doc;
        doc.add_boolean_term("Qone");
        db.add_document(doc);
        db.commit();
    }
    store.publish(tmp, 1);
    CHECK_FALSE(fs::exists(tmp));
    CHECK(store.current() == 1u);
    std::ifstream stub(dir.path() / "XAPIANDB");
    std::string stub_text((std::istreambuf_iterator<char>(stub)), std::istreambuf_iterator<char>());
    CHECK(stub_text == "auto gen-000001\n");
    CHECK(Xapian::Database(dir.path().string()).get_doccount() == 1);

    // Numbers are never reused, even past a stray directory.
    fs::create_directory(dir.path() / "gen-000005");
    CHECK(store.next_generation() == 6);
    store.remove_old_generations(1, std::nullopt);
    CHECK_FALSE(fs::exists(dir.path() / "gen-000005"));
    CHECK(fs::exists(dir.path() / "gen-000001"));

    // Abandoned build directories go.
    (void)store.make_tmp_dir();
    fs::create_directory(dir.path() / "tmp-1-deadbeef");
    CHECK(store.remove_abandoned_tmp_dirs() == 2);

    // A stub that is not ours is an error, not something to overwrite silently.
    std::ofstream(dir.path() / "XAPIANDB") << "auto /elsewhere/db\n";
    CHECK_THROWS_AS((void)store.current(), dateline::IndexCorruptError);
}

TEST_CASE("GenerationWriter: lazy, copies its base, cleans up unless released") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    fs::path tmp;
    {
        GenerationWriter writer(store, std::nullopt, 1 << 20);
        CHECK_FALSE(writer.is_open());
        CHECK(writer.tmp_dir().empty());
        Xapian::Document doc;
        doc.add_boolean_term("Qa");
        writer.put("Qa", doc, 10);
        tmp = writer.tmp_dir();
        CHECK(fs::exists(tmp));
    }
    CHECK_FALSE(fs::exists(tmp));  // not released: removed

    GenerationWriter first(store, std::nullopt, 1 << 20);
    Xapian::Document doc;
    doc.add_boolean_term("Qa");
    first.put("Qa", doc, 10);
    first.close();
    store.publish(first.tmp_dir(), 1);
    first.release();

    GenerationWriter second(store, store.path_of(1), 1);  // commit after every document
    doc = Xapian::Document();
    doc.add_boolean_term("Qb");
    second.put("Qb", doc, 10);
    CHECK(second.db().get_doccount() == 2);
    // The published generation was copied, never written.
    CHECK(Xapian::Database(store.path_of(1).string()).get_doccount() == 1);
}

TEST_CASE("DocumentBuilder follows the indexing contract") {
    dateline::StoredDocument doc;
    doc.id = "reuters/a.txt";
    doc.path = "reuters/a.txt";
    doc.title = "Putin Call";
    doc.title_source = dateline::TitleSource::kText;
    doc.date = "2025-07-04";
    doc.date_source = schema::DateSource::kDateline;
    doc.source = "The Moscow Times";
    doc.source_origin = dateline::SourceOrigin::kHeader;
    doc.url = "https://www.themoscowtimes.com/x";
    doc.author = "Jane Doe";
    doc.cited_hosts = {"t.me"};
    doc.text = "Trump spoke with Putin.";

    DocumentBuilder builder;
    const Xapian::Document xdoc =
        builder.build(doc, "0123456789abcdef", "/abs/reuters/a.txt").document;
    std::set<std::string> terms(xdoc.termlist_begin(), xdoc.termlist_end());
    for (const char* term : {"Qreuters/a.txt", "XSRCthe moscow times", "D20250704", "M202507",
                             "Y2025", "XDSRCdateline", "XCITEt.me", "Hthemoscowtimes.com", "Sputin",
                             "ZSputin", "putin", "Zputin", "trump", "call", "Ajane", "ZAjane"}) {
        CAPTURE(term);
        CHECK(terms.contains(term));
    }
    CHECK(xdoc.get_value(schema::slot::kDate) == "20250704");
    CHECK(xdoc.get_value(schema::slot::kSource) == "The Moscow Times");
    CHECK(xdoc.get_value(schema::slot::kContentHash) == "0123456789abcdef");
    CHECK(xdoc.get_value(schema::slot::kId) == "reuters/a.txt");
    CHECK(xdoc.get_value(schema::slot::kOriginPath) == "/abs/reuters/a.txt");
    CHECK(Xapian::sortable_unserialise(xdoc.get_value(schema::slot::kDayNumber)) == 20273.0);
    CHECK(dateline::StoredDocument::decode(xdoc.get_data()).title == "Putin Call");

    // Title words weigh kTitleWeight unprefixed (plus the body's 1 for "putin").
    auto wdf = [&](const std::string& term) {
        auto it = xdoc.termlist_begin();
        it.skip_to(term);
        return (it != xdoc.termlist_end() && *it == term) ? it.get_wdf() : 0u;
    };
    CHECK(wdf("call") == schema::kTitleWeight);
    CHECK(wdf("putin") == schema::kTitleWeight + 1);
    CHECK(wdf("Sputin") == 1);

    // Phrases never span fields: the title's last word and the body's first are far apart.
    auto positions = [&](const std::string& term) {
        auto it = xdoc.termlist_begin();
        it.skip_to(term);
        return std::vector<Xapian::termpos>(it.positionlist_begin(), it.positionlist_end());
    };
    CHECK(positions("trump").front() > positions("call").back() + 50);

    SUBCASE("undated: no date terms or values, XDSRCnone") {
        doc.date.reset();
        doc.date_source = schema::DateSource::kNone;
        const Xapian::Document undated = builder.build(doc, "h", std::nullopt).document;
        std::set<std::string> t(undated.termlist_begin(), undated.termlist_end());
        CHECK(t.contains("XDSRCnone"));
        CHECK(std::none_of(t.begin(), t.end(), [](const std::string& s) {
            return s.starts_with("D2") || s.starts_with("M2") || s.starts_with("Y2");
        }));
        CHECK(undated.get_value(schema::slot::kDate).empty());
        CHECK(undated.get_value(schema::slot::kDayNumber).empty());
        CHECK(undated.get_value(schema::slot::kOriginPath).empty());
    }
}

namespace {

// What Xapian's own TermGenerator does with the database set and FLAG_SPELLING: the
// reference for the spelling data and terms DocumentBuilder produces without a database.
void reference_index(Xapian::WritableDatabase& db, const dateline::StoredDocument& doc) {
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_max_word_length(schema::kMaxWordBytes);
    generator.set_database(db);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    Xapian::Document xdoc;
    generator.set_document(xdoc);
    if (doc.title) {
        generator.index_text(*doc.title, 1, std::string(schema::prefix::kTitle));
        generator.index_text(*doc.title, schema::kTitleWeight);
        generator.increase_termpos(100);
    }
    generator.index_text(doc.text, schema::kBodyWeight);
    if (doc.author) {
        generator.increase_termpos(100);
        generator.index_text(*doc.author, 1, std::string(schema::prefix::kAuthor));
    }
    db.add_document(xdoc);
}

std::vector<std::pair<std::string, Xapian::doccount>> spellings(const Xapian::Database& db) {
    std::vector<std::pair<std::string, Xapian::doccount>> out;
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
        out.emplace_back(*w, w.get_termfreq());
    }
    return out;
}

std::vector<std::string> free_text_terms(const Xapian::Document& doc) {
    std::vector<std::string> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        // Boolean terms are DocumentBuilder's own; free-text terms start lower-case, Z, S, A.
        if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z' && term[0] != 'S' &&
            term[0] != 'A')
            continue;
        std::string positions;
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
            positions += std::to_string(*p) + ",";
        }
        out.push_back(term + " wdf=" + std::to_string(t.get_wdf()) + " pos=" + positions);
    }
    return out;
}

}  // namespace

TEST_CASE("DocumentBuilder: spelling data and terms as TermGenerator with FLAG_SPELLING") {
    // Repeated words (title and body), stemmed and unstemmed forms, digits, apostrophes,
    // non-ASCII letters, a word over the 64-byte limit, and an author (prefixed: no spelling).
    const std::vector<std::pair<std::string, std::string>> docs = {
        {"Kremlin talks, Kremlin again", "The Kremlin said talks talked talking. Kremlin!"},
        {"Café déjà vu", "Ça va? Naïve cafés, O'Brien's 3.14 and 1,000 AT&T emails; café."},
        {"", std::string(70, 'x') + " short " + std::string(64, 'y') + " words running runs"},
        {"Title only", ""},
    };
    dateline::test::TempDir dir;
    Xapian::WritableDatabase expected((dir.path() / "expected").string(),
                                      Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Xapian::WritableDatabase actual((dir.path() / "actual").string(),
                                    Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    DocumentBuilder builder;  // no database: spellings come back with the document
    for (std::size_t i = 0; i < docs.size(); ++i) {
        dateline::StoredDocument doc;
        doc.id = "d" + std::to_string(i);
        if (!docs[i].first.empty()) doc.title = docs[i].first;
        doc.text = docs[i].second;
        if (i == 1) doc.author = "Jane Doé";
        reference_index(expected, doc);
        BuiltDocument built = builder.build(doc, "h", std::nullopt);
        CHECK(free_text_terms(built.document) ==
              free_text_terms(expected.get_document(expected.get_lastdocid())));
        add_spellings(actual, built.spellings);
        actual.add_document(built.document);
    }
    expected.commit();
    actual.commit();
    const auto want = spellings(expected);
    CHECK(want.size() > 20);  // the reference did write spelling data
    CHECK(spellings(actual) == want);
}

TEST_CASE("GenerationWriter: an error on the writer thread reaches the caller") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    GenerationWriter writer(store, std::nullopt, 1 << 20);
    Xapian::Document bad;
    bad.add_term(std::string(300, 'q'));  // over glass's term length limit: add_document throws
    writer.put("Qbad", BuiltDocument{std::move(bad), {}}, 10, true);
    // The error surfaces at the latest when the caller next needs the database.
    CHECK_THROWS_AS(
        {
            for (int i = 0; i < 3; ++i) {
                Xapian::Document doc;
                doc.add_boolean_term("Qok" + std::to_string(i));
                writer.put("Qok" + std::to_string(i), BuiltDocument{std::move(doc), {}}, 10);
            }
            (void)writer.db();
        },
        Xapian::InvalidArgumentError);
}

TEST_CASE("GenerationWriter: compact() keeps documents and docids, stays writable") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    GenerationWriter writer(store, std::nullopt, 1);  // a commit after every document
    for (int i = 0; i < 50; ++i) {
        Xapian::Document doc;
        doc.add_boolean_term("Q" + std::to_string(i));
        doc.add_posting("word" + std::to_string(i % 7), 1);
        doc.set_data("data " + std::to_string(i));
        writer.put("Q" + std::to_string(i), BuiltDocument{std::move(doc), {}}, 10, true);
    }
    writer.db().delete_document("Q3");
    writer.close();
    const fs::path before = writer.tmp_dir();
    writer.compact();
    CHECK_FALSE(fs::exists(before));
    CHECK(writer.tmp_dir() != before);
    const Xapian::Database db(writer.tmp_dir().string());
    CHECK(db.get_doccount() == 49);
    CHECK(db.get_lastdocid() == 50);
    CHECK(db.get_document(10).get_data() == "data 9");
    CHECK(db.get_termfreq("word2") == 7);
    CHECK(Xapian::Database::check(writer.tmp_dir().string()) == 0);
    // Incremental builds copy a published generation and write it: it must stay writable.
    Xapian::WritableDatabase again(writer.tmp_dir().string(),
                                   Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    again.replace_document("Q7", Xapian::Document());
    again.commit();
    CHECK(again.get_doccount() == 49);
}
