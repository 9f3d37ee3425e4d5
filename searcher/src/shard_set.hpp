/// @file
/// The databases one stub names, open: each shard on its own handle (to check its schema
/// version and generation, and to know which one failed), the available shards combined
/// into one Xapian::Database, and the terms database (spelling and synonyms).
///
/// Failure policy (Xapian's ErrorHandler is deprecated, so it is ours): a remote shard
/// whose connection broke is reconnected once per search; one that times out, cannot
/// be reached or fails again is left out ("down") for ShardPolicy::retry_interval, and
/// allow_partial decides between ShardUnavailableError and answering without it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include <dateline/index_stub.hpp>
#include <dateline/schema.hpp>
#include <dateline/searcher.hpp>

namespace dateline::detail {

using Clock = std::chrono::steady_clock;

struct ShardPolicy {
    unsigned timeout_ms = 10000;          ///< Remote::open's timeout (each read/write)
    unsigned connect_timeout_ms = 10000;  ///< Remote::open's connect_timeout
    bool allow_partial = false;
    std::chrono::milliseconds retry_interval{2000};
    /// The schema version every database must carry: kSchemaVersion, except in tests
    /// that prove stats report the version read from the index.
    std::uint32_t schema_version = schema::kSchemaVersion;
};

/// Not thread-safe; the Searcher serializes access.
class ShardSet {
  public:
    /// Opens every shard and the terms database; `dir` is the stub's directory.
    /// Throws IndexOpenError, SchemaVersionError, IndexCorruptError for local damage or
    /// incompatibility, ShardUnavailableError when a shard cannot be used and the policy
    /// does not allow partial answers (or no shard at all is left).
    ShardSet(std::filesystem::path dir, schema::stub::Contents stub, ShardPolicy policy);

    /// The available shards as one database.
    [[nodiscard]] const Xapian::Database& database() const noexcept { return m_combined; }
    /// Spelling and synonyms: the `#dateline-terms` database, else the combined one
    /// (Xapian then reads them from its first shard).
    [[nodiscard]] const Xapian::Database& terms() const noexcept;
    /// Where build metadata (built_at, build report) is read: the terms database, else
    /// the first available shard.
    [[nodiscard]] const Xapian::Database& metadata_source() const;
    [[nodiscard]] std::uint64_t generation() const noexcept { return m_generation; }
    /// True when a remote shard is listed (available or not): custom Xapian classes
    /// must then be avoided, since xapian-tcpsrv cannot unserialise them.
    [[nodiscard]] bool has_remote() const noexcept { return m_has_remote; }
    [[nodiscard]] std::vector<std::string> labels() const;
    /// The shards left out now, with why.
    [[nodiscard]] std::vector<ShardFailure> failures() const;

    /// Before a search: shards left out for retry_interval or longer are connected
    /// again. Throws ShardUnavailableError if a shard is still out and partial answers
    /// are not allowed.
    void begin_search(Clock::time_point now);

    /// After `error` interrupted a search: reconnects the shard it names once per
    /// search, or leaves it out; reconnects the other remote shards (a connection
    /// abandoned mid-reply cannot be reused). Returns when the search should be rerun;
    /// throws ShardUnavailableError (policy, or nothing left) or IoError (an error that
    /// names no shard and persists).
    void recover(const Xapian::NetworkError& error, Clock::time_point now);

  private:
    struct Shard {
        schema::stub::Location where;
        std::string label;
        Xapian::Database db;
        bool up = false;
        std::string error;  ///< why it is down
        Clock::time_point failed_at{};
        bool reconnected = false;                 ///< in the current search
        std::optional<std::uint64_t> generation;  ///< its kGeneration metadata, if any
    };

    /// Opens (or reopens) `shard`; a remote failure marks it down, anything else throws.
    void connect(Shard& shard, Clock::time_point now);
    void check_metadata(Shard& shard, Clock::time_point now);
    void mark_down(Shard& shard, std::string why, Clock::time_point now);
    void combine();
    void enforce_policy() const;
    /// "DIR", or "DIR (shard LABEL)" when there are several databases.
    [[nodiscard]] std::string index_name(const std::string& label) const;
    [[nodiscard]] std::string where(const std::string& label) const;  ///< "index at …"
    [[nodiscard]] std::filesystem::path local_path(const std::string& path) const;

    std::filesystem::path m_dir;
    ShardPolicy m_policy;
    std::vector<Shard> m_shards;
    Xapian::Database m_combined;
    Xapian::Database m_terms;
    bool m_has_terms = false;
    bool m_has_remote = false;
    std::uint64_t m_generation{};
    bool m_recovered_unknown = false;  ///< an unattributed network error seen this search
};

}  // namespace dateline::detail
