// The index directory (stub, generations, tmp dirs, lock) and the document contract.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/time.h>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/index_stub.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>
#include <dateline/term_rules.hpp>

#include "build_lock.hpp"
#include "document_builder.hpp"
#include "generation_store.hpp"
#include "generation_writer.hpp"
#include "test_support.hpp"

using namespace dateline::detail;
namespace fs = std::filesystem;
namespace schema = dateline::schema;

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
    schema::stub::Contents elsewhere;
    elsewhere.shards.push_back(schema::stub::Location::local("/elsewhere/db"));
    std::ofstream(dir.path() / "XAPIANDB") << schema::stub::format(elsewhere);
    CHECK_THROWS_AS((void)store.current(), dateline::IndexCorruptError);
}

namespace {

extern "C" void ignore_alarm(int) {}

// SIGALRM every 20 us through a handler without SA_RESTART, as index-build's own
// SIGINT/SIGTERM handlers are (and libFuzzer's -timeout alarm); restored on exit.
class FrequentAlarm {
  public:
    FrequentAlarm() {
        struct sigaction action {};
        action.sa_handler = &ignore_alarm;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        sigaction(SIGALRM, &action, &m_previous);
        const itimerval every{{0, 20}, {0, 20}};
        setitimer(ITIMER_REAL, &every, nullptr);
    }
    ~FrequentAlarm() {
        const itimerval off{};
        setitimer(ITIMER_REAL, &off, nullptr);
        sigaction(SIGALRM, &m_previous, nullptr);
    }
    FrequentAlarm(const FrequentAlarm&) = delete;
    FrequentAlarm& operator=(const FrequentAlarm&) = delete;

  private:
    struct sigaction m_previous {};
};

}  // namespace

TEST_CASE("copy_generation: a signal without SA_RESTART does not fail the copy") {
    dateline::test::TempDir dir;
    const fs::path from = dir.path() / "from";
    fs::create_directory(from);
    const std::string block(std::size_t{256} * 1024, 'x');
    for (int i = 0; i < 32; ++i) std::ofstream(from / ("table" + std::to_string(i))) << block;
    std::ofstream(from / "flintlock") << "";
    const FrequentAlarm alarm;
    for (int round = 0; round < 20; ++round) {
        const fs::path to = dir.path() / ("to" + std::to_string(round));
        fs::create_directory(to);
        REQUIRE_NOTHROW(copy_generation(from, to));
        CHECK(std::distance(fs::directory_iterator(to), fs::directory_iterator()) == 32);
        CHECK(fs::file_size(to / "table31") == block.size());
    }
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

// What Xapian's own TermGenerator does, under the same term rules, with the database set
// and FLAG_SPELLING: the reference for the spelling data and terms DocumentBuilder
// produces without a database.
void reference_index(Xapian::WritableDatabase& db, const dateline::StoredDocument& doc) {
    Xapian::TermGenerator generator;
    schema::term_rules::configure(generator, schema::term_rules::stemmer());
    generator.set_database(db);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    Xapian::Document xdoc;
    generator.set_document(xdoc);
    schema::term_rules::index_text(generator, doc.title, doc.text, doc.author);
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
        std::string line = term;
        line += " wdf=" + std::to_string(t.get_wdf());
        line += " pos=" + positions;
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace

namespace {

/// Everything a reader can see of document `did`: data, values, terms with wdf and
/// positions.
std::string dump(const Xapian::Database& db, Xapian::docid did) {
    const Xapian::Document doc = db.get_document(did);
    std::string out = doc.get_data() + "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        out += std::to_string(v.get_valueno()) + "=" + *v + "\n";
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
        out += *t + " " + std::to_string(t.get_wdf()) + ":";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            out += " " + std::to_string(*p);
        out += "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("DocumentBuilder::restamped: a stored document rebuilt with its new story") {
    dateline::StoredDocument doc;
    doc.id = "tass/b.html";
    doc.title = "Talks resume in Geneva";
    doc.date = "2025-07-04";
    doc.source = "TASS";
    doc.url = "https://tass.com/world/1";
    doc.author = "Ivan Petrov";
    doc.cited_hosts = {"kremlin.ru"};
    doc.text = "Delegations met in Geneva on Friday. The talks resume on Monday in Geneva.";
    const StoryFields first{"aaaaaaaaaaaaaaaa", "signature bytes"};
    const StoryFields second{"bbbbbbbbbbbbbbbb", "signature bytes"};
    const std::optional<std::string> origin = "/abs/tass/b.html";
    DocumentBuilder builder;

    dateline::test::TempDir dir;
    const auto open = [&](const char* name) {
        return Xapian::WritableDatabase((dir.path() / name).string(),
                                        Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    };
    Xapian::WritableDatabase expected = open("expected");
    expected.add_document(builder.build(doc, "0123456789abcdef", origin, second).document);
    expected.commit();
    Xapian::WritableDatabase db = open("restamped");
    db.add_document(builder.build(doc, "0123456789abcdef", origin, first).document);

    SUBCASE("from its stored data, with the same positions") {
        db.commit();
        const Xapian::Document rebuilt = builder.restamped(db.get_document(1), first.id, second.id);
        CHECK(rebuilt.get_docid() == 0);  // built, not read: no position list loaded
        db.replace_document(1, rebuilt);
        db.commit();
        CHECK(dump(db, 1) == dump(expected, 1));
    }
    SUBCASE("a document its data does not give back: the stored one, story swapped") {
        Xapian::Document odd = db.get_document(1);
        odd.add_boolean_term("XODD");
        db.replace_document(1, odd);
        db.commit();
        const Xapian::Document swapped = builder.restamped(db.get_document(1), first.id, second.id);
        CHECK(swapped.get_docid() == 1);
        db.replace_document(1, swapped);
        db.commit();
        expected.replace_document(1, [&] {
            Xapian::Document with_odd = expected.get_document(1);
            with_odd.add_boolean_term("XODD");
            return with_odd;
        }());
        expected.commit();
        CHECK(dump(db, 1) == dump(expected, 1));
    }
}

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

namespace {

Xapian::Document plain_document(const std::string& id, const std::string& data) {
    Xapian::Document doc;
    doc.add_boolean_term("Q" + id);
    doc.add_posting("word" + std::to_string(id.size() % 7), 1);
    doc.set_data(data);
    return doc;
}

void put_plain(GenerationWriter& writer, const std::string& id, bool replaces = false) {
    writer.put("Q" + id, id, BuiltDocument{plain_document(id, "data " + id), {{"word", 1}}}, 10,
               replaces);
}

Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        if (*it == word) return it.get_termfreq();
    }
    return 0;
}

std::size_t tmp_dirs(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        n += entry.path().filename().string().starts_with("tmp-") ? 1 : 0;
    }
    return n;
}

WriterSettings settings(unsigned threads, unsigned shards, std::uint64_t batch_bytes) {
    WriterSettings s;
    s.threads = threads;
    s.shards = shards;
    s.batch_bytes = batch_bytes;
    return s;
}

}  // namespace

TEST_CASE("GenerationWriter: private tmp dirs, removed unless released") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    {
        GenerationWriter writer(store, std::nullopt, settings(2, 1, 1 << 20));
        CHECK(tmp_dirs(dir.path()) == 0);  // lazy: a no-op build creates nothing
        put_plain(writer, "a");
        CHECK(writer.flush() == 1);
        writer.merge({}, nullptr);
        CHECK(tmp_dirs(dir.path()) == 1);  // the parts are gone, the generation is left
    }
    CHECK(tmp_dirs(dir.path()) == 0);  // not released: removed
}

TEST_CASE("GenerationWriter: many parts on several threads merge into single-writer order") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    // A batch per document: 50 part databases written by 3 threads.
    GenerationWriter writer(store, std::nullopt, settings(3, 1, 1));
    for (int i = 0; i < 50; ++i) put_plain(writer, std::to_string(i));
    CHECK(writer.flush() == 50);
    writer.merge({{"k", "v"}}, nullptr);
    const Xapian::Database db(writer.generation_dir().string());
    REQUIRE(db.get_doccount() == 50);
    CHECK(db.get_lastdocid() == 50);
    for (Xapian::docid id = 1; id <= 50; ++id) {
        CHECK(db.get_document(id).get_data() == "data " + std::to_string(id - 1));
    }
    CHECK(spelling_frequency(db, "word") == 50);  // summed over the parts
    CHECK(db.get_metadata("k") == "v");
    CHECK(Xapian::Database::check(writer.generation_dir().string()) == 0);
}

TEST_CASE("GenerationWriter: incremental runs never write the published generation") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    {
        GenerationWriter first(store, std::nullopt, settings(2, 1, 1 << 20));
        for (const char* id : {"a", "b", "c"}) put_plain(first, id);
        CHECK(first.flush() == 3);
        first.merge({{"k", "old"}}, nullptr);
        (void)store.publish(first.generation_dir(), 1);
        first.release();
    }
    const auto published = store.path_of(1);
    const auto stamp = fs::last_write_time(published / "postlist.glass");

    GenerationWriter second(store, BaseGeneration{published, 1}, settings(2, 1, 1 << 20));
    put_plain(second, "b", /*replaces=*/true);
    put_plain(second, "d");
    second.remove("Qa", "a");
    CHECK(second.flush() == 3);
    second.merge({{"k", "new"}}, nullptr);
    const Xapian::Database db(second.generation_dir().string());
    CHECK(db.get_doccount() == 3);
    CHECK(db.get_termfreq("Qa") == 0);
    CHECK(db.get_termfreq("Qb") == 1);
    CHECK(db.get_metadata("k") == "new");        // ours wins over the base's
    CHECK(spelling_frequency(db, "word") == 5);  // 3 before + 2 now: Xapian never subtracts
    const Xapian::Database old(published.string());
    CHECK(old.get_doccount() == 3);
    CHECK(old.get_termfreq("Qa") == 1);
    CHECK(fs::last_write_time(published / "postlist.glass") == stamp);
}

TEST_CASE("GenerationWriter: a new synonym table replaces the base's, not merges with it") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    SynonymTable first_table;
    first_table.groups = {{"kyiv", "kiev"}};
    {
        GenerationWriter first(store, std::nullopt, settings(1, 1, 1 << 20));
        put_plain(first, "a");
        (void)first.flush();
        first.merge({}, &first_table);
        (void)store.publish(first.generation_dir(), 1);
        first.release();
    }
    SynonymTable second_table;
    second_table.groups = {{"zelensky", "zelenskyy"}};
    GenerationWriter second(store, BaseGeneration{store.path_of(1), 1}, settings(1, 1, 1 << 20));
    put_plain(second, "b");
    (void)second.flush();
    second.merge({}, &second_table);
    const Xapian::Database db(second.generation_dir().string());
    CHECK(db.synonyms_begin("kyiv") == db.synonyms_end("kyiv"));
    CHECK(db.synonyms_begin("zelensky") != db.synonyms_end("zelensky"));
}

TEST_CASE("GenerationWriter: shards by the unique id's hash, spelling in the terms database") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    GenerationWriter writer(store, std::nullopt, settings(2, 3, 30));
    std::vector<std::string> ids;
    ids.reserve(40);
    for (int i = 0; i < 40; ++i) ids.push_back("doc-" + std::to_string(i));
    for (const auto& id : ids) put_plain(writer, id);
    CHECK(writer.flush() == 40);
    writer.merge({{std::string(schema::metadata::kSchemaVersion), "x"}}, nullptr);
    const auto databases = writer.databases();
    REQUIRE(databases.size() == 4);
    CHECK(databases.back().filename() == "terms");
    std::uint64_t total = 0;
    for (unsigned shard = 0; shard < 3; ++shard) {
        CHECK(databases[shard].filename() == dateline::schema::layout::shard_name(shard));
        const Xapian::Database db(databases[shard].string());
        total += db.get_doccount();
        CHECK(db.get_metadata(std::string(schema::metadata::kSchemaVersion)) == "x");
        CHECK(spelling_frequency(db, "word") == 0);
        for (const auto& id : ids) {
            const bool here = dateline::schema::layout::shard_of(id, 3) == shard;
            CHECK(db.get_termfreq("Q" + id) == (here ? 1U : 0U));
        }
        CHECK(Xapian::Database::check(databases[shard].string()) == 0);
    }
    CHECK(total == 40);
    const Xapian::Database terms(databases.back().string());
    CHECK(terms.get_doccount() == 0);
    CHECK(spelling_frequency(terms, "word") == 40);
}

TEST_CASE("GenerationWriter: an error on a writer thread reaches the caller") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    GenerationWriter writer(store, std::nullopt, settings(2, 1, 1 << 20));
    Xapian::Document bad;
    bad.add_term(std::string(300, 'q'));  // over glass's term length limit: add_document throws
    writer.put("Qbad", "bad", BuiltDocument{std::move(bad), {}}, 10, false);
    CHECK_THROWS_AS(
        {
            for (int i = 0; i < 3; ++i) put_plain(writer, "ok" + std::to_string(i));
            (void)writer.flush();
        },
        Xapian::InvalidArgumentError);
}

TEST_CASE("the store reads back only the stubs it publishes") {
    dateline::test::TempDir dir;
    const GenerationStore store(dir.path());
    const std::string two_shards = schema::stub::format(schema::stub::of_generation(7, 2));
    std::ofstream(dir.path() / "XAPIANDB") << two_shards;
    const auto published = store.published();
    REQUIRE(published);
    CHECK(published->generation == 7);
    CHECK(published->shards == 2);
    // A hand-edited stub (a remote shard added) is not ours to overwrite.
    std::ofstream(dir.path() / "XAPIANDB")
        << two_shards << schema::stub::line(schema::stub::Location::remote("10.0.0.2", 7001))
        << "\n";
    CHECK_THROWS_AS((void)store.published(), dateline::IndexCorruptError);
}

TEST_CASE("open_private_database refuses anything outside a tmp-* directory") {
    dateline::test::TempDir dir;
    CHECK_THROWS_AS((void)open_private_database(dir.path() / "gen-000001", true), std::logic_error);
    CHECK_THROWS_AS((void)open_private_database(dir.path() / "index", false), std::logic_error);
    CHECK_FALSE(fs::exists(dir.path() / "gen-000001"));  // refused before anything is created
    fs::create_directory(dir.path() / "tmp-1-ab");
    auto db = open_private_database(dir.path() / "tmp-1-ab" / "part-000000-0", true);
    CHECK(db.get_doccount() == 0);
}
