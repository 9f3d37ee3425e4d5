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

/// The database a page is read from, for what its hits say about their stories.
struct StoryDatabase {
    const Xapian::Database& db;
    /// Some shard is remote: the outlets are read a document at a time. Xapian 1.4's remote
    /// backend has no value streams; its fallback opens every document a skip passes.
    bool remote = false;
};

/// The story of `doc`: its size, `matching` as given, and the other reports' outlets
/// (read from at most kOutletScan of them, in docid order: on local databases through one
/// value stream, not a B-tree lookup per report). With `reports`, and `matching` short of
/// the story's size, also every report's docid: the story's reports are then read once,
/// for the outlets and for count_matching_reports.
[[nodiscard]] StoryInfo story_of(const StoryDatabase& where, const Xapian::Document& doc,
                                 std::uint64_t matching,
                                 std::vector<Xapian::docid>* reports = nullptr);
inline constexpr std::size_t kOutletScan = 50;

/// What a grouped page on one local database knows of its stories before counting them.
/// `seen`, a spy on the collapsing match: the reports it hands to its collapse, each a match
/// of the query. Xapian's collapse count is a lower bound because the matcher rejects,
/// unchecked, the matches whose weight cannot reach the page (multimatch.cc, before the
/// spies and the collapse); those it hands on it has checked, so they need no second look.
/// `reports`, per hit: its story's docids, from story_of (empty if it needs no counting).
struct PageStories {
    class SeenReports final : public Xapian::MatchSpy {
      public:
        void operator()(const Xapian::Document& doc, double weight) override;
        /// In docid order.
        [[nodiscard]] const std::vector<Xapian::docid>& docids();

      private:
        std::vector<Xapian::docid> m_docids;
    };
    SeenReports seen;
    std::vector<std::vector<Xapian::docid>> reports;
};

/// Sets `story.matching` of each hit from a match of its own: how many reports of the
/// hit's story match `query`. Needed wherever Xapian's collapse count is not that number:
/// it is only a lower bound when the matcher skipped matches that could not make the page
/// (MSetIterator::get_collapse_count), and Xapian 1.4, merging the collapsed MSets of
/// remote shards, counts each shard's best report as one and drops the count that shard
/// collapsed into it. One match over the page's stories counts them on any layout; a hit
/// whose `matching` (the collapse count + 1) already equals its story's size is left alone.
/// On one local database the match is filtered by the stories' docids (`page`'s, else read
/// from their story terms), less those the collapsing match saw (counted as matches);
/// elsewhere (`remote` shards, or several databases) by the story terms, with a
/// ValueCountMatchSpy to tell the stories apart.
void count_matching_reports(const Xapian::Database& db, const Xapian::Query& query, bool remote,
                            PageStories* page, std::vector<Hit>& hits);

/// The `count` largest stories of `db`, and how many stories it has.
[[nodiscard]] std::vector<IndexStats::Story> largest_stories(const Xapian::Database& db,
                                                             std::size_t count,
                                                             std::uint64_t& stories);

}  // namespace dateline::detail
