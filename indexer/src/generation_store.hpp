/// @file
/// The index directory on disk: the XAPIANDB stub naming the published generation,
/// immutable gen-NNNNNN/ databases, tmp-* build directories, and atomic publishing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include <dateline/index_layout.hpp>

namespace dateline::detail {

inline constexpr std::string_view kStubName = schema::layout::kStubName;
inline constexpr std::string_view kTmpPrefix = "tmp-";

/// Called with the name of each publish step once it is done (see detail::BuildHooks::after_step).
using StepHook = std::function<void(std::string_view step)>;

/// fsync(2) of one file or directory. Throws IoError.
void fsync_path(const std::filesystem::path& path);
/// fsync of every regular file below `dir`, then of the directories themselves.
void fsync_tree(const std::filesystem::path& dir);
/// Copies the regular files of a generation into an existing empty directory.
void copy_generation(const std::filesystem::path& from, const std::filesystem::path& to);
/// The indexer's only way to open a database for writing (a source-audit test pins it):
/// `dir` must lie inside a tmp-* directory, a build's private scratch, so that a
/// published generation can never be written. Glass, no fsync on commit (the whole tree is
/// fsynced before publishing). `create`: DB_CREATE, else DB_OPEN. Throws std::logic_error
/// for any other path.
[[nodiscard]] Xapian::WritableDatabase open_private_database(const std::filesystem::path& dir,
                                                             bool create);
/// Bytes of the regular files below `dir` (0 if it cannot be read).
[[nodiscard]] std::uint64_t directory_bytes(const std::filesystem::path& dir) noexcept;

/// What the stub names: a generation and how many shards it has (1: gen-NNNNNN is the
/// database; more: gen-NNNNNN/shard-K and gen-NNNNNN/terms, see index_layout.hpp).
struct PublishedGeneration {
    std::uint64_t generation = 0;
    unsigned shards = 1;
};

/// The database of shard `shard` in a generation directory with `shards` shards: the
/// directory itself when unsharded, else its shard-K subdirectory (index_layout.hpp).
[[nodiscard]] std::filesystem::path shard_dir(const std::filesystem::path& generation_dir,
                                              unsigned shard, unsigned shards);

/// Operations on one index directory. The caller holds the BuildLock for everything but
/// current().
class GenerationStore {
  public:
    explicit GenerationStore(std::filesystem::path index_dir);

    [[nodiscard]] const std::filesystem::path& index_dir() const noexcept { return m_dir; }
    /// The generation the stub names; nullopt without a stub. Throws IndexCorruptError for
    /// a stub that is not ours.
    [[nodiscard]] std::optional<std::uint64_t> current() const;
    /// The generation the stub names and its shard count; nullopt without a stub. Throws
    /// IndexCorruptError for a stub that is not ours.
    [[nodiscard]] std::optional<PublishedGeneration> published() const;
    [[nodiscard]] std::filesystem::path path_of(std::uint64_t generation) const;
    /// One more than any generation present or named by the stub, so that a number is
    /// never reused (a reader may still hold a directory of that name open).
    [[nodiscard]] std::uint64_t next_generation() const;
    /// Creates a fresh, private `tmp-<pid>-<random>` directory.
    [[nodiscard]] std::filesystem::path make_tmp_dir() const;
    /// Removes every tmp-* directory and a leftover XAPIANDB.tmp. Only the build-lock
    /// holder creates them, so while we hold the lock any that exist were left by a build
    /// that died (kill -9, power loss). Returns how many tmp-* directories were removed.
    std::size_t remove_abandoned_tmp_dirs() const;
    /// Makes `tmp` generation `generation`: fsyncs it, renames it to gen-NNNNNN, then
    /// replaces the stub atomically (write XAPIANDB.tmp, fsync, rename, fsync the dir).
    /// Until the stub rename, readers keep seeing the previous generation.
    /// `hook` (may be empty) is told "after-tree-fsync", "after-rename", "after-stub-write",
    /// "after-stub-rename" and "after-dir-fsync". Throws IoError, having removed the new
    /// gen-NNNNNN again, if it fails before the stub is replaced. Returns a warning (empty
    /// if none) when only the final directory fsync failed: published, maybe not durable.
    std::string publish(const std::filesystem::path& tmp, std::uint64_t generation,
                        const StepHook& hook = {}, unsigned shards = 1) const;
    /// Removes generation directories other than `current` and `previous`.
    void remove_old_generations(std::uint64_t current,
                                std::optional<std::uint64_t> previous) const noexcept;

  private:
    std::filesystem::path m_dir;
};

}  // namespace dateline::detail
