/// @file
/// The XAPIANDB stub and generation names: the one reader and writer of both (the layout is
/// described in index_layout.hpp). index-build writes stubs with it, the searcher reads them,
/// and the tests write hand-made ones (remote shards) through it.
///
/// Internal to Dateline (not installed): the indexer, the searcher and the tests share it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/schema_export.hpp>

namespace dateline::schema::stub {

/// One database line of a stub: `auto PATH` / `glass PATH` (local) or `remote HOST:PORT`.
struct Location {
    enum class Kind : unsigned char { kLocal, kRemote };
    Kind kind = Kind::kLocal;
    std::string path;  ///< kLocal: as written, relative to the stub's directory or absolute
    std::string host;  ///< kRemote
    unsigned port = 0;

    [[nodiscard]] static Location local(std::string path);
    [[nodiscard]] static Location remote(std::string host, unsigned port);

    /// How messages and results name it: the path as written, or "host:port".
    [[nodiscard]] DATELINE_SCHEMA_EXPORT std::string label() const;
};

/// What a stub says: an optional terms database (spelling and synonyms) and the shards.
struct Contents {
    std::optional<std::string> terms;  ///< `#dateline-terms PATH`
    std::vector<Location> shards;      ///< in stub order (Xapian's sub-database order)
};

/// Parses stub text. Blank lines and other `#` lines are skipped, as Xapian does.
/// Throws IndexOpenError naming the line number for a line it cannot use (another
/// backend, `remote :PROGRAM`, a bad port) or a stub without any database line;
/// `stub_name` is used in messages.
[[nodiscard]] DATELINE_SCHEMA_EXPORT Contents parse(std::string_view text,
                                                    const std::string& stub_name);

/// The stub line of one database: "auto PATH" or "remote HOST:PORT".
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string line(const Location& location);

/// Stub text: the terms line if any, then one line per shard, each ending in '\n'.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string format(const Contents& contents);

/// What index-build publishes for `generation` with `shards` shards: "auto gen-NNNNNN", or
/// the terms line and one "auto gen-NNNNNN/shard-K" per shard. Paths are relative, so the
/// index directory can be moved or mounted elsewhere as a whole.
[[nodiscard]] DATELINE_SCHEMA_EXPORT Contents of_generation(std::uint64_t generation,
                                                            unsigned shards);

/// "gen-000007": at least six digits.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string generation_name(std::uint64_t generation);

/// 7 for "gen-000007"; nullopt for anything else (fewer than six digits, not digits).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<std::uint64_t> parse_generation_name(
    std::string_view name);

/// The generation a database path names ("gen-000007" or "/x/gen-000007/shard-1"), or 0.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::uint64_t generation_from_path(std::string_view path);

inline Location Location::local(std::string path) {
    Location location;
    location.path = std::move(path);
    return location;
}

inline Location Location::remote(std::string host, unsigned port) {
    Location location;
    location.kind = Kind::kRemote;
    location.host = std::move(host);
    location.port = port;
    return location;
}

}  // namespace dateline::schema::stub
