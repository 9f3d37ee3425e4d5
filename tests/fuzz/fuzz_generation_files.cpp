// Fuzz target for the check of a published database's files (issue 12: damaged tables).
// A small glass database is built once per process; each input damages a copy of it:
// byte 0 picks a table file and an action (remove, truncate, extend, replace the file
// list with the remaining bytes), bytes 1-4 a size. Invariants: never crash; a listed
// file that was removed or resized is always reported; an untouched copy never is.
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pthread.h>
#include <span>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include <xapian.h>

#include <dateline/generation_files.hpp>

namespace fs = std::filesystem;

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

const fs::path& pristine() {
    static const fs::path kPristine = [] {
        fs::path path =
            fs::temp_directory_path() / ("dateline-fuzz-gen-" + std::to_string(::getpid()));
        fs::remove_all(path);
        {
            Xapian::WritableDatabase db(path.string(),
                                        Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
            Xapian::TermGenerator generator;
            generator.set_database(db);
            generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
            for (int i = 0; i < 50; ++i) {
                Xapian::Document doc;
                doc.set_data("document " + std::to_string(i));
                generator.set_document(doc);
                generator.index_text("kremlin talks resumed in round " + std::to_string(i));
                db.add_document(doc);
            }
            db.add_synonym("kremlin", "moscow");
            db.commit();
        }
        dateline::schema::write_file_list(path);
        std::atexit([] { fs::remove_all(pristine()); });
        return path;
    }();
    return kPristine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path& source = pristine();
    static const std::vector<std::string> kTables = {
        "postlist.glass", "termlist.glass", "position.glass", "docdata.glass",
        "spelling.glass", "synonym.glass",  "iamglass"};
    const fs::path copy = source.string() + "-copy";
    fs::remove_all(copy);
    {
        // libFuzzer's -timeout alarm has no SA_RESTART and libstdc++ 12's copy gives up on
        // an interrupted sendfile: hold the alarm back while the harness copies.
        sigset_t alarm;
        sigemptyset(&alarm);
        sigaddset(&alarm, SIGALRM);
        pthread_sigmask(SIG_BLOCK, &alarm, nullptr);
        fs::copy(source, copy);
        pthread_sigmask(SIG_UNBLOCK, &alarm, nullptr);
    }
    require(!dateline::schema::find_file_damage(copy));
    if (size == 0) return 0;
    const std::span<const std::uint8_t> bytes(data, size);
    const std::string& table = kTables[bytes[0] % kTables.size()];
    const unsigned action = (bytes[0] / kTables.size()) % 4;
    std::uint32_t amount = 0;
    for (std::size_t i = 1; i < 5 && i < size; ++i) amount = (amount << 8U) | bytes[i];
    const fs::path file = copy / table;
    const auto original = fs::file_size(file);
    bool damaged = false;
    switch (action) {
        case 0:
            fs::remove(file);
            damaged = true;
            break;
        case 1:
            fs::resize_file(file, amount % (original + 1));
            damaged = amount % (original + 1) != original;
            break;
        case 2:
            fs::resize_file(file, original + 1 + amount % 65536);
            damaged = true;
            break;
        default: {
            std::ofstream out(copy / std::string(dateline::schema::kFileListName),
                              std::ios::binary | std::ios::trunc);
            const auto rest = bytes.subspan(1);
            out.write(reinterpret_cast<const char*>(rest.data()),
                      static_cast<std::streamsize>(rest.size()));
            break;
        }
    }
    const auto damage = dateline::schema::find_file_damage(copy);
    if (damaged) require(damage.has_value());
    return 0;
}
