/// @file
/// Rendering SearchResults and IndexStats for index-search as human-readable text, with
/// optional bold and facet bar charts (JSON is the library's dateline::to_json()).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/searcher.hpp>

namespace dateline::index_search {

/// `bold`: use ANSI bold for highlights and titles (a terminal without NO_COLOR).
[[nodiscard]] std::string render_text(const SearchResults& results, bool bold);
[[nodiscard]] std::string render_stats_text(const IndexStats& stats);

/// The query on one line and a caret under character `position` (QueryError::position(),
/// a character offset), placed by terminal columns (display_columns()), each indented by two spaces
/// and ending in a newline; empty when the query would not show as typed (a control character, a
/// line break) or the position is past its end.
[[nodiscard]] std::string caret_under(std::string_view query, std::size_t position);

/// "showing 11–20 of 57 matches (exact); --offset 20 for more", or that the offset is
/// past the end; empty when nothing matched.
[[nodiscard]] std::string paging_line(const SearchResults& results);

/// "warning: partial result: …" and a newline, naming each missing shard and why.
[[nodiscard]] std::string partial_warning(const std::vector<ShardFailure>& failed);

}  // namespace dateline::index_search
