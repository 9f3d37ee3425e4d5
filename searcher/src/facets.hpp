/// @file
/// Facet counts over the whole match set (ValueCountMatchSpy on the date and source slots).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

/// Owns the match spies for one Enquire; register() before get_mset(), read after.
class FacetCollector {
  public:
    FacetCollector();
    void register_with(Xapian::Enquire& enquire);

    /// Days aggregated to `granularity`, chronological, "undated" last (only if any).
    [[nodiscard]] std::vector<FacetValue> dates(DateGranularity granularity) const;
    /// Sources by count (descending), then name; `max` 0 = all.
    [[nodiscard]] std::vector<FacetValue> sources(std::size_t max) const;
    /// Documents the spies saw; equals the match count when every match was checked.
    [[nodiscard]] std::uint64_t examined() const;

  private:
    Xapian::ValueCountMatchSpy* m_date;  // owned by the Enquire once registered
    Xapian::ValueCountMatchSpy* m_source;
    std::unique_ptr<Xapian::ValueCountMatchSpy> m_date_owner;
    std::unique_ptr<Xapian::ValueCountMatchSpy> m_source_owner;
};

/// "20250704" → "2025-07-04" / "2025-07" / "2025".
[[nodiscard]] std::string date_bucket(const std::string& compact, DateGranularity granularity);

}  // namespace dateline::detail
