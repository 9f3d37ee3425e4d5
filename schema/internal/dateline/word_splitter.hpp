/// @file
/// The one word splitter: text into the words Xapian 1.4's TermGenerator makes terms of.
///
/// Internal to the build (not installed; it uses Xapian): the indexer counts the words its
/// TermGenerator will drop as too long with it, the snippet generator finds the words it
/// matches and highlights with it. The rules are termgenerator_internal.cc's parse_terms()
/// of Xapian 1.4.22: word characters (Unicode::is_wordchar), lower case (Unicode::tolower),
/// initials (U.S. → "us"), infixes between word characters (' & · ’ → '), infixes between
/// digits (1,000 3.14), up to three suffixes (C++ C#), and zero-width characters ignored
/// inside words. tests/unit/word_splitter_test.cpp compares the words with TermGenerator's
/// terms on the shipped corpus and on hostile text.
///
/// The words are those of term_text(text) (normalize.hpp), which is what the indexer's
/// TermGenerator reads: diacritics folded (lower()), a possessive 's dropped from a built
/// term. Spans stay spans of `text` itself.
///
/// Deliberate difference: no CJK n-grams. DocumentBuilder does not set FLAG_CJK_NGRAM, so
/// a CJK run is one word, as here, unless XAPIAN_CJK_NGRAM is set in the indexer's
/// environment (then CJK text is indexed as n-grams, which no word of this splitter is).
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include <xapian.h>

#include <dateline/normalize.hpp>

namespace dateline::words {

struct CodePoint {
    unsigned cp;
    std::size_t len;
};

/// A multi-byte sequence at `s[i]`, decoded as Xapian's Utf8Iterator decodes it: invalid,
/// overlong or truncated sequences read as one byte of ISO-8859-1. Out of line in spirit:
/// news text is mostly ASCII.
inline CodePoint decode_multibyte(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const auto cont = [&](std::size_t k) { return (at(k) & 0xC0) == 0x80; };
    const unsigned b0 = at(0);
    const std::size_t left = s.size() - i;
    if (b0 < 0xC2) return {b0, 1};
    if (b0 < 0xE0) {
        if (left < 2 || !cont(1)) return {b0, 1};
        return {(b0 & 0x1Fu) << 6 | (at(1) & 0x3Fu), 2};
    }
    if (b0 < 0xF0) {
        if (left < 3 || !cont(1) || !cont(2) || (b0 == 0xE0 && at(1) < 0xA0)) return {b0, 1};
        return {(b0 & 0x0Fu) << 12 | (at(1) & 0x3Fu) << 6 | (at(2) & 0x3Fu), 3};
    }
    if (b0 >= 0xF5 || left < 4 || !cont(1) || !cont(2) || !cont(3) ||
        (b0 == 0xF0 && at(1) < 0x90) || (b0 == 0xF4 && at(1) >= 0x90)) {
        return {b0, 1};
    }
    return {(b0 & 0x07u) << 18 | (at(1) & 0x3Fu) << 12 | (at(2) & 0x3Fu) << 6 | (at(3) & 0x3Fu), 4};
}

inline CodePoint decode_at(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    return b0 < 0x80 ? CodePoint{b0, 1} : decode_multibyte(s, i);
}

/// By byte: true for an ASCII word character, false for every other byte (including each
/// byte of a multi-byte sequence), answers taken once from Xapian itself so that the fast
/// path cannot disagree with it. A plain table keeps the test a single load.
inline const std::array<bool, 256> kAsciiWordByte = [] {
    std::array<bool, 256> t{};
    for (unsigned c = 0; c < 128; ++c) t[c] = Xapian::Unicode::is_wordchar(c);
    return t;
}();

inline bool is_word_char(unsigned cp) {
    return cp < 128 ? kAsciiWordByte[cp] : Xapian::Unicode::is_wordchar(cp);
}

inline bool is_ascii_upper(unsigned cp) { return cp >= 'A' && cp <= 'Z'; }

// Lower case with diacritics folded, as TermGenerator lower-cases term_text() (0 for a
// combining mark, which term_text() drops).
inline unsigned lower(unsigned cp) {
    if (cp < 128) return is_ascii_upper(cp) ? cp + ('a' - 'A') : cp;
    return fold_diacritic(static_cast<char32_t>(Xapian::Unicode::tolower(cp)));
}

// A stray byte (not UTF-8; never in normalized text) is read as the code point of its
// value, as TermGenerator reads it, and term_text() leaves it unfolded.
inline unsigned lower(CodePoint c) {
    if (c.cp >= 0x80 && c.len == 1) return Xapian::Unicode::tolower(c.cp);
    return lower(c.cp);
}

inline bool is_digit(unsigned cp) {
    if (cp < 128) return cp >= '0' && cp <= '9';
    return Xapian::Unicode::get_category(cp) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

namespace rules {

inline constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();

inline bool is_ignorable(unsigned cp) {
    return cp >= 0x200b && (cp <= 0x200d || cp == 0x2060 || cp == 0xfeff);
}

// Between two word characters: AT&T, O'Brien, middle dots.
inline unsigned infix_char(unsigned cp) {
    if (cp == '\'' || cp == '&' || cp == 0xb7 || cp == 0x5f4 || cp == 0x2027) return cp;
    if (cp == 0x2019 || cp == 0x201b) return '\'';
    return is_ignorable(cp) ? kIgnore : 0;
}

// Between two digits: 1,000 3.14.
inline unsigned infix_digit(unsigned cp) {
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
inline unsigned suffix_char(unsigned cp) { return cp == '+' || cp == '#' ? cp : 0; }

inline std::size_t utf8_length(unsigned cp) {
    char buf[4];
    return Xapian::Unicode::to_utf8(cp, buf);
}

inline unsigned char first_byte(unsigned cp) {
    if (cp < 0x80) return static_cast<unsigned char>(cp);
    char buf[4];
    Xapian::Unicode::to_utf8(cp, buf);
    return static_cast<unsigned char>(buf[0]);
}

}  // namespace rules

/// A `wanted` for for_each_word() that never builds a term (only spans and lengths).
struct NoTerms {
    bool operator()(unsigned char /*first_byte*/) const { return false; }
};

/// A `wanted` for for_each_word() that builds every term.
struct AllTerms {
    bool operator()(unsigned char /*first_byte*/) const { return true; }
};

/// Calls on_word(term, term_bytes, start, end) for every word of `text` from `from` on, as
/// Xapian's TermGenerator splits it: [start, end) is the word in `text`, `term_bytes` the
/// length of its lower-cased term (what TermGenerator compares with its maximum word
/// length). The term itself is built into `term` only when wanted(first byte of the term)
/// says so, else `term` is left empty: most words need no copy. `from` must be where no
/// word is under way: 0, a word's end, or just after ASCII whitespace (no word contains
/// any). Stops when on_word returns false; returns where the next word would be looked for.
template <typename Wanted, typename OnWord>
std::size_t for_each_word(std::string_view text, std::size_t from, std::string& term,
                          Wanted&& wanted, OnWord&& on_word) {
    using namespace rules;
    const std::size_t n = text.size();
    std::size_t i = from;
    while (true) {
        CodePoint c{};
        while (true) {
            if (i >= n) return n;
            const auto b = static_cast<unsigned char>(text[i]);
            if (b < 0x80) {
                if (kAsciiWordByte[b]) {
                    c = {b, 1};
                    break;
                }
                ++i;
                continue;
            }
            c = decode_multibyte(text, i);
            if (is_word_char(c.cp)) break;
            i += c.len;
        }
        const std::size_t start = i;
        unsigned ch = lower(c);
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
            if (bytes > 1 && (p >= n || !is_word_char(decode_at(text, p).cp))) {
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
                if (!is_word_char(c.cp)) break;
                ch = lower(c);
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
            if (!is_word_char(after.cp)) break;
            const unsigned infix =
                is_digit(prev) && is_digit(after.cp) ? infix_digit(c.cp) : infix_char(c.cp);
            if (infix == 0) break;
            if (infix != kIgnore) append(infix);
            i = next;
            c = after;
            ch = lower(after);
        }
        if (!at_end) {
            const std::size_t base_bytes = bytes;
            const std::size_t base_size = term.size();
            unsigned count = 0;
            while (true) {
                const unsigned s = suffix_char(c.cp);
                if (s == 0 || ++count > 3) {
                    // Too many, or "fish+chips": not a suffix after all.
                    if (s != 0 || is_word_char(c.cp)) {
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
        // term_text() drops a possessive ending (ASCII in normalized text).
        if (const std::size_t possessive = possessive_length(text.substr(start, i - start));
            possessive > 0) {
            if (build) term.resize(term.size() - possessive);
            bytes -= possessive;
        }
        if (!on_word(term, bytes, start, i)) return i;
    }
}

/// How many words of `text` have terms longer than `max_bytes`: TermGenerator (with
/// set_max_word_length(max_bytes)) drops them without a word, the build reports them.
inline std::size_t count_long_words(std::string_view text, std::size_t max_bytes) {
    std::size_t count = 0;
    std::string unused;
    (void)for_each_word(text, 0, unused, NoTerms{},
                        [&](const std::string&, std::size_t bytes, std::size_t, std::size_t) {
                            if (bytes > max_bytes) ++count;
                            return true;
                        });
    return count;
}

}  // namespace dateline::words
