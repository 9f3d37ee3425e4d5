/// @file
/// The index is never group- or world-writable unless its owner made it so: whatever the
/// umask, what index-build creates loses the group and other write bits (Xapian creates
/// its table files with 0666 & ~umask). Anyone who may write the index directory may
/// point the stub at a remote host or edit the tables every reader trusts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace dateline::detail {

/// Creates `dir` (and missing parents) with group/other write removed from each
/// directory created. Returns a notice when `dir` already existed and is world-writable
/// (it is left as its owner set it). Throws IoError when it cannot be created.
[[nodiscard]] std::optional<std::string> create_index_directory(const std::filesystem::path& dir);

/// Removes group/other write from `dir` and everything below it (no symlinks followed).
/// Throws IoError.
void remove_group_other_write(const std::filesystem::path& dir);

}  // namespace dateline::detail
