/// @file
/// Facet counts over the whole match set: date (slot::kDate) and source (slot::kSource).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

/// Every document's date and source value of one database, as small integers, with
/// each distinct date's bucket per granularity: read once per generation, so that a
/// faceted search counts a match with two array lookups.
struct FacetTable {
    static constexpr std::uint32_t kNone = UINT32_MAX;  ///< the document has no value
    std::string uuid;                                   ///< Database::get_uuid() read
    std::vector<std::uint32_t> date_of;                 ///< by docid: index into dates
    std::vector<std::uint32_t> source_of;               ///< by docid: index into sources
    std::vector<std::string> dates;                     ///< distinct values ("YYYYMMDD")
    std::vector<std::string> sources;                   ///< distinct values
    std::vector<std::string> source_keys;               ///< schema::source_key() of each
    /// Per DateGranularity (day, month, year): each date's bucket, and the bucket
    /// names in chronological order.
    std::array<std::vector<std::uint32_t>, 3> bucket_of;
    std::array<std::vector<std::string>, 3> buckets;
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
    /// For the Enquire over `db` (both must outlive the collector). An unsharded local
    /// database is counted through `cache`'s table of it once it is reused
    /// (FacetCache::table_if_reused); the first faceted search of a generation, several
    /// shards, or
    /// `remote_shards`, with Xapian's ValueCountMatchSpy (which remote servers run
    /// themselves, and which reads each document's values by the shard's own docid).
    /// Nothing is read before register_with().
    FacetCollector(const Xapian::Database& db, bool remote_shards, FacetCache& cache);
    ~FacetCollector();
    FacetCollector(const FacetCollector&) = delete;
    FacetCollector& operator=(const FacetCollector&) = delete;

    /// Sets up the spies (reading the table if needed) and adds them to `enquire`.
    void register_with(Xapian::Enquire& enquire);

    /// Days aggregated to `granularity`, chronological, "undated" last (only if any).
    [[nodiscard]] std::vector<FacetValue> dates(DateGranularity granularity) const;
    /// Sources by count (descending), then name; `max` 0 = all. Spellings of one
    /// source_key() are one source, named by its most frequent spelling.
    [[nodiscard]] std::vector<FacetValue> sources(std::size_t max) const;
    /// Documents the spies saw; equals the match count when every match was checked.
    [[nodiscard]] std::uint64_t examined() const;

  private:
    class TableSpy;
    const Xapian::Database& m_db;
    bool m_remote_shards;
    FacetCache& m_cache;
    std::unique_ptr<Xapian::ValueCountMatchSpy> m_date;  // these two, or m_table
    std::unique_ptr<Xapian::ValueCountMatchSpy> m_source;
    std::unique_ptr<TableSpy> m_table;
};

/// "20250704" → "2025-07-04" / "2025-07" / "2025".
[[nodiscard]] std::string date_bucket(const std::string& compact, DateGranularity granularity);

}  // namespace dateline::detail
