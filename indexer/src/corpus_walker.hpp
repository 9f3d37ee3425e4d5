/// @file
/// Finding the inputs under a data root: a sorted, recursive walk that follows symlinks
/// safely and gives every entry that is not a document a reason.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace dateline::detail {

enum class EntryKind : std::uint8_t {
    kText,      ///< .txt or no extension
    kJsonl,     ///< .jsonl: one article per line
    kHtml,      ///< .html, .htm, .xhtml: one web page
    kFeed,      ///< .rss, .atom, .xml: a feed, one article per item (.xml only if its root is one)
    kWarc,      ///< .warc, .warc.gz: web archive, one article per HTML response record
    kSkipped,   ///< not a document by policy (reason says which)
    kRejected,  ///< meant as a document but unusable (dangling symlink, unreadable directory)
};

struct CorpusEntry {
    std::filesystem::path path;  ///< the root argument joined with `relative`
    std::string relative;  ///< '/'-separated path below the root (for a file argument: its name)
    EntryKind kind = EntryKind::kText;
    std::string reason;  ///< for kSkipped/kRejected
    std::string detail;
    std::uint64_t size{};  ///< bytes, for progress
};

/// kText for ".txt" (any case) and names without an extension, kJsonl for ".jsonl",
/// kHtml, kFeed and kWarc for their extensions (see EntryKind), otherwise kSkipped
/// (unsupported_type).
[[nodiscard]] EntryKind classify_name(std::string_view file_name);

/// True for the kinds that hold documents (not kSkipped, kRejected).
[[nodiscard]] bool is_document_kind(EntryKind kind) noexcept;

/// Names at the top of a data root consumed as configuration rather than documents:
/// manifest.tsv, manifest.jsonl, synonyms.tsv, sources.tsv.
[[nodiscard]] bool is_root_config_name(std::string_view file_name);

/// What the walks of one build have seen, by (device, inode): shared by every root of
/// the command line, so that overlapping or repeated paths (`data data/sub`, `a.txt
/// data`) give one document per file, as symlinks and hard links within a root do.
struct WalkMemory {
    std::set<std::pair<dev_t, ino_t>> directories;
    std::set<std::pair<dev_t, ino_t>> files;
};

/// Walks `root` (a directory) recursively in byte order of names. Follows symlinks;
/// directories are identified by (device, inode) so that a link back to an ancestor is
/// reported as skipped symlink_loop and a second way into a directory as
/// duplicate_directory; a regular file reached twice is skipped as duplicate_file.
/// Dot-names are skipped (hidden), FIFOs/sockets/devices are skipped (not_regular_file),
/// dangling links are rejected (dangling_symlink). Never blocks, never throws for
/// entries; throws IoError only if `root` itself cannot be read. A root (or a directory
/// in it) already walked through another root is skipped as duplicate_directory; a
/// directory nested deeper than schema::kMaxInputNestingDepth below the root is rejected
/// as too_deep.
[[nodiscard]] std::vector<CorpusEntry> walk_directory(const std::filesystem::path& root,
                                                      WalkMemory& memory);

/// The entry for a file named directly on the command line (duplicate_file if `memory`
/// has seen it).
[[nodiscard]] CorpusEntry classify_file_argument(const std::filesystem::path& file,
                                                 WalkMemory& memory);

}  // namespace dateline::detail
