#include "snippets.hpp"

#include <algorithm>
#include <limits>
#include <unordered_set>
#include <utility>

#include <dateline/schema.hpp>
#include <dateline/word_splitter.hpp>

#include "query_builder.hpp"
#include "snippet_boundaries.hpp"
#include "snippet_cut.hpp"
#include "snippet_query_terms.hpp"
#include "snippet_window.hpp"

namespace dateline::detail {
namespace {

constexpr std::string_view kOmit = "\u2026";

}  // namespace

// The first two bytes of a lower-case term (the second 0 for a one-byte term).
std::size_t SnippetGenerator::prefix_of(std::string_view term) {
    const auto b0 = static_cast<std::size_t>(static_cast<unsigned char>(term[0]));
    const auto b1 =
        term.size() > 1 ? static_cast<std::size_t>(static_cast<unsigned char>(term[1])) : 0;
    return b0 << 8 | b1;
}

namespace {

// Prefixed terms (title:, boolean filters) never stand for a word of the body.
bool is_prefixed(std::string_view term) {
    return !term.empty() && term[0] >= 'A' && term[0] <= 'Z';
}

double termweight(const Xapian::MSet& mset, const std::string& term) {
    try {
        return mset.get_termweight(term);
    } catch (const Xapian::Error&) {
        return 0.0;  // not a term the match weighed (or an MSet without a query)
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------

SnippetGenerator::SnippetGenerator(const Xapian::Query& query, const Xapian::MSet& mset,
                                   const std::vector<WildcardPattern>& wildcards)
    : m_stem(make_stemmer()), m_prefixes(std::make_unique<Prefixes>()) {
    SnippetQueryTerms parts = snippet_query_terms(query, wildcards);

    // Weights as Xapian's own snippets weigh query terms: the term's share of the match
    // weight plus the largest such share, so that even a term in nearly every document
    // counts; phrases count as that many terms, wildcards as one.
    double max_tw = 0.0;
    double min_tw = std::numeric_limits<double>::max();
    const auto see = [&](const std::string& term) {
        const double w = termweight(mset, term);
        max_tw = std::max(max_tw, w);
        min_tw = std::min(min_tw, w);
        return w;
    };
    std::vector<double> loose_weights;
    loose_weights.reserve(parts.loose.size());
    for (const auto& term : parts.loose) loose_weights.push_back(see(term));
    for (const auto& phrase : parts.phrases) {
        for (const auto& term : phrase) (void)see(term);
    }
    max_tw = max_tw == 0.0 ? 1.0 : max_tw * 1.015625;
    if (min_tw == std::numeric_limits<double>::max()) min_tw = 0.0;

    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < parts.loose.size(); ++i) {
        const auto& term = parts.loose[i];
        if (term.empty() || !seen.insert(term).second) continue;
        const bool stemmed = term[0] == 'Z';
        const std::string_view word = stemmed ? std::string_view(term).substr(1) : term;
        if (word.empty() || is_prefixed(word)) continue;
        const int key = static_cast<int>(m_relevance.size());
        m_relevance.push_back(loose_weights[i] + max_tw);
        if (stemmed) {
            m_stem_of.emplace(std::string(word), key);
            allow(m_prefixes->stem, word);
            // Snowball's only stems that change a word's second byte: dying, lying, tying.
            if (word.size() >= 2 && word[1] == 'i') {
                allow(m_prefixes->stem, std::string{word[0], 'y'});
            }
        } else {
            m_loose_key[static_cast<std::size_t>(word_id(std::string(word)))] = key;
        }
    }
    for (auto& phrase : parts.phrases) {
        if (std::any_of(phrase.begin(), phrase.end(),
                        [](const std::string& t) { return t.empty() || is_prefixed(t); })) {
            continue;
        }
        Phrase p{{}, static_cast<int>(m_relevance.size())};
        m_relevance.push_back(max_tw * static_cast<double>(phrase.size()));
        for (const auto& term : phrase) p.words.push_back(word_id(term));
        m_longest_phrase = std::max(m_longest_phrase, p.words.size());
        m_phrases.push_back(std::move(p));
    }
    for (auto& pattern : parts.wildcards) {
        if (is_prefixed(pattern)) continue;
        allow(m_prefixes->wildcard, pattern);
        m_wildcards.emplace_back(std::move(pattern), static_cast<int>(m_relevance.size()));
        m_relevance.push_back(max_tw + min_tw);
    }
    m_prefixes->any = m_prefixes->word | m_prefixes->stem | m_prefixes->wildcard;
    // A word's first character, lower-cased, begins with one of m_first's bytes: in the
    // text it is that byte or its ASCII capital, or a non-ASCII character (whose
    // lower case is left to the word splitter).
    for (unsigned b = 0; b < 256; ++b) {
        if (b >= 0x80 || m_first[b]) m_candidate[b] = true;
        if (b >= 'a' && b <= 'z' && m_first[b]) m_candidate[b - 'a' + 'A'] = true;
    }
}

void SnippetGenerator::allow(std::bitset<65536>& kind, std::string_view term) {
    if (term.empty()) {
        kind.set();
        m_first.set();
        return;
    }
    const auto b0 = static_cast<unsigned char>(term[0]);
    m_first.set(b0);
    if (term.size() >= 2) {
        kind.set(prefix_of(term));
    } else {
        // A one-byte stem or pattern: any second byte (a one-byte word has 0 there).
        for (std::size_t b1 = 0; b1 < 256; ++b1) kind.set(std::size_t{b0} << 8 | b1);
    }
}

int SnippetGenerator::word_id(const std::string& word) {
    const auto [it, inserted] = m_word_id.emplace(word, static_cast<int>(m_loose_key.size()));
    if (inserted) {
        m_loose_key.push_back(-1);
        allow(m_prefixes->word, word);
    }
    return it->second;
}

int SnippetGenerator::stem_key(const std::string& word) {
    if (const auto it = m_stem_cache.find(word); it != m_stem_cache.end()) return it->second;
    // Bounded: a search over huge documents must not grow the cache without limit.
    if (m_stem_cache.size() >= 65536) m_stem_cache.clear();
    const auto found = m_stem_of.find(m_stem(word));
    const int key = found == m_stem_of.end() ? -1 : found->second;
    m_stem_cache.emplace(word, key);
    return key;
}

int SnippetGenerator::wildcard_key(std::string_view word) const {
    for (const auto& [pattern, key] : m_wildcards) {
        if (word.substr(0, pattern.size()) == pattern) return key;
    }
    return -1;
}

// The key a word matches as itself, as a stem or by a wildcard, or -1; `id` is its id
// as a query word (phrases compare ids), or -1.
int SnippetGenerator::word_key(const std::string& word, int& id) {
    id = -1;
    if (word.empty()) return -1;  // not copied: cannot match
    const std::size_t prefix = prefix_of(word);
    int key = -1;
    if (m_prefixes->word[prefix]) {
        if (const auto it = m_word_id.find(word); it != m_word_id.end()) {
            id = it->second;
            key = m_loose_key[static_cast<std::size_t>(id)];
        }
    }
    if (key < 0 && m_prefixes->stem[prefix]) key = stem_key(word);
    if (key < 0 && m_prefixes->wildcard[prefix]) key = wildcard_key(word);
    return key;
}

// Queries with phrases: one pass over every word, since a phrase needs word positions.
void SnippetGenerator::scan(std::string_view text) {
    // The last words seen (ids of query words, -1 otherwise), for phrases.
    const std::size_t ring_size = m_longest_phrase > 1 ? m_longest_phrase - 1 : 1;
    auto& ring_word = m_ring_word;
    auto& ring_start = m_ring_start;
    ring_word.assign(ring_size, -1);
    ring_start.assign(ring_size, 0);
    std::size_t next = 0;  // ring slot of the next word
    std::size_t seen = 0;  // positional words so far

    const auto wanted = [this](unsigned char b) { return m_first[b]; };
    std::string term;
    (void)words::for_each_word(
        text, 0, term, wanted,
        [&](const std::string& t, std::size_t bytes, std::size_t start, std::size_t end) {
            // The indexer skips such words without giving them a position.
            if (bytes > schema::kMaxWordBytes) return true;
            int id = -1;
            int key = word_key(t, id);
            std::size_t match_start = start;
            bool phrase = false;
            if (id >= 0) {
                for (const auto& p : m_phrases) {
                    const std::size_t len = p.words.size();
                    if (p.words.back() != id || seen < len - 1) continue;
                    bool all = true;
                    for (std::size_t k = 1; k < len && all; ++k) {
                        all = ring_word[(next + ring_size - k) % ring_size] == p.words[len - 1 - k];
                    }
                    if (all) {
                        key = p.key;
                        match_start = ring_start[(next + ring_size - (len - 1)) % ring_size];
                        phrase = true;
                        break;
                    }
                }
            }
            ring_word[next] = id;
            ring_start[next] = start;
            if (++next == ring_size) next = 0;
            ++seen;
            if (key < 0) return true;
            if (phrase) {
                // The phrase's own words are part of it, not matches of their own.
                while (!m_matches.empty() && m_matches.back().start >= match_start) {
                    m_matches.pop_back();
                }
            }
            m_matches.push_back({match_start, end, key});
            return true;
        });
}

// Queries without phrases: words are split only where a match can start, i.e. at a byte
// that is the first byte of a query word, stem or pattern in either case, or any
// non-ASCII byte. Splitting resumes at the last ASCII whitespace before such a byte (or
// where the previous split stopped), which gives exactly the words a full pass gives;
// every other stretch of text is only looked at byte by byte.
void SnippetGenerator::scan_candidates(std::string_view text) {
    const auto wanted = [this](unsigned char b) { return m_first[b]; };
    const auto on_word = [this](const std::string& t, std::size_t bytes, std::size_t start,
                                std::size_t end) {
        if (bytes > schema::kMaxWordBytes) return;
        int id = -1;
        if (const int key = word_key(t, id); key >= 0) m_matches.push_back({start, end, key});
    };
    std::string term;
    std::size_t done = 0;  // text before this has been split into words
    const std::size_t n = text.size();
    for (std::size_t p = 0; p < n; ++p) {
        const auto b = static_cast<unsigned char>(text[p]);
        if (!m_candidate[b] || p < done) continue;
        // A word starts after a character that is not a word character (or at the start).
        if (p > 0 && words::kAsciiWordByte[static_cast<unsigned char>(text[p - 1])]) continue;
        // Followed by an ASCII word character, the word's term begins with these two
        // bytes lower-cased (initials like U.S. and joined words like O'Brien are not
        // followed by one, and go to the splitter).
        if (b < 0x80 && p + 1 < n) {
            const auto b1 = static_cast<unsigned char>(text[p + 1]);
            if (words::kAsciiWordByte[b1] &&
                !m_prefixes->any[std::size_t{words::lower(b)} << 8 | words::lower(b1)]) {
                continue;
            }
        }
        std::size_t from = p;
        while (from > done && !is_space(text[from - 1])) --from;
        done = words::for_each_word(
            text, from, term, wanted,
            [&](const std::string& t, std::size_t bytes, std::size_t start, std::size_t end) {
                on_word(t, bytes, start, end);
                return end <= p;  // on until the word at or after p
            });
    }
}

// The words from a little before `from` (a restart point at least one word earlier, so
// that the word before any start considered is known) to the first word starting at or
// after `until`.
void SnippetGenerator::collect_words(std::string_view text, std::size_t from, std::size_t until) {
    m_words.clear();
    std::size_t r = from;
    if (r > 0) {
        r -= std::min<std::size_t>(r, 64);
        while (r > 0 && !is_space(text[r - 1])) --r;
    }
    m_region_start = r;
    std::string term;
    (void)words::for_each_word(
        text, r, term, words::NoTerms{},
        [&](const std::string&, std::size_t, std::size_t start, std::size_t end) {
            m_words.push_back({start, end});
            return start < until;
        });
}

Snippet SnippetGenerator::make(std::string_view text, std::size_t bytes) {
    Snippet out;
    if (bytes == 0 || text.empty()) return out;
    m_matches.clear();
    if (m_phrases.empty()) {
        scan_candidates(text);
    } else {
        scan(text);
    }

    // The best window of matches (snippet_window.hpp), or the opening when none.
    std::size_t core_start = 0;
    std::size_t core_end = 0;
    if (m_matches.empty()) {
        // No match: the opening, from the first word.
        collect_words(text, 0, 0);
        if (m_words.empty()) {
            const auto cut = utf8_floor(text, bytes);
            out.text = std::string(text.substr(0, cut));
            if (cut < text.size()) out.text += kOmit;
            return out;
        }
        core_start = m_words.front().start;
        core_end = m_words.front().end;
    } else {
        const MatchWindow best = best_window(m_matches, m_relevance, bytes, m_in_window);
        core_start = best.start;
        core_end = best.end;
    }
    // Only the words within reach of the window are needed to place it.
    collect_words(text, core_start > bytes ? core_start - bytes : 0, core_end + bytes);

    const SnippetCut cut =
        place_cut(text, m_words, m_region_start == 0, core_start, core_end, bytes);
    if (!cut.sentence_start) out.text = kOmit;
    const std::size_t shift = out.text.size();
    const std::size_t start = cut.start;
    const std::size_t end = cut.end;
    out.text += text.substr(start, end - start);
    if (!cut.ended) out.text += kOmit;
    if (cut.inside_word) return out;  // no whole match to highlight

    const auto from =
        std::lower_bound(m_matches.begin(), m_matches.end(), start,
                         [](const SnippetMatch& m, std::size_t at) { return m.start < at; });
    for (auto m = from; m != m_matches.end() && m->start < end; ++m) {
        if (m->end > end) break;
        const std::size_t offset = shift + (m->start - start);
        const std::size_t length = m->end - m->start;
        auto& hs = out.highlights;
        // Adjacent query words read as one highlight ("Trump Putin"), as before.
        if (!hs.empty() &&
            (hs.back().offset + hs.back().length >= offset ||
             (hs.back().offset + hs.back().length + 1 == offset && out.text[offset - 1] == ' '))) {
            hs.back().length =
                std::max(hs.back().offset + hs.back().length, offset + length) - hs.back().offset;
        } else {
            hs.push_back({offset, length});
        }
    }
    return out;
}

}  // namespace dateline::detail
