/// @file
/// Permission problems named as such: Xapian reports a directory it may not read as
/// "Couldn't detect type of database", which sends the user looking for a missing index.
#pragma once

#include <filesystem>

namespace dateline::detail {

/// Throws IndexOpenError("permission denied: PATH") if access(path, mode) fails with
/// EACCES. (As root, access() succeeds whatever the modes, exactly as the opens would.)
void require_access(const std::filesystem::path& path, int mode);

/// After Xapian failed to open the database directory `dir`: throws IndexOpenError if
/// the directory or a file inside it may not be read; returns otherwise.
void explain_denied_files(const std::filesystem::path& dir);

}  // namespace dateline::detail
