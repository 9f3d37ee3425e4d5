/// @file
/// Test-only seams of a build, kept out of the public BuildOptions: never installed, and
/// reached only by index-build's hidden --debug-crash-at/--debug-pause-at options (and so by
/// the crash and concurrency tests; docs/GUARANTEES.md, "Test hooks").
#pragma once

#include <functional>
#include <string_view>

#include <dateline/indexer.hpp>
#include <dateline/indexer_export.hpp>

namespace dateline::detail {

/// Called on the building thread at fixed points of a build.
struct BuildHooks {
    /// Given the name of each publish step as it completes, in this order: "before-merge"
    /// (documents written; the metadata, spelling and synonym tables and the compaction
    /// come next, each polling for cancellation), "after-commit"
    /// (new generation committed and closed), "after-check" (Database::check passed),
    /// "after-tree-fsync", "after-rename" (tmp-* renamed to gen-NNNNNN), "after-stub-write"
    /// (XAPIANDB.tmp written and synced), "after-stub-rename" (XAPIANDB replaced),
    /// "after-dir-fsync", "after-cleanup" (old generations removed). Crash tests kill the
    /// process from here. May be empty.
    std::function<void(std::string_view step)> after_step{};
};

/// dateline::build_index() with `hooks` called along the way; same errors and report.
[[nodiscard]] DATELINE_INDEXER_EXPORT BuildReport
build_index_with_hooks(const BuildOptions& options, const BuildHooks& hooks);

}  // namespace dateline::detail
