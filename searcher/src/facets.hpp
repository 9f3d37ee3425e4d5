/// @file
/// Facet counts over the whole match set: date, source, site, cited domains and author,
/// each read from its value slot (schema.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

inline constexpr std::size_t kFacetFieldCount = 5;  ///< FacetField's values

/// The value slot a facet counts.
[[nodiscard]] Xapian::valueno facet_slot(FacetField field) noexcept;

/// Every document's facet values of one database, as small integers: read once per
/// generation, so that a faceted search counts a match with one array lookup per facet.
struct FacetTable {
    static constexpr std::uint32_t kNone = UINT32_MAX;  ///< the document has no value
    /// One slot: by docid, an index into `values` (the slot's distinct values).
    struct Column {
        std::vector<std::uint32_t> of;
        std::vector<std::string> values;
    };
    std::string uuid;                              ///< Database::get_uuid() read
    std::array<Column, kFacetFieldCount> columns;  ///< by FacetField
    /// Story ids (slot::kStory), to count each story's matching reports without Xapian's
    /// collapse; `story_index` finds an id's index into story.values.
    Column story;
    std::unordered_map<std::string, std::uint32_t> story_index;
};

/// Keeps the FacetTable of the database last searched. Not thread-safe (the Searcher
/// serializes searches). Published generations never change, and a new one is a new
/// database with a new UUID, which is what invalidates the table.
class FacetCache {
  public:
    /// The table for `db`, read from its value streams if it is not the cached one.
    [[nodiscard]] std::shared_ptr<const FacetTable> table_for(const Xapian::Database& db);
    /// As table_for(), but null the first time `db` is asked about: reading the table
    /// reads every document's values, which pays only from the second faceted search of
    /// a generation on (a one-shot index-search would read them all for one query).
    [[nodiscard]] std::shared_ptr<const FacetTable> table_if_reused(const Xapian::Database& db);

  private:
    std::shared_ptr<const FacetTable> m_table;
    std::string m_seen_uuid;  // the database asked about once, without a table yet
};

/// Owns the match spies for one Enquire; register_with() before get_mset(), read after.
/// Counts are exact: every match the Enquire checks is counted.
class FacetCollector {
  public:
    /// For the Enquire over `db` (both must outlive the collector), counting `fields`. An
    /// unsharded local database is counted through `cache`'s table of it once it is reused
    /// (FacetCache::table_if_reused); the first faceted search of a generation, several
    /// shards, or `remote_shards`, with Xapian's ValueCountMatchSpy (which remote servers run
    /// themselves, and which reads each document's values by the shard's own docid).
    /// Nothing is read before register_with().
    FacetCollector(const Xapian::Database& db, bool remote_shards, FacetCache& cache,
                   const std::vector<FacetField>& fields);
    ~FacetCollector();
    FacetCollector(const FacetCollector&) = delete;
    FacetCollector& operator=(const FacetCollector&) = delete;

    /// Sets up the spies (reading the table if needed) and adds them to `enquire`.
    void register_with(Xapian::Enquire& enquire);

    /// One facet's counts: dates aggregated to `granularity`, chronological, "undated" last
    /// (only if any), the first `max` kept; other fields by count (descending), then value,
    /// the `max` most frequent kept. A report citing several domains counts once for each.
    /// `max` 0 = all. Empty for a field not counted.
    [[nodiscard]] Facet facet(FacetField field, std::size_t max, DateGranularity granularity) const;
    /// Documents the spies saw; equals the match count when every match was checked.
    [[nodiscard]] std::uint64_t examined() const;

    /// Also count matching reports by story (call before register_with()), so that a
    /// grouped search needs no collapse over every match to know its totals.
    void count_stories() { m_count_stories = true; }
    /// Stories among the documents seen: distinct story ids, plus one for each document
    /// without one (Xapian's collapse keeps those apart too). Needs count_stories().
    [[nodiscard]] std::uint64_t stories_seen() const;
    /// Sets each hit's story.matching to the reports of its story seen (count_stories()).
    void set_story_matching(std::vector<Hit>& hits) const;

    /// Also keep each story's best report, so that a relevance-ranked grouped search reads
    /// its page from one match over every report, without Xapian's collapse: the spies get
    /// each match's weight, and the best of a story is what the collapse keeps (the highest
    /// weight, then the lowest docid, which the matcher of one database meets first).
    /// Call after count_stories(), before register_with(). False if it cannot: only the
    /// per-generation table keeps the stories, so not on the first faceted search of a
    /// generation, nor over several databases; the stories are then only counted.
    [[nodiscard]] bool rank_stories();
    /// One story of a page rank_stories() read.
    struct RankedStory {
        Xapian::docid best;      ///< its best report
        double weight;           ///< that report's weight
        std::uint64_t matching;  ///< the story's matching reports
    };
    /// Stories `offset` to `offset + limit` (at most) in the order Xapian's collapse would
    /// give them: weight descending, then docid. Needs rank_stories().
    [[nodiscard]] std::vector<RankedStory> story_page(std::size_t offset, std::size_t limit) const;

  private:
    class TableSpy;
    /// The table this search counts with, or null (FacetCache::table_if_reused, asked once).
    [[nodiscard]] const std::shared_ptr<const FacetTable>& table();
    /// Distinct slot values and their counts (cited domains still joined).
    [[nodiscard]] std::vector<FacetValue> raw_counts(FacetField field) const;
    [[nodiscard]] std::vector<FacetValue> date_counts(DateGranularity granularity) const;

    const Xapian::Database& m_db;
    bool m_remote_shards;
    FacetCache& m_cache;
    std::array<bool, kFacetFieldCount> m_wanted{};
    // One spy per counted field, or m_table for all of them.
    std::array<std::unique_ptr<Xapian::ValueCountMatchSpy>, kFacetFieldCount> m_spies;
    std::unique_ptr<TableSpy> m_table;
    bool m_count_stories = false;
    bool m_rank_stories = false;
    bool m_table_asked = false;
    std::shared_ptr<const FacetTable> m_table_read;           // table()'s answer
    std::unique_ptr<Xapian::ValueCountMatchSpy> m_story_spy;  // without a table
};

/// The facets a request counts: its facet_fields without repeats, or date and source.
[[nodiscard]] std::vector<FacetRequest> facets_to_count(const SearchRequest& request);

/// "20250704" → "2025-07-04" / "2025-07" / "2025".
[[nodiscard]] std::string date_bucket(const std::string& compact, DateGranularity granularity);

}  // namespace dateline::detail
