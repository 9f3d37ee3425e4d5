// Facet buckets (detail API); snippets are in snippets_test.cpp, derived titles
// (schema::first_sentence) in display_fields_test.cpp.
#include <doctest/doctest.h>

#include "facets.hpp"

TEST_CASE("date facet buckets") {
    using dateline::DateGranularity;
    using dateline::detail::date_bucket;
    CHECK(date_bucket("20250704", DateGranularity::kDay) == "2025-07-04");
    CHECK(date_bucket("20250704", DateGranularity::kMonth) == "2025-07");
    CHECK(date_bucket("20250704", DateGranularity::kYear) == "2025");
}
