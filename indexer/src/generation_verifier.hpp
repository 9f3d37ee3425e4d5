/// @file
/// Verifying the published generation a build derives from, so that damage is never
/// carried forward into a new generation (docs/GUARANTEES.md, "damaged generation").
#pragma once

#include <filesystem>
#include <vector>

namespace Xapian {
class Database;
}

namespace dateline::detail {

/// The database directories of a generation: the generation itself (one shard), or each
/// shard and the terms database.
[[nodiscard]] std::vector<std::filesystem::path> generation_databases(
    const std::filesystem::path& generation_dir, unsigned shards);

/// Throws IndexCorruptError ("… is damaged: position.glass is missing …; run index-build
/// --rebuild") unless every table file of every database of the generation is present,
/// readable and of the size it was published with (schema::find_file_damage).
void verify_generation_files(const std::filesystem::path& generation_dir, unsigned shards);

/// Throws IndexCorruptError unless a sample of documents (the first, the last and up to
/// 62 spread between them) decode as Dateline stored documents.
void verify_documents_decodable(const Xapian::Database& documents,
                                const std::filesystem::path& generation_dir);

/// Before publishing: records the file list of every database of the new generation.
void seal_generation(const std::vector<std::filesystem::path>& databases);

}  // namespace dateline::detail
