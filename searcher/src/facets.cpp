#include "facets.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <dateline/host_names.hpp>
#include <dateline/schema.hpp>

namespace dateline {
namespace {

constexpr std::array<std::string_view, detail::kFacetFieldCount> kFacetNames = {
    "date", "source", "site", "cites", "author"};

}  // namespace

std::string_view facet_field_name(FacetField field) noexcept {
    return kFacetNames.at(static_cast<std::size_t>(field));
}

std::optional<FacetField> parse_facet_field(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kFacetNames.size(); ++i) {
        if (kFacetNames[i] == name) return static_cast<FacetField>(i);
    }
    return std::nullopt;
}

}  // namespace dateline

namespace dateline::detail {
namespace {

std::size_t index_of(FacetField field) noexcept { return static_cast<std::size_t>(field); }

constexpr std::array<FacetField, kFacetFieldCount> kAllFields = {
    FacetField::kDate, FacetField::kSource, FacetField::kSite, FacetField::kCites,
    FacetField::kAuthor};

// Every value of `slot` by docid, as an index into `values` (distinct, first-seen order);
// `index` maps each value to its index.
void read_slot(const Xapian::Database& db, Xapian::valueno slot, std::size_t size,
               FacetTable::Column& column, std::unordered_map<std::string, std::uint32_t>& index) {
    column.of.assign(size, FacetTable::kNone);
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const Xapian::docid did = it.get_docid();
        std::string value = *it;
        if (did >= size || value.empty()) continue;
        const auto [at, inserted] =
            index.emplace(std::move(value), static_cast<std::uint32_t>(column.values.size()));
        if (inserted) column.values.push_back(at->first);
        column.of[did] = at->second;
    }
}

// Spellings that differ only by case, diacritics or spacing ("Reuters", "reuters") are one
// source, as the source: filter already treats them: their counts are summed under the
// spelling most of them have (ties: the byte-smallest, so "Reuters" before "reuters").
std::vector<FacetValue> merge_spellings(std::vector<FacetValue> counted) {
    struct Keyed {
        std::string key;
        FacetValue value;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(counted.size());
    for (auto& v : counted) keyed.push_back({schema::source_key(v.value), std::move(v)});
    std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
        if (a.key != b.key) return a.key < b.key;
        return a.value.count != b.value.count ? a.value.count > b.value.count
                                              : a.value.value < b.value.value;
    });
    std::vector<FacetValue> out;
    const std::string* key = nullptr;
    for (auto& k : keyed) {
        if (key != nullptr && *key == k.key) {
            out.back().count += k.value.count;
            continue;
        }
        key = &k.key;
        out.push_back(std::move(k.value));
    }
    return out;
}

// Keeps the first `max` values (0 = all) and says how many were left out.
Facet cut(FacetField field, std::vector<FacetValue> values, std::size_t max) {
    std::uint64_t more = 0;
    if (max != 0 && values.size() > max) {
        more = values.size() - max;
        values.resize(max);
    }
    return {.field = field,
            .name = std::string(facet_field_name(field)),
            .values = std::move(values),
            .more = more};
}

}  // namespace

std::vector<FacetRequest> facets_to_count(const SearchRequest& request) {
    if (request.facet_fields.empty()) {
        return {{.field = FacetField::kDate, .max_values = 0},
                {.field = FacetField::kSource, .max_values = request.max_source_facets}};
    }
    std::vector<FacetRequest> out;
    for (const auto& want : request.facet_fields) {
        const bool seen = std::any_of(out.begin(), out.end(),
                                      [&](const FacetRequest& r) { return r.field == want.field; });
        if (!seen) out.push_back(want);
    }
    return out;
}

Xapian::valueno facet_slot(FacetField field) noexcept {
    switch (field) {
        case FacetField::kDate:
            return schema::slot::kDate;
        case FacetField::kSource:
            return schema::slot::kSource;
        case FacetField::kSite:
            return schema::slot::kSite;
        case FacetField::kCites:
            return schema::slot::kCitedDomains;
        case FacetField::kAuthor:
            return schema::slot::kAuthor;
    }
    return schema::slot::kSource;
}

std::shared_ptr<const FacetTable> FacetCache::table_for(const Xapian::Database& db) {
    std::string uuid = db.get_uuid();
    if (m_table && !uuid.empty() && m_table->uuid == uuid) return m_table;

    auto table = std::make_shared<FacetTable>();
    const std::size_t size = std::size_t{db.get_lastdocid()} + 1;
    for (const auto field : kAllFields) {
        std::unordered_map<std::string, std::uint32_t> index;
        read_slot(db, facet_slot(field), size, table->columns[index_of(field)], index);
    }
    read_slot(db, schema::slot::kStory, size, table->story, table->story_index);
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
// all instructions on the 10k bench). Here a match costs one array lookup per facet.
class FacetCollector::TableSpy : public Xapian::MatchSpy {
  public:
    TableSpy(std::shared_ptr<const FacetTable> table,
             const std::array<bool, kFacetFieldCount>& wanted, bool count_stories,
             bool rank_stories)
        : m_table(std::move(table)),
          m_count_stories(count_stories || rank_stories),
          m_rank_stories(rank_stories) {
        for (std::size_t f = 0; f < kFacetFieldCount; ++f) {
            if (wanted[f]) {
                m_fields.push_back(f);
                counts[f].assign(m_table->columns[f].values.size(), 0);
            }
        }
        const std::size_t story_count = m_table->story.values.size();
        if (m_count_stories) story_counts.assign(story_count, 0);
        if (m_rank_stories) {
            // Written when a story is first seen (story_counts says which were), never read
            // before: not cleared, which would cost a pass over every story of the index.
            best = std::make_unique_for_overwrite<Best[]>(story_count);
        }
    }

    void operator()(const Xapian::Document& doc, double weight) override {
        ++total;
        const Xapian::docid did = doc.get_docid();
        for (const std::size_t f : m_fields) {
            const auto& of = m_table->columns[f].of;
            if (did >= of.size()) continue;
            if (const auto v = of[did]; v != FacetTable::kNone) ++counts[f][v];
        }
        if (!m_count_stories) return;
        const auto& of = m_table->story.of;
        if (const auto v = did < of.size() ? of[did] : FacetTable::kNone; v != FacetTable::kNone) {
            if (story_counts[v]++ == 0) {
                ++stories;
                if (m_rank_stories) {
                    best[v] = {weight, did};
                    seen.push_back(v);
                }
            } else if (m_rank_stories && weight > best[v].weight) {
                // Docids come in ascending order: an equal weight keeps the earlier report.
                best[v] = {weight, did};
            }
        } else {
            ++stories;  // a report without a story id is a story of its own
            if (m_rank_stories) alone.push_back({weight, did});
        }
    }

    [[nodiscard]] const FacetTable& table() const { return *m_table; }

    std::uint64_t total = 0;
    /// By field, by index into that column's values.
    std::array<std::vector<std::uint64_t>, kFacetFieldCount> counts;
    std::uint64_t stories = 0;                ///< distinct stories seen (count_stories)
    std::vector<std::uint64_t> story_counts;  ///< by index into the story column's values
    /// A story's best report so far (rank_stories).
    struct Best {
        double weight;
        Xapian::docid doc;
    };
    std::unique_ptr<Best[]> best;     ///< by story index, for the stories in `seen`
    std::vector<std::uint32_t> seen;  ///< story indexes, in the order first seen
    std::vector<Best> alone;          ///< reports without a story id

  private:
    std::shared_ptr<const FacetTable> m_table;
    std::vector<std::size_t> m_fields;  // the fields counted
    bool m_count_stories;
    bool m_rank_stories;
};

FacetCollector::FacetCollector(const Xapian::Database& db, bool remote_shards, FacetCache& cache,
                               const std::vector<FacetField>& fields)
    : m_db(db), m_remote_shards(remote_shards), m_cache(cache) {
    for (const auto field : fields) m_wanted[index_of(field)] = true;
}

FacetCollector::~FacetCollector() = default;

const std::shared_ptr<const FacetTable>& FacetCollector::table() {
    // Asked here, not in the constructor: a search without facets pays nothing.
    // With several shards the spies see each shard's own docids, which do not index a
    // table of the combined database; ValueCountMatchSpy reads values per document.
    if (!m_table_asked && !m_remote_shards && m_db.size() == 1) {
        m_table_read = m_cache.table_if_reused(m_db);
    }
    m_table_asked = true;
    return m_table_read;
}

bool FacetCollector::rank_stories() {
    m_rank_stories = table() != nullptr;
    return m_rank_stories;
}

void FacetCollector::register_with(Xapian::Enquire& enquire) {
    if (const auto& read = table()) {
        m_table = std::make_unique<TableSpy>(read, m_wanted, m_count_stories, m_rank_stories);
        enquire.add_matchspy(m_table.get());
        return;
    }
    if (m_count_stories) {
        m_story_spy = std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kStory);
        enquire.add_matchspy(m_story_spy.get());
    }
    for (const auto field : kAllFields) {
        if (!m_wanted[index_of(field)]) continue;
        auto& spy = m_spies[index_of(field)];
        spy = std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(field));
        // We keep ownership: the spies must outlive the Enquire's use of them, and the
        // collector lives for the whole search.
        enquire.add_matchspy(spy.get());
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

std::vector<FacetCollector::RankedStory> FacetCollector::story_page(std::size_t offset,
                                                                    std::size_t limit) const {
    if (!m_table || !m_rank_stories) return {};
    const TableSpy& spy = *m_table;
    std::vector<RankedStory> ranked;
    ranked.reserve(spy.seen.size() + spy.alone.size());
    for (const auto v : spy.seen) {
        ranked.push_back({spy.best[v].doc, spy.best[v].weight, spy.story_counts[v]});
    }
    for (const auto& report : spy.alone) ranked.push_back({report.doc, report.weight, 1});
    const auto before = [](const RankedStory& a, const RankedStory& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.best < b.best;
    };
    const std::size_t end = std::min(ranked.size(), offset + limit);
    if (offset >= end) return {};
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(end),
                      ranked.end(), before);
    ranked.resize(end);
    ranked.erase(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(offset));
    return ranked;
}

std::vector<FacetValue> FacetCollector::raw_counts(FacetField field) const {
    const auto f = index_of(field);
    std::vector<FacetValue> out;
    if (m_table) {
        const auto& values = m_table->table().columns[f].values;
        const auto& counts = m_table->counts[f];
        for (std::size_t i = 0; i < counts.size(); ++i) {
            if (counts[i] != 0) out.push_back({values[i], counts[i]});
        }
    } else if (const auto& spy = m_spies[f]) {
        for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
            out.push_back({*it, static_cast<std::uint64_t>(it.get_termfreq())});
        }
    }
    return out;
}

std::vector<FacetValue> FacetCollector::date_counts(DateGranularity granularity) const {
    std::map<std::string, std::uint64_t> buckets;  // ISO prefixes sort chronologically
    std::uint64_t dated = 0;
    for (const auto& [value, count] : raw_counts(FacetField::kDate)) {
        buckets[date_bucket(value, granularity)] += count;
        dated += count;
    }
    std::vector<FacetValue> out;
    out.reserve(buckets.size() + 1);  // and "undated"
    for (auto& [value, count] : buckets) out.push_back({value, count});
    // Documents without the value are the undated ones.
    const auto total = examined();
    if (total > dated) out.push_back({"undated", total - dated});
    return out;
}

Facet FacetCollector::facet(FacetField field, std::size_t max, DateGranularity granularity) const {
    if (!m_wanted[index_of(field)] || (!m_table && !m_spies[index_of(field)])) {
        return cut(field, {}, 0);  // not counted
    }
    if (field == FacetField::kDate) return cut(field, date_counts(granularity), max);
    std::vector<FacetValue> out = raw_counts(field);
    if (field == FacetField::kCites) {
        // The slot holds each report's set of cited domains as one value: a set's count
        // goes to each of its domains (a report lists a domain once).
        std::map<std::string, std::uint64_t, std::less<>> domains;
        for (const auto& [set, count] : out) {
            for (const auto domain : schema::split_domains(set)) {
                auto at = domains.find(domain);
                if (at == domains.end()) at = domains.emplace(std::string(domain), 0).first;
                at->second += count;
            }
        }
        out.clear();
        for (auto& [domain, count] : domains) out.push_back({domain, count});
    } else if (field == FacetField::kSource) {
        out = merge_spellings(std::move(out));
    }
    // Values are distinct, so this order is total: the same whichever spy counted.
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return cut(field, std::move(out), max);
}

std::uint64_t FacetCollector::examined() const {
    if (m_table) return m_table->total;
    for (const auto& spy : m_spies) {
        if (spy) return static_cast<std::uint64_t>(spy->get_total());
    }
    if (m_story_spy) return static_cast<std::uint64_t>(m_story_spy->get_total());
    return 0;
}

std::uint64_t FacetCollector::stories_seen() const {
    if (m_table) return m_table->stories;
    if (!m_story_spy) return 0;
    std::uint64_t distinct = 0;
    std::uint64_t with_story = 0;
    for (auto it = m_story_spy->values_begin(); it != m_story_spy->values_end(); ++it) {
        ++distinct;
        with_story += it.get_termfreq();
    }
    return distinct + (examined() - with_story);
}

void FacetCollector::set_story_matching(std::vector<Hit>& hits) const {
    if (m_table) {
        const auto& index = m_table->table().story_index;
        for (auto& hit : hits) {
            const auto found = index.find(hit.story.id);
            if (found != index.end()) hit.story.matching = m_table->story_counts[found->second];
        }
        return;
    }
    if (!m_story_spy) return;
    std::unordered_map<std::string_view, Hit*> wanted;
    for (auto& hit : hits) {
        if (!hit.story.id.empty()) wanted.emplace(hit.story.id, &hit);
    }
    for (auto it = m_story_spy->values_begin(); it != m_story_spy->values_end() && !wanted.empty();
         ++it) {
        const std::string id = *it;
        if (const auto found = wanted.find(id); found != wanted.end()) {
            found->second->story.matching = it.get_termfreq();
            wanted.erase(found);
        }
    }
}

}  // namespace dateline::detail
