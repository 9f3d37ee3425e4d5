// Derived titles and facet buckets (detail API); snippets are in snippets_test.cpp.
#include <doctest/doctest.h>

#include "facets.hpp"
#include "snippets.hpp"

using dateline::detail::first_sentence;

TEST_CASE("derived titles are the first sentence, cut on a word and UTF-8 boundary") {
    CHECK(first_sentence("  Putin spoke. Trump listened.") == "Putin spoke.");
    CHECK(first_sentence("Line one\nline two") == "Line one");
    CHECK(first_sentence("U.S.A. is here. Next") == "U.S.A. is here.");
    const std::string long_text(50, 'x');
    const auto cut = first_sentence(long_text + " " + long_text + " \u00e9\u00e9\u00e9", 60);
    CHECK(cut == long_text + "\u2026");
}

TEST_CASE("date facet buckets") {
    using dateline::DateGranularity;
    using dateline::detail::date_bucket;
    CHECK(date_bucket("20250704", DateGranularity::kDay) == "2025-07-04");
    CHECK(date_bucket("20250704", DateGranularity::kMonth) == "2025-07");
    CHECK(date_bucket("20250704", DateGranularity::kYear) == "2025");
}
