#include "story_index.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <unordered_set>

#include "content_hash.hpp"

namespace dateline::detail {

namespace {

// Two MinHash rows per band: a pair sharing half its shingles (J = 0.5) meets in a band
// with probability 1 - (1 - 0.5^2)^16 = 0.99; one sharing a tenth (J = 0.1), 0.15.
constexpr std::size_t kRowsPerBand = 2;
constexpr std::size_t kBands = StorySignature::kMinHashes / kRowsPerBand;

// Candidate lists stop growing for a story they already hold past kSoftCap entries, and
// for anything past kHardCap: thousands of copies of one story, or a word on every report
// of a day, would otherwise cost each new report a scan of all of them.
constexpr std::size_t kSoftCap = 64;
constexpr std::size_t kHardCap = 1024;

// The list walk sums a pair's dot product term by term; the undated test recomputes it
// exactly (topic_cosine), so the walk only has to keep every pair that could pass.
constexpr double kDotSlack = 1e-9;

std::uint64_t mix(std::uint64_t x) noexcept { return story_mix(x); }

std::uint64_t band_key(const StorySignature& s, std::size_t band) {
    std::uint64_t h = mix(band + 1);
    for (std::size_t r = 0; r < kRowsPerBand; ++r) h = mix(h ^ s.minhash[band * kRowsPerBand + r]);
    return h;
}

// Topic lists are per (word, day); undated reports have their own "day", and every report
// is also on its word's list for all days, which undated reports search.
constexpr std::int32_t kUndated = INT32_MIN;
constexpr std::int32_t kAnyDay = INT32_MIN + 1;

std::uint64_t topic_key(std::uint32_t word, std::int32_t day) {
    return (static_cast<std::uint64_t>(word) << 32) | static_cast<std::uint32_t>(day);
}

}  // namespace

std::string new_story_id(std::string_view doc_id, unsigned attempt) {
    ContentHash hash;  // FNV-1a: stable across platforms, as ids must be
    hash.feed("story\n");
    hash.feed(doc_id);
    if (attempt > 0) hash.feed("#" + std::to_string(attempt));
    return hash.hex();
}

std::uint32_t StoryIndex::find(std::uint32_t member) {
    while (m_parent[member] != member) {
        m_parent[member] = m_parent[m_parent[member]];
        member = m_parent[member];
    }
    return member;
}

void StoryIndex::unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);  // the older member stays the root
    m_parent[b] = a;
    Root absorbed = std::move(m_roots[b]);
    m_roots.erase(b);
    Root& root = m_roots[a];
    if (!absorbed.min_new_id.empty() &&
        (root.min_new_id.empty() || absorbed.min_new_id < root.min_new_id)) {
        root.min_new_id = absorbed.min_new_id;
    }
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    for (auto& entry : absorbed.existing) {
        const std::string_view story = entry.first;
        auto it = std::find_if(root.existing.begin(), root.existing.end(),
                               [&story](const auto& e) { return e.first == story; });
        if (it == root.existing.end()) {
            root.existing.emplace_back(entry.first, entry.second);
        } else {
            it->second += entry.second;
        }
    }
}

std::string_view StoryIndex::keep(std::string_view text) {
    if (text.empty()) return {};
    auto* bytes = static_cast<char*>(m_strings.allocate(text.size(), 1));
    std::memcpy(bytes, text.data(), text.size());
    return {bytes, text.size()};
}

std::uint32_t StoryIndex::add_member(Member member) {
    const auto index = static_cast<std::uint32_t>(m_members.size());
    m_alive[member.id] = index;
    m_members.push_back(std::move(member));
    m_parent.push_back(index);
    return index;
}

template <typename Posting>
void StoryIndex::append_capped(std::pmr::vector<Posting>& list, Posting posting) {
    if (list.size() >= kHardCap) return;
    if (list.size() >= kSoftCap && find(member_of(list.back())) == find(member_of(posting))) {
        return;
    }
    list.push_back(posting);
}

void StoryIndex::index_candidates(std::uint32_t member) {
    const StorySignature& s = m_members[member].signature;
    if (s.shingles > 0) {
        for (std::size_t band = 0; band < kBands; ++band) {
            append_capped(m_bands[band_key(s, band)], member);
        }
    }
    for (const auto& [word, weight] : s.terms) {
        append_capped(m_topics[topic_key(word, s.day.value_or(kUndated))],
                      TopicPosting{member, weight});
        append_capped(m_topics[topic_key(word, kAnyDay)], TopicPosting{member, weight});
    }
}

void StoryIndex::add_existing(const std::string& id, const std::string& story,
                              StorySignature signature) {
    const std::uint32_t index =
        add_member(Member{keep(id), keep(story), std::move(signature), true, true});
    m_roots[index].existing.emplace_back(m_members[index].written, 1);
    ++m_story_size[story];
    const auto [it, fresh] = m_story_member.emplace(story, index);
    if (!fresh) unite(it->second, index);
    index_candidates(index);
}

void StoryIndex::forget(const std::string& id) {
    const auto it = m_alive.find(std::string_view(id));
    if (it == m_alive.end()) return;
    m_members[it->second].alive = false;
    m_alive.erase(it);
}

std::string StoryIndex::place(const std::string& id, StorySignature signature) {
    forget(id);
    const std::uint32_t me = add_member(Member{keep(id), {}, std::move(signature), false, true});
    m_roots[me].min_new_id = m_members[me].id;
    const StorySignature& mine = m_members[me].signature;

    // Pairs with an undated side are judged once each, even inside one story: which of
    // them pass decides the undated report's one link, whatever the order of placement.
    std::unordered_set<std::uint32_t> judged;
    const auto judge_undated = [&](std::uint32_t other) {
        if (judged.insert(other).second) judge_undated_pair(me, other);
    };
    const auto consider = [&](std::uint32_t other) {
        const Member& candidate = m_members[other];
        if (!candidate.alive || other == me) return;
        if (!mine.day || !candidate.signature.day) {
            judge_undated(other);
            return;
        }
        if (find(other) == find(me)) return;
        const PairSimilarity s = compare_signatures(mine, candidate.signature, m_thresholds);
        if (same_story(s, mine, candidate.signature, m_thresholds)) unite(me, other);
    };
    if (mine.shingles > 0) {
        for (std::size_t band = 0; band < kBands; ++band) {
            const auto it = m_bands.find(band_key(mine, band));
            if (it == m_bands.end()) continue;
            for (const std::uint32_t other : it->second) consider(other);
        }
    }
    // Dot products with every report sharing a top word on the days searched: the cosine
    // of each candidate without a second pass.
    m_days.clear();
    if (mine.day) {
        for (std::int32_t d = *mine.day - m_thresholds.window_days;
             d <= *mine.day + m_thresholds.window_days; ++d) {
            m_days.push_back(d);
        }
        m_days.push_back(kUndated);
    } else {
        m_days.push_back(kAnyDay);
    }
    // Summed in arrays by member, not a hash map: at 100k a report meets thousands of
    // candidates, and a map node each was most of the grouping's allocations.
    m_dots.resize(m_members.size());
    m_dot_owner.resize(m_members.size(), kNoMember);
    m_dotted.clear();
    for (const std::int32_t day : m_days) {
        for (const auto& [word, weight] : mine.terms) {
            const auto it = m_topics.find(topic_key(word, day));
            if (it == m_topics.end()) continue;
            for (const auto& [other, other_weight] : it->second) {
                if (m_dot_owner[other] != me) {
                    m_dot_owner[other] = me;
                    m_dots[other] = 0;
                    m_dotted.push_back(other);
                }
                m_dots[other] += static_cast<double>(weight) * other_weight / (65535.0 * 65535.0);
            }
        }
    }
    // Sorted, so that the unions happen in the same order whatever order they were met in.
    std::vector<std::uint32_t>& matches = m_matches;
    std::vector<std::uint32_t>& undated_matches = m_undated_matches;
    matches.clear();
    undated_matches.clear();
    for (const std::uint32_t other : m_dotted) {
        const double dot = m_dots[other];
        if (other == me || !m_members[other].alive) continue;
        if (mine.day && m_members[other].signature.day) {
            if (dot >= m_thresholds.topic_cosine) matches.push_back(other);
        } else if (dot >= m_thresholds.undated_topic_cosine - kDotSlack) {
            undated_matches.push_back(other);  // judged exactly below
        }
    }
    std::sort(matches.begin(), matches.end());
    for (const std::uint32_t other : matches) unite(me, other);
    std::sort(undated_matches.begin(), undated_matches.end());
    for (const std::uint32_t other : undated_matches) judge_undated(other);
    index_candidates(me);
    std::string story = provisional_id(find(me));
    m_members[me].written = keep(story);
    return story;
}

void StoryIndex::judge_undated_pair(std::uint32_t me, std::uint32_t other) {
    const StorySignature& a = m_members[me].signature;
    const StorySignature& b = m_members[other].signature;
    const PairSimilarity s = compare_signatures(a, b, m_thresholds);
    const bool copy = is_copy(s, a, b, m_thresholds);
    // Nothing is linked yet, copies included: with no date to bound it, an undated
    // report passes the copy test by chance with reports of other years too (stock
    // sentences), so its one link waits for finish(), when all its candidates are known.
    // The measures are symmetric and exact, the same whichever side is placed first.
    if (copy || s.cosine >= m_thresholds.undated_topic_cosine) {
        m_undated_links.push_back(
            UndatedLink{me, other, copy, copy ? s.containment : 0.0, s.cosine});
    }
}

bool StoryIndex::takes_undated_link(std::uint32_t member) const {
    const Member& m = m_members[member];
    if (!m.alive || m.signature.day) return false;
    // An old undated report in a story with others already took its link (or is held by
    // copies); moving it would renumber a report this run did not touch.
    return !m.existing || m_story_size.at(std::string(m.written)) == 1;
}

void StoryIndex::resolve_undated_links() {
    // Each undated report joins the one report it is most like: a copy before a topic
    // match, then a dated report before an undated one, the higher containment (copies),
    // the higher cosine, the smaller id. The best of a set does not depend on the order the
    // set was collected in. Dated first: two undated copies of a dated report are each
    // other's best by text (same headline, same body) and would otherwise make an island of
    // two beside the story they both copy.
    struct Best {
        std::uint32_t other;
        bool copy;
        bool dated;
        double containment;
        double cosine;
    };
    const auto better = [this](const Best& x, const Best& y) {
        if (x.copy != y.copy) return x.copy;
        if (x.dated != y.dated) return x.dated;
        if (x.containment != y.containment) return x.containment > y.containment;
        if (x.cosine != y.cosine) return x.cosine > y.cosine;
        return m_members[x.other].id < m_members[y.other].id;
    };
    std::map<std::uint32_t, Best> best;
    const auto offer = [&](std::uint32_t undated, std::uint32_t other, const UndatedLink& link) {
        if (!takes_undated_link(undated) || !m_members[other].alive) return;
        const Best candidate{other, link.copy, m_members[other].signature.day.has_value(),
                             link.containment, link.cosine};
        const auto [it, fresh] = best.try_emplace(undated, candidate);
        if (!fresh && better(candidate, it->second)) it->second = candidate;
    };
    for (const UndatedLink& link : m_undated_links) {
        offer(link.a, link.b, link);
        offer(link.b, link.a, link);
    }
    m_undated_links.clear();
    for (const auto& [undated, chosen] : best) unite(undated, chosen.other);
}

std::string StoryIndex::provisional_id(std::uint32_t root) const {
    const Root& data = m_roots.at(root);
    if (data.existing.empty()) return new_story_id(data.min_new_id);
    const auto best = std::min_element(
        data.existing.begin(), data.existing.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
    return std::string(best->first);
}

std::vector<StoryIndex::Change> StoryIndex::finish() {
    resolve_undated_links();
    // Recounted over the reports still here: a story whose old reports all left is named
    // after its new ones.
    struct Group {
        std::map<std::string, std::uint32_t> existing;  // story → alive reports
        std::string min_id;
        std::vector<std::uint32_t> members;
    };
    std::map<std::uint32_t, Group> groups;
    for (std::uint32_t i = 0; i < m_members.size(); ++i) {
        const Member& m = m_members[i];
        if (!m.alive) continue;
        Group& g = groups[find(i)];
        g.members.push_back(i);
        if (m.existing) ++g.existing[std::string(m.written)];
        if (g.min_id.empty() || m.id < g.min_id) g.min_id = m.id;
    }
    std::set<std::string> taken;
    std::vector<std::pair<std::string, Group*>> fresh;  // (smallest id, group): named last
    std::map<const Group*, std::string> names;
    for (auto& [root, g] : groups) {
        if (g.existing.empty()) {
            fresh.emplace_back(g.min_id, &g);
            continue;
        }
        auto best = g.existing.begin();
        for (auto it = g.existing.begin(); it != g.existing.end(); ++it) {
            if (it->second > best->second) best = it;
        }
        names[&g] = best->first;
        taken.insert(best->first);
    }
    std::sort(fresh.begin(), fresh.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [min_id, g] : fresh) {
        std::string id;
        for (unsigned attempt = 0;; ++attempt) {
            id = new_story_id(min_id, attempt);
            if (taken.insert(id).second) break;
        }
        names[g] = std::move(id);
    }
    std::vector<Change> changes;
    for (auto& [root, g] : groups) {
        const std::string& story = names[&g];
        for (const std::uint32_t i : g.members) {
            const Member& m = m_members[i];
            if (m.written != story) {
                changes.push_back(
                    Change{std::string(m.id), std::string(m.written), story, m.existing});
            }
        }
    }
    m_report_count = m_alive.size();
    m_story_count = groups.size();
    return changes;
}

}  // namespace dateline::detail
