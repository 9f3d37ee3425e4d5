#include <string>

#include <doctest/doctest.h>

#include <dateline/normalize.hpp>

using dateline::fold_case;
using dateline::normalize_text;
using dateline::repair_utf8;

TEST_CASE("normalize_text maps what news text mixes") {
    struct Row {
        const char* input;
        const char* expected;
    };
    const Row rows[] = {
        {"didn\u2019t", "didn't"},                       // curly apostrophe
        {"\u201Croot causes\u201D", "\"root causes\""},  // curly double quotes
        {"\u2018realities\u2019", "'realities'"},
        {"\u00ABquote\u00BB", "\"quote\""},
        {"2022\u20132025", "2022-2025"},                  // en dash
        {"Washington \u2014 Kyiv", "Washington - Kyiv"},  // em dash
        {"\u2212"
         "5",
         "-5"},                            // minus sign
        {"\uFB01nance", "finance"},        // ligature (NFKC)
        {"\uFF21\uFF22\uFF23", "ABC"},     // full-width letters keep case
        {"a\u00A0b", "a b"},               // no-break space
        {"co\u00ADoperate", "cooperate"},  // soft hyphen removed
        {"zero\u200Bwidth", "zerowidth"},  // zero-width space removed
        {"line\r\nnext\rlast", "line\nnext\nlast"},
        {"tab\there", "tab\there"},
        {"nul\x01"
         "byte",
         "nul byte"},                                              // controls separate words
        {"Stra\u00DFe", "Strasse"},                                // ß: Xapian would keep ß
        {"\u1E9E", "ss"},                                          // capital sharp s
        {"\u039F\u0394\u039F\u03A3", "\u039F\u0394\u039F\u03A3"},  // Greek capitals kept
        {"\u03BF\u03B4\u03BF\u03C2", "\u03BF\u03B4\u03BF\u03C3"},  // final sigma folded
        {"Zelenskyy KYIV", "Zelenskyy KYIV"},  // ordinary case is kept for display
        {"e\u0301", "\u00E9"},                 // composed
        {"", ""},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        CHECK(normalize_text(row.input) == row.expected);
    }
}

TEST_CASE("normalize_text is idempotent") {
    const char* samples[] = {"Stra\u00DFe \u201Cx\u201D \u2014 \uFB01", "e\u200D\u0301",
                             "plain ascii", "\u0130stanbul", "\u03A3\u03C2\u1E9E"};
    for (const char* s : samples) {
        CAPTURE(s);
        const std::string once = normalize_text(s);
        CHECK(normalize_text(once) == once);
    }
}

TEST_CASE("fold_case lower-cases fully") {
    CHECK(fold_case("The Moscow TIMES") == "the moscow times");
    CHECK(fold_case("STRASSE") == fold_case("Stra\u00DFe"));
    CHECK(fold_case("Reuters\u2019") == "reuters'");
}

TEST_CASE("repair_utf8 replaces invalid sequences and counts them") {
    SUBCASE("valid text is unchanged") {
        const auto r = repair_utf8("caf\xC3\xA9");
        CHECK(r.text == "caf\xC3\xA9");
        CHECK(r.replaced_sequences == 0);
    }
    SUBCASE("Latin-1 byte") {
        const auto r = repair_utf8("caf\xE9 ok");
        CHECK(r.text == "caf\xEF\xBF\xBD ok");
        CHECK(r.replaced_sequences == 1);
    }
    SUBCASE("overlong, surrogate, truncated at the end") {
        const auto r = repair_utf8("\xC0\xAF|\xED\xA0\x80|\xE2\x82");
        CHECK(r.replaced_sequences >= 3);
        CHECK(repair_utf8(r.text).replaced_sequences == 0);
    }
    SUBCASE("byte-order mark is dropped") {
        CHECK(repair_utf8("\xEF\xBB\xBFHello").text == "Hello");
    }
}
