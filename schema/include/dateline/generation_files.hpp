/// @file
/// The file list of a published database: which table files it has and how big each
/// is, written by index-build before publishing and checked by index-build (before it
/// derives a new generation) and by the searcher (before it answers from one).
///
/// Why: Xapian 1.4's glass backend opens the position, termlist, docdata, spelling and
/// synonym tables lazily (a missing file reads as an *empty* table; only postlist is
/// required), so a deleted position.glass silently turns phrases into AND, and
/// Database::check() passes. A published generation is never modified, so its files
/// must stay exactly as listed: a missing, resized or unreadable file is damage.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <dateline/schema_export.hpp>

namespace dateline::schema {

/// Name of the file list inside each database directory (a generation, a shard, terms).
inline constexpr std::string_view kFileListName = "dateline-files";

/// Writes `database_dir`/dateline-files listing every regular file of the directory
/// (but Xapian's lock file) with its size. Throws std::filesystem::filesystem_error.
DATELINE_SCHEMA_EXPORT void write_file_list(const std::filesystem::path& database_dir);

/// What is wrong with a database directory's files.
struct FileDamage {
    std::string description;         ///< one line: "position.glass is missing"
    bool permission_denied = false;  ///< a file exists but may not be read: not damage
};

/// The first damage found in `database_dir` ("position.glass is
/// missing", "postlist.glass has 4096 bytes, 40960 when published", "… cannot be read
/// (Permission denied)"), or nullopt when every listed file is there, readable and of its
/// listed size. A directory without a list (published before lists existed) is only
/// checked for the files every glass database has (iamglass, postlist.glass).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<FileDamage> find_file_damage(
    const std::filesystem::path& database_dir);

}  // namespace dateline::schema
