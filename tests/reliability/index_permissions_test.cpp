// Issue 12: the index is never group- or world-writable, whatever the umask; a
// pre-existing world-writable index directory is warned about.
#include <filesystem>
#include <string>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "adversarial_support.hpp"

namespace fs = std::filesystem;
using dateline::test::build_summary;
using dateline::test::index_build;
using dateline::test::TempDir;

namespace {

class Umask {
  public:
    explicit Umask(mode_t mask) : m_saved(::umask(mask)) {}
    ~Umask() { ::umask(m_saved); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

  private:
    mode_t m_saved;
};

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("under umask 000 nothing of the index is group- or world-writable") {
    TempDir dir;
    dateline::test::write_small_corpus(dir.path() / "data", 3);
    dir.write("data/synonyms.tsv", "kremlin\tmoscow\n");
    const fs::path index = dir.path() / "idx";
    {
        const Umask open(0);
        for (const bool rebuild : {true, false}) {
            if (!rebuild) dir.write("data/new.txt", "More kremlin talks.\n");
            auto args = std::vector<std::string>{"--index", index.string(), "--quiet",
                                                 (dir.path() / "data").string()};
            if (rebuild) args.emplace_back("--rebuild");
            REQUIRE(index_build(args).exit_code == 0);
        }
    }
    CHECK((mode_of(index) & 022) == 0);
    std::size_t seen = 0;
    for (const auto& entry : fs::recursive_directory_iterator(index)) {
        CAPTURE(entry.path().string());
        CHECK((mode_of(entry.path()) & 022) == 0);
        ++seen;
    }
    CHECK(seen > 8);
}

TEST_CASE("a pre-existing world-writable index directory is warned about") {
    TempDir dir;
    dateline::test::write_small_corpus(dir.path() / "data", 3);
    const fs::path index = dir.path() / "idx";
    fs::create_directories(index);
    fs::permissions(index, fs::perms::all);
    const auto result =
        index_build({"--index", index.string(), "--json", (dir.path() / "data").string()});
    CHECK(result.exit_code == 0);
    const auto summary = build_summary(result);
    bool warned = false;
    for (const auto& notice : summary["notices"]) {
        warned |= notice.get<std::string>().find("world-writable") != std::string::npos;
    }
    CHECK(warned);
    // Not silently changed behind the owner's back: the warning is the answer.
    CHECK((mode_of(index) & 0002) != 0);
}
