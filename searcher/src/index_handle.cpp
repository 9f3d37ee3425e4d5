#include "index_handle.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

constexpr const char* kRebuild = "rebuild it with index-build --rebuild";

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
    std::error_code ec;
    if (!std::filesystem::is_directory(m_dir, ec)) {
        throw IndexOpenError("no index at " + m_dir.string() + " (build one with index-build)");
    }
    open_current(read_stub_target());
}

std::string IndexHandle::read_stub_target() const {
    const auto stub = m_dir / "XAPIANDB";
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
