// End-to-end tests of the real index-build binary: defaults, incremental updates,
// --rebuild atomicity, the lock, bad inputs, and exit codes. The index is inspected
// with Xapian directly, as the searcher would open it.
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using dateline::test::CommandResult;
using dateline::test::TempDir;
namespace schema = dateline::schema;

namespace {

void copy_shipped(const fs::path& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(dateline::test::shipped_data())) {
        if (!entry.is_regular_file()) continue;
        fs::copy_file(entry.path(), to / entry.path().filename());
        fs::permissions(to / entry.path().filename(), fs::perms::owner_write,
                        fs::perm_options::add);
    }
}

CommandResult index_build(std::vector<std::string> args, const std::string& stdin_data = {},
                          const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), dateline::test::index_build_exe().string());
    return dateline::test::run(args, stdin_data, env);
}

// Runs index-build with `dir` as its working directory (for the ./data and ./index defaults).
CommandResult index_build_in(const fs::path& dir, const std::string& args,
                             const std::vector<std::string>& env = {}) {
    const std::string script = "cd '" + dir.string() + "' && exec '" +
                               dateline::test::index_build_exe().string() + "' " + args;
    return dateline::test::run({"/bin/sh", "-c", script}, {}, env);
}

nlohmann::json parse_json(const CommandResult& result) {
    INFO("stdout: " << result.out);
    INFO("stderr: " << result.err);
    return nlohmann::json::parse(result.out);
}

// outcome/reason per input file name, from the --json problems list.
std::map<std::string, std::string> problems_by_name(const nlohmann::json& summary) {
    std::map<std::string, std::string> by_name;
    for (const auto& p : summary.at("problems")) {
        const std::string name = fs::path(p.at("input").get<std::string>()).filename().string();
        std::string what = p.at("outcome").get<std::string>();
        if (!p.at("reason").is_null()) what += ":" + p.at("reason").get<std::string>();
        for (const auto& w : p.at("warnings")) what += " " + w.get<std::string>();
        by_name[name] = what;
    }
    return by_name;
}

std::string stored_title(const Xapian::Database& db, const std::string& id) {
    const std::string term = schema::make_term(schema::prefix::kId, id);
    auto it = db.postlist_begin(term);
    REQUIRE(it != db.postlist_end(term));
    return dateline::StoredDocument::decode(db.get_document(*it).get_data()).title.value_or("");
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has_tmp_dir(const fs::path& index) {
    for (const auto& entry : fs::directory_iterator(index)) {
        if (entry.path().filename().string().starts_with("tmp-")) return true;
    }
    return false;
}

Xapian::doccount count_matches(const Xapian::Database& db, const std::string& term) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    return enquire.get_mset(0, 100).size();
}

}  // namespace

TEST_CASE("default run indexes ./data into ./index, per the indexing contract") {
    TempDir dir;
    copy_shipped(dir.path() / "data");
    const CommandResult result = index_build_in(dir.path(), "--json");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto summary = parse_json(result);
    CHECK(summary.at("counts").at("indexed") == 5);
    CHECK(summary.at("counts").at("rejected") == 0);
    CHECK(summary.at("published") == true);

    const fs::path index = dir.path() / "index";
    CHECK(fs::exists(index / "XAPIANDB"));
    Xapian::Database db(index.string());
    CHECK(db.get_doccount() == 5);
    CHECK(db.get_metadata(std::string(schema::metadata::kSchemaVersion)) ==
          std::to_string(schema::kSchemaVersion));
    CHECK(db.get_termfreq("D20250704") == 4);
    CHECK(db.get_termfreq("M202507") == 4);
    CHECK(db.get_termfreq("Y2025") == 4);
    CHECK(db.get_termfreq("XDSRCnone") == 1);
    CHECK(db.get_termfreq("XSRCunknown") == 5);
    CHECK(db.get_termfreq("XCITEt.me") == 1);
    CHECK(db.get_termfreq("XCITEtruthsocial.com") == 1);
    CHECK(db.has_positions());
    CHECK(count_matches(db, "Sputin") >= 1);     // title terms under S
    CHECK(count_matches(db, "Zzelenski") >= 1);  // stemmed body terms

    const std::string id3 = "003_f12a307bb183d36d.txt";
    CHECK(stored_title(db, id3) == "Trump, Putin Hold Tense Call as Ukraine War Rages On");
    auto it = db.postlist_begin(schema::make_term(schema::prefix::kId, id3));
    const Xapian::Document doc = db.get_document(*it);
    CHECK(doc.get_value(schema::slot::kDate) == "20250704");
    CHECK(doc.get_value(schema::slot::kSource) == "unknown");
    CHECK(doc.get_value(schema::slot::kId) == id3);
    CHECK(doc.get_value(schema::slot::kContentHash).size() == 16);
    CHECK(fs::path(doc.get_value(schema::slot::kOriginPath)).is_absolute());
    CHECK(doc.get_value(schema::slot::kOriginPath).ends_with("/data/" + id3));

    // $DATELINE_INDEX names the default index.
    const CommandResult env_run = index_build_in(dir.path(), "--quiet", {"DATELINE_INDEX=other"});
    CHECK(env_run.exit_code == 0);
    CHECK(fs::exists(dir.path() / "other" / "XAPIANDB"));
}

TEST_CASE("incremental: modify, add and delete a file, an unchanged re-run publishes nothing") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path index = dir.path() / "index";
    copy_shipped(data);
    REQUIRE(index_build({"--index", index.string(), "--quiet", data.string()}).exit_code == 0);

    std::ofstream(data / "001_c031bf12cc7e4d47.txt", std::ios::app) << "\nUpdated paragraph.\n";
    std::ofstream(data / "010_added.txt") << "Added Story\n\nKyiv, July 6, 2025 - Text.\n";
    fs::remove(data / "000_7fb5b8740cff7664.txt");

    const CommandResult second = index_build({"--index", index.string(), "--json", data.string()});
    INFO(second.err);
    CHECK(second.exit_code == 0);
    const auto summary = parse_json(second);
    const auto& counts = summary.at("counts");
    CHECK(counts.at("indexed") == 1);
    CHECK(counts.at("replaced") == 1);
    CHECK(counts.at("unchanged") == 3);
    CHECK(counts.at("deleted") == 1);
    CHECK(counts.at("rejected") == 0);
    CHECK(counts.at("inputs") == 5);
    CHECK(summary.at("deleted_ids") == nlohmann::json::array({"000_7fb5b8740cff7664.txt"}));
    CHECK(summary.at("generation") == 2);
    {
        Xapian::Database db(index.string());
        CHECK(db.get_doccount() == 5);
        CHECK(stored_title(db, "010_added.txt") == "Added Story");
        CHECK(db.get_termfreq("D20250706") == 1);
    }

    const CommandResult third = index_build({"--index", index.string(), "--json", data.string()});
    CHECK(third.exit_code == 0);
    const auto unchanged = parse_json(third);
    CHECK(unchanged.at("published") == false);
    CHECK(unchanged.at("generation") == 2);
    CHECK(unchanged.at("counts").at("unchanged") == 5);
    CHECK_FALSE(fs::exists(index / "gen-000003"));
    CHECK(third.err.find("Nothing changed") != std::string::npos);
}

TEST_CASE("--rebuild swaps atomically: an open reader keeps answering, a fresh one sees it") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path index = dir.path() / "index";
    copy_shipped(data);
    REQUIRE(index_build({"--index", index.string(), "--quiet", data.string()}).exit_code == 0);

    Xapian::Database before(index.string());
    REQUIRE(before.get_doccount() == 5);
    const Xapian::doccount kremlin_before = count_matches(before, "kremlin");
    REQUIRE(kremlin_before > 0);

    fs::remove(data / "002_9cc9a15218a27157.txt");
    std::ofstream(data / "020_rebuilt.txt") << "Rebuilt Marker\n\nzyzzyva appears only here.\n";
    const CommandResult rebuild =
        index_build({"--index", index.string(), "--rebuild", "--json", data.string()});
    INFO(rebuild.err);
    REQUIRE(rebuild.exit_code == 0);
    const auto summary = parse_json(rebuild);
    CHECK(summary.at("rebuild") == true);
    CHECK(summary.at("counts").at("indexed") == 5);
    CHECK(summary.at("generation") == 2);

    // The reader opened before the rebuild still sees generation 1, whole.
    CHECK(before.get_doccount() == 5);
    CHECK(count_matches(before, "kremlin") == kremlin_before);
    CHECK(count_matches(before, "zyzzyva") == 0);
    CHECK(before.get_metadata("dateline.generation") == "1");

    Xapian::Database after(index.string());
    CHECK(after.get_metadata("dateline.generation") == "2");
    CHECK(count_matches(after, "zyzzyva") == 1);
    CHECK(after.get_termfreq(schema::make_term(schema::prefix::kId, "002_9cc9a15218a27157.txt")) ==
          0);
    for (const auto& e : fs::directory_iterator(index)) {
        CHECK_FALSE(e.path().filename().string().starts_with("tmp-"));
    }
}

TEST_CASE("a second build on a locked index exits 75 at once") {
    TempDir dir;
    const fs::path index = dir.path() / "index";
    REQUIRE(
        index_build({"--index", index.string(), "--quiet", dateline::test::shipped_data().string()})
            .exit_code == 0);
    const int fd = ::open((index / "build.lock").c_str(), O_RDWR);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    const CommandResult locked = index_build(
        {"--index", index.string(), "--rebuild", dateline::test::shipped_data().string()});
    ::close(fd);
    CHECK(locked.exit_code == 75);
    CHECK(locked.err.find("index is locked by another build: " + index.string()) !=
          std::string::npos);
    CHECK(Xapian::Database(index.string()).get_metadata("dateline.generation") == "1");
}

TEST_CASE("bad inputs are reported with exact outcomes, never abort, and exit 1") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path index = dir.path() / "index";
    dir.write("data/good.txt", "A perfectly ordinary news text about talks.");
    dir.write("data/binary.txt", std::string(400, '\x01') + "\x02\x03\x04 ELF-ish");
    dir.write("data/nul.txt", std::string("Text with a\0NUL byte inside.", 28));
    dir.write("data/empty.txt", "");
    dir.write("data/blank.txt", "  \n\t\n   \n");
    dir.write("data/latin1.txt", "Caf\xE9 au lait in Kyiv.");
    dir.write("data/big.txt", std::string(3000, 'a') + " end");
    dir.write("data/longword.txt", "Normal words then " + std::string(100, 'x') + " and more.");
    dir.write("data/slides.pdf", "%PDF-1.4");
    REQUIRE(::mkfifo((data / "fifo.txt").c_str(), 0600) == 0);
    fs::create_symlink("missing.txt", data / "dangling.txt");
    fs::create_symlink(".", data / "loop");
    fs::create_symlink("selfloop.txt", data / "selfloop.txt");

    const CommandResult result =
        index_build({"--index", index.string(), "--max-file-size", "2K", "--json", data.string()});
    INFO(result.err);
    CHECK(result.exit_code == 1);
    const auto summary = parse_json(result);
    const auto& counts = summary.at("counts");
    CHECK(counts.at("indexed") == 3);
    CHECK(counts.at("rejected") == 6);
    CHECK(counts.at("skipped") == 4);
    CHECK(counts.at("inputs") == 9);
    CHECK(summary.at("published") == true);

    const std::map<std::string, std::string> expected = {
        {"binary.txt", "rejected:binary"},
        {"nul.txt", "rejected:binary"},
        {"empty.txt", "rejected:empty"},
        {"blank.txt", "rejected:empty"},
        {"big.txt", "rejected:too_large"},
        {"dangling.txt", "rejected:dangling_symlink"},
        {"latin1.txt", "indexed invalid_utf8: 1 sequences replaced"},
        {"longword.txt", "indexed dropped_long_words: 1"},
        {"fifo.txt", "skipped:not_regular_file"},
        {"loop", "skipped:symlink_loop"},
        {"selfloop.txt", "skipped:symlink_loop"},
        {"slides.pdf", "skipped:unsupported_type"},
    };
    CHECK(problems_by_name(summary) == expected);

    // Each rejected input is listed on stderr with its file and reason.
    for (const char* name :
         {"binary.txt", "nul.txt", "empty.txt", "blank.txt", "big.txt", "dangling.txt"}) {
        CAPTURE(name);
        CHECK(result.err.find((data / name).string() + ": ") != std::string::npos);
    }

    Xapian::Database db(index.string());
    CHECK(db.get_doccount() == 3);
    CHECK(count_matches(db, "lait") == 1);
    CHECK(count_matches(db, "ordinary") == 1);
    CHECK(count_matches(db, "more") == 1);  // the document with the long word is searchable
}

TEST_CASE("standard input, usage errors, missing inputs, --help") {
    TempDir dir;
    const fs::path index = dir.path() / "index";
    const CommandResult piped =
        index_build({"--index", index.string(), "--json", "-"}, "Piped Headline\n\nPiped body.\n");
    INFO(piped.err);
    CHECK(piped.exit_code == 0);
    {
        Xapian::Database db(index.string());
        CHECK(stored_title(db, "stdin") == "Piped Headline");
    }

    const CommandResult empty_stdin = index_build({"--index", index.string(), "--json", "-"}, "");
    CHECK(empty_stdin.exit_code == 1);
    CHECK(problems_by_name(parse_json(empty_stdin)).at("-") == "rejected:empty");

    const CommandResult bogus = index_build({"--bogus"});
    CHECK(bogus.exit_code == 2);
    CHECK(bogus.err.find("--help") != std::string::npos);

    const CommandResult missing =
        index_build({"--index", index.string(), (dir.path() / "no-such-dir").string()});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("input not found") != std::string::npos);
    CHECK(Xapian::Database(index.string()).get_doccount() == 1);

    const CommandResult help = index_build({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Exit status:") != std::string::npos);
    CHECK(help.out.find("DATELINE_INDEX") != std::string::npos);
}

TEST_CASE("a run that finds no document publishes nothing and exits 66") {
    TempDir dir;
    const fs::path index = dir.path() / "index";
    fs::create_directories(dir.path() / "empty");
    const CommandResult empty =
        index_build({"--index", index.string(), "--no-progress", (dir.path() / "empty").string()});
    CHECK(empty.exit_code == 66);
    CHECK(empty.err.find("no document found in") != std::string::npos);
    CHECK(empty.err.find("nothing was published") != std::string::npos);
    CHECK_FALSE(fs::exists(index / "XAPIANDB"));

    // Only files that are not documents: each is listed with its reason.
    fs::create_directories(dir.path() / "pdfs");
    std::ofstream(dir.path() / "pdfs" / "report.pdf") << "%PDF-1.4";
    const CommandResult skipped =
        index_build({"--index", index.string(), "--no-progress", (dir.path() / "pdfs").string()});
    CHECK(skipped.exit_code == 66);
    CHECK(skipped.err.find("report.pdf: unsupported_type") != std::string::npos);
    CHECK_FALSE(fs::exists(index / "XAPIANDB"));

    // Documents found, but every one rejected: the generation would be empty.
    fs::create_directories(dir.path() / "bad");
    std::ofstream(dir.path() / "bad" / "blank.txt") << "";
    const CommandResult rejected =
        index_build({"--index", index.string(), "--no-progress", (dir.path() / "bad").string()});
    CHECK(rejected.exit_code == 66);
    CHECK(rejected.err.find("was rejected") != std::string::npos);
    CHECK_FALSE(fs::exists(index / "XAPIANDB"));

    // An incremental run over an empty path next to a good index: still refused, the
    // index is untouched.
    copy_shipped(dir.path() / "data");
    REQUIRE(index_build({"--index", index.string(), "--quiet", (dir.path() / "data").string()})
                .exit_code == 0);
    const std::string before = slurp(index / "XAPIANDB");
    CHECK(index_build({"--index", index.string(), "--quiet", (dir.path() / "empty").string()})
              .exit_code == 66);
    CHECK(slurp(index / "XAPIANDB") == before);
}

TEST_CASE("--dry-run walks and extracts, reports, and writes nothing") {
    TempDir dir;
    copy_shipped(dir.path() / "data");
    const fs::path index = dir.path() / "index";
    const CommandResult first = index_build({"--index", index.string(), "--dry-run", "--json",
                                             "--no-progress", (dir.path() / "data").string()});
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    const auto summary = parse_json(first);
    CHECK(summary.at("dry_run") == true);
    CHECK(summary.at("published") == false);
    CHECK(summary.at("counts").at("indexed") == 5);
    CHECK(summary.at("documents") == 5);
    CHECK(first.err.find("would be indexed: ") != std::string::npos);
    CHECK_FALSE(fs::exists(index));  // not even the directory

    // Over a published index: unchanged and replaced told apart, nothing touched.
    REQUIRE(index_build({"--index", index.string(), "--quiet", (dir.path() / "data").string()})
                .exit_code == 0);
    std::ofstream(dir.path() / "data" / "000_7fb5b8740cff7664.txt", std::ios::app) << "\nMore.\n";
    const std::string before = slurp(index / "XAPIANDB");
    const CommandResult second = index_build({"--index", index.string(), "--dry-run", "--json",
                                              "--no-progress", (dir.path() / "data").string()});
    REQUIRE(second.exit_code == 0);
    const auto counts = parse_json(second).at("counts");
    CHECK(counts.at("unchanged") == 4);
    CHECK(counts.at("replaced") == 1);
    CHECK(slurp(index / "XAPIANDB") == before);
    CHECK_FALSE(has_tmp_dir(index));
}

TEST_CASE("published: is the date, updated: never is") {
    TempDir dir;
    fs::create_directories(dir.path() / "in");
    std::ofstream(dir.path() / "in" / "a.txt")
        << "updated: 2025-08-01\npublished: 2025-07-04\ntitle: Harbour\n\nThe council met.\n";
    std::ofstream(dir.path() / "in" / "b.txt")
        << "updated: 2025-08-01\ntitle: Bridge\n\nThe council met again.\n";
    const fs::path index = dir.path() / "index";
    const CommandResult r =
        index_build({"--index", index.string(), "--quiet", (dir.path() / "in").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Xapian::Database db(index.string());
    CHECK(db.get_termfreq("D20250704") == 1);
    CHECK(db.get_termfreq("D20250801") == 0);
    CHECK(db.get_termfreq("XDSRCnone") == 1);  // b.txt: undated, not dated by `updated`
}
