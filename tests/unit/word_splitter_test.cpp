// The one word splitter (schema/internal/dateline/word_splitter.hpp) against Xapian's own
// TermGenerator: the same words, in the same order, with the same lower-cased terms and
// the same long words dropped, on the shipped corpus and on hostile text. The splitter
// is what the snippet generator highlights and what the build's dropped_long_words counts,
// so any difference is a highlight on a word the index does not have (or a miss).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/word_splitter.hpp>

#include "test_support.hpp"

namespace {

namespace words = dateline::words;
constexpr unsigned kNoLimit = 1U << 20;

/// TermGenerator's terms of `text` in position order, as the indexer makes them (from
/// term_text(text)): unstemmed, the indexer's other settings (no CJK n-grams), words whose
/// terms exceed `max_bytes` dropped.
std::vector<std::string> xapian_terms(std::string_view text, unsigned max_bytes) {
    Xapian::TermGenerator tg;
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    tg.set_max_word_length(max_bytes);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(dateline::term_text(text));
    std::map<Xapian::termpos, std::string> at;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) at[*p] = *t;
    }
    std::vector<std::string> out;
    out.reserve(at.size());
    for (auto& [pos, term] : at) out.push_back(term);
    return out;
}

struct Word {
    std::string term;
    std::size_t bytes;
    std::size_t start;
    std::size_t end;
};

std::vector<Word> our_words(std::string_view text, std::size_t from = 0) {
    std::vector<Word> out;
    std::string term;
    (void)words::for_each_word(
        text, from, term, words::AllTerms{},
        [&](const std::string& t, std::size_t bytes, std::size_t start, std::size_t end) {
            out.push_back({t, bytes, start, end});
            return true;
        });
    return out;
}

std::vector<std::string> our_terms(std::string_view text, std::size_t max_bytes) {
    std::vector<std::string> out;
    for (auto& w : our_words(text)) {
        if (w.bytes <= max_bytes) out.push_back(w.term);
    }
    return out;
}

std::string show(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7f) {
            out += c;
        } else {
            constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[b >> 4];
            out += kHex[b & 15U];
        }
    }
    return out;
}

/// Everything the splitter promises about `text`, checked against TermGenerator.
void check_same_as_xapian(std::string_view text) {
    INFO("text: ", show(text.substr(0, 200)));
    const auto all = our_words(text);
    CHECK(our_terms(text, kNoLimit) == xapian_terms(text, kNoLimit));
    CHECK(our_terms(text, dateline::schema::kMaxWordBytes) ==
          xapian_terms(text, dateline::schema::kMaxWordBytes));

    // Spans: in order, not overlapping, each starting at a word character.
    std::size_t last_end = 0;
    for (const auto& w : all) {
        CHECK(w.bytes == w.term.size());
        CHECK(w.start >= last_end);
        CHECK(w.end > w.start);
        CHECK(words::is_word_char(words::decode_at(text, w.start).cp));
        last_end = w.end;
    }

    // Without terms: the same spans and lengths, and `term` left empty.
    std::vector<Word> bare;
    std::string term;
    (void)words::for_each_word(
        text, 0, term, words::NoTerms{},
        [&](const std::string& t, std::size_t bytes, std::size_t start, std::size_t end) {
            CHECK(t.empty());
            bare.push_back({{}, bytes, start, end});
            return true;
        });
    REQUIRE(bare.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(bare[i].bytes == all[i].bytes);
        CHECK(bare[i].start == all[i].start);
        CHECK(bare[i].end == all[i].end);
    }

    // Resuming just after ASCII whitespace gives the words of a full pass from there on
    // (the snippet generator splits only around possible matches).
    for (std::size_t p = 1; p < text.size(); ++p) {
        const char c = text[p - 1];
        if (c != ' ' && c != '\n' && c != '\t') continue;
        const auto resumed = our_words(text, p);
        std::size_t k = 0;
        while (k < all.size() && all[k].start < p) ++k;
        REQUIRE(resumed.size() == all.size() - k);
        for (std::size_t i = 0; i < resumed.size(); ++i) {
            CHECK(resumed[i].start == all[k + i].start);
            CHECK(resumed[i].term == all[k + i].term);
        }
    }

    const std::size_t dropped = xapian_terms(text, kNoLimit).size() -
                                xapian_terms(text, dateline::schema::kMaxWordBytes).size();
    CHECK(words::count_long_words(text, dateline::schema::kMaxWordBytes) == dropped);
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("the splitter runs with TermGenerator's defaults (no CJK n-grams)") {
    // Xapian reads XAPIAN_CJK_NGRAM once; set, it indexes CJK text as n-grams, which the
    // splitter deliberately does not make (DocumentBuilder does not ask for them).
    const char* cjk = std::getenv("XAPIAN_CJK_NGRAM");
    REQUIRE_MESSAGE((cjk == nullptr || *cjk == '\0'), "unset XAPIAN_CJK_NGRAM to run these tests");
}

TEST_CASE("the splitter's words are TermGenerator's terms on the shipped corpus") {
    std::size_t files = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(dateline::test::shipped_data())) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream raw;
        raw << in.rdbuf();
        check_same_as_xapian(raw.str());
        check_same_as_xapian(dateline::normalize_text(raw.str()));
        ++files;
    }
    CHECK(files >= 5);
}

TEST_CASE("the splitter's words are TermGenerator's terms on hostile text") {
    const std::vector<std::string> texts = {
        // Nothing, or nothing but separators.
        "", " ", "\n\t ", "...", "'", "+", "#", "&",
        // CJK: one word per run of word characters (no n-grams), split at CJK punctuation.
        "東京は日本の首都です。北京、上海", "한국어 텍스트와 English", "カタカナとひらがな・漢字",
        repeat("漢", 21), repeat("漢", 22), "中文123中文", "ＡＢＣ全角１２３",
        // Apostrophes, straight and curly (U+2019 and U+201B become "'"; U+2018 does not join).
        "O'Brien O\u2019Brien O\u201bBrien O\u2018Brien", "rock \u2019n\u2019 roll", "don't",
        "'tis dogs' ''double'' it''s", "\u2018quoted\u2019", "end'", "l'",
        // Hyphens and dashes never join words.
        "e-mail well\u2010known non\u2013stop a\u2014b co-op -lead trail-", "x-", "-x",
        // Digits and number punctuation.
        "1,000,000 3.14 1.2.3 10;20 1 000 1,a a,1 2024-01-05 $1.5bn 50% 1.", "1;2",
        "1\u037e2 1\u05892 1\u060d2 1\u07f82 1\u20442 1\ufe102 1\ufe132 1\ufe142 1\u066b2",
        "\u0663\u066b\u0661\u0664 \u0663,\u0661\u0664 \uff11\uff12\uff13,\uff14",
        "1'000 1&2 a.1 1.a 1,,2 1..2",
        // Combining marks, decomposed and not, at word starts and inside words.
        "cafe\u0301 caf\u00e9 na\u00efve e\u0301e\u0301 \u0301start x\u0301\u0302\u0303",
        "\u0939\u093f\u0928\u094d\u0926\u0940 \u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22",
        // Emoji, skin tones, joiners, flags; zero-width characters inside words.
        "\U0001F642 \U0001F44D\U0001F3FD \U0001F468\u200d\U0001F469\u200d\U0001F467",
        "flag \U0001F1FA\U0001F1E6 a\U0001F642b",
        "word\u200bword a\u2060b a\ufeffb a\u200db a\u200cb \u200bstart end\u200b 1\u200b2",
        // Initials, joined words, suffixes.
        "U.S. U.S.A. P.T.O U.S.a A.B.C.d I. AT&T M&S A.B1 U.S U.S.-led Mr. A.", "U.S",
        "C++ C# F#. C+++ C++++ fish+chips a+ b#c C++", "C+", "C#", "x++y",
        // Middle dots and other joiners.
        "l\u00b7l a\u00b7b \u05d0\u05f4\u05d1 a\u2027b a:b a_b a/b a\\b",
        // Mixed scripts and case rules.
        "\u041c\u043e\u0441\u043a\u0432\u0430-Moscow \u0391\u03b8\u03ae\u03bd\u03b1Athens",
        "abc\u0430\u0431\u0432 Stra\u00dfe \u0130stanbul \u01c5 \u03a3\u0391\u03a3",
        "\u0130I\u0131i",
        // Very long words, measured as TermGenerator measures them: lower-cased bytes.
        std::string(64, 'x'), std::string(65, 'x'), std::string(1000, 'y') + " short",
        repeat("\u0130", 40), repeat("\u023a", 30), repeat("A.", 40),
        std::string(40, 'a') + "'" + std::string(40, 'b'),
        std::string(40, 'a') + "\u200b" + std::string(40, 'b'), std::string(64, 'c') + "++",
        // Invalid UTF-8 reads as ISO-8859-1, as Xapian's Utf8Iterator reads it.
        "\xc3( \xe0\x80\x80 \xff \xc0\xaf abc\xe9t\xe9 \xf0\x9f\x99 \xed\xa0\x80x \xf4\x90\x80\x80",
        "\xc2", "caf\xc3"};
    for (const auto& text : texts) check_same_as_xapian(text);
}

TEST_CASE("count_long_words counts what TermGenerator drops, by term bytes") {
    const auto max = dateline::schema::kMaxWordBytes;
    const std::string word64(max, 'a');
    const std::string word65(max + 1, 'b');
    CHECK(words::count_long_words("short words only", max) == 0);
    CHECK(words::count_long_words(word64 + " " + word65 + " x " + word65, max) == 2);
    CHECK(words::count_long_words(word65, max) == 1);
    // Joined by an apostrophe: one word, and too long.
    CHECK(words::count_long_words(std::string(40, 'a') + "'" + std::string(40, 'b'), max) == 1);
    // Initials lose their dots: 80 bytes of text, a 40-byte term.
    CHECK(words::count_long_words(repeat("A.", 40), max) == 0);
    // U+023A lower-cases to a longer U+2C65: 60 bytes of text, a 90-byte term.
    CHECK(words::count_long_words(repeat("\u023a", 30), max) == 1);
}
