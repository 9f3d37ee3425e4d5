// The public library API (dateline::build_index) on temporary corpora: what ends up in the
// index, incremental bookkeeping, scoping, cancellation, locking and schema versions.
#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/indexer.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using dateline::build_index;
using dateline::BuildReport;
using dateline::InputOutcome;
namespace schema = dateline::schema;

namespace {

void copy_shipped(const fs::path& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(dateline::test::shipped_data())) {
        if (entry.is_regular_file()) {
            fs::copy_file(entry.path(), to / entry.path().filename());
            fs::permissions(to / entry.path().filename(), fs::perms::owner_write,
                            fs::perm_options::add);
        }
    }
}

std::set<std::string> ids_in(const fs::path& index) {
    Xapian::Database db(index.string());
    std::set<std::string> ids;
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it)
        ids.insert((*it).substr(1));
    return ids;
}

const dateline::InputReport* find_input(const BuildReport& report, std::string_view suffix) {
    for (const auto& input : report.inputs) {
        if (input.input.ends_with(suffix)) return &input;
    }
    return nullptr;
}

std::vector<fs::path> tmp_dirs(const fs::path& index) {
    std::vector<fs::path> found;
    if (!fs::exists(index)) return found;
    for (const auto& e : fs::directory_iterator(index)) {
        if (e.path().filename().string().starts_with("tmp-")) found.push_back(e.path());
    }
    return found;
}

Xapian::Document doc_with_id(const Xapian::Database& db, const std::string& id) {
    const std::string term = schema::make_term(schema::prefix::kId, id);
    auto it = db.postlist_begin(term);
    REQUIRE(it != db.postlist_end(term));
    return db.get_document(*it);
}

}  // namespace

TEST_CASE("build_index: the shipped corpus") {
    dateline::test::TempDir dir;
    const fs::path index = dir.path() / "index";
    const BuildReport report =
        build_index({.index_dir = index, .inputs = {dateline::test::shipped_data()}});
    CHECK(report.indexed == 5);
    CHECK(report.rejected == 0);
    CHECK(report.document_inputs() == 5);
    CHECK(report.published);
    CHECK(report.generation == 1);
    CHECK(report.documents == 5);
    CHECK(report.index_bytes > 0);
    CHECK(report.synonym_groups >= 8);
    CHECK(report.notices.empty());

    Xapian::Database db(index.string());
    CHECK(db.get_doccount() == 5);
    CHECK(db.get_metadata(std::string(schema::metadata::kSchemaVersion)) ==
          std::to_string(schema::kSchemaVersion));
    CHECK(db.get_metadata(std::string(schema::metadata::kGeneration)) == "1");
    CHECK(db.get_metadata(std::string(schema::metadata::kBuiltAt)).ends_with("Z"));
    const auto totals =
        nlohmann::json::parse(db.get_metadata(std::string(schema::metadata::kBuildReport)));
    CHECK(totals.at("indexed") == 5);
    CHECK(totals.at("documents") == 5);

    // Date facets: four dated 2025-07-04, one undated.
    CHECK(db.get_termfreq("D20250704") == 4);
    CHECK(db.get_termfreq("XDSRCheader") == 2);
    CHECK(db.get_termfreq("XDSRCdateline") == 2);
    CHECK(db.get_termfreq("XDSRCnone") == 1);
    CHECK(db.get_termfreq("XSRCunknown") == 5);
    CHECK(db.get_termfreq("XCITEtass.ru") == 1);

    const auto d3 =
        dateline::StoredDocument::decode(doc_with_id(db, "003_f12a307bb183d36d.txt").get_data());
    CHECK(d3.title == "Trump, Putin Hold Tense Call as Ukraine War Rages On");
    CHECK(d3.path == "003_f12a307bb183d36d.txt");

    // Synonyms, plain and stemmed, both directions.
    auto synonyms = [&](const std::string& term) {
        return std::set<std::string>(db.synonyms_begin(term), db.synonyms_end(term));
    };
    CHECK(synonyms("kyiv").contains("kiev"));
    CHECK(synonyms("kiev").contains("kyiv"));
    CHECK(synonyms("zelensky").contains("zelenskyy"));
    CHECK(synonyms("Zkyiv").contains("Zkiev"));

    // Spelling data from the text ("did you mean").
    CHECK(db.get_spelling_suggestion("kremln") == "kremlin");
}

TEST_CASE("build_index: incremental modify, add, delete, nothing changed publishes nothing") {
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path index = dir.path() / "index";
    copy_shipped(data);
    REQUIRE(build_index({.index_dir = index, .inputs = {data}}).generation == 1);

    std::ofstream(data / "000_7fb5b8740cff7664.txt", std::ios::app) << "\nAn added paragraph.\n";
    fs::remove(data / "002_9cc9a15218a27157.txt");
    std::ofstream(data / "005_new.txt") << "New Story\n\nMoscow, July 5, 2025 - Something new.\n";

    const BuildReport second = build_index({.index_dir = index, .inputs = {data}});
    CHECK(second.indexed == 1);
    CHECK(second.replaced == 1);
    CHECK(second.unchanged == 3);
    CHECK(second.deleted == 1);
    CHECK(second.deleted_ids == std::vector<std::string>{"002_9cc9a15218a27157.txt"});
    CHECK(second.published);
    CHECK(second.generation == 2);
    CHECK(second.documents == 5);
    CHECK(find_input(second, "000_7fb5b8740cff7664.txt")->outcome == InputOutcome::kReplaced);
    CHECK(find_input(second, "005_new.txt")->outcome == InputOutcome::kIndexed);
    CHECK(ids_in(index).contains("005_new.txt"));
    CHECK_FALSE(ids_in(index).contains("002_9cc9a15218a27157.txt"));
    CHECK(fs::exists(index / "gen-000001"));  // the previous generation is kept

    const BuildReport third = build_index({.index_dir = index, .inputs = {data}});
    CHECK(third.unchanged == 5);
    CHECK_FALSE(third.published);
    CHECK(third.generation == 2);
    CHECK(tmp_dirs(index).empty());
    CHECK_FALSE(fs::exists(index / "gen-000003"));

    // Only current and previous generations stay.
    std::ofstream(data / "005_new.txt", std::ios::app) << "More.\n";
    CHECK(build_index({.index_dir = index, .inputs = {data}}).generation == 3);
    CHECK_FALSE(fs::exists(index / "gen-000001"));
    CHECK(fs::exists(index / "gen-000002"));
}

TEST_CASE("build_index: deletion is scoped to what was scanned") {
    dateline::test::TempDir dir;
    const fs::path index = dir.path() / "index";
    dir.write("a/one.txt", "First corpus text.");
    dir.write("b/two.txt", "Second corpus text.");
    REQUIRE(build_index({.index_dir = index, .inputs = {dir.path() / "a"}}).indexed == 1);
    const BuildReport report = build_index({.index_dir = index, .inputs = {dir.path() / "b"}});
    CHECK(report.indexed == 1);
    CHECK(report.deleted == 0);  // a/ was not scanned: its document stays
    CHECK(ids_in(index) == std::set<std::string>{"one.txt", "two.txt"});

    // A single file argument: its id is its name, and only it is in scope.
    fs::remove(dir.path() / "b" / "two.txt");
    const BuildReport single =
        build_index({.index_dir = index, .inputs = {dir.path() / "a" / "one.txt"}});
    CHECK(single.unchanged == 1);
    CHECK(single.deleted == 0);
}

TEST_CASE("build_index: JSONL, manifest, folder source, stdin, duplicate ids") {
    dateline::test::TempDir dir;
    const fs::path index = dir.path() / "index";
    const fs::path data = dir.path() / "data";
    dir.write(
        "data/feed.jsonl",
        R"({"id":"j1","title":"JSON Title","body":"Body one.","date":"2025-07-04","source":"Meduza","lang":"ru"})"
        "\n\n"
        R"({"body":"No id here.","url":"https://www.meduza.io/a"})"
        "\n"
        "not json\n"
        R"({"id":"j1","body":"Same id again."})"
        "\n");
    dir.write("data/reuters/story.txt", "Plain story text.");
    dir.write("data/plain.txt", "Undated text without metadata.");
    dir.write("data/manifest.tsv", "path\tdate\tsource\nplain.txt\t2025-07-01\tInterfax\n");

    const BuildReport report = build_index(
        {.index_dir = index, .inputs = {data, "-"}, .stdin_data = std::string("From stdin.")});
    CHECK(report.indexed == 5);  // j1, feed.jsonl#3, story, plain, stdin
    CHECK(report.rejected == 2);
    CHECK(find_input(report, "feed.jsonl:4")->reason == "bad_json");
    CHECK(find_input(report, "feed.jsonl:5")->reason == "duplicate_id");
    CHECK(report.document_inputs() == 7);

    Xapian::Database db(index.string());
    // The generation's build report reconciles per reason, as the JSON summary does.
    const auto totals =
        nlohmann::json::parse(db.get_metadata(std::string(schema::metadata::kBuildReport)));
    CHECK(totals.at("rejected") == 2);
    CHECK(totals.at("rejected_reasons") == nlohmann::json{{"bad_json", 1}, {"duplicate_id", 1}});
    CHECK(totals.at("skipped_reasons") == nlohmann::json::object());

    const auto j1 = dateline::StoredDocument::decode(doc_with_id(db, "j1").get_data());
    CHECK(j1.title == "JSON Title");
    CHECK(j1.date_source == schema::DateSource::kJson);
    CHECK(j1.source == "Meduza");
    CHECK(j1.source_origin == dateline::SourceOrigin::kJson);
    CHECK(nlohmann::json::parse(j1.extra_json) == nlohmann::json{{"lang", "ru"}});
    CHECK(j1.path == "feed.jsonl");

    const Xapian::Document anon = doc_with_id(db, "feed.jsonl#3");
    CHECK(std::set<std::string>(anon.termlist_begin(), anon.termlist_end()).contains("Hmeduza.io"));

    const auto story =
        dateline::StoredDocument::decode(doc_with_id(db, "reuters/story.txt").get_data());
    CHECK(story.source == "reuters");
    CHECK(story.source_origin == dateline::SourceOrigin::kFolder);
    CHECK(db.get_termfreq("XSRCreuters") == 1);

    const auto plain = dateline::StoredDocument::decode(doc_with_id(db, "plain.txt").get_data());
    CHECK(plain.date == "2025-07-01");
    CHECK(plain.date_source == schema::DateSource::kManifest);
    CHECK(plain.source == "Interfax");

    const Xapian::Document in = doc_with_id(db, "stdin");
    CHECK_FALSE(dateline::StoredDocument::decode(in.get_data()).path);
    CHECK(in.get_value(schema::slot::kOriginPath).empty());

    SUBCASE("editing the manifest re-indexes the file") {
        dir.write("data/manifest.tsv", "path\tdate\tsource\nplain.txt\t2025-07-02\tInterfax\n");
        const BuildReport again = build_index(
            {.index_dir = index, .inputs = {data, "-"}, .stdin_data = std::string("From stdin.")});
        CHECK(again.replaced == 1);
        CHECK(find_input(again, "plain.txt")->outcome == InputOutcome::kReplaced);
        CHECK(again.unchanged == 4);
    }
}

TEST_CASE("build_index: cancellation publishes nothing and leaves no tmp dir") {
    dateline::test::TempDir dir;
    const fs::path index = dir.path() / "index";
    int calls = 0;
    CHECK_THROWS_AS(build_index({.index_dir = index,
                                 .inputs = {dateline::test::shipped_data()},
                                 .cancel_requested = [&calls] { return ++calls > 3; }}),
                    dateline::BuildCancelledError);
    CHECK(tmp_dirs(index).empty());
    CHECK_FALSE(fs::exists(index / "XAPIANDB"));

    // With a published index, a cancelled rebuild leaves it as it was.
    REQUIRE(
        build_index({.index_dir = index, .inputs = {dateline::test::shipped_data()}}).generation ==
        1);
    calls = 0;
    CHECK_THROWS_AS(build_index({.index_dir = index,
                                 .inputs = {dateline::test::shipped_data()},
                                 .rebuild = true,
                                 .cancel_requested = [&calls] { return ++calls > 3; }}),
                    dateline::BuildCancelledError);
    CHECK(tmp_dirs(index).empty());
    CHECK(Xapian::Database(index.string()).get_metadata("dateline.generation") == "1");
}

TEST_CASE("build_index: a held lock fails fast") {
    dateline::test::TempDir dir;
    const fs::path index = dir.path() / "index";
    fs::create_directories(index);
    const int fd = ::open((index / "build.lock").c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    CHECK_THROWS_AS(build_index({.index_dir = index, .inputs = {dateline::test::shipped_data()}}),
                    dateline::IndexLockedError);
    ::close(fd);
    CHECK(build_index({.index_dir = index, .inputs = {dateline::test::shipped_data()}}).published);
}

TEST_CASE("build_index: another schema version needs --rebuild") {
    dateline::test::TempDir dir;
    const fs::path index = dir.path() / "index";
    REQUIRE(
        build_index({.index_dir = index, .inputs = {dateline::test::shipped_data()}}).published);
    {
        // Simulate an index written by another version (tests may write a generation;
        // index-build itself never does).
        Xapian::WritableDatabase db((index / "gen-000001").string(), Xapian::DB_OPEN);
        db.set_metadata(std::string(schema::metadata::kSchemaVersion), "0");
        db.commit();
    }
    CHECK_THROWS_AS(build_index({.index_dir = index, .inputs = {dateline::test::shipped_data()}}),
                    dateline::SchemaVersionError);
    const BuildReport rebuilt = build_index(
        {.index_dir = index, .inputs = {dateline::test::shipped_data()}, .rebuild = true});
    CHECK(rebuilt.indexed == 5);
    CHECK(Xapian::Database(index.string()).get_metadata("dateline.schema_version") ==
          std::to_string(dateline::schema::kSchemaVersion));
}

TEST_CASE("build_index: invalid requests") {
    dateline::test::TempDir dir;
    CHECK_THROWS_AS(build_index({.index_dir = dir.path() / "i", .inputs = {}}), dateline::Error);
    CHECK_THROWS_AS(build_index({.index_dir = dir.path() / "i", .inputs = {dir.path() / "nope"}}),
                    dateline::Error);
    CHECK_THROWS_AS(build_index({.index_dir = dir.path() / "i", .inputs = {"-"}}), dateline::Error);
    dir.write("i2/a.txt", "text");
    CHECK_THROWS_AS(build_index({.index_dir = dir.path() / "i2", .inputs = {dir.path() / "i2"}}),
                    dateline::Error);
    CHECK_FALSE(fs::exists(dir.path() / "i" / "XAPIANDB"));
}

TEST_CASE("build_index: an index inside the corpus does not index itself") {
    dateline::test::TempDir dir;
    dir.write("data/a.txt", "Some text.");
    const fs::path index = dir.path() / "data" / "index";
    REQUIRE(build_index({.index_dir = index, .inputs = {dir.path() / "data"}}).indexed == 1);
    const BuildReport again = build_index({.index_dir = index, .inputs = {dir.path() / "data"}});
    CHECK(again.unchanged == 1);
    CHECK(again.inputs.size() == 1);
}

TEST_CASE("build_index: shards hold each document where shard_of says, incrementally too") {
    namespace layout = schema::layout;
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path index = dir.path() / "index";
    copy_shipped(data);
    const BuildReport first = build_index({.index_dir = index, .inputs = {data}, .shards = 3});
    CHECK(first.shards == 3);
    CHECK(first.documents == 5);
    const fs::path gen = index / "gen-000001";

    // Every document in its shard and nowhere else; spelling and synonyms only in terms/.
    const auto check_placement = [&](const fs::path& generation, const std::set<std::string>& ids) {
        std::uint64_t total = 0;
        for (unsigned shard = 0; shard < 3; ++shard) {
            const Xapian::Database db((generation / layout::shard_name(shard)).string());
            total += db.get_doccount();
            CHECK(db.get_metadata(std::string(schema::metadata::kSchemaVersion)) ==
                  std::to_string(schema::kSchemaVersion));
            CHECK(db.spellings_begin() == db.spellings_end());
            CHECK(db.synonym_keys_begin() == db.synonym_keys_end());
            for (const auto& id : ids) {
                CAPTURE(id);
                const auto term = schema::make_term(schema::prefix::kId, id);
                CHECK(db.get_termfreq(term) == (layout::shard_of(id, 3) == shard ? 1U : 0U));
            }
        }
        CHECK(total == ids.size());
        const Xapian::Database terms((generation / layout::kTermsName).string());
        CHECK(terms.get_doccount() == 0);
        CHECK(terms.get_spelling_suggestion("kremln") == "kremlin");
        CHECK(terms.synonyms_begin("kyiv") != terms.synonyms_end("kyiv"));
    };
    check_placement(gen, ids_in(index));
    CHECK(ids_in(index).size() == 5);  // Xapian opens the stub as one database

    // Incremental: the count is kept, a changed document is replaced in its shard.
    std::ofstream(data / "000_7fb5b8740cff7664.txt", std::ios::app)
        << "\nAn added paragraph about quokkas.\n";
    fs::remove(data / "002_9cc9a15218a27157.txt");
    std::ofstream(data / "005_new.txt") << "New Story\n\nMoscow, July 5, 2025 - Something new.\n";
    const BuildReport second = build_index({.index_dir = index, .inputs = {data}});
    CHECK(second.shards == 3);
    CHECK(second.replaced == 1);
    CHECK(second.indexed == 1);
    CHECK(second.deleted == 1);
    const auto ids = ids_in(index);
    CHECK(ids.size() == 5);
    CHECK(ids.contains("005_new.txt"));
    CHECK_FALSE(ids.contains("002_9cc9a15218a27157.txt"));
    check_placement(index / "gen-000002", ids);
    CHECK(Xapian::Database(index.string()).get_termfreq("quokkas") == 1);

    // Another count needs a rebuild; the published generation stays.
    CHECK_THROWS_AS(build_index({.index_dir = index, .inputs = {data}, .shards = 2}),
                    dateline::Error);
    CHECK(
        build_index({.index_dir = index, .inputs = {data}, .rebuild = true, .shards = 2}).shards ==
        2);
    CHECK(ids_in(index) == ids);
}

namespace {

std::map<std::string, std::string> stories_in(const fs::path& index) {
    Xapian::Database db(index.string());
    std::map<std::string, std::string> stories;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const std::string story = doc.get_value(schema::slot::kStory);
        CHECK(db.get_termfreq(schema::make_term(schema::prefix::kStory, story)) > 0);
        stories[doc.get_value(schema::slot::kId)] = story;
    }
    return stories;
}

std::set<std::string> distinct(const std::map<std::string, std::string>& stories) {
    std::set<std::string> out;
    for (const auto& [id, story] : stories) out.insert(story);
    return out;
}

}  // namespace

TEST_CASE("build_index: stories of the shipped corpus, incremental, deleted, sharded") {
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path index = dir.path() / "index";
    copy_shipped(data);
    BuildReport report = build_index({.index_dir = index, .inputs = {data}});
    CHECK(report.stories == 1);
    const auto first = stories_in(index);
    REQUIRE(first.size() == 5);
    REQUIRE(distinct(first).size() == 1);
    const std::string story = first.begin()->second;
    CHECK(schema::is_story_id(story));

    // A syndicated copy of one report (other headline and credit line) and an unrelated one.
    std::ifstream in(data / "001_c031bf12cc7e4d47.txt");
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(data / "zz_copy.txt") << "title: Call brings no progress\n\nAgency copy.\n"
                                        << body;
    std::ofstream(data / "zz_other.txt")
        << "date 2025-07-04\n\nA storm flooded hundreds of homes along the northern coast "
           "overnight, and rescue teams used boats to reach villages cut off by the water.\n";
    report = build_index({.index_dir = index, .inputs = {data}});
    CHECK(report.indexed == 2);
    CHECK(report.stories == 2);
    const auto second = stories_in(index);
    for (const auto& [id, s] : first) CHECK(second.at(id) == s);  // never renumbered
    CHECK(second.at("zz_copy.txt") == story);
    CHECK(second.at("zz_other.txt") != story);

    // Deleting reports keeps the rest of the story together.
    fs::remove(data / "001_c031bf12cc7e4d47.txt");
    fs::remove(data / "003_f12a307bb183d36d.txt");
    report = build_index({.index_dir = index, .inputs = {data}, .force = true});
    const auto third = stories_in(index);
    CHECK(third.size() == 5);
    for (const auto& [id, s] : third) CHECK(s == second.at(id));

    // A rebuild, and a rebuild over three shards, group the same corpus the same way.
    const fs::path one = dir.path() / "one";
    const fs::path sharded = dir.path() / "sharded";
    CHECK(build_index({.index_dir = one, .inputs = {data}}).stories == 2);
    CHECK(build_index({.index_dir = sharded, .inputs = {data}, .shards = 3}).stories == 2);
    CHECK(stories_in(one) == stories_in(sharded));
    CHECK(stories_in(one).at("zz_copy.txt") == stories_in(one).at("000_7fb5b8740cff7664.txt"));
}

TEST_CASE("build_index: stories settled after placement are recorded in every part") {
    // An undated copy placed first: its link to the dated reports is settled at the end, and
    // the story then takes the copy's id (the smallest), so the five documents already written,
    // one part database each, are all rewritten.
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    copy_shipped(data);
    const fs::path shipped = dir.path() / "shipped";
    REQUIRE(build_index({.index_dir = shipped, .inputs = {data}}).stories == 1);
    const std::string shipped_story = stories_in(shipped).begin()->second;
    std::ifstream in(data / "001_c031bf12cc7e4d47.txt");
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    body.erase(0, body.find('\n') + 1);  // the dated first paragraph
    std::ofstream(data / "0-copy.txt") << "title: Call brings no progress\n\n" << body;

    const fs::path parts = dir.path() / "parts";
    const fs::path one = dir.path() / "one";
    const BuildReport report =
        build_index({.index_dir = parts, .inputs = {data}, .commit_bytes = 1});
    CHECK(report.indexed == 6);
    CHECK(report.stories == 1);
    CHECK(build_index({.index_dir = one, .inputs = {data}}).stories == 1);
    const auto stories = stories_in(parts);
    REQUIRE(stories.size() == 6);
    CHECK(distinct(stories).size() == 1);
    CHECK(stories == stories_in(one));
    CHECK(stories.at("000_7fb5b8740cff7664.txt") != shipped_story);  // rewritten
    const Xapian::Database db(parts.string());
    const auto copy = db.postlist_begin(schema::make_term(schema::prefix::kId, "0-copy.txt"));
    REQUIRE(copy != db.postlist_end(schema::make_term(schema::prefix::kId, "0-copy.txt")));
    CHECK(db.get_document(*copy).get_value(schema::slot::kDate).empty());  // undated indeed
}
