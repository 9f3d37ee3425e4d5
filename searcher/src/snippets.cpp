#include "snippets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <utility>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

#include "query_builder.hpp"

namespace dateline::detail {
namespace {

constexpr std::string_view kOmit = "\u2026";

// ---------------------------------------------------------------------------------------
// Characters, with the rules of Xapian 1.4's TermGenerator (termgenerator_internal.cc),
// so that a word here is exactly a term the indexer made. Normalized text is valid
// UTF-8; a stray byte would read as the code point of its value, as Xapian reads it.

struct CodePoint {
    unsigned cp;
    std::size_t len;
};

// Multi-byte sequences, out of line: news text is mostly ASCII.
CodePoint decode_multibyte(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > s.size()) return {b0, 1};
    unsigned cp = b0 & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return {b0, 1};
        cp = (cp << 6) | (b & 0x3Fu);
    }
    return {cp, len};
}

inline CodePoint decode_at(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    return b0 < 0x80 ? CodePoint{b0, 1} : decode_multibyte(s, i);
}

// ASCII answers taken once from Xapian itself, so the fast path cannot disagree; a
// namespace-scope table (not a function-local static) keeps is_word() a plain load.
const std::array<bool, 128> kAsciiWord = [] {
    std::array<bool, 128> t{};
    for (unsigned c = 0; c < 128; ++c) t[c] = Xapian::Unicode::is_wordchar(c);
    return t;
}();

// The same by byte, false for every byte of a multi-byte sequence: for scanning runs.
const std::array<bool, 256> kAsciiWordByte = [] {
    std::array<bool, 256> t{};
    for (unsigned c = 0; c < 128; ++c) t[c] = kAsciiWord[c];
    return t;
}();

inline bool is_word(unsigned cp) {
    return cp < 128 ? kAsciiWord[cp] : Xapian::Unicode::is_wordchar(cp);
}

inline bool is_ascii_upper(unsigned cp) { return cp >= 'A' && cp <= 'Z'; }

// Lower case with diacritics folded, as the indexer's term_text() and lower-casing give
// (0 for a combining mark, which the term leaves out).
inline unsigned lower(unsigned cp) {
    if (cp < 128) return is_ascii_upper(cp) ? cp + ('a' - 'A') : cp;
    return fold_diacritic(static_cast<char32_t>(Xapian::Unicode::tolower(cp)));
}

inline bool is_digit(unsigned cp) {
    if (cp < 128) return cp >= '0' && cp <= '9';
    return Xapian::Unicode::get_category(cp) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();

bool is_ignorable(unsigned cp) {
    return cp >= 0x200b && (cp <= 0x200d || cp == 0x2060 || cp == 0xfeff);
}

// Between two word characters: AT&T, O'Brien, middle dots.
unsigned infix_char(unsigned cp) {
    if (cp == '\'' || cp == '&' || cp == 0xb7 || cp == 0x5f4 || cp == 0x2027) return cp;
    if (cp == 0x2019 || cp == 0x201b) return '\'';
    return is_ignorable(cp) ? kIgnore : 0;
}

// Between two digits: 1,000 3.14.
unsigned infix_digit(unsigned cp) {
    switch (cp) {
        case ',':
        case '.':
        case ';':
        case 0x037e:
        case 0x0589:
        case 0x060D:
        case 0x07F8:
        case 0x2044:
        case 0xFE10:
        case 0xFE13:
        case 0xFE14:
            return cp;
        default:
            return is_ignorable(cp) ? kIgnore : 0;
    }
}

// C++, C#.
unsigned suffix_char(unsigned cp) { return cp == '+' || cp == '#' ? cp : 0; }

std::size_t utf8_length(unsigned cp) {
    char buf[4];
    return Xapian::Unicode::to_utf8(cp, buf);
}

inline unsigned char first_byte(unsigned cp) {
    if (cp < 0x80) return static_cast<unsigned char>(cp);
    char buf[4];
    Xapian::Unicode::to_utf8(cp, buf);
    return static_cast<unsigned char>(buf[0]);
}

// Calls on_word(term, term_bytes, start, end) for every word of `text` from `from` on,
// as Xapian's TermGenerator splits it: [start, end) is the word in `text`, `term_bytes`
// the length of its lower-cased term. The term itself is built into `term` only when
// wanted(first byte of the term) says so: most words cannot match and need no copy.
// `from` must be where no word is under way: 0, a word's end, or just after ASCII
// whitespace (no word contains any). Stops when on_word returns false; returns where
// the next word would be looked for.
template <typename Wanted, typename OnWord>
std::size_t for_each_word(std::string_view text, std::size_t from, std::string& term,
                          Wanted&& wanted, OnWord&& on_word) {
    const std::size_t n = text.size();
    std::size_t i = from;
    while (true) {
        CodePoint c{};
        while (true) {
            if (i >= n) return n;
            const auto b = static_cast<unsigned char>(text[i]);
            if (b < 0x80) {
                if (kAsciiWord[b]) {
                    c = {b, 1};
                    break;
                }
                ++i;
                continue;
            }
            c = decode_multibyte(text, i);
            if (is_word(c.cp)) break;
            i += c.len;
        }
        const std::size_t start = i;
        unsigned ch = lower(c.cp);
        const bool build = wanted(first_byte(ch));
        term.clear();
        std::size_t bytes = 0;
        const auto append = [&](unsigned u) {
            if (u == 0) return;
            if (u < 0x80) {
                ++bytes;
                if (build) term += static_cast<char>(u);
            } else {
                bytes += utf8_length(u);
                if (build) Xapian::Unicode::append_utf8(term, u);
            }
        };

        // Initials separated by '.' (U.S., P.T.O.) are one term without the dots.
        if (is_ascii_upper(c.cp)) {
            std::size_t p = i;
            do {
                append(lower(static_cast<unsigned char>(text[p])));
                ++p;
            } while (p < n && text[p] == '.' && ++p < n &&
                     is_ascii_upper(static_cast<unsigned char>(text[p])));
            if (bytes > 1 && (p >= n || !is_word(decode_at(text, p).cp))) {
                i = p;
                if (!on_word(term, bytes, start, i)) return i;
                continue;
            }
            term.clear();
            bytes = 0;
        }

        bool at_end = false;
        while (true) {
            unsigned prev = 0;
            while (true) {
                append(ch);
                prev = ch;
                i += c.len;
                // The common case, a run of ASCII letters and digits, without decoding.
                const std::size_t run = i;
                while (i < n && kAsciiWordByte[static_cast<unsigned char>(text[i])]) ++i;
                if (i > run) {
                    // Only digits matter in `prev` (for 3.14), and they have no case.
                    prev = static_cast<unsigned char>(text[i - 1]);
                    bytes += i - run;
                    if (build) {
                        for (std::size_t k = run; k < i; ++k) {
                            term += static_cast<char>(lower(static_cast<unsigned char>(text[k])));
                        }
                    }
                }
                if (i >= n) {
                    at_end = true;
                    break;
                }
                c = decode_at(text, i);
                if (!is_word(c.cp)) break;
                ch = lower(c.cp);
            }
            if (at_end) break;
            // Only these can join two runs of word characters into one word.
            if (c.cp < 0x80 && c.cp != '\'' && c.cp != '&' && c.cp != ',' && c.cp != '.' &&
                c.cp != ';') {
                break;
            }
            const std::size_t next = i + c.len;
            if (next >= n) break;
            const CodePoint after = decode_at(text, next);
            if (!is_word(after.cp)) break;
            const unsigned infix =
                is_digit(prev) && is_digit(after.cp) ? infix_digit(c.cp) : infix_char(c.cp);
            if (infix == 0) break;
            if (infix != kIgnore) append(infix);
            i = next;
            c = after;
            ch = lower(after.cp);
        }
        if (!at_end) {
            const std::size_t base_bytes = bytes;
            const std::size_t base_size = term.size();
            unsigned count = 0;
            while (true) {
                const unsigned s = suffix_char(c.cp);
                if (s == 0 || ++count > 3) {
                    // Too many, or "fish+chips": not a suffix after all.
                    if (s != 0 || is_word(c.cp)) {
                        bytes = base_bytes;
                        term.resize(base_size);
                    }
                    break;
                }
                append(s);
                i += c.len;
                if (i >= n) break;
                c = decode_at(text, i);
            }
        }
        // The indexer dropped a possessive ending (term_text()).
        if (build) {
            const std::size_t possessive = possessive_length(term);
            term.resize(term.size() - possessive);
            bytes -= possessive;
        }
        if (!on_word(term, bytes, start, i)) return i;
    }
}

// ---------------------------------------------------------------------------------------
// Sentence and word boundaries for placing the window.

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

bool is_closing(char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'; }

bool is_opening(char c) {
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == '$' || c == '#' ||
           c == '@';
}

// "Mr." or "Gen." end in a full stop without ending the sentence.
bool looks_abbreviated(std::string_view word) {
    if (word.empty()) return false;
    return word.size() <= 3 && word[0] >= 'A' && word[0] <= 'Z';
}

// The bytes of [.!?]+ and closing quotes or brackets at the start of `gap` when they end
// a sentence (whitespace or the end of the text follows), else 0.
std::size_t sentence_end_length(std::string_view gap, bool at_text_end) {
    std::size_t i = 0;
    while (i < gap.size() && (gap[i] == '.' || gap[i] == '!' || gap[i] == '?')) ++i;
    if (i == 0) return 0;
    while (i < gap.size() && is_closing(gap[i])) ++i;
    if (i == gap.size()) return at_text_end ? i : 0;
    return is_space(gap[i]) ? i : 0;
}

// A blank line between two words: a paragraph break even without punctuation (a
// heading). A single newline is not one: many sources wrap lines inside sentences.
bool has_blank_line(std::string_view gap) {
    for (auto nl = gap.find('\n'); nl != std::string_view::npos; nl = gap.find('\n', nl + 1)) {
        auto next = nl + 1;
        while (next < gap.size() && (gap[next] == ' ' || gap[next] == '\t')) ++next;
        if (next < gap.size() && gap[next] == '\n') return true;
    }
    return false;
}

std::size_t utf8_floor(std::string_view s, std::size_t n) {
    if (n >= s.size()) return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

// The phrase window of an OP_PHRASE query: Xapian 1.4 has no accessor for it, but its
// description is "(a@1 PHRASE 2 b@2)". A tight phrase's window is its term count.
std::size_t phrase_window(const Xapian::Query& phrase) {
    const auto d = phrase.get_description();
    const auto at = d.find(" PHRASE ");
    if (at == std::string::npos) return 0;
    std::size_t window = 0;
    for (auto i = at + 8; i < d.size() && d[i] >= '0' && d[i] <= '9'; ++i) {
        window = window * 10 + static_cast<std::size_t>(d[i] - '0');
    }
    return window;
}

// The pattern of an OP_WILDCARD query, from its description "Query(WILDCARD SYNONYM ukrain)".
std::string wildcard_pattern(const Xapian::Query& wildcard) {
    auto d = wildcard.get_description();
    if (d.size() < 2 || d.back() != ')') return {};
    d.pop_back();
    const auto space = d.rfind(' ');
    return space == std::string::npos ? std::string() : d.substr(space + 1);
}

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

struct QueryParts {
    std::vector<std::string> loose;  // unprefixed terms, stems as "Z…", first-seen order
    std::vector<std::vector<std::string>> phrases;
    std::vector<std::string> wildcards;
};

void collect_parts(const Xapian::Query& query, QueryParts& parts) {
    const auto n = query.get_num_subqueries();
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const auto t = query.get_terms_begin();
            if (t != query.get_terms_end()) parts.loose.push_back(*t);
            return;
        }
        case Xapian::Query::OP_WILDCARD:
            // An unreadable description highlights nothing rather than everything.
            if (auto pattern = wildcard_pattern(query); !pattern.empty()) {
                parts.wildcards.push_back(std::move(pattern));
            }
            return;
        case Xapian::Query::OP_PHRASE: {
            bool terms_only = n > 1 && phrase_window(query) == n;
            std::vector<std::string> words;
            for (std::size_t i = 0; terms_only && i < n; ++i) {
                const auto sub = query.get_subquery(i);
                const auto t = sub.get_terms_begin();
                terms_only = sub.get_type() == Xapian::Query::LEAF_TERM && t != sub.get_terms_end();
                if (terms_only) words.push_back(*t);
            }
            if (terms_only) {
                parts.phrases.push_back(std::move(words));
                return;
            }
            break;  // a loose phrase (NEAR-like window): its terms highlight one by one
        }
        case Xapian::Query::OP_AND_NOT:
            // What a hit must not contain cannot be in it.
            if (n > 0) collect_parts(query.get_subquery(0), parts);
            return;
        default:
            break;
    }
    for (std::size_t i = 0; i < n; ++i) collect_parts(query.get_subquery(i), parts);
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

SnippetGenerator::SnippetGenerator(const Xapian::Query& query, const Xapian::MSet& mset)
    : m_stem(make_stemmer()), m_prefixes(std::make_unique<Prefixes>()) {
    QueryParts parts;
    collect_parts(query, parts);

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
int SnippetGenerator::word_key(const std::string& t, int& id) {
    id = -1;
    if (t.empty()) return -1;  // not copied: cannot match
    const std::size_t prefix = prefix_of(t);
    int key = -1;
    if (m_prefixes->word[prefix]) {
        if (const auto it = m_word_id.find(t); it != m_word_id.end()) {
            id = it->second;
            key = m_loose_key[static_cast<std::size_t>(id)];
        }
    }
    if (key < 0 && m_prefixes->stem[prefix]) key = stem_key(t);
    if (key < 0 && m_prefixes->wildcard[prefix]) key = wildcard_key(t);
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
    (void)for_each_word(
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
        if (p > 0 && kAsciiWordByte[static_cast<unsigned char>(text[p - 1])]) continue;
        // Followed by an ASCII word character, the word's term begins with these two
        // bytes lower-cased (initials like U.S. and joined words like O'Brien are not
        // followed by one, and go to the splitter).
        if (b < 0x80 && p + 1 < n) {
            const auto b1 = static_cast<unsigned char>(text[p + 1]);
            if (kAsciiWordByte[b1] && !m_prefixes->any[std::size_t{lower(b)} << 8 | lower(b1)]) {
                continue;
            }
        }
        std::size_t from = p;
        while (from > done && !is_space(text[from - 1])) --from;
        done = for_each_word(
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
    const auto nothing = [](unsigned char) { return false; };
    (void)for_each_word(text, r, term, nothing,
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

    // The best window: the run of matches spanning at most `bytes` with the highest
    // score, where each further match of a key already in the window counts a quarter of
    // the one before. Weights lie within a factor of 2 of each other, so all repeats of a
    // key add less than one more distinct key does: variety beats repetition. Ties go to
    // the earliest window.
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
        m_in_window.assign(m_relevance.size(), 0);
        double sum = 0.0;
        double best = -1.0;
        std::size_t best_i = 0;
        std::size_t best_j = 1;
        const auto add = [&](std::size_t k) {
            auto& count = m_in_window[static_cast<std::size_t>(m_matches[k].key)];
            sum += std::ldexp(m_relevance[static_cast<std::size_t>(m_matches[k].key)],
                              -2 * static_cast<int>(std::min(count, 30u)));
            ++count;
        };
        const auto remove = [&](std::size_t k) {
            auto& count = m_in_window[static_cast<std::size_t>(m_matches[k].key)];
            --count;
            sum -= std::ldexp(m_relevance[static_cast<std::size_t>(m_matches[k].key)],
                              -2 * static_cast<int>(std::min(count, 30u)));
        };
        std::size_t j = 0;
        for (std::size_t i = 0; i < m_matches.size(); ++i) {
            while (j < m_matches.size() &&
                   (j == i || m_matches[j].end - m_matches[i].start <= bytes)) {
                add(j++);
            }
            if (sum > best + 1e-9 * std::max(1.0, best)) {
                best = sum;
                best_i = i;
                best_j = j;
            }
            remove(i);
        }
        core_start = m_matches[best_i].start;
        core_end = m_matches[best_i].end;
        for (std::size_t k = best_i; k < best_j; ++k) {
            core_end = std::max(core_end, m_matches[k].end);
        }
    }
    // Only the words within reach of the window are needed to place it.
    collect_words(text, core_start > bytes ? core_start - bytes : 0, core_end + bytes);

    const auto& words = m_words;
    const auto gap_before = [&](std::size_t k) {
        const std::size_t from = k == 0 ? 0 : words[k - 1].end;
        return text.substr(from, words[k].start - from);
    };
    const auto sentence_starts_at = [&](std::size_t k) {
        // The text's first word; a region's first word is too far back to be a start.
        if (k == 0) return m_region_start == 0;
        const auto gap = gap_before(k);
        if (has_blank_line(gap)) return true;
        const auto prev = text.substr(words[k - 1].start, words[k - 1].end - words[k - 1].start);
        return sentence_end_length(gap, false) > 0 && !(gap[0] == '.' && looks_abbreviated(prev));
    };
    const auto has_space = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return is_space(c); });
    };

    // Start: the sentence's own start if it is close before the first match, else a few
    // words of context; never inside a hyphenated or slashed compound.
    const std::size_t core_len = core_end - core_start;
    const std::size_t slack = bytes > core_len ? bytes - core_len : 0;
    const std::size_t first = static_cast<std::size_t>(
        std::lower_bound(words.begin(), words.end(), core_start,
                         [](const Word& w, std::size_t at) { return w.start < at; }) -
        words.begin());
    std::size_t k = first;
    bool sentence_start = false;
    for (std::size_t s = first;; --s) {
        if (sentence_starts_at(s)) {
            if (core_start - words[s].start <= slack / 2) {
                k = s;
                sentence_start = true;
            }
            break;
        }
        if (s == 0 || core_start - words[s - 1].start > slack / 2) break;
    }
    if (!sentence_start) {
        while (k > 0 && core_start - words[k - 1].start <= slack / 4 && !sentence_starts_at(k)) {
            --k;
        }
        while (k > 0 && !has_space(gap_before(k)) && !sentence_starts_at(k) &&
               core_end - words[k - 1].start <= bytes) {
            --k;
        }
        sentence_start = sentence_starts_at(k);
    }
    std::size_t start = words[k].start;
    // An opening quote or bracket right before the first word belongs to it.
    {
        std::size_t s = start;
        while (s > 0 && start - s < 4 && is_opening(text[s - 1])) --s;
        if (s < start && (s == 0 || is_space(text[s - 1])) && core_end - s <= bytes) start = s;
    }

    // End: as much as fits, at a word end, not inside a compound; the sentence's final
    // punctuation when it fits too.
    const std::size_t limit = start + bytes;
    std::size_t e = first;
    while (e + 1 < words.size() && words[e + 1].end <= limit) ++e;
    while (e > first && words[e].end > core_end && e + 1 < words.size() &&
           !has_space(text.substr(words[e].end, words[e + 1].start - words[e].end))) {
        --e;
    }
    std::size_t end = words[e].end;
    if (end - start > bytes) {
        // One word (or one phrase) longer than the whole snippet: cut it, whole characters.
        end = start + utf8_floor(text.substr(start), bytes);
        if (!sentence_start) out.text = kOmit;
        out.text += text.substr(start, end - start);
        out.text += kOmit;
        return out;
    }
    const bool last_word = e + 1 == words.size();
    const std::size_t next_start = last_word ? text.size() : words[e + 1].start;
    const auto tail = text.substr(end, next_start - end);
    bool ended = last_word;
    if (const auto stop = sentence_end_length(tail, last_word); stop > 0) {
        if (end + stop <= limit) {
            end += stop;
            ended = true;
        }
    } else if (has_blank_line(tail) && tail.find_first_not_of(" \t\n") == std::string::npos) {
        ended = true;  // a paragraph (a heading) ends without punctuation
    } else {
        std::size_t c = 0;
        while (c < tail.size() && c < 4 && is_closing(tail[c])) ++c;
        if (c > 0 && (c == tail.size() || is_space(tail[c])) && end + c <= limit) end += c;
    }

    if (!sentence_start) out.text = kOmit;
    const std::size_t shift = out.text.size();
    out.text += text.substr(start, end - start);
    if (!ended) out.text += kOmit;

    const auto from = std::lower_bound(m_matches.begin(), m_matches.end(), start,
                                       [](const Match& m, std::size_t at) { return m.start < at; });
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
