// Stories end to end (issue 14, docs/STORIES.md): the real index-build groups the
// reports, and the library (SearchRequest::collapse and ::story, Hit::story,
// SearchResults::collapsed and ::reports_estimated, IndexStats) and index-search --json show
// them; then the hostile corpora of the issue, built and searched whole: a corpus of
// identical reports, a report of one word, and a thousand reports of one story.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <dateline/searcher.hpp>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using dateline::Searcher;
using dateline::SortOrder;
using dateline::test::index_build_exe;
using dateline::test::index_search_exe;
using dateline::test::run;

void build(const fs::path& index, const fs::path& corpus) {
    const auto built = run({index_build_exe().string(), "--index", index.string(), "--quiet",
                            "--no-progress", corpus.string()});
    if (built.exit_code != 0) {
        throw std::runtime_error("index-build failed (" + std::to_string(built.exit_code) +
                                 "): " + built.err);
    }
}

nlohmann::json search_json(const fs::path& index, std::vector<std::string> args) {
    std::vector<std::string> argv{index_search_exe().string(), "--index", index.string(), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = run(argv);
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return nlohmann::json::parse(result.out);
}

// The shipped corpus: five outlets' reports of the 3 July 2025 Trump–Putin call.
struct Shipped {
    dateline::test::TempDir dir;
    fs::path index = dir.path() / "index";
    Shipped() { build(index, dateline::test::shipped_data()); }
};

const Shipped& shipped() {
    static const Shipped kShipped;
    return kShipped;
}

}  // namespace

TEST_CASE("library: one hit per story by default, with its size, matching reports and outlets") {
    Searcher s(shipped().index);
    const auto grouped = s.search({.query = "Putin"});
    CHECK(grouped.collapsed);
    CHECK(grouped.total_estimated == 1);
    CHECK(grouped.total_exact);
    CHECK(grouped.reports_estimated == 5);
    REQUIRE(grouped.hits.size() == 1);
    const auto& story = grouped.hits[0].story;
    CHECK(story.id.size() == 16);
    CHECK(story.reports == 5);
    CHECK(story.matching == 5);
    // The shipped reports name no outlet: "unknown" is never listed as another one.
    CHECK(grouped.hits[0].source == "unknown");
    CHECK(story.other_sources.empty());

    const auto every = s.search({.query = "Putin", .collapse = false});
    CHECK_FALSE(every.collapsed);
    CHECK(every.total_estimated == 5);
    CHECK(every.reports_estimated == 5);
    REQUIRE(every.hits.size() == 5);
    for (const auto& hit : every.hits) {
        CHECK(hit.story.id == story.id);
        CHECK(hit.story.reports == 5);
        CHECK(hit.story.matching == 1);
    }
    // The best report of the story is the one the grouped answer shows.
    CHECK(every.hits[0].id == grouped.hits[0].id);

    const auto stats = s.stats();
    CHECK(stats.stories == 1);
    REQUIRE(stats.largest_stories.size() == 1);
    CHECK(stats.largest_stories[0].id == story.id);
    CHECK(stats.largest_stories[0].reports == 5);
}

TEST_CASE("library: SearchRequest::story and story: list one story's reports, never grouped") {
    Searcher s(shipped().index);
    const std::string id = s.search({.query = "Putin"}).hits.at(0).story.id;
    const auto listed = s.search({.query = "", .story = id});
    CHECK_FALSE(listed.collapsed);
    CHECK(listed.hits.size() == 5);
    const auto queried = s.search({.query = "story:" + id});
    CHECK_FALSE(queried.collapsed);
    CHECK(queried.hits.size() == 5);
    CHECK(s.search({.query = "", .story = "0000000000000000"}).hits.empty());
}

TEST_CASE("library: a page's matching count is exact without facets and past the first hit") {
    // Regression: without facets the matcher checks only what the page needs, and Xapian's
    // collapse count is then a lower bound (it once said 1 of 5 here).
    Searcher s(shipped().index);
    for (const std::string query : {"Putin", "Trump AND Putin", "Ukraine"}) {
        CAPTURE(query);
        const auto every = s.search({.query = query, .facets = false, .collapse = false});
        const auto one = s.search({.query = query, .limit = 1, .facets = false});
        REQUIRE(one.hits.size() == 1);
        CHECK(one.hits[0].story.matching == every.hits.size());
    }
}

TEST_CASE("index-search --json: a story object on every hit, --no-collapse and --story") {
    const auto grouped = search_json(shipped().index, {"Putin"});
    CHECK(grouped["total"]["counts"] == "stories");
    CHECK(grouped["total"]["reports"] == 5);
    REQUIRE(grouped["hits"].size() == 1);
    const auto story = grouped["hits"][0]["story"];
    CHECK(story["reports"] == 5);
    CHECK(story["matching"] == 5);
    const std::string id = story["id"];

    const auto every = search_json(shipped().index, {"--no-collapse", "Putin"});
    CHECK(every["total"]["counts"] == "reports");
    REQUIRE(every["hits"].size() == 5);
    for (const auto& hit : every["hits"]) {
        CHECK(hit["story"]["id"] == id);
        CHECK(hit["story"]["matching"] == 1);
    }
    const auto listed = search_json(shipped().index, {"--story", id});
    CHECK(listed["total"]["counts"] == "reports");
    CHECK(listed["hits"].size() == 5);
}

namespace {

// Two unrelated articles, a sentence a line.
const std::vector<std::string> kHarbour = {
    "The harbour authority closed the northern pier after a crane collapsed on Tuesday.",
    "Dock workers said the crane had been inspected only last month.",
    "Shipping companies diverted three container vessels to the southern terminal.",
    "The authority expects the pier to reopen within two weeks.",
    "An engineer blamed corrosion in the crane's base for the collapse.",
    "Fishermen complained that the diverted traffic blocked their moorings.",
    "Insurance assessors arrived on Wednesday to inspect the damaged quay.",
    "The mayor promised an independent inquiry into port maintenance.",
    "Union leaders called for a review of safety rules at every terminal.",
    "Nobody was injured, although a parked truck was crushed.",
};
const std::vector<std::string> kVineyard = {
    "Growers in the valley began the grape harvest a fortnight early this year.",
    "A dry spring and a hot summer ripened the fruit faster than usual.",
    "Winemakers fear the sugar levels will make for heavy, alcoholic wines.",
    "Seasonal pickers arrived from the coast to meet the sudden demand.",
    "The cooperative extended its pressing hours into the night.",
    "Some estates left part of their crop on the vines to wait for cooler weather.",
    "Prices for the early bunches rose at the regional market on Monday.",
    "Agronomists advised growers to irrigate the younger plots sparingly.",
    "The tourism office expects record visitor numbers at the harvest festival.",
    "Older growers recalled a similar season four decades ago.",
};

// An empty `source` leaves the Source line out: the report's outlet is then unknown.
std::string report(const std::string& title, const std::string& date, const std::string& source,
                   const std::vector<std::string>& sentences) {
    std::string text = "Title: " + title + "\nDate: " + date + "\n";
    if (!source.empty()) text += "Source: " + source + "\n";
    text += "\n";
    for (const auto& sentence : sentences) text += sentence + "\n";
    return text;
}

constexpr int kIdentical = 1000;
constexpr int kCuts = 1200;

// kIdentical copies of one report; kCuts reports of another story, each dropping a
// different quarter of its sentences, over three days and four outlets; a report of one
// word; and, first in walk order, a report of another story that says "harvest" once.
struct Hostile {
    dateline::test::TempDir dir;
    fs::path corpus = dir.path() / "corpus";
    fs::path index = dir.path() / "index";
    std::string build_report;
    Hostile() {
        fs::create_directories(corpus / "same");
        fs::create_directories(corpus / "cuts");
        const std::string same =
            report("Crane collapse closes pier", "2025-03-11", "Port Wire", kHarbour);
        for (int i = 0; i < kIdentical; ++i) {
            std::ofstream(corpus / "same" / ("r" + std::to_string(i) + ".txt")) << same;
        }
        const char* outlets[] = {"Valley Post", "Wine Daily", "Farm Courier", "Coast Radio"};
        for (int i = 0; i < kCuts; ++i) {
            std::vector<std::string> cut;
            for (std::size_t k = 0; k < kVineyard.size(); ++k) {
                if ((k + static_cast<std::size_t>(i)) % 4 != 0) cut.push_back(kVineyard[k]);
            }
            std::ofstream(corpus / "cuts" / ("c" + std::to_string(i) + ".txt")) << report(
                "Early harvest", "2025-09-0" + std::to_string(1 + i % 3), outlets[i % 4], cut);
        }
        // A word of the identical reports: it is their candidate, never their story.
        std::ofstream(corpus / "word.txt") << "Crane\n";
        fs::create_directories(corpus / "a_library");
        std::ofstream(corpus / "a_library" / "hours.txt")
            << report("Library hours", "2025-01-20", "Town Notes",
                      {"The city library extended its opening hours for the winter.",
                       "Volunteers catalogued a donation of old maps and letters.",
                       "A reading room on the second floor will host evening lectures.",
                       "The archive holds a record of every harvest since the town began.",
                       "Visitors must book a place for the lectures in advance.",
                       "The library board thanked the donors at a small ceremony."});
        const auto built = run({index_build_exe().string(), "--index", index.string(), "--json",
                                "--no-progress", corpus.string()});
        if (built.exit_code != 0) throw std::runtime_error("index-build failed: " + built.err);
        build_report = built.out;
    }
};

const Hostile& hostile() {
    static const Hostile kHostile;
    return kHostile;
}

}  // namespace

TEST_CASE("hostile: identical reports, a one-word report and a thousand cuts of one story") {
    const auto& h = hostile();
    const auto summary = nlohmann::json::parse(h.build_report);
    CHECK(summary["counts"]["indexed"] == kIdentical + kCuts + 2);
    CHECK(summary["stories"] == 4);

    Searcher s(h.index);
    const auto stats = s.stats();
    CHECK(stats.documents == kIdentical + kCuts + 2);
    CHECK(stats.stories == 4);
    REQUIRE(stats.largest_stories.size() == 4);
    CHECK(stats.largest_stories[0].reports == kCuts);
    CHECK(stats.largest_stories[1].reports == kIdentical);
    CHECK(stats.largest_stories[2].reports == 1);
    CHECK(stats.largest_stories[3].reports == 1);

    SUBCASE("identical reports are one story, a one-word report of their word another") {
        for (const bool facets : {true, false}) {
            CAPTURE(facets);
            const auto r = s.search({.query = "crane", .limit = 3, .facets = facets});
            CHECK(r.total_estimated == 2);
            REQUIRE(r.hits.size() == 2);
            const bool word_first = r.hits[0].id == "word.txt";
            const auto& word = r.hits[word_first ? 0 : 1];
            const auto& copies = r.hits[word_first ? 1 : 0];
            CHECK(word.id == "word.txt");
            CHECK(word.story.reports == 1);
            CHECK(word.story.matching == 1);
            CHECK(copies.story.reports == kIdentical);
            CHECK(copies.story.matching == kIdentical);
            CHECK(copies.story.other_sources.empty());  // one outlet
        }
        const auto every = s.search({.query = "crane", .limit = 3, .collapse = false});
        CHECK(every.total_estimated == kIdentical + 1);
        CHECK(every.hits.size() == 3);
    }
    SUBCASE("a thousand reports of one story: one hit; a word of some cuts counts those") {
        // A short page (2 hits of 10): the matcher saw every match, and the collapse count
        // stands without the counting match (docs/STORIES.md §6).
        const auto all = s.search({.query = "harvest", .facets = false});
        REQUIRE(all.hits.size() == 2);  // and the library's report
        CHECK(all.hits[0].story.reports == kCuts);
        CHECK(all.hits[0].story.matching == kCuts);  // the title says harvest
        CHECK(all.hits[0].story.other_sources.size() == 3);
        // "fortnight" is in the first sentence, which every fourth cut drops.
        const auto some = s.search({.query = "fortnight", .limit = 1, .facets = false});
        REQUIRE(some.hits.size() == 1);
        CHECK(some.hits[0].story.matching == kCuts - kCuts / 4);
        // Regression: once the library report and the story fill more than the page, the
        // matcher skips the cuts that have only "harvest" (they cannot beat the page), and
        // Xapian's collapse count missed them.
        const auto either =
            s.search({.query = "fortnight OR harvest", .limit = 1, .facets = false});
        REQUIRE(either.hits.size() == 1);
        CHECK(either.hits[0].story.matching == kCuts);
        // With facets, the stories and their matching reports are counted in the facet
        // match, not by the collapse (which checks only the page): the first faceted search
        // of a generation counts with Xapian's spies, the next ones with the facet table.
        for (const std::string_view pass : {"spies", "table"}) {
            CAPTURE(pass);
            const auto faceted = s.search({.query = "fortnight OR harvest", .limit = 1});
            REQUIRE(faceted.hits.size() == 1);
            CHECK(faceted.hits[0].story.matching == kCuts);
            CHECK(faceted.total_estimated == 2);
            CHECK(faceted.total_exact);
            CHECK(faceted.reports_estimated == kCuts + 1);
        }
        const auto listed = s.search({.query = "", .limit = 5, .story = all.hits[0].story.id});
        CHECK(listed.total_estimated == kCuts);
        CHECK(listed.hits.size() == 5);
    }
    SUBCASE("index-search --json pins the same through the command line") {
        const auto j =
            search_json(h.index, {"--no-facets", "--limit", "1", "fortnight OR harvest"});
        REQUIRE(j["hits"].size() == 1);
        CHECK(j["hits"][0]["story"]["matching"] == kCuts);
        CHECK(j["hits"][0]["story"]["reports"] == kCuts);
    }
}

TEST_CASE("library: a faceted page is the page Xapian's collapse gives, on every search") {
    // The first faceted search of a generation counts with Xapian's spies and pages with its
    // collapse; later ones read the page from the facet table's match (docs/STORIES.md §6).
    // Both must give what the collapse gives without facets: the same stories in the same
    // order, the same best report of each, the same matching counts, on every page.
    dateline::test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    const char* outlets[] = {"Port Wire", "Coast Radio", "Bay Herald"};
    // The same report four years apart: two stories whose best reports weigh the same, so
    // the report first in document order decides which story comes first.
    for (int i = 0; i < 3; ++i) {
        dir.write("corpus/a/" + std::to_string(i) + ".txt",
                  report("Crane collapse closes pier", "2020-03-11", outlets[i], kHarbour));
    }
    for (int i = 0; i < 2; ++i) {
        dir.write("corpus/b/" + std::to_string(i) + ".txt",
                  report("Crane collapse closes pier", "2024-03-11", outlets[i], kHarbour));
    }
    // Cuts of one story, each of another weight; and a single report.
    for (int i = 0; i < 6; ++i) {
        std::vector<std::string> cut;
        for (std::size_t k = 0; k < kVineyard.size(); ++k) {
            if ((k + static_cast<std::size_t>(i)) % 3 != 0) cut.push_back(kVineyard[k]);
        }
        dir.write("corpus/c/" + std::to_string(i) + ".txt",
                  report("Early harvest", "2025-09-01", outlets[i % 3], cut));
    }
    dir.write("corpus/d/0.txt",
              report("Harvest festival", "2025-10-02", "Town Notes",
                     {"The harvest festival drew visitors to the pier and the valley.",
                      "A crane lifted the festival stage onto the quay."}));
    const fs::path index = dir.path() / "index";
    build(index, corpus);
    Searcher s(index);
    REQUIRE(s.stats().stories == 4);

    int faceted_searches = 0;  // the first counts with the spies, the others with the table
    for (const std::string query :
         {"crane", "harvest", "crane OR harvest", "pier OR valley", "corrosion OR vines"}) {
        for (const std::size_t offset : {0, 1, 2, 3}) {
            CAPTURE(query);
            CAPTURE(offset);
            ++faceted_searches;
            CAPTURE(faceted_searches);
            const auto collapsed =
                s.search({.query = query, .offset = offset, .limit = 2, .facets = false});
            const auto faceted = s.search({.query = query, .offset = offset, .limit = 2});
            // Without facets a full page's total is Xapian's estimate; with them, exact.
            CHECK(faceted.total_exact);
            if (collapsed.total_exact) CHECK(faceted.total_estimated == collapsed.total_estimated);
            REQUIRE(faceted.hits.size() == collapsed.hits.size());
            for (std::size_t i = 0; i < faceted.hits.size(); ++i) {
                CAPTURE(i);
                const auto& got = faceted.hits[i];
                const auto& want = collapsed.hits[i];
                CHECK(got.id == want.id);
                CHECK(got.rank == want.rank);
                CHECK(got.score == want.score);
                CHECK(got.story.id == want.story.id);
                CHECK(got.story.matching == want.story.matching);
                CHECK(got.story.reports == want.story.reports);
                CHECK(got.story.other_sources == want.story.other_sources);
                // The same snippets, each showing the query's words (for `corrosion OR
                // vines`, a sentence past a snippet's length into the text).
                CHECK(got.snippet == want.snippet);
                CHECK(got.highlights.size() == want.highlights.size());
                CHECK(!got.highlights.empty());
            }
        }
    }
    // The tie: both harbour stories weigh the same for "crane"; the 2020 one comes first.
    const auto tie = s.search({.query = "crane", .limit = 3});
    REQUIRE(tie.hits.size() == 3);
    CHECK(tie.hits[0].score == tie.hits[1].score);
    CHECK(tie.hits[0].id == "a/0.txt");
    CHECK(tie.hits[1].id == "b/0.txt");
}

TEST_CASE("library: a story's outlets leave out the hit's own and `unknown`, each named once") {
    // Four copies of one report: two from one outlet, one from another, one whose outlet
    // nobody named. Whichever report stands for the story, its outlets are the others'.
    dateline::test::TempDir dir;
    dir.write("corpus/a.txt",
              report("Crane collapse closes pier", "2025-03-10", "Port Wire", kHarbour));
    dir.write("corpus/b.txt", report("Crane collapse closes pier", "2025-03-10", "", kHarbour));
    dir.write("corpus/c.txt",
              report("Crane collapse closes pier", "2025-03-11", "Bay Herald", kHarbour));
    dir.write("corpus/d.txt",
              report("Crane collapse closes pier", "2025-03-11", "Port Wire", kHarbour));
    const fs::path index = dir.path() / "index";
    build(index, dir.path() / "corpus");
    Searcher s(index);
    REQUIRE(s.stats().stories == 1);
    const std::map<std::string, std::vector<std::string>> outlets = {
        {"a.txt", {"Bay Herald"}},
        {"b.txt", {"Port Wire", "Bay Herald"}},
        {"c.txt", {"Port Wire"}},
        {"d.txt", {"Bay Herald"}},
    };
    const auto listed = s.search({.query = "crane", .limit = 10, .collapse = false});
    REQUIRE(listed.hits.size() == 4);
    for (const auto& hit : listed.hits) {
        CAPTURE(hit.id);
        CHECK(hit.source == (hit.id == "b.txt"   ? "unknown"
                             : hit.id == "c.txt" ? "Bay Herald"
                                                 : "Port Wire"));
        CHECK(hit.story.other_sources == outlets.at(hit.id));  // in document order
    }
    for (const bool facets : {true, false}) {
        CAPTURE(facets);
        const auto grouped = s.search({.query = "crane", .limit = 10, .facets = facets});
        REQUIRE(grouped.hits.size() == 1);
        CHECK(grouped.hits[0].story.other_sources == outlets.at(grouped.hits[0].id));
    }
}

TEST_CASE("library: by date, a faceted page counts every matching report of its stories") {
    // Newest first, once a page is full the collapse drops, unseen, the reports that sort
    // below it: in document order an older copy, another story in between (it fills the
    // one-hit page), the newest copy, then another older copy, which the collapse never
    // sees (it counted 2 of 3). Faceted searches count from the spies (the first of a
    // generation) or the facet table (later ones), each keyed by the story's slot value;
    // without facets, a match of their own.
    dateline::test::TempDir dir;
    dir.write("corpus/a.txt",
              report("Crane collapse closes pier", "2025-03-10", "Port Wire", kHarbour));
    dir.write("corpus/b.txt",
              report("Harvest festival", "2025-03-11", "Town Notes",
                     {"The harvest festival drew visitors to the pier and the valley.",
                      "A crane lifted the festival stage onto the quay."}));
    dir.write("corpus/c.txt",
              report("Crane collapse closes pier", "2025-03-12", "Bay Herald", kHarbour));
    dir.write("corpus/d.txt",
              report("Crane collapse closes pier", "2025-03-10", "Sea Times", kHarbour));
    const fs::path index = dir.path() / "index";
    build(index, dir.path() / "corpus");
    Searcher s(index);
    REQUIRE(s.stats().stories == 2);
    for (int search = 0; search < 3; ++search) {  // spies first, then the facet table
        CAPTURE(search);
        for (const bool facets : {true, false}) {
            CAPTURE(facets);
            const auto page = s.search(
                {.query = "crane", .sort = SortOrder::kDateDesc, .limit = 1, .facets = facets});
            REQUIRE(page.hits.size() == 1);
            CHECK(page.hits[0].id == "c.txt");
            CHECK(page.hits[0].story.reports == 3);
            CHECK(page.hits[0].story.matching == 3);
        }
    }
}

TEST_CASE("library: without facets, a page is the ranked reports' first stories, counted whole") {
    // Without facets a grouped page is Xapian's collapse, checked only as far as the page
    // needs, and its stories' matching reports are counted in a match of their own, filtered
    // by the stories' docids (docs/STORIES.md §6). It must be what grouping means: the
    // stories in the order of their best reports, each shown by that report, its matching
    // reports counted over every match, on every page: here eight copies of one story in
    // ties, trimmed versions of another and single reports. For `pier OR harvest` the
    // trimmed versions are one story of four weights: once a one-story page is full the
    // matcher skips those that weigh less than it, and the collapse count alone said 2 of
    // 4 (with the counting match switched off).
    dateline::test::TempDir dir;
    const char* outlets[] = {"Port Wire", "Coast Radio", "Bay Herald", "Sea Times"};
    // Eight copies of one report: one story whose reports tie.
    for (int i = 0; i < 8; ++i) {
        dir.write("corpus/copies/" + std::to_string(i) + ".txt",
                  report("Crane collapse closes pier", "2025-03-11", outlets[i % 4], kHarbour));
    }
    // Four trimmed versions of another story, each of another weight: the first 10, 9, 8
    // and 7 sentences, the last two without the harvest festival.
    for (int i = 0; i < 4; ++i) {
        const std::vector<std::string> cut(kVineyard.begin(), kVineyard.end() - i);
        dir.write("corpus/cuts/" + std::to_string(i) + ".txt",
                  report("Early harvest", "2025-09-01", outlets[i], cut));
    }
    // Five stories of one report each, all about the pier.
    const std::vector<std::vector<std::string>> singles = {
        {"The council replaced the lights along the old pier.",
         "Electricians worked through the night to finish the wiring.",
         "Residents welcomed the brighter evenings on the promenade."},
        {"The ferry company published a new winter timetable.",
         "Boats will leave the east pier every forty minutes.",
         "Commuters asked for later sailings on Fridays."},
        {"Two hundred anglers lined the pier for the annual contest.",
         "The winning catch was a bass of four kilograms.",
         "Prize money went to the lifeboat station."},
        {"High winds tore planks from the pier and flooded the seafront cafes.",
         "Forecasters warned of another storm before the weekend.",
         "The coastguard closed the beach to swimmers at the pier."},
        {"A photography exhibition about the pier opened at the town museum.",
         "The pictures span a century of harvest festivals and holidays by the sea.",
         "Entry is free until the end of the month."}};
    for (std::size_t i = 0; i < singles.size(); ++i) {
        dir.write("corpus/single/" + std::to_string(i) + ".txt",
                  report("Pier notes " + std::to_string(i),
                         "2025-0" + std::to_string(i + 1) + "-15", "Town Notes", singles[i]));
    }
    const fs::path index = dir.path() / "index";
    build(index, dir.path() / "corpus");
    Searcher s(index);
    REQUIRE(s.stats().stories == 7);

    for (const std::string query : {"pier", "pier OR harvest", "crane OR harvest OR festival",
                                    "\"the pier\"", "harvest OR fortnight OR festival"}) {
        CAPTURE(query);
        const auto every =
            s.search({.query = query, .limit = 100, .facets = false, .collapse = false});
        REQUIRE(every.total_exact);
        REQUIRE(every.hits.size() == every.total_estimated);
        // The definition, from every match in rank order.
        struct Story {
            std::string best;
            double score;
            std::string id;
            std::uint64_t matching;
        };
        std::vector<Story> stories;
        for (const auto& hit : every.hits) {
            const auto same = std::find_if(stories.begin(), stories.end(),
                                           [&](const Story& st) { return st.id == hit.story.id; });
            if (same != stories.end()) {
                ++same->matching;
            } else {
                stories.push_back({hit.id, hit.score, hit.story.id, 1});
            }
        }
        for (const std::size_t limit : {1, 2, 3}) {
            for (const std::size_t offset : {0, 1, 2, 4}) {
                CAPTURE(limit);
                CAPTURE(offset);
                const auto page =
                    s.search({.query = query, .offset = offset, .limit = limit, .facets = false});
                CHECK(page.collapsed);
                if (page.total_exact) CHECK(page.total_estimated == stories.size());
                CHECK(page.total_estimated >= std::min(stories.size(), offset + page.hits.size()));
                const std::size_t shown =
                    offset >= stories.size() ? 0 : std::min(limit, stories.size() - offset);
                REQUIRE(page.hits.size() == shown);
                for (std::size_t i = 0; i < shown; ++i) {
                    CAPTURE(i);
                    const auto& want = stories[offset + i];
                    CHECK(page.hits[i].id == want.best);
                    CHECK(page.hits[i].score == want.score);
                    CHECK(page.hits[i].rank == offset + i + 1);
                    CHECK(page.hits[i].story.id == want.id);
                    CHECK(page.hits[i].story.matching == want.matching);
                }
            }
        }
    }
}
