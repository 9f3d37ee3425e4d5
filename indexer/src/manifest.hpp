/// @file
/// The sidecar manifest of a data root (manifest.tsv / manifest.jsonl): per-file
/// metadata that gives or overrides what the files themselves say.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dateline::detail {

inline constexpr std::string_view kManifestTsv = "manifest.tsv";
inline constexpr std::string_view kManifestJsonl = "manifest.jsonl";

/// One manifest entry. Values are normalized text; absent or empty fields are nullopt.
struct ManifestRow {
    std::optional<std::string> date;  ///< raw; parsed (and warned about) by the extractor
    std::optional<std::string> source;
    std::optional<std::string> title;
    std::optional<std::string> url;
    std::optional<std::string> author;

    /// A canonical serialization, fed into the content hash so that editing the
    /// manifest re-indexes the file.
    [[nodiscard]] std::string canonical() const;
};

struct Manifest {
    /// Keyed by the path relative to the data root, '/'-separated ("reuters/a.txt").
    std::unordered_map<std::string, ManifestRow> rows;
    std::vector<std::string> notices;  ///< "manifest.tsv:4: …" problems with lines
    /// Where each row was given ("manifest.tsv:4"), for warning about rows naming no file.
    std::unordered_map<std::string, std::string> row_origin;

    [[nodiscard]] const ManifestRow* find(std::string_view relative_path) const;

    /// Notices for the rows whose path is not one of `text_files` (the relative paths of
    /// the root's text documents): a missing file, a JSON Lines file, a skipped one.
    [[nodiscard]] std::vector<std::string> unmatched_rows(
        const std::unordered_set<std::string>& text_files) const;
};

/// TSV: one row per line, tab-separated: path, date, source, title, url, author. A first
/// row whose first field is "path" names the columns instead (any order). '#' starts a
/// comment line; blank lines are ignored.
[[nodiscard]] Manifest parse_manifest_tsv(std::string_view text, std::string_view file_name);

/// JSON Lines: one object per line with "path" and any of the fields above (strings).
[[nodiscard]] Manifest parse_manifest_jsonl(std::string_view text, std::string_view file_name);

/// Loads `root`/manifest.tsv and `root`/manifest.jsonl (either, both or none; the JSONL
/// one wins for a path in both). Unreadable manifests become notices.
[[nodiscard]] Manifest load_manifest(const std::filesystem::path& root);

}  // namespace dateline::detail
