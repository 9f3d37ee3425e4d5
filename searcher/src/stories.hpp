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

/// Sets `story.matching` of each hit from a match of its own: how many reports of the
/// hit's story match `query`. Needed wherever Xapian's collapse count is not that number:
/// it is only a lower bound when the matcher skipped matches that could not make the page
/// (MSetIterator::get_collapse_count), and Xapian 1.4, merging the collapsed MSets of
/// remote shards, counts each shard's best report as one and drops the count that shard
/// collapsed into it. One match over the page's stories counts them on any layout; a hit
/// whose `matching` (the collapse count + 1) already equals its story's size is left alone.
/// On one local database the match is filtered by the stories' docids, read from their
/// story terms; elsewhere (`remote` shards, or several databases) by the story terms, with
/// a ValueCountMatchSpy to tell the stories apart.
void count_matching_reports(const Xapian::Database& db, const Xapian::Query& query, bool remote,
                            std::vector<Hit>& hits);

/// The `count` largest stories of `db`, and how many stories it has.
[[nodiscard]] std::vector<IndexStats::Story> largest_stories(const Xapian::Database& db,
                                                             std::size_t count,
                                                             std::uint64_t& stories);

}  // namespace dateline::detail
