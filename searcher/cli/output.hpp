/// @file
/// Rendering SearchResults and IndexStats for index-search: JSON (docs/JSON_OUTPUT.md)
/// and human-readable text with optional bold and facet bar charts.
#pragma once

#include <string>
#include <vector>

#include <dateline/searcher.hpp>

namespace dateline::index_search {

inline constexpr int kJsonVersion = 1;
/// Highlight markers inside the JSON "snippet" string.
inline constexpr const char* kMarkStart = "[[";
inline constexpr const char* kMarkEnd = "]]";

/// One JSON object and a newline.
[[nodiscard]] std::string render_json(const SearchResults& results);
[[nodiscard]] std::string render_stats_json(const IndexStats& stats);

/// `bold`: use ANSI bold for highlights and titles (a terminal without NO_COLOR).
[[nodiscard]] std::string render_text(const SearchResults& results, bool bold);
[[nodiscard]] std::string render_stats_text(const IndexStats& stats);

/// "warning: partial result: …" and a newline, naming each missing shard and why.
[[nodiscard]] std::string partial_warning(const std::vector<ShardFailure>& failed);

/// `snippet` with each highlight wrapped in `start`/`end`.
[[nodiscard]] std::string mark_highlights(const Hit& hit, const std::string& start,
                                          const std::string& end);

}  // namespace dateline::index_search
