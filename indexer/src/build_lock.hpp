/// @file
/// The index's build lock: one index-build per index at a time, across processes.
#pragma once

#include <filesystem>

namespace dateline::detail {

inline constexpr const char* kBuildLockName = "build.lock";

/// Holds an exclusive flock(2) on `<index>/build.lock` for its lifetime. Taken without
/// waiting: a second build fails at once instead of queueing behind a long rebuild.
/// The lock dies with the process (kill -9 included), so it is never stale.
class BuildLock {
  public:
    /// Throws IndexLockedError ("index is locked by another build: <index>") if another
    /// process (or another BuildLock) holds it, IoError if the lock file cannot be opened.
    explicit BuildLock(const std::filesystem::path& index_dir);
    ~BuildLock();
    BuildLock(const BuildLock&) = delete;
    BuildLock& operator=(const BuildLock&) = delete;

  private:
    int m_fd = -1;
};

}  // namespace dateline::detail
