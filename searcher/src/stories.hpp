/// @file
/// Stories at search time: the story filter, and what a hit says about its story
/// (docs/STORIES.md). The grouping itself is Xapian's collapse on slot::kStory.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

/// True if `query` names a story (a `story:` term): its reports are then listed, not grouped.
[[nodiscard]] bool names_story(const Xapian::Query& query);

/// The story of `doc`: its size, `matching` as given, and the other reports' outlets
/// (read from at most kOutletScan of them).
[[nodiscard]] StoryInfo story_of(const Xapian::Database& db, const Xapian::Document& doc,
                                 std::uint64_t matching);
inline constexpr std::size_t kOutletScan = 50;

/// The `count` largest stories of `db`, and how many stories it has.
[[nodiscard]] std::vector<IndexStats::Story> largest_stories(const Xapian::Database& db,
                                                             std::size_t count,
                                                             std::uint64_t& stories);

}  // namespace dateline::detail
