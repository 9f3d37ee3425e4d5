/// @file
/// The open index: reads the XAPIANDB stub, opens the published generation, checks the
/// schema version, and notices when index-build publishes a new generation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <xapian.h>

namespace dateline::detail {

/// Not thread-safe; the Searcher serializes access.
class IndexHandle {
  public:
    /// Opens the generation the stub names. Throws IndexOpenError or SchemaVersionError.
    explicit IndexHandle(std::filesystem::path index_dir);

    [[nodiscard]] const Xapian::Database& database() const noexcept { return m_db; }
    [[nodiscard]] std::uint64_t generation() const noexcept { return m_generation; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_dir; }

    /// Re-reads the stub; if it names another generation, opens that one fresh
    /// (Database::reopen() does not re-read stubs). Returns true if it changed.
    bool refresh();

    /// Opens whatever the stub names now, from scratch: after DatabaseModifiedError or
    /// a transient DatabaseCorruptError.
    void reopen_fresh();

  private:
    [[nodiscard]] std::string read_stub_target() const;
    void open(const std::string& target);
    void open_current(std::string target);

    std::filesystem::path m_dir;
    std::string m_target;  ///< the stub's path, e.g. "gen-000007"
    Xapian::Database m_db;
    std::uint64_t m_generation{};
};

}  // namespace dateline::detail
