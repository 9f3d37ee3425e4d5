#include "index_handle.hpp"

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

constexpr const char* kRebuild = "rebuild it with index-build --rebuild";

// Xapian reports a directory it may not read as "Couldn't detect type of database" and
// our own stub read would say "not a Dateline index": both send the user looking for a
// missing index. access() first, so a permission problem is called one. (As root, access()
// succeeds whatever the modes, exactly as the opens that follow would.)
void require_access(const std::filesystem::path& path, int mode) {
    if (::access(path.c_str(), mode) != 0 && errno == EACCES) {
        throw IndexOpenError("permission denied: " + path.string());
    }
}

// After Xapian failed to open a generation: was it a file inside it we may not read?
void explain_denied_files(const std::filesystem::path& dir) {
    require_access(dir, R_OK | X_OK);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec)) require_access(entry.path(), R_OK);
    }
}

std::uint64_t parse_generation(const std::string& text, const std::string& target) {
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    if (auto [p, ec] = std::from_chars(text.data(), end, value); ec == std::errc{} && p == end) {
        return value;
    }
    // Fall back on the directory name ("gen-000007") if the metadata is missing.
    if (const auto dash = target.rfind('-'); dash != std::string::npos) {
        const auto* first = target.data() + dash + 1;
        const auto* last = target.data() + target.size();
        if (auto [p, ec] = std::from_chars(first, last, value); ec == std::errc{} && p == last) {
            return value;
        }
    }
    return 0;
}

}  // namespace

IndexHandle::IndexHandle(std::filesystem::path index_dir) : m_dir(std::move(index_dir)) {
    struct stat info {};
    if (::stat(m_dir.c_str(), &info) != 0 && errno == EACCES) {
        // A parent directory we may not search: the index may well exist.
        throw IndexOpenError("permission denied: " + m_dir.string());
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(m_dir, ec)) {
        throw IndexOpenError("no index at " + m_dir.string() + " (build one with index-build)");
    }
    require_access(m_dir, R_OK | X_OK);
    open_current(read_stub_target());
}

std::string IndexHandle::read_stub_target() const {
    const auto stub = m_dir / "XAPIANDB";
    require_access(stub, R_OK);
    std::ifstream in(stub);
    if (!in) {
        throw IndexOpenError(m_dir.string() +
                             " is not a Dateline index (no XAPIANDB); build one with index-build");
    }
    std::string line;
    std::getline(in, line);
    std::istringstream words(line);
    std::string kind;
    std::string target;
    words >> kind >> target;
    if (kind != "auto" || target.empty()) {
        throw IndexOpenError("unreadable index stub " + stub.string() + "; " + kRebuild);
    }
    return target;
}

void IndexHandle::open(const std::string& target) {
    const std::filesystem::path target_path(target);
    const auto full = target_path.is_absolute() ? target_path : m_dir / target_path;
    Xapian::Database db;
    std::string version;
    std::string generation;
    try {
        db = Xapian::Database(full.string());
        version = db.get_metadata(std::string(schema::metadata::kSchemaVersion));
        generation = db.get_metadata(std::string(schema::metadata::kGeneration));
    } catch (const Xapian::DatabaseVersionError& e) {
        throw SchemaVersionError("index at " + m_dir.string() + " uses an unsupported format (" +
                                 e.get_msg() + "); " + kRebuild);
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexCorruptError("index at " + m_dir.string() + " is damaged (" + e.get_msg() +
                                "); " + kRebuild);
    } catch (const Xapian::Error& e) {
        explain_denied_files(full);
        throw IndexOpenError("cannot open index " + m_dir.string() + ": " + e.get_msg());
    }
    if (version != std::to_string(schema::kSchemaVersion)) {
        throw SchemaVersionError("index at " + m_dir.string() + " has schema version " +
                                 (version.empty() ? std::string("(none)") : version) +
                                 ", this searcher reads " + std::to_string(schema::kSchemaVersion) +
                                 "; " + kRebuild);
    }
    m_generation = parse_generation(generation, target);
    m_db = std::move(db);
    m_target = target;
}

bool IndexHandle::refresh() {
    const auto target = read_stub_target();
    if (target == m_target) return false;
    open_current(target);
    return true;
}

void IndexHandle::reopen_fresh() { open_current(read_stub_target()); }

void IndexHandle::open_current(std::string target) {
    // A publish between reading the stub and opening may already have removed the
    // generation we read about; the stub then names a newer one, so look again once.
    try {
        open(target);
    } catch (const IndexOpenError&) {
        const auto again = read_stub_target();
        if (again == target) throw;
        open(again);
    }
}

}  // namespace dateline::detail
