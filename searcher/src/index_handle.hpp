/// @file
/// The open index: reads the XAPIANDB stub, opens what it names (one generation, or
/// the shards of one, local or remote, plus the terms database), and notices when
/// index-build publishes a new generation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "shard_set.hpp"

namespace dateline::detail {

/// Not thread-safe; the Searcher serializes access.
class IndexHandle {
  public:
    /// Opens what the stub names. Throws IndexOpenError, SchemaVersionError,
    /// IndexCorruptError, ShardUnavailableError (see ShardSet).
    explicit IndexHandle(std::filesystem::path index_dir, ShardPolicy policy = {});

    /// Every available shard, as one database.
    [[nodiscard]] const Xapian::Database& database() const noexcept { return m_set->database(); }
    /// Spelling and synonyms (the same database as database() when not sharded).
    [[nodiscard]] const Xapian::Database& terms_database() const noexcept { return m_set->terms(); }
    [[nodiscard]] const ShardSet& shards() const noexcept { return *m_set; }
    [[nodiscard]] std::uint64_t generation() const noexcept { return m_set->generation(); }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_dir; }

    /// Re-reads the stub; if it changed (a new generation), opens it fresh
    /// (Database::reopen() does not re-read stubs). Returns true if it changed.
    bool refresh();

    /// Opens whatever the stub names now, from scratch: after DatabaseModifiedError or
    /// a transient DatabaseCorruptError.
    void reopen_fresh();

    /// Once per search, before it: see ShardSet::begin_search.
    void begin_search() { m_set->begin_search(Clock::now()); }
    /// After a network error in a search: see ShardSet::recover.
    void recover(const Xapian::NetworkError& error) { m_set->recover(error, Clock::now()); }

  private:
    [[nodiscard]] std::string read_stub() const;
    void open(const std::string& stub_text);
    void open_current(std::string stub_text);

    std::filesystem::path m_dir;
    ShardPolicy m_policy;
    std::string m_stub_text;  ///< what the stub said when m_set was opened
    std::unique_ptr<ShardSet> m_set;
};

}  // namespace dateline::detail
