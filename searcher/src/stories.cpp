#include "stories.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <dateline/display_fields.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {

namespace {

std::string story_term(const std::string& id) {
    return schema::make_term(schema::prefix::kStory, id);
}

}  // namespace

bool names_story(const Xapian::Query& query) {
    const std::string prefix(schema::prefix::kStory);
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        if ((*t).compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
}

StoryInfo story_of(const StoryDatabase& where, const Xapian::Document& doc, std::uint64_t matching,
                   std::vector<Xapian::docid>* reports) {
    const Xapian::Database& db = where.db;
    StoryInfo story;
    story.id = doc.get_value(schema::slot::kStory);
    story.matching = matching;
    if (story.id.empty()) {
        story.reports = 1;
        return story;
    }
    const std::string term = story_term(story.id);
    story.reports = db.get_termfreq(term);
    if (story.reports <= 1) return story;
    const std::string own = doc.get_value(schema::slot::kSource);
    const Xapian::docid self = doc.get_docid();
    const bool list_all = reports != nullptr && matching < story.reports;
    // The story's reports come in docid order, so one value stream walks their sources
    // forward: fewer block reads than opening each report (bench/RESULTS.md, "Session 12").
    Xapian::ValueIterator sources;
    if (!where.remote) sources = db.valuestream_begin(schema::slot::kSource);
    const Xapian::ValueIterator no_source;
    const auto source_of = [&](Xapian::docid report) -> std::string {
        if (where.remote) return db.get_document(report).get_value(schema::slot::kSource);
        if (sources == no_source || !sources.check(report)) return {};
        // check() may also leave the stream at its end (no later report has a source) or
        // on a later report (this one has none).
        if (sources == no_source || sources.get_docid() != report) return {};
        return *sources;
    };
    std::size_t scanned = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        if (list_all) reports->push_back(*it);
        if (*it == self) continue;
        if (scanned == kOutletScan) {
            if (list_all) continue;
            break;
        }
        ++scanned;
        std::string source = source_of(*it);
        // An outlet nobody named is not an outlet to list (docs/JSON_OUTPUT.md).
        if (source.empty() || source == own || source == schema::kUnknownSource) continue;
        if (std::find(story.other_sources.begin(), story.other_sources.end(), source) ==
            story.other_sources.end()) {
            story.other_sources.push_back(std::move(source));
        }
    }
    return story;
}

namespace {

// The documents of a sorted docid list, weightless: a filter by docid. One local database
// only: it cannot be cloned for several databases, nor unserialised by a remote server.
class DocidListSource final : public Xapian::PostingSource {
  public:
    explicit DocidListSource(std::vector<Xapian::docid> docids) : m_docids(std::move(docids)) {}
    [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return size(); }
    [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return size(); }
    [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return size(); }
    [[nodiscard]] Xapian::docid get_docid() const override { return m_docids[m_at]; }
    [[nodiscard]] bool at_end() const override { return m_at >= m_docids.size(); }
    void init(const Xapian::Database& /*db*/) override {
        m_at = 0;
        m_started = false;
    }
    // The matcher calls next() or skip_to() once before reading the first document.
    void next(double /*min_wt*/) override {
        if (m_started) ++m_at;
        m_started = true;
    }
    void skip_to(Xapian::docid did, double /*min_wt*/) override {
        m_started = true;
        const auto from = m_docids.begin() + static_cast<std::ptrdiff_t>(m_at);
        m_at = static_cast<std::size_t>(std::lower_bound(from, m_docids.end(), did) -
                                        m_docids.begin());
    }

  private:
    [[nodiscard]] Xapian::doccount size() const {
        return static_cast<Xapian::doccount>(m_docids.size());
    }
    std::vector<Xapian::docid> m_docids;
    std::size_t m_at = 0;
    bool m_started = false;
};

// Which stories to count: those whose `matching` may be short of their size.
std::vector<std::size_t> hits_to_count(const std::vector<Hit>& hits) {
    std::vector<std::size_t> out;
    for (std::size_t h = 0; h < hits.size(); ++h) {
        if (!hits[h].story.id.empty() && hits[h].story.matching < hits[h].story.reports) {
            out.push_back(h);
        }
    }
    return out;
}

// One local database: a match filtered by the stories' docids, each match's story found
// by its docid. Half the instructions of the story-term match below (no value read per
// match, no story term's frequency looked up; bench/RESULTS.md, "Session 8"). The reports
// the collapsing match saw are matches already: only the others are checked (3,724 of the
// 5,592 reports over stories-10k's 200 queries; bench/RESULTS.md, "Session 11").
void count_by_docids(const Xapian::Database& db, const Xapian::Query& query, PageStories* page,
                     const std::vector<std::size_t>& counted, std::vector<Hit>& hits) {
    static const std::vector<Xapian::docid> kNone;
    const auto& seen = page != nullptr ? page->seen.docids() : kNone;
    std::vector<std::pair<Xapian::docid, std::size_t>> owner;  // report not seen, hit
    const auto add = [&](Xapian::docid report, std::size_t h) {
        if (std::binary_search(seen.begin(), seen.end(), report)) {
            ++hits[h].story.matching;
        } else {
            owner.emplace_back(report, h);
        }
    };
    for (const std::size_t h : counted) {
        hits[h].story.matching = 0;
        if (page != nullptr && h < page->reports.size() && !page->reports[h].empty()) {
            for (const Xapian::docid report : page->reports[h]) add(report, h);
            continue;
        }
        const std::string term = story_term(hits[h].story.id);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) add(*it, h);
    }
    std::sort(owner.begin(), owner.end());
    std::vector<Xapian::docid> docids;
    docids.reserve(owner.size());
    for (const auto& report : owner) docids.push_back(report.first);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, query,
                      Xapian::Query((new DocidListSource(std::move(docids)))->release())));
    const auto mset = enquire.get_mset(0, static_cast<Xapian::doccount>(owner.size()));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const auto found =
            std::lower_bound(owner.begin(), owner.end(), std::make_pair(*it, std::size_t{0}));
        if (found != owner.end() && found->first == *it) ++hits[found->second].story.matching;
    }
}

// Any layout: a match filtered by the story terms, a built-in spy telling the stories apart
// (remote servers run it themselves and their counts are summed).
void count_by_story_terms(const Xapian::Database& db, const Xapian::Query& query,
                          const std::vector<std::size_t>& counted, std::vector<Hit>& hits) {
    std::vector<Xapian::Query> stories;
    stories.reserve(counted.size());
    for (const std::size_t h : counted) stories.emplace_back(story_term(hits[h].story.id));
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, query,
                      Xapian::Query(Xapian::Query::OP_OR, stories.begin(), stories.end())));
    Xapian::ValueCountMatchSpy spy(schema::slot::kStory);
    enquire.add_matchspy(&spy);
    (void)enquire.get_mset(0, 0, db.get_doccount());
    std::unordered_map<std::string, std::uint64_t> matching;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        matching.emplace(*it, it.get_termfreq());
    }
    for (const std::size_t h : counted) {
        if (const auto found = matching.find(hits[h].story.id); found != matching.end()) {
            hits[h].story.matching = found->second;
        }
    }
}

}  // namespace

void PageStories::SeenReports::operator()(const Xapian::Document& doc, double /*weight*/) {
    m_docids.push_back(doc.get_docid());
}

const std::vector<Xapian::docid>& PageStories::SeenReports::docids() {
    // One database's matcher goes in docid order; sorting is only a safeguard.
    if (!std::is_sorted(m_docids.begin(), m_docids.end())) {
        std::sort(m_docids.begin(), m_docids.end());
    }
    return m_docids;
}

void count_matching_reports(const Xapian::Database& db, const Xapian::Query& query, bool remote,
                            PageStories* page, std::vector<Hit>& hits) {
    // The collapse count is a lower bound: a story it already says matched whole (most
    // stories have one report) needs no counting, and often no hit of the page does.
    const auto counted = hits_to_count(hits);
    if (counted.empty()) return;
    if (remote || db.size() != 1) {
        count_by_story_terms(db, query, counted, hits);
    } else {
        count_by_docids(db, query, page, counted, hits);
    }
}

std::vector<IndexStats::Story> largest_stories(const Xapian::Database& db, std::size_t count,
                                               std::uint64_t& stories) {
    const std::string prefix(schema::prefix::kStory);
    std::vector<IndexStats::Story> all;
    stories = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        ++stories;
        all.push_back({(*t).substr(prefix.size()), t.get_termfreq(), std::nullopt});
    }
    const auto larger = [](const IndexStats::Story& a, const IndexStats::Story& b) {
        return a.reports != b.reports ? a.reports > b.reports : a.id < b.id;
    };
    const std::size_t keep = std::min(count, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      larger);
    all.resize(keep);
    for (auto& story : all) {
        const std::string term = story_term(story.id);
        const auto first = db.postlist_begin(term);
        if (first == db.postlist_end(term)) continue;
        const auto fields =
            DisplayFields::decode(db.get_document(*first).get_value(schema::slot::kDisplay));
        story.title = fields.title;
    }
    return all;
}

}  // namespace dateline::detail
