#include "facets.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

// Every value of `slot` by docid, as an index into `values` (distinct, first-seen order).
void read_slot(const Xapian::Database& db, Xapian::valueno slot, std::size_t size,
               std::vector<std::uint32_t>& of, std::vector<std::string>& values) {
    of.assign(size, FacetTable::kNone);
    std::unordered_map<std::string, std::uint32_t> index;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const Xapian::docid did = it.get_docid();
        std::string value = *it;
        if (did >= size || value.empty()) continue;
        const auto [at, inserted] =
            index.emplace(std::move(value), static_cast<std::uint32_t>(values.size()));
        if (inserted) values.push_back(at->first);
        of[did] = at->second;
    }
}

struct CountedSource {
    std::string value;
    std::uint64_t count;
    std::string key;  // schema::source_key(value)
};

// Spellings that differ only by case, diacritics or spacing ("Reuters", "reuters") are one
// source, as the source: filter already treats them: their counts are summed under the
// spelling most of them have (ties: the byte-smallest, so "Reuters" before "reuters").
std::vector<FacetValue> merge_spellings(std::vector<CountedSource> counted) {
    std::sort(counted.begin(), counted.end(), [](const CountedSource& a, const CountedSource& b) {
        if (a.key != b.key) return a.key < b.key;
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    std::vector<FacetValue> out;
    const std::string* key = nullptr;
    for (auto& source : counted) {
        if (key != nullptr && *key == source.key) {
            out.back().count += source.count;
            continue;
        }
        key = &source.key;
        out.push_back({std::move(source.value), source.count});
    }
    return out;
}

}  // namespace

std::shared_ptr<const FacetTable> FacetCache::table_for(const Xapian::Database& db) {
    std::string uuid = db.get_uuid();
    if (m_table && !uuid.empty() && m_table->uuid == uuid) return m_table;

    auto table = std::make_shared<FacetTable>();
    const std::size_t size = std::size_t{db.get_lastdocid()} + 1;
    read_slot(db, schema::slot::kDate, size, table->date_of, table->dates);
    read_slot(db, schema::slot::kSource, size, table->source_of, table->sources);
    table->source_keys.reserve(table->sources.size());
    for (const auto& source : table->sources)
        table->source_keys.push_back(schema::source_key(source));
    for (const auto g : {DateGranularity::kDay, DateGranularity::kMonth, DateGranularity::kYear}) {
        const auto gi = static_cast<std::size_t>(g);
        std::map<std::string, std::uint32_t> names;  // ISO prefixes sort chronologically
        for (const auto& date : table->dates) names.emplace(date_bucket(date, g), 0);
        std::uint32_t next = 0;
        for (auto& [name, id] : names) {
            id = next++;
            table->buckets[gi].push_back(name);
        }
        for (const auto& date : table->dates) {
            table->bucket_of[gi].push_back(names.at(date_bucket(date, g)));
        }
    }
    table->uuid = std::move(uuid);
    // A database without a UUID cannot be told apart from the next one: not kept.
    if (!table->uuid.empty()) m_table = table;
    return table;
}

std::shared_ptr<const FacetTable> FacetCache::table_if_reused(const Xapian::Database& db) {
    const std::string uuid = db.get_uuid();
    if (uuid.empty()) return nullptr;  // cannot be recognized again: never worth a table
    if ((m_table && m_table->uuid == uuid) || m_seen_uuid == uuid) return table_for(db);
    m_seen_uuid = uuid;
    return nullptr;
}

// Xapian 1.4's Document::get_value() on a glass database finds the value chunk in the
// B-tree, copies it and decodes it from its start, for every match and slot: with
// facets over every match that was most of a faceted search (ValueCountMatchSpy: 24% of
// all instructions on the 10k bench). Here a match costs two array lookups.
class FacetCollector::TableSpy : public Xapian::MatchSpy {
  public:
    explicit TableSpy(std::shared_ptr<const FacetTable> table) : m_table(std::move(table)) {
        date_counts.assign(m_table->dates.size(), 0);
        source_counts.assign(m_table->sources.size(), 0);
    }

    void operator()(const Xapian::Document& doc, double /*weight*/) override {
        ++total;
        const Xapian::docid did = doc.get_docid();
        if (did >= m_table->date_of.size()) return;
        if (const auto d = m_table->date_of[did]; d != FacetTable::kNone) ++date_counts[d];
        if (const auto s = m_table->source_of[did]; s != FacetTable::kNone) ++source_counts[s];
    }

    [[nodiscard]] const FacetTable& table() const { return *m_table; }

    std::uint64_t total = 0;
    std::vector<std::uint64_t> date_counts;    // by index into FacetTable::dates
    std::vector<std::uint64_t> source_counts;  // by index into FacetTable::sources

  private:
    std::shared_ptr<const FacetTable> m_table;
};

FacetCollector::FacetCollector(const Xapian::Database& db, bool remote_shards, FacetCache& cache)
    : m_db(db), m_remote_shards(remote_shards), m_cache(cache) {}

FacetCollector::~FacetCollector() = default;

void FacetCollector::register_with(Xapian::Enquire& enquire) {
    // Set up here, not in the constructor: a search without facets pays nothing.
    // With several shards the spies see each shard's own docids, which do not index a
    // table of the combined database; ValueCountMatchSpy reads values per document.
    std::shared_ptr<const FacetTable> table;
    if (!m_remote_shards && m_db.size() == 1) table = m_cache.table_if_reused(m_db);
    if (!table) {
        m_date = std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kDate);
        m_source = std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kSource);
        // We keep ownership: the spies must outlive the Enquire's use of them, and the
        // collector lives for the whole search.
        enquire.add_matchspy(m_date.get());
        enquire.add_matchspy(m_source.get());
    } else {
        m_table = std::make_unique<TableSpy>(std::move(table));
        enquire.add_matchspy(m_table.get());
    }
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
    std::vector<FacetValue> out;
    if (!m_table && !m_date) return out;  // not registered
    std::uint64_t dated = 0;
    if (m_table) {
        const auto& table = m_table->table();
        const auto gi = static_cast<std::size_t>(granularity);
        std::vector<std::uint64_t> counts(table.buckets[gi].size(), 0);
        for (std::size_t i = 0; i < m_table->date_counts.size(); ++i) {
            counts[table.bucket_of[gi][i]] += m_table->date_counts[i];
            dated += m_table->date_counts[i];
        }
        for (std::size_t b = 0; b < counts.size(); ++b) {
            if (counts[b] != 0) out.push_back({table.buckets[gi][b], counts[b]});
        }
    } else {
        std::map<std::string, std::uint64_t> buckets;  // ISO prefixes sort chronologically
        for (auto it = m_date->values_begin(); it != m_date->values_end(); ++it) {
            const auto count = static_cast<std::uint64_t>(it.get_termfreq());
            buckets[date_bucket(*it, granularity)] += count;
            dated += count;
        }
        for (auto& [value, count] : buckets) out.push_back({value, count});
    }
    // Documents without the value are the undated ones.
    const auto total = examined();
    if (total > dated) out.push_back({"undated", total - dated});
    return out;
}

std::vector<FacetValue> FacetCollector::sources(std::size_t max) const {
    if (!m_table && !m_source) return {};  // not registered
    std::vector<CountedSource> counted;
    if (m_table) {
        const auto& table = m_table->table();
        for (std::size_t i = 0; i < table.sources.size(); ++i) {
            if (m_table->source_counts[i] != 0)
                counted.push_back(
                    {table.sources[i], m_table->source_counts[i], table.source_keys[i]});
        }
    } else {
        for (auto it = m_source->values_begin(); it != m_source->values_end(); ++it) {
            counted.push_back(
                {*it, static_cast<std::uint64_t>(it.get_termfreq()), schema::source_key(*it)});
        }
    }
    std::vector<FacetValue> out = merge_spellings(std::move(counted));
    // Values are distinct, so this order is total: the same whichever spy counted.
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (max != 0 && out.size() > max) out.resize(max);
    return out;
}

std::uint64_t FacetCollector::examined() const {
    if (m_table) return m_table->total;
    return m_date ? static_cast<std::uint64_t>(m_date->get_total()) : 0;
}

}  // namespace dateline::detail
