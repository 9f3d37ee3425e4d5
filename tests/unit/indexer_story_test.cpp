// Story grouping internals: signatures, the pair test, and StoryIndex's assignment (ids,
// order independence, incremental placement, deletion, hostile corpora).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/schema.hpp>

#include "story_index.hpp"
#include "story_signature.hpp"
#include "story_similarity.hpp"

using namespace dateline::detail;

namespace {

const std::vector<std::string> kSentences = {
    "The central bank raised its main interest rate by half a point on Tuesday.",
    "Officials said inflation had stayed above target for eleven straight months.",
    "Markets had expected a smaller move, and bond yields jumped after the announcement.",
    "The governor told reporters that further increases could not be ruled out.",
    "Exporters warned that a stronger currency would hurt their sales abroad.",
    "Mortgage lenders began passing the increase on to borrowers within hours.",
    "The opposition accused the government of losing control of prices.",
    "Analysts at several banks revised their growth forecasts for next year.",
    "Retail groups said shoppers were already cutting back on spending.",
    "The next rate decision is due in six weeks, after new inflation figures.",
};
const std::vector<std::string> kOtherSentences = {
    "A storm flooded hundreds of homes along the northern coast overnight.",
    "Rescue teams used boats to reach villages cut off by the rising water.",
    "The weather service warned that more heavy rain was expected on Friday.",
    "Schools in three districts were closed and trains were cancelled.",
    "Farmers said the flooding had destroyed much of the winter harvest.",
    "The regional governor asked the army to help with the evacuation.",
    "Insurers estimated the damage at several hundred million dollars.",
    "Residents criticised the slow response of the local authorities.",
};

std::string join(const std::vector<std::string>& sentences, std::size_t from = 0,
                 std::size_t to = SIZE_MAX) {
    std::string out;
    for (std::size_t i = from; i < sentences.size() && i < to; ++i) out += sentences[i] + " ";
    return out;
}

StorySignature sig(const std::string& text, std::optional<std::int32_t> day = 20000,
                   const std::string& title = "") {
    return make_story_signature(title, text, day);
}

}  // namespace

TEST_CASE("story signature: encode/decode round trip, and damaged values are refused") {
    const StorySignature s = sig(join(kSentences), 20000, "Rates rise");
    const auto back = StorySignature::decode(s.encode());
    REQUIRE(back);
    CHECK(back->minhash == s.minhash);
    CHECK(back->shingles == s.shingles);
    CHECK(back->terms == s.terms);
    CHECK(back->day == 20000);
    CHECK(!StorySignature::decode(""));
    CHECK(!StorySignature::decode(s.encode().substr(1)));
    CHECK(!StorySignature::decode(s.encode() + "x"));
    // More words than a signature keeps (StorySignature::kTopTerms): refused, not a crash.
    const auto with_terms = [&](std::size_t count) {
        std::string value = s.encode().substr(0, 1 + 4 + 4 * StorySignature::kMinHashes + 1 + 4);
        value.push_back(static_cast<char>(count));
        for (std::size_t i = 0; i < count; ++i) value.append({char(i), 0, 0, 0, 1, 0});
        return StorySignature::decode(value);
    };
    CHECK(with_terms(StorySignature::kTopTerms));
    CHECK(!with_terms(StorySignature::kTopTerms + 1));
    const auto undated = StorySignature::decode(sig("a few words here", std::nullopt).encode());
    REQUIRE(undated);
    CHECK(!undated->day);
}

TEST_CASE("story signature: the same whatever was signed before it") {
    // The word lists are reused from one report to the next (and released after a huge one,
    // which this checks only for its effect on the next signatures, not for the memory).
    const StorySignature fresh = sig(join(kSentences, 0, 5), 20000, "Flood");
    std::string huge;
    for (int i = 0; i < 70000; ++i) huge += "word" + std::to_string(i % 5000) + " ";
    (void)sig(huge, std::nullopt, huge);
    (void)sig(join(kSentences), 20001, "Rates rise");
    for (int round = 0; round < 2; ++round) {
        const StorySignature again = sig(join(kSentences, 0, 5), 20000, "Flood");
        CHECK(again.minhash == fresh.minhash);
        CHECK(again.shingles == fresh.shingles);
        CHECK(again.terms == fresh.terms);
        CHECK(again.day == fresh.day);
    }
}

TEST_CASE("story pair test: copies, trimmed copies, cut rewrites, other stories, the window") {
    const StoryThresholds t;
    const StorySignature original = sig(join(kSentences));
    const auto same = [&](const StorySignature& b) {
        return same_story(compare_signatures(original, b, t), original, b, t);
    };
    // A syndicated copy: other headline, credit line, next day.
    CHECK(same(sig("By staff writers, Meridian Wire. " + join(kSentences), 20001, "Bank acts")));
    // Trimmed to the first half.
    CHECK(same(sig(join(kSentences, 0, 5))));
    // A rewrite dropping a third of the sentences.
    std::vector<std::string> cut;
    for (std::size_t i = 0; i < kSentences.size(); ++i) {
        if (i % 3 != 1) cut.push_back(kSentences[i]);
    }
    CHECK(same(sig(join(cut), 20002)));
    // Another story the same day.
    CHECK_FALSE(same(sig(join(kOtherSentences))));
    // The same text a month later is another story; undated, text alone decides.
    CHECK_FALSE(same(sig(join(kSentences), 20030)));
    CHECK(same(sig(join(kSentences), std::nullopt)));
}

TEST_CASE("story index: ids do not depend on the order reports come in") {
    const std::vector<std::pair<std::string, std::string>> reports = {
        {"a.txt", join(kSentences)},
        {"b.txt", join(kOtherSentences)},
        {"c.txt", "Agency copy. " + join(kSentences)},
        {"d.txt", join(kOtherSentences, 0, 5)},
    };
    const auto run = [&](const std::vector<std::size_t>& order) {
        StoryIndex index;
        std::map<std::string, std::string> story;
        for (const auto i : order) {
            story[reports[i].first] = index.place(reports[i].first, sig(reports[i].second));
        }
        for (const auto& change : index.finish()) story[change.id] = change.story;
        CHECK(index.reports() == 4);
        CHECK(index.stories() == 2);
        return story;
    };
    const auto forward = run({0, 1, 2, 3});
    const auto backward = run({3, 2, 1, 0});
    CHECK(forward == backward);
    CHECK(forward.at("a.txt") == forward.at("c.txt"));
    CHECK(forward.at("b.txt") == forward.at("d.txt"));
    CHECK(forward.at("a.txt") != forward.at("b.txt"));
    CHECK(forward.at("a.txt") == new_story_id("a.txt"));
    CHECK(dateline::schema::is_story_id(forward.at("a.txt")));
}

TEST_CASE("story index: a report joining two stories merges them, the larger keeps its id") {
    StoryIndex index;
    const StorySignature first = sig(join(kSentences, 0, 5));
    const StorySignature second = sig(join(kSentences, 5, 10));
    index.add_existing("x1.txt", "1111111111111111", first);
    index.add_existing("x2.txt", "1111111111111111", first);
    index.add_existing("y.txt", "2222222222222222", second);
    // The whole text contains both halves: it links them.
    CHECK(index.place("whole.txt", sig(join(kSentences))) == "1111111111111111");
    const auto changes = index.finish();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].id == "y.txt");
    CHECK(changes[0].story == "1111111111111111");
    CHECK(changes[0].existing);
    CHECK(index.stories() == 1);
}

TEST_CASE("story index: deleting the report that linked a story keeps the rest together") {
    StoryIndex index;
    index.add_existing("a.txt", "1111111111111111", sig(join(kSentences, 0, 5)));
    index.add_existing("b.txt", "1111111111111111", sig(join(kSentences, 5, 10)));
    index.add_existing("link.txt", "1111111111111111", sig(join(kSentences)));
    index.forget("link.txt");
    CHECK(index.finish().empty());
    CHECK(index.reports() == 2);
    CHECK(index.stories() == 1);
}

TEST_CASE("story index: a new story never takes an id already in use") {
    StoryIndex index;
    // An old story named after a report that has since left, and that report coming back
    // with text unlike the story's.
    index.add_existing("b.txt", new_story_id("a.txt"), sig(join(kSentences)));
    const std::string placed = index.place("a.txt", sig(join(kOtherSentences)));
    std::string final_id = placed;
    for (const auto& change : index.finish()) {
        if (change.id == "a.txt") final_id = change.story;
    }
    CHECK(final_id != new_story_id("a.txt"));
    CHECK(final_id == new_story_id("a.txt", 1));
    CHECK(index.stories() == 2);
}

TEST_CASE("story index: hostile corpora") {
    SUBCASE("thousands of identical reports are one story, placed in bounded time") {
        StoryIndex index;
        const StorySignature s = sig(join(kSentences));
        for (int i = 0; i < 3000; ++i) (void)index.place("r" + std::to_string(i), s);
        (void)index.finish();
        CHECK(index.reports() == 3000);
        CHECK(index.stories() == 1);
    }
    SUBCASE("a one-word report joins only its identical twin") {
        StoryIndex index;
        (void)index.place("long.txt", sig(join(kSentences)));
        (void)index.place("w1.txt", sig("inflation"));
        (void)index.place("w2.txt", sig("inflation"));
        (void)index.place("empty.txt", sig(""));
        (void)index.finish();
        CHECK(index.stories() == 3);
        const StorySignature word = sig("inflation");
        CHECK(word.shingles == 1);
        CHECK(word.terms.size() == 1);
        CHECK(sig("").shingles == 0);
    }
    SUBCASE("thousands of reports of one story, each cut differently, stay one story") {
        StoryIndex index;
        for (int i = 0; i < 2000; ++i) {
            std::vector<std::string> cut;
            for (std::size_t k = 0; k < kSentences.size(); ++k) {
                if ((k + static_cast<std::size_t>(i)) % 4 != 0) cut.push_back(kSentences[k]);
            }
            (void)index.place("r" + std::to_string(i), sig(join(cut), 20000 + i % 3));
        }
        (void)index.finish();
        CHECK(index.stories() == 1);
    }
}

namespace {

// The same words in another order: the same top terms (a topic match), no shared shingles.
std::string rearranged(const std::vector<std::string>& sentences, bool sort_words,
                       std::size_t to = SIZE_MAX) {
    std::string out;
    for (std::size_t i = 0; i < sentences.size() && i < to; ++i) {
        std::vector<std::string> words;
        std::string word;
        for (const char c : sentences[i]) {
            if (c == ' ') {
                words.push_back(word);
                word.clear();
            } else if (c != '.' && c != ',') {
                word += c;
            }
        }
        words.push_back(word);
        if (sort_words) {
            std::sort(words.begin(), words.end());
        } else {
            std::reverse(words.begin(), words.end());
        }
        for (const auto& w : words) out += w + " ";
        out += ". ";
    }
    return out;
}

using Placed = std::map<std::string, std::string>;  // report → story

// Places the reports in `order` after the base generation, returns every report's final story.
Placed run_index(
    const std::vector<std::pair<std::string, StorySignature>>& reports,
    const std::vector<std::size_t>& order,
    const std::vector<std::tuple<std::string, std::string, StorySignature>>& base = {}) {
    StoryIndex index;
    Placed story;
    for (const auto& [id, old_story, signature] : base) {
        index.add_existing(id, old_story, signature);
        story[id] = old_story;
    }
    for (const auto i : order)
        story[reports[i].first] = index.place(reports[i].first, reports[i].second);
    for (const auto& change : index.finish()) story[change.id] = change.story;
    return story;
}

// The partition of a grouping: sets of reports, whatever the ids.
std::set<std::set<std::string>> partition(const Placed& story) {
    std::map<std::string, std::set<std::string>> groups;
    for (const auto& [report, id] : story) groups[id].insert(report);
    std::set<std::set<std::string>> out;
    for (auto& [id, reports] : groups) out.insert(std::move(reports));
    return out;
}

}  // namespace

TEST_CASE("story index: an undated report joins only the one story it is most like, in any order") {
    const StoryThresholds t;
    // Two stories with the same words 400 days apart, and an undated report of those words:
    // by text alone it matches both; it must not chain them into one story.
    const StorySignature a = sig(join(kSentences), 20000);
    const StorySignature b = sig(rearranged(kSentences, false, 8), 20400);
    const StorySignature u = sig(rearranged(kSentences, true), std::nullopt);
    const auto ua = compare_signatures(u, a, t);
    const auto ub = compare_signatures(u, b, t);
    REQUIRE_FALSE(is_copy(ua, u, a, t));
    REQUIRE_FALSE(is_copy(ub, u, b, t));
    REQUIRE(ub.cosine >= t.undated_topic_cosine);
    REQUIRE(ua.cosine > ub.cosine);  // u is most like a
    REQUIRE_FALSE(same_story(compare_signatures(a, b, t), a, b, t));

    const std::vector<std::pair<std::string, StorySignature>> reports = {
        {"a.txt", a}, {"b.txt", b}, {"u.txt", u}};
    std::vector<std::size_t> order = {0, 1, 2};
    const Placed first = run_index(reports, order);
    CHECK(first.at("u.txt") == first.at("a.txt"));
    CHECK(first.at("b.txt") != first.at("a.txt"));
    while (std::next_permutation(order.begin(), order.end())) {
        CAPTURE(order);
        CHECK(run_index(reports, order) == first);
    }

    SUBCASE("equally like both: the smaller report id wins, whatever the order") {
        const StorySignature b_all = sig(rearranged(kSentences, false), 20400);
        REQUIRE(compare_signatures(u, b_all, t).cosine == doctest::Approx(ua.cosine));
        REQUIRE(topic_cosine(u, b_all) == topic_cosine(u, a));
        for (const auto& [low, high] : {std::pair{"a.txt", "b.txt"}, std::pair{"b.txt", "a.txt"}}) {
            const std::vector<std::pair<std::string, StorySignature>> tied = {
                {low, b_all}, {high, a}, {"u.txt", u}};
            std::vector<std::size_t> o = {0, 1, 2};
            do {
                CAPTURE(o);
                const Placed s = run_index(tied, o);
                CHECK(s.at("u.txt") == s.at("a.txt"));
                CHECK(s.at("b.txt") != s.at("a.txt"));
            } while (std::next_permutation(o.begin(), o.end()));
        }
    }
}

TEST_CASE("story index: an undated copy of two stories far apart joins only one") {
    // Stock text shared by stories of different years: an undated trimmed copy of it is a
    // copy of both by the shingle test, and must not chain them.
    const StoryThresholds t;
    const StorySignature a = sig(join(kSentences), 20000);
    const StorySignature b = sig(join(kSentences, 0, 5) + join(kOtherSentences), 20400);
    const StorySignature u = sig(join(kSentences, 0, 5), std::nullopt);
    REQUIRE(is_copy(compare_signatures(u, a, t), u, a, t));
    REQUIRE(is_copy(compare_signatures(u, b, t), u, b, t));
    const std::vector<std::pair<std::string, StorySignature>> reports = {
        {"a.txt", a}, {"b.txt", b}, {"u.txt", u}};
    std::vector<std::size_t> order = {0, 1, 2};
    const Placed first = run_index(reports, order);
    CHECK(first.at("b.txt") != first.at("a.txt"));
    CHECK((first.at("u.txt") == first.at("a.txt") || first.at("u.txt") == first.at("b.txt")));
    while (std::next_permutation(order.begin(), order.end())) {
        CAPTURE(order);
        CHECK(run_index(reports, order) == first);
    }
}

TEST_CASE("story index: two undated copies of a dated report join its story, not each other") {
    // Each is the other's closest text; linked to each other alone they would be an island.
    const StorySignature original = sig(join(kSentences), 20000, "Bank raises rates");
    const StorySignature copy = sig(join(kSentences), std::nullopt, "Rates up again");
    const std::vector<std::pair<std::string, StorySignature>> reports = {
        {"a.txt", original}, {"b.txt", copy}, {"c.txt", copy}};
    std::vector<std::size_t> order = {0, 1, 2};
    do {
        CAPTURE(order);
        const Placed s = run_index(reports, order);
        CHECK(s.at("b.txt") == s.at("a.txt"));
        CHECK(s.at("c.txt") == s.at("a.txt"));
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("story index: incremental runs and undated reports") {
    const std::string s1 = "1111111111111111";
    const std::string s2 = "2222222222222222";
    SUBCASE("an old undated report in a story with others keeps it; a new match does not join") {
        // u is more like the new b than like a, but it already sits in a's story: the new
        // report starts its own story rather than chaining a's story to a day 400 days away.
        const StorySignature a = sig(join(kSentences, 0, 8), 20000);
        const StorySignature u = sig(rearranged(kSentences, true), std::nullopt);
        const StorySignature b = sig(rearranged(kSentences, false), 20400);
        REQUIRE(topic_cosine(u, b) > topic_cosine(u, a));
        const Placed s = run_index({{"b.txt", b}}, {0}, {{"a.txt", s1, a}, {"u.txt", s1, u}});
        CHECK(s.at("u.txt") == s1);
        CHECK(s.at("a.txt") == s1);
        CHECK(s.at("b.txt") == new_story_id("b.txt"));
    }
    SUBCASE("an old undated report alone in its story takes its one link, as a rebuild would") {
        // c matches two new dated stories 400 days apart equally: it joins the smaller id's,
        // keeps its story id, and the other stays apart.
        const StorySignature c = sig(rearranged(kOtherSentences, true), std::nullopt);
        const StorySignature d = sig(rearranged(kOtherSentences, false), 20400);
        const StorySignature e = sig(join(kOtherSentences), 20000);
        const StorySignature a = sig(join(kSentences), 20000);
        const std::vector<std::pair<std::string, StorySignature>> fresh = {{"d.txt", d},
                                                                           {"e.txt", e}};
        const std::vector<std::tuple<std::string, std::string, StorySignature>> base = {
            {"a.txt", s1, a}, {"c.txt", s2, c}};
        const Placed forward = run_index(fresh, {0, 1}, base);
        CHECK(forward == run_index(fresh, {1, 0}, base));
        CHECK(forward.at("c.txt") == s2);
        CHECK(forward.at("d.txt") == s2);
        CHECK(forward.at("e.txt") == new_story_id("e.txt"));
        CHECK(forward.at("a.txt") == s1);
        // A rebuild of the same four reports groups them alike.
        const Placed rebuilt =
            run_index({{"a.txt", a}, {"c.txt", c}, {"d.txt", d}, {"e.txt", e}}, {3, 2, 1, 0});
        CHECK(partition(rebuilt) == partition(forward));
    }
}
