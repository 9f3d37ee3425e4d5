// CS-3 / CS-4 / CS-8 / CS-9 (docs/GUARANTEES.md): the publish step itself. index-build is
// killed (hidden --debug-crash-at hook: SIGKILL exactly when a named step completes) at
// every step; the index must answer as the old or, once the stub was renamed, the new
// version, the stub must never dangle, and the next build must clean up. Also: SIGINT and
// SIGTERM publish nothing and exit 130/143; abandoned tmp-* dirs and a stray XAPIANDB.tmp
// are removed by the next build; two generations are kept; fsyncs come in the right order.
#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>

#include <doctest/doctest.h>

#include "crash_harness.hpp"
#include "test_skip.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;
namespace fs = std::filesystem;

constexpr const char* kSteps[] = {"after-commit",    "after-check",      "after-tree-fsync",
                                  "after-rename",    "after-stub-write", "after-stub-rename",
                                  "after-dir-fsync", "after-cleanup"};

struct TwoVersions {
    TempDir tmp;
    Answers a;
    Answers b;
    fs::path index = tmp.path() / "index";
    TwoVersions() {
        const CorpusSpec spec{.seed = 7, .documents = 200};
        a = write_corpus(tmp.path() / "A", spec, false);
        b = write_corpus(tmp.path() / "B", spec, true);
    }
    [[nodiscard]] fs::path corpus(bool version_b) const {
        return tmp.path() / (version_b ? "B" : "A");
    }
};

}  // namespace

TEST_CASE("kill -9 at every publish step: old or new, never a dangling stub, next build cleans") {
    for (std::size_t i = 0; i < std::size(kSteps); ++i) {
        const std::string step = kSteps[i];
        CAPTURE(step);
        TwoVersions v;
        REQUIRE(run(build_argv(v.index, v.corpus(false))).exit_code == 0);
        const std::string old_target = stub_target(v.index);

        const auto crashed = run(build_argv(v.index, v.corpus(true), {"--debug-crash-at=" + step}));
        REQUIRE_MESSAGE(crashed.exit_code == 128 + SIGKILL, crashed.err);

        // The stub names a generation that exists and passes its check.
        const std::string target = stub_target(v.index);
        REQUIRE_FALSE(target.empty());
        CHECK(fs::is_directory(v.index / target));
        CHECK(check_published(v.index) == 0);
        // Readers switch exactly when the stub is renamed.
        const bool expect_new = i >= 5;
        CHECK((target != old_target) == expect_new);
        CHECK(index_answers(v.index) == (expect_new ? v.b : v.a));

        const auto next = run(build_argv(v.index, v.corpus(false)));
        REQUIRE_MESSAGE(next.exit_code == 0, next.err);
        CHECK(index_answers(v.index) == v.a);
        CHECK(entries_with_prefix(v.index, "tmp-").empty());
        CHECK(entries_with_prefix(v.index, "XAPIANDB.tmp").empty());
        CHECK(entries_with_prefix(v.index, "gen-").size() <= 2);
    }
}

TEST_CASE("SIGINT and SIGTERM publish nothing, remove the tmp dir, and exit 130 / 143") {
    for (const int sig : {SIGINT, SIGTERM}) {
        CAPTURE(sig);
        TwoVersions v;
        REQUIRE(run(build_argv(v.index, v.corpus(false))).exit_code == 0);
        const std::string old_target = stub_target(v.index);
        // Stopped right after the new generation was committed: the signal is pending when
        // it continues, exactly as if it had arrived at that moment.
        Child child(build_argv(v.index, v.corpus(true), {"--debug-pause-at=after-commit"}),
                    v.tmp.path());
        REQUIRE(child.wait_stopped(std::chrono::seconds(60)));
        CHECK(entries_with_prefix(v.index, "tmp-").size() == 1);
        child.signal(sig);
        child.signal(SIGCONT);
        const auto code = child.wait_exit(std::chrono::seconds(60));
        REQUIRE(code.has_value());
        CHECK(*code == 128 + sig);
        CHECK(child.err().find("nothing was published") != std::string::npos);
        CHECK(stub_target(v.index) == old_target);
        CHECK(index_answers(v.index) == v.a);
        CHECK(entries_with_prefix(v.index, "tmp-").empty());
    }
}

TEST_CASE(
    "abandoned tmp-* dirs and XAPIANDB.tmp are removed by the next build, two generations kept") {
    TwoVersions v;
    REQUIRE(run(build_argv(v.index, v.corpus(false))).exit_code == 0);
    // What a build killed by power loss leaves behind (no process holds the lock).
    fs::create_directories(v.index / "tmp-99999-deadbeef" / "sub");
    std::ofstream(v.index / "tmp-99999-deadbeef" / "postlist.glass") << "junk";
    std::ofstream(v.index / "XAPIANDB.tmp") << "junk";

    std::vector<std::string> published;
    for (int i = 0; i < 4; ++i) {
        const auto r = run(build_argv(v.index, v.corpus(i % 2 == 0)));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        published.push_back(stub_target(v.index));
        CHECK(entries_with_prefix(v.index, "tmp-").empty());
        CHECK(entries_with_prefix(v.index, "XAPIANDB.tmp").empty());
    }
    // Current and previous only, and generation numbers are never reused.
    std::vector<std::string> gens = entries_with_prefix(v.index, "gen-");
    std::sort(gens.begin(), gens.end());
    CHECK(gens == std::vector<std::string>{published[2], published[3]});
    CHECK(published[0] < published[1]);
    CHECK(published[2] < published[3]);
    CHECK(index_answers(v.index) == v.a);
}

TEST_CASE("the indexer never opens a published generation writable (source audit, CS-7)") {
    // In Xapian 1.4.22, DB_CREATE_OR_OVERWRITE truncates a live database at open, and an
    // in-place writer makes partial runs visible: the indexer may only create or open
    // databases in its private tmp-* directory. This pins the single writable open.
    const fs::path root = source_dir() / "indexer";
    std::size_t writable_opens = 0;
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp") continue;
        ++files;
        std::ifstream in(entry.path());
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        CAPTURE(entry.path().string());
        for (const char* forbidden :
             {"DB_CREATE_OR_OVERWRITE", "DB_CREATE_OR_OPEN", "DB_DANGEROUS", "DB_RETRY_LOCK"}) {
            CHECK_MESSAGE(text.find(forbidden) == std::string::npos, forbidden);
        }
        // Any construction: WritableDatabase(…), WritableDatabase name(…) or name{…}.
        static const std::regex kWritable(R"(WritableDatabase\s*(>\s*)?(\w+\s*)?[({])");
        for (auto it = std::sregex_iterator(text.begin(), text.end(), kWritable);
             it != std::sregex_iterator(); ++it) {
            if (it->str().find("open_private_database") != std::string::npos) continue;
            ++writable_opens;
            CHECK(entry.path().filename() == "generation_store.cpp");
            // ... inside open_private_database(), which refuses paths outside tmp-*.
            const std::string before = text.substr(0, static_cast<std::size_t>(it->position()));
            CHECK(before.rfind("open_private_database(") != std::string::npos);
            CHECK(before.substr(before.rfind("open_private_database(")).find("kTmpPrefix") !=
                  std::string::npos);
        }
    }
    CHECK(files > 10);
    CHECK(writable_opens == 1);
}

TEST_CASE("fsync order: data before the rename, stub synced before it replaces XAPIANDB (CS-9)") {
    const auto strace = find_program("strace");
    if (!strace) {
        DATELINE_SKIP("strace not found (apt-get install strace)");
    }
    TwoVersions v;
    REQUIRE(run(build_argv(v.index, v.corpus(false))).exit_code == 0);
    const fs::path trace = v.tmp.path() / "trace.txt";
    std::vector<std::string> argv{strace->string(),
                                  "-f",
                                  "-y",
                                  "-o",
                                  trace.string(),
                                  "-e",
                                  "trace=fsync,fdatasync,rename,renameat,renameat2"};
    const auto build = build_argv(v.index, v.corpus(true));
    argv.insert(argv.end(), build.begin(), build.end());
    const NoLeakCheckUnderPtrace no_lsan;
    const auto r = run(argv);
    if (strace_refused(r.err)) {
        DATELINE_SKIP("strace cannot trace here: " + r.err);
    }
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);

    // Events in order: "sync <path>" and "rename <from> <to>".
    std::ifstream in(trace);
    std::vector<std::pair<std::string, std::string>> events;
    static const std::regex kSync(R"re((?:fsync|fdatasync)\(\d+<([^>]*)>\) = 0)re");
    static const std::regex kRename(R"re(rename(?:at2?)?\(.*?"([^"]+)".*?"([^"]+)".*\) = 0)re");
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_search(line, m, kSync)) events.emplace_back("sync", m[1]);
        if (std::regex_search(line, m, kRename)) events.emplace_back("rename", m[2]);
    }
    const std::string index = fs::canonical(v.index).string();
    std::ptrdiff_t gen_rename = -1;
    std::ptrdiff_t stub_rename = -1;
    std::ptrdiff_t stub_sync = -1;
    std::ptrdiff_t last_tmp_sync = -1;
    std::ptrdiff_t dir_sync_after_stub = -1;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& [kind, path] = events[i];
        const auto at = static_cast<std::ptrdiff_t>(i);
        const std::string name = fs::path(path).filename().string();
        if (kind == "rename" && name.starts_with("gen-")) gen_rename = at;
        if (kind == "rename" && name == "XAPIANDB") stub_rename = at;
        if (kind == "sync" && path.find("/tmp-") != std::string::npos) last_tmp_sync = at;
        if (kind == "sync" && name == "XAPIANDB.tmp") stub_sync = at;
        if (kind == "sync" && path == index && stub_rename >= 0) dir_sync_after_stub = at;
    }
    CAPTURE(events.size());
    REQUIRE(gen_rename >= 0);
    REQUIRE(stub_rename >= 0);
    CHECK(last_tmp_sync >= 0);
    CHECK(last_tmp_sync < gen_rename);         // every file of the generation synced first
    CHECK(gen_rename < stub_sync);             // the stub names a durable directory
    CHECK(stub_sync < stub_rename);            // the stub's content is durable before it counts
    CHECK(dir_sync_after_stub > stub_rename);  // and the rename itself is made durable
}

TEST_CASE("the test hooks are hidden from --help and reject unknown steps") {
    const auto help = run({index_build_exe().string(), "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("debug") == std::string::npos);
    CHECK(help.out.find("74") != std::string::npos);
    CHECK(help.out.find("--force") != std::string::npos);
    TempDir tmp;
    // A misspelt step would otherwise never fire and a crash test would pass vacuously.
    const auto bad = run({index_build_exe().string(), "--index", (tmp.path() / "i").string(),
                          "--debug-crash-at=after-comit", shipped_data().string()});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("unknown step 'after-comit'") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.path() / "i"));
}
