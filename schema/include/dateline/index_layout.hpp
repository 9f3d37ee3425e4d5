/// @file
/// The index directory on disk, as index-build publishes it and the searcher opens it.
///
///     <index>/XAPIANDB          stub: names the published generation (Xapian stub format)
///     <index>/gen-NNNNNN/       one generation; with one shard, a glass database itself
///     <index>/gen-NNNNNN/shard-K/   with N > 1 shards: shard K, a glass database
///     <index>/gen-NNNNNN/terms/     with N > 1 shards: spelling and synonyms, no documents
///     <index>/build.lock        index-build's flock
///
/// A sharded stub is a valid Xapian stub (Xapian skips `#` lines), so Xapian's own tools
/// open it as one database:
///
///     #dateline-terms gen-000007/terms
///     auto gen-000007/shard-0
///     auto gen-000007/shard-1
///     remote 10.0.0.2:7001        (hand-written: a shard served by xapian-tcpsrv)
///
/// Why a separate terms database: Xapian 1.4's remote backend has no spelling or synonym
/// data, and a multi-database reads both from its first sub-database only. Keeping them in
/// one small local database makes them work whatever the shards are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dateline::schema::layout {

inline constexpr std::string_view kStubName = "XAPIANDB";
inline constexpr std::string_view kGenerationPrefix = "gen-";
inline constexpr std::string_view kShardPrefix = "shard-";
inline constexpr std::string_view kTermsName = "terms";
/// Stub line naming the terms database (path relative to the stub's directory).
inline constexpr std::string_view kTermsDirective = "#dateline-terms ";
/// index-build --shards accepts 1..kMaxShards.
inline constexpr unsigned kMaxShards = 64;

[[nodiscard]] inline std::string shard_name(unsigned shard) {
    return std::string(kShardPrefix) + std::to_string(shard);
}

/// The shard a document belongs in: FNV-1a (64-bit) of its unique id, modulo `shards`.
/// Part of the on-disk contract: an incremental build finds a document where a previous
/// build put it only if this never changes.
[[nodiscard]] constexpr unsigned shard_of(std::string_view unique_id, unsigned shards) noexcept {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : unique_id) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return shards <= 1 ? 0U : static_cast<unsigned>(hash % shards);
}

}  // namespace dateline::schema::layout
