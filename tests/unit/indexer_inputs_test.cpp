// Reading inputs: byte classification, capped reads, the corpus walk (symlinks, FIFOs,
// hidden names), JSON Lines, manifests and synonyms files.
#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>

#include "corpus_walker.hpp"
#include "input_reader.hpp"
#include "jsonl_reader.hpp"
#include "manifest.hpp"
#include "source_aliases.hpp"
#include "synonyms_loader.hpp"
#include "test_support.hpp"

using namespace dateline::detail;
namespace fs = std::filesystem;

TEST_CASE("classify_bytes") {
    CHECK(classify_bytes("Hello, world.\n") == ContentClass::kText);
    CHECK(classify_bytes("") == ContentClass::kEmpty);
    CHECK(classify_bytes(" \n\t\r\n ") == ContentClass::kEmpty);
    CHECK(classify_bytes(std::string("text with one \0 NUL", 19)) == ContentClass::kBinary);
    CHECK(classify_bytes(std::string(100, '\x01')) == ContentClass::kBinary);
    CHECK(classify_bytes("caf\xE9 Latin-1 is text, repaired later") == ContentClass::kText);
    // A few control characters (form feeds, ESC) in prose are not binary.
    CHECK(classify_bytes("Page one\fPage two \x1b[1m bold") == ContentClass::kText);
}

TEST_CASE("read_input_file: cap, vanished, not regular") {
    dateline::test::TempDir dir;
    const auto small = dir.write("small.txt", "12345");
    auto ok = read_input_file(small, 5);
    CHECK(ok.status == ReadStatus::kOk);
    CHECK(ok.bytes == "12345");
    auto big = read_input_file(small, 4);
    CHECK(big.status == ReadStatus::kTooLarge);
    CHECK(big.bytes.empty());
    CHECK(read_input_file(dir.path() / "missing.txt", 10).status == ReadStatus::kVanished);
    const fs::path fifo = dir.path() / "fifo.txt";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Must return at once (O_NONBLOCK), not wait for a writer.
    CHECK(read_input_file(fifo, 10).status == ReadStatus::kNotRegular);
    CHECK(read_input_file(dir.path(), 10).status == ReadStatus::kNotRegular);
}

TEST_CASE("classify_name") {
    CHECK(classify_name("a.txt") == EntryKind::kText);
    CHECK(classify_name("A.TXT") == EntryKind::kText);
    CHECK(classify_name("README") == EntryKind::kText);
    CHECK(classify_name("feed.jsonl") == EntryKind::kJsonl);
    CHECK(classify_name("page.html") == EntryKind::kHtml);
    CHECK(classify_name("PAGE.HTM") == EntryKind::kHtml);
    CHECK(classify_name("feed.rss") == EntryKind::kFeed);
    CHECK(classify_name("feed.atom") == EntryKind::kFeed);
    CHECK(classify_name("sitemap.xml") == EntryKind::kFeed);  // read only if its root is a feed
    CHECK(classify_name("crawl.warc") == EntryKind::kWarc);
    CHECK(classify_name("crawl.warc.gz") == EntryKind::kWarc);
    CHECK(classify_name("notes.tar.gz") == EntryKind::kSkipped);
    CHECK(classify_name("data.json") == EntryKind::kSkipped);
    CHECK(is_root_config_name("manifest.tsv"));
    CHECK(is_root_config_name("synonyms.tsv"));
    CHECK_FALSE(is_root_config_name("other.tsv"));
}

TEST_CASE("walk_directory: order, reasons, symlinks, loops") {
    dateline::test::TempDir dir;
    const fs::path root = dir.path() / "corpus";
    dir.write("corpus/b.txt", "b");
    dir.write("corpus/a.txt", "a");
    dir.write("corpus/reuters/2025/c.txt", "c");
    dir.write("corpus/feed.jsonl", "{}");
    dir.write("corpus/page.html", "<p>");
    dir.write("corpus/.hidden.txt", "h");
    dir.write("corpus/.git/config", "x");
    dir.write("corpus/manifest.tsv", "path\tdate\n");
    dir.write("corpus/synonyms.tsv", "a\tb\n");
    dir.write("corpus/reuters/synonyms.tsv", "not at the root: a candidate");
    REQUIRE(::mkfifo((root / "pipe.txt").c_str(), 0600) == 0);
    fs::create_symlink("nowhere.txt", root / "dangling.txt");
    fs::create_symlink("self.txt", root / "self.txt");
    fs::create_symlink("..", root / "reuters" / "up");  // loop to an ancestor
    fs::create_symlink("reuters", root / "alias");      // second way into a directory
    fs::create_symlink("a.txt", root / "same.txt");     // second way to a file

    dateline::detail::WalkMemory memory;
    const auto entries = walk_directory(root, memory);
    std::map<std::string, std::pair<EntryKind, std::string>> by_path;
    std::vector<std::string> order;
    for (const auto& e : entries) {
        by_path[e.relative] = {e.kind, e.reason};
        order.push_back(e.relative);
    }
    const std::map<std::string, std::pair<EntryKind, std::string>> expected = {
        {".git", {EntryKind::kSkipped, "hidden"}},
        {".hidden.txt", {EntryKind::kSkipped, "hidden"}},
        {"a.txt", {EntryKind::kText, ""}},
        {"alias/2025/c.txt", {EntryKind::kText, ""}},
        {"alias/synonyms.tsv", {EntryKind::kSkipped, "unsupported_type"}},
        {"alias/up", {EntryKind::kSkipped, "symlink_loop"}},
        {"b.txt", {EntryKind::kText, ""}},
        {"dangling.txt", {EntryKind::kRejected, "dangling_symlink"}},
        {"feed.jsonl", {EntryKind::kJsonl, ""}},
        {"page.html", {EntryKind::kHtml, ""}},
        {"pipe.txt", {EntryKind::kSkipped, "not_regular_file"}},
        {"reuters", {EntryKind::kSkipped, "duplicate_directory"}},
        {"same.txt", {EntryKind::kSkipped, "duplicate_file"}},
        {"self.txt", {EntryKind::kSkipped, "symlink_loop"}},
    };
    CHECK(by_path == expected);
    CHECK(std::is_sorted(order.begin(), order.end()));
    CHECK(entries.size() == expected.size());
}

TEST_CASE("classify_file_argument") {
    const auto classify_file_argument = [](const std::filesystem::path& path) {
        dateline::detail::WalkMemory memory;  // each call a fresh command line
        return dateline::detail::classify_file_argument(path, memory);
    };
    dateline::test::TempDir dir;
    const auto file = dir.write("note.txt", "x");
    CHECK(classify_file_argument(file).kind == EntryKind::kText);
    CHECK(classify_file_argument(file).relative == "note.txt");
    const auto other = dir.write("note.pdf", "x");
    CHECK(classify_file_argument(other).reason == "unsupported_type");
}

TEST_CASE("parse_jsonl_record: fields, extras, types") {
    auto result = parse_jsonl_record(
        R"({"id":"a1","title":"T","text":"Body","date":"2025-07-04","source":"S",)"
        R"("url":"https://x.org","author":"W","lang":"en","tags":["x","y"]})");
    REQUIRE(result.article);
    const auto& a = *result.article;
    CHECK(a.id == "a1");
    CHECK(a.title == "T");
    CHECK(a.body == "Body");
    CHECK(a.date == "2025-07-04");
    CHECK(a.source == "S");
    CHECK(a.url == "https://x.org");
    CHECK(a.author == "W");
    CHECK(a.extra_json == R"({"lang":"en","tags":["x","y"]})");
    CHECK(a.warnings.empty());

    auto both = parse_jsonl_record(R"({"id":7,"body":"B","text":"T"})");
    REQUIRE(both.article);
    CHECK(both.article->id == "7");
    CHECK(both.article->body == "B");
    CHECK(both.article->extra_json == R"({"text":"T"})");

    auto bad_type = parse_jsonl_record(R"({"title":42,"body":"B"})");
    REQUIRE(bad_type.article);
    CHECK_FALSE(bad_type.article->title);
    CHECK(bad_type.article->warnings == std::vector<std::string>{"bad_field: title"});

    auto utf8 = parse_jsonl_record("{\"body\":\"caf\xE9\"}");
    REQUIRE(utf8.article);
    CHECK(utf8.article->body == "caf\xEF\xBF\xBD");
    CHECK(utf8.article->warnings.size() == 1);

    CHECK_FALSE(parse_jsonl_record("{not json").article);
    CHECK_FALSE(parse_jsonl_record("[1,2]").article);
    CHECK(parse_jsonl_record("[1,2]").error == "not a JSON object");
}

TEST_CASE("LineReader: lines, CRLF, over-long records, no final newline") {
    dateline::test::TempDir dir;
    const auto file = dir.write("f.jsonl", "one\r\n" + std::string(50, 'x') + "\ntwo\n\nthree");
    const int fd = ::open(file.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    LineReader reader(fd, 10);
    std::string line;
    CHECK(reader.next(line) == LineReader::Status::kLine);
    CHECK(line == "one");
    CHECK(reader.next(line) == LineReader::Status::kTooLong);
    CHECK(reader.line_number() == 2);
    CHECK(reader.next(line) == LineReader::Status::kLine);
    CHECK(line == "two");
    CHECK(reader.next(line) == LineReader::Status::kLine);
    CHECK(line.empty());
    CHECK(reader.next(line) == LineReader::Status::kLine);
    CHECK(line == "three");
    CHECK(reader.line_number() == 5);
    CHECK(reader.next(line) == LineReader::Status::kEnd);
    ::close(fd);
}

TEST_CASE("manifest: TSV with and without a header row, JSONL") {
    const auto plain = parse_manifest_tsv(
        "# comment\n./a.txt\t2025-07-04\tReuters\n"
        "b/c.txt\t\tTASS\tA Title\thttps://tass.ru\tStaff\n\t2025-01-01\n",
        "manifest.tsv");
    REQUIRE(plain.find("a.txt"));
    CHECK(plain.find("a.txt")->date == "2025-07-04");
    CHECK(plain.find("a.txt")->source == "Reuters");
    CHECK_FALSE(plain.find("a.txt")->title);
    REQUIRE(plain.find("b/c.txt"));
    CHECK_FALSE(plain.find("b/c.txt")->date);
    CHECK(plain.find("b/c.txt")->author == "Staff");
    CHECK(plain.notices.size() == 1);  // the row without a path

    const auto named = parse_manifest_tsv("path\tsource\tcolour\nx.txt\tAP\tred\n", "m.tsv");
    REQUIRE(named.find("x.txt"));
    CHECK(named.find("x.txt")->source == "AP");
    CHECK(named.notices.size() == 1);  // unknown column

    const auto jsonl = parse_manifest_jsonl(R"({"path":"y.txt","title":"Y","date":"4 July 2025"})"
                                            "\nnot json\n",
                                            "manifest.jsonl");
    REQUIRE(jsonl.find("y.txt"));
    CHECK(jsonl.find("y.txt")->title == "Y");
    CHECK(jsonl.notices.size() == 1);

    dateline::detail::ManifestRow r1, r2;
    r1.title = "x";
    r2.source = "x";
    CHECK(r1.canonical() != r2.canonical());
}

TEST_CASE("synonyms: parsing and the pairs written to the index") {
    const auto table = parse_synonyms(
        "# comment\nZelensky\tZelenskyy\n\nKyiv\tKiev\tKIEV\nlonely\nNew York\tNYC\n", "s.tsv");
    REQUIRE(table.groups.size() == 3);
    CHECK(table.groups[0] == std::vector<std::string>{"zelensky", "zelenskyy"});
    CHECK(table.groups[1] == std::vector<std::string>{"kyiv", "kiev"});  // KIEV folds into kiev
    CHECK(table.notices.size() == 1);                                    // "lonely"
    const auto pairs = synonym_pairs(table);
    auto has = [&](const std::string& a, const std::string& b) {
        return std::any_of(pairs.begin(), pairs.end(),
                           [&](const SynonymPair& p) { return p.term == a && p.synonym == b; });
    };
    CHECK(has("kyiv", "kiev"));
    CHECK(has("kiev", "kyiv"));
    CHECK(has("Zkyiv", "Zkiev"));
    CHECK(has("new york", "nyc"));
    CHECK_FALSE(has("Znew york", "Znyc"));  // no stemmed form of a multi-word variant
    CHECK(parse_synonyms("a\tb\n", "x").fingerprint != parse_synonyms("a\tc\n", "x").fingerprint);
}

TEST_CASE("sources.tsv: spellings of one outlet, line-numbered notices") {
    const auto table = parse_source_aliases(
        "# outlets\nAssociated Press\tAP\tapnews\nlonely\nReuters\tap\treuters\n"
        "unknown\tnobody\nSÜDDEUTSCHE Zeitung\tSZ\n",
        "sources.tsv");
    CHECK(table.name_of.at("ap") == "Associated Press");
    CHECK(table.name_of.at("apnews") == "Associated Press");
    CHECK(table.name_of.at("associated press") == "Associated Press");
    CHECK(table.name_of.at("suddeutsche zeitung") == "SÜDDEUTSCHE Zeitung");
    CHECK(table.keys_of.at("associated press") ==
          std::vector<std::string>{"associated press", "ap", "apnews"});
    CHECK_FALSE(table.name_of.contains("nobody"));
    REQUIRE(table.notices.size() == 3);
    CHECK(table.notices[0].starts_with("sources.tsv:3: fewer than two spellings"));
    CHECK(table.notices[1] ==
          "sources.tsv:4: \"ap\" is already a spelling of \"Associated Press\" (sources.tsv:2); "
          "ignored here");
    CHECK(table.notices[2].starts_with("sources.tsv:5: \"unknown\" is reserved"));

    dateline::StoredDocument doc;
    doc.source = "APNEWS";
    doc.source_origin = dateline::SourceOrigin::kFolder;
    apply_source_alias(table, doc);
    CHECK(doc.source == "Associated Press");
    CHECK(doc.source_as_found == "APNEWS");
    CHECK(doc.source_origin == dateline::SourceOrigin::kFolder);  // provenance kept
    dateline::StoredDocument none;  // "unknown", no origin: never renamed
    apply_source_alias(table, none);
    CHECK(none.source == "unknown");
    CHECK_FALSE(none.source_as_found);

    // A changed table changes every document's hash; no table leaves it as it was.
    CHECK(hash_with_sources("0123", SourceAliases{}) == "0123");
    CHECK(hash_with_sources("0123", table) != "0123");
    CHECK(hash_with_sources("0123", table) !=
          hash_with_sources("0123", parse_source_aliases("AP\tAssociated Press\n", "s")));
}

TEST_CASE("shipped synonyms file parses cleanly") {
    const auto table = load_synonyms({dateline::test::shipped_data() / "synonyms.tsv"});
    CHECK(table.notices.empty());
    CHECK(table.groups.size() >= 8);
}
