/// @file
/// Groups reports into stories during a build: candidate lookup (MinHash bands, and
/// top words by day), the pair test (story_similarity.hpp), and union-find over the
/// reports that pass it. Story ids are decided here, on the build's one calling thread,
/// so they never depend on writer threads or shards. See docs/STORIES.md.
#pragma once

#include <cstdint>
#include <memory_resource>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "story_similarity.hpp"

namespace dateline::detail {

/// The id of a story first seen with report `doc_id`: kStoryIdLength hex digits of a hash
/// of it, so that a rebuild names a new story whatever order it meets its reports in.
/// `attempt` > 0 gives the alternatives used when that id is already taken.
[[nodiscard]] std::string new_story_id(std::string_view doc_id, unsigned attempt = 0);

/// Not thread-safe; one per build.
class StoryIndex {
  public:
    explicit StoryIndex(StoryThresholds thresholds = {}) : m_thresholds(thresholds) {}

    /// A report of the base generation, in story `story`. Reports of one story stay
    /// together for good: a later deletion never splits a story.
    void add_existing(const std::string& id, const std::string& story, StorySignature signature);
    /// The report leaves (deleted, or about to be replaced): no longer a candidate; its
    /// story keeps the others together.
    void forget(const std::string& id);
    /// Places a new report and returns its story id as far as known now. A later report
    /// may join two stories, and an undated report's topic link is settled only in finish();
    /// finish() then lists what to correct.
    std::string place(const std::string& id, StorySignature signature);

    struct Change {
        std::string id;
        std::string written;  ///< the story id the document carries now
        std::string story;    ///< the one it must carry
        bool existing;        ///< in the base generation (else written by this build)
    };
    /// After the last place(): links each undated report to the one report it is most like
    /// (see resolve_undated_links), then gives the final story of every report and the
    /// reports whose document carries another one. Also fills reports() and stories().
    [[nodiscard]] std::vector<Change> finish();

    [[nodiscard]] std::uint64_t reports() const noexcept { return m_report_count; }
    [[nodiscard]] std::uint64_t stories() const noexcept { return m_story_count; }

  private:
    // What is kept for each report lives in the members' one array, m_pool and m_strings,
    // not in heap blocks of its own (only a base generation's story names do): long-lived
    // small blocks among the documents' short-lived ones make the placing thread's malloc
    // slower (bench/RESULTS.md, "Sessions 7 and 9").
    struct Member {
        std::string_view id;       // in m_strings
        std::string_view written;  // story id on the document; in m_strings
        StorySignature signature;
        bool existing = false;
        bool alive = true;
    };
    /// A pair with an undated side that passed the copy or the undated topic test.
    struct UndatedLink {
        std::uint32_t a;
        std::uint32_t b;
        bool copy;
        double containment;  // copies only; 0 for a topic match
        double cosine;
    };
    struct Root {
        std::string_view min_new_id;  // smallest id of a report placed by this build
        std::vector<std::pair<std::string_view, std::uint32_t>> existing;  // story → reports
    };

    std::uint32_t find(std::uint32_t member);
    void unite(std::uint32_t a, std::uint32_t b);
    std::uint32_t add_member(Member member);
    /// A copy of `text` that lives as long as this index.
    std::string_view keep(std::string_view text);
    void index_candidates(std::uint32_t member);
    [[nodiscard]] std::string provisional_id(std::uint32_t root) const;
    /// Judges a pair with an undated side: a copy or a topic match is kept as a candidate
    /// for the undated side's one link, decided in finish().
    void judge_undated_pair(std::uint32_t me, std::uint32_t other);
    /// Whether `member` may still take its one link: undated, and placed by this
    /// build or alone in its story in the base generation.
    [[nodiscard]] bool takes_undated_link(std::uint32_t member) const;
    void resolve_undated_links();
    /// A report sharing a top word on a day, with that word's weight in it: the dot
    /// products read the weight here rather than search the report's own term list.
    struct TopicPosting {
        std::uint32_t member;
        std::uint16_t weight;
    };
    static std::uint32_t member_of(std::uint32_t member) { return member; }
    static std::uint32_t member_of(const TopicPosting& posting) { return posting.member; }
    /// Appends `posting` to a candidate list unless the list is full (see .cpp).
    template <typename Posting>
    void append_capped(std::pmr::vector<Posting>& list, Posting posting);

    StoryThresholds m_thresholds;
    // Ids and story ids, never freed before the index is (a report that leaves keeps its
    // few bytes here).
    std::pmr::monotonic_buffer_resource m_strings;
    // The candidate lists (a small vector per band key and per (word, day), each growing a
    // posting at a time) and the maps: kept in a pool of their own, so that their churn does
    // not fragment the heap of the thread that builds the documents (at 100k, malloc had
    // become a third of that thread's time; bench/RESULTS.md, "Session 7").
    std::pmr::unsynchronized_pool_resource m_pool;
    std::vector<Member> m_members;
    std::vector<std::uint32_t> m_parent;
    std::pmr::unordered_map<std::uint32_t, Root> m_roots{&m_pool};
    std::pmr::unordered_map<std::string_view, std::uint32_t> m_alive{&m_pool};  // id → member
    std::unordered_map<std::string, std::uint32_t> m_story_member;  // existing story → a member
    std::unordered_map<std::string, std::uint32_t> m_story_size;    // existing story → reports
    std::vector<UndatedLink> m_undated_links;
    std::pmr::unordered_map<std::uint64_t, std::pmr::vector<std::uint32_t>> m_bands{
        &m_pool};  // band key → members
    std::pmr::unordered_map<std::uint64_t, std::pmr::vector<TopicPosting>> m_topics{
        &m_pool};  // (word, day)
    std::uint64_t m_report_count = 0;
    std::uint64_t m_story_count = 0;
    // place()'s topic dot products, by member: m_dots[m] is valid while m_dot_owner[m] is
    // the report being placed; m_dotted lists the members it met.
    static constexpr std::uint32_t kNoMember = UINT32_MAX;
    std::vector<double> m_dots;
    std::vector<std::uint32_t> m_dot_owner;
    std::vector<std::uint32_t> m_dotted;
    // place()'s other scratch lists, kept from one report to the next.
    std::vector<std::int32_t> m_days;
    std::vector<std::uint32_t> m_matches;
    std::vector<std::uint32_t> m_undated_matches;
};

}  // namespace dateline::detail
