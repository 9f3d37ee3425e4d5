/// @file
/// Query-biased snippets with highlight spans, and derived titles.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include <dateline/searcher.hpp>

#include "query_builder.hpp"
#include "snippet_cut.hpp"
#include "snippet_window.hpp"

namespace dateline::detail {

struct Snippet {
    std::string text;
    std::vector<Highlight> highlights;
};

/// Cuts query-biased snippets for the hits of one search.
///
/// Words are found by the indexer's word splitter (<dateline/word_splitter.hpp>: Xapian's
/// TermGenerator rules; words over schema::kMaxWordBytes skipped), matched against the
/// query's unprefixed terms as written and as stems ("Z" terms), against its tight
/// phrases (in order, as a whole) and its wildcard patterns (snippet_query_terms.hpp). Windows are
/// scored by the matched terms' weights in the MSet (no per-word database lookups);
/// a term repeated in one window counts less each time. Highlights are exact byte
/// spans of matched words and phrases.
///
/// Built once per search; not thread-safe (it caches stems between hits). Keeps no
/// reference to the query or the MSet.
class SnippetGenerator {
  public:
    /// `wildcards`: the query builder's (BuiltQuery::wildcard_patterns), how the query's
    /// wildcard subqueries are recognised (see snippet_query_terms()).
    SnippetGenerator(const Xapian::Query& query, const Xapian::MSet& mset,
                     const std::vector<WildcardPattern>& wildcards = {});

    /// A snippet of at most `bytes` bytes of `text` (the normalized stored body, the text
    /// the index saw) plus "…" where text was left out, cut at word boundaries: the best
    /// window of matches, or the opening of `text` when nothing in it matches.
    /// Time and memory are linear in text.size().
    [[nodiscard]] Snippet make(std::string_view text, std::size_t bytes);

  private:
    struct Phrase {
        std::vector<int> words;  // ids into m_word_id, in order
        int key;
    };

    int word_id(const std::string& word);
    [[nodiscard]] int word_key(const std::string& word, int& id);
    void scan(std::string_view text);
    void scan_candidates(std::string_view text);
    void collect_words(std::string_view text, std::size_t from, std::size_t until);
    [[nodiscard]] int stem_key(const std::string& word);
    [[nodiscard]] int wildcard_key(std::string_view word) const;

    Xapian::Stem m_stem;
    std::unordered_map<std::string, int> m_word_id;  // raw query words (loose or in phrases)
    std::vector<int> m_loose_key;                    // per word id: key, or -1
    std::unordered_map<std::string, int> m_stem_of;  // "Z" terms without the Z: key
    std::vector<Phrase> m_phrases;
    std::vector<std::pair<std::string, int>> m_wildcards;
    std::vector<double> m_relevance;  // per key
    std::size_t m_longest_phrase = 0;
    // The first two bytes a word can have for each kind of match, so that most words
    // are passed over without a hash lookup or a stem. Snowball's English stems keep a
    // word's first two bytes, except die, lie, tie from dying, lying, tying (checked on
    // the 56,419 words of the 10k bench corpus).
    struct Prefixes {
        std::bitset<65536> word;
        std::bitset<65536> stem;
        std::bitset<65536> wildcard;
        std::bitset<65536> any;  // the three together
    };
    std::unique_ptr<Prefixes> m_prefixes;
    std::bitset<256> m_first;             // first bytes of all of them: words worth copying
    std::array<bool, 256> m_candidate{};  // bytes where such a word may start in the text
    void allow(std::bitset<65536>& kind, std::string_view term);
    static std::size_t prefix_of(std::string_view term);
    std::unordered_map<std::string, int> m_stem_cache;  // word → key or -1, per search

    // Reused between hits.
    std::vector<SnippetWord> m_words;  // the words around the chosen window
    std::vector<SnippetMatch> m_matches;
    std::vector<unsigned> m_in_window;
    std::size_t m_region_start = 0;  // where m_words was collected from
    std::vector<int> m_ring_word;    // the last words (query word ids or -1), for phrases
    std::vector<std::size_t> m_ring_start;
};

}  // namespace dateline::detail
