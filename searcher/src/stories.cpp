#include "stories.hpp"

#include <algorithm>
#include <unordered_map>

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

StoryInfo story_of(const Xapian::Database& db, const Xapian::Document& doc,
                   std::uint64_t matching) {
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
    std::size_t scanned = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        if (*it == self) continue;
        if (++scanned > kOutletScan) break;
        std::string source = db.get_document(*it).get_value(schema::slot::kSource);
        if (source.empty() || source == own) continue;
        if (std::find(story.other_sources.begin(), story.other_sources.end(), source) ==
            story.other_sources.end()) {
            story.other_sources.push_back(std::move(source));
        }
    }
    return story;
}

void count_matching_reports(const Xapian::Database& db, const Xapian::Query& query,
                            std::vector<Hit>& hits) {
    // The collapse count is a lower bound: a story it already says matched whole (most
    // stories have one report) needs no counting, and often no hit of the page does.
    std::vector<Xapian::Query> stories;
    for (const auto& hit : hits) {
        if (!hit.story.id.empty() && hit.story.matching < hit.story.reports) {
            stories.emplace_back(story_term(hit.story.id));
        }
    }
    if (stories.empty()) return;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, query,
                      Xapian::Query(Xapian::Query::OP_OR, stories.begin(), stories.end())));
    // A built-in spy: remote servers run it themselves and their counts are summed.
    Xapian::ValueCountMatchSpy spy(schema::slot::kStory);
    enquire.add_matchspy(&spy);
    (void)enquire.get_mset(0, 0, db.get_doccount());
    std::unordered_map<std::string, std::uint64_t> matching;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        matching.emplace(*it, it.get_termfreq());
    }
    for (auto& hit : hits) {
        if (const auto found = matching.find(hit.story.id); found != matching.end()) {
            hit.story.matching = found->second;
        }
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
