#include "facets.hpp"

#include <algorithm>
#include <map>

#include <dateline/schema.hpp>

namespace dateline::detail {

FacetCollector::FacetCollector()
    : m_date_owner(std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kDate)),
      m_source_owner(std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kSource)) {
    m_date = m_date_owner.get();
    m_source = m_source_owner.get();
}

void FacetCollector::register_with(Xapian::Enquire& enquire) {
    // We keep ownership: the spies must outlive the Enquire's use of them, and the
    // collector lives for the whole search.
    enquire.add_matchspy(m_date);
    enquire.add_matchspy(m_source);
}

std::string date_bucket(const std::string& compact, DateGranularity granularity) {
    if (compact.size() != 8) return compact;
    switch (granularity) {
        case DateGranularity::kDay:
            return compact.substr(0, 4) + '-' + compact.substr(4, 2) + '-' + compact.substr(6, 2);
        case DateGranularity::kMonth:
            return compact.substr(0, 4) + '-' + compact.substr(4, 2);
        case DateGranularity::kYear:
            return compact.substr(0, 4);
    }
    return compact;
}

std::vector<FacetValue> FacetCollector::dates(DateGranularity granularity) const {
    std::map<std::string, std::uint64_t> buckets;  // ISO prefixes sort chronologically
    std::uint64_t dated = 0;
    for (auto it = m_date->values_begin(); it != m_date->values_end(); ++it) {
        const auto count = static_cast<std::uint64_t>(it.get_termfreq());
        buckets[date_bucket(*it, granularity)] += count;
        dated += count;
    }
    std::vector<FacetValue> out;
    out.reserve(buckets.size() + 1);
    for (auto& [value, count] : buckets) out.push_back({value, count});
    // ValueCountMatchSpy skips documents without the value; they are the undated ones.
    const auto total = static_cast<std::uint64_t>(m_date->get_total());
    if (total > dated) out.push_back({"undated", total - dated});
    return out;
}

std::vector<FacetValue> FacetCollector::sources(std::size_t max) const {
    std::vector<FacetValue> out;
    for (auto it = m_source->values_begin(); it != m_source->values_end(); ++it) {
        out.push_back({*it, static_cast<std::uint64_t>(it.get_termfreq())});
    }
    std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (max != 0 && out.size() > max) out.resize(max);
    return out;
}

std::uint64_t FacetCollector::examined() const {
    return static_cast<std::uint64_t>(m_date->get_total());
}

}  // namespace dateline::detail
