// Issue 12, the index side: a damaged current generation (a table missing, truncated or
// overwritten) is never carried forward: index-build refuses with exit 2 naming the
// damage and suggesting --rebuild, the searcher refuses rather than answer degraded, and
// damage is never reported as an I/O error (exit 74 is for disk full, read-only, EIO,
// permissions: a script retrying on 74 would retry for ever).
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/errors.hpp>

#include "adversarial_support.hpp"
#include "engine_errors.hpp"

namespace fs = std::filesystem;
using dateline::test::index_build;
using dateline::test::index_search;
using dateline::test::published_generation;
using dateline::test::TempDir;

namespace {

struct Fixture {
    TempDir dir;
    fs::path data = dir.path() / "data";
    fs::path index = dir.path() / "idx";
    Fixture() {
        dateline::test::write_small_corpus(data, 6);
        dir.write("data/synonyms.tsv", "kremlin\tmoscow\n");
        const auto built = index_build({"--index", index.string(), "--quiet", data.string()});
        REQUIRE(built.exit_code == 0);
    }
    // An incremental build that has something to do (a new file), so that it would publish.
    dateline::test::CommandResult update() {
        dir.write("data/new.txt", "Fresh kremlin talks.\n");
        return index_build({"--index", index.string(), "--quiet", data.string()});
    }
};

void overwrite_middle(const fs::path& file) {
    const auto size = fs::file_size(file);
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    // Keep the first block (the root may be there) and the size; garble the rest.
    for (std::uintmax_t at = 8192; at + 64 <= size; at += 512) {
        f.seekp(static_cast<std::streamoff>(at));
        f.write("\xff\x00\x13\x37garbage-garbage-garbage-garbage-garbage-garbage-garbage", 60);
    }
}

}  // namespace

TEST_CASE(
    "a missing table of the current generation: the build refuses (exit 2, names it, "
    "suggests --rebuild), publishes nothing, the searcher refuses too") {
    for (const std::string table :
         {"position", "termlist", "docdata", "spelling", "synonym", "postlist"}) {
        CAPTURE(table);
        Fixture f;
        const fs::path generation = published_generation(f.index);
        REQUIRE(fs::exists(generation / (table + ".glass")));
        fs::remove(generation / (table + ".glass"));

        const auto built = f.update();
        INFO(built.err);
        CHECK(built.exit_code == 2);
        CHECK(built.err.find(table + ".glass") != std::string::npos);
        CHECK(built.err.find("--rebuild") != std::string::npos);
        CHECK(published_generation(f.index) == generation);

        const auto searched = index_search({"--index", f.index.string(), "\"kremlin talks\""});
        INFO(searched.out << searched.err);
        CHECK(searched.exit_code == 2);
        CHECK(searched.err.find(table + ".glass") != std::string::npos);

        const auto rebuilt =
            index_build({"--index", f.index.string(), "--quiet", "--rebuild", f.data.string()});
        CHECK(rebuilt.exit_code == 0);
        CHECK(index_search({"--index", f.index.string(), "\"kremlin talks\""}).exit_code == 0);
    }
}

TEST_CASE("a truncated or overwritten table is damage (exit 2), never an I/O error (74)") {
    for (const std::string table : {"postlist", "termlist", "position", "docdata"}) {
        for (const bool truncate : {true, false}) {
            CAPTURE(table);
            CAPTURE(truncate);
            Fixture f;
            const fs::path file = published_generation(f.index) / (table + ".glass");
            if (truncate) {
                fs::resize_file(file, fs::file_size(file) / 2);
            } else {
                overwrite_middle(file);
            }
            // Delete a document too, so that the build copies and compacts the base.
            fs::remove(f.data / "a.txt");
            const auto built = f.update();
            INFO(built.err);
            CHECK(built.exit_code != 74);
            if (truncate) {
                CHECK(built.exit_code == 2);
                CHECK(built.err.find("--rebuild") != std::string::npos);
            } else {
                CHECK((built.exit_code == 2 || built.exit_code == 0));
            }
            const auto searched =
                index_search({"--index", f.index.string(), "--limit", "100", "kremlin"});
            CHECK(searched.exit_code != 74);
        }
    }
}

TEST_CASE(
    "engine errors are classified by cause: damage is IndexCorruptError, only real "
    "I/O errors (ENOSPC, EROFS, EIO, EACCES) are IoError") {
    using dateline::detail::translate_engine_error;
    const auto kind = [](const auto& engine_error) -> std::string {
        try {
            try {
                throw engine_error;
            } catch (const Xapian::Error&) {
                translate_engine_error(" (index x)");
            }
        } catch (const dateline::IoError&) {
            return "io";
        } catch (const dateline::IndexCorruptError&) {
            return "corrupt";
        } catch (const dateline::Error&) {
            return "error";
        }
        return "none";
    };
    CHECK(kind(Xapian::DatabaseCorruptError("Bad block")) == "corrupt");
    CHECK(kind(Xapian::DatabaseError("inflate failed")) == "corrupt");
    CHECK(kind(Xapian::DatabaseError("EOF reading block 12")) == "corrupt");
    CHECK(kind(Xapian::DatabaseOpeningError("Couldn't open x/termlist.glass read/write", ENOENT)) ==
          "corrupt");
    CHECK(kind(Xapian::DatabaseError("Error writing block 60", ENOSPC)) == "io");
    CHECK(kind(Xapian::DatabaseError("Error writing block 60", EROFS)) == "io");
    CHECK(kind(Xapian::DatabaseError("Error syncing", EIO)) == "io");
    CHECK(kind(Xapian::DatabaseOpeningError("Couldn't open x/postlist.glass", EACCES)) == "io");
    CHECK(kind(Xapian::InvalidArgumentError("bad")) == "error");
}
