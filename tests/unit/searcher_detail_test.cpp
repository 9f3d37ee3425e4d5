// Facet buckets and index stats (detail API); snippets are in snippets_test.cpp, derived titles
// (schema::first_sentence) in display_fields_test.cpp.
#include <doctest/doctest.h>

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>
#include <dateline/schema_version.hpp>

#include "facets.hpp"
#include "index_handle.hpp"
#include "index_stats.hpp"
#include "searcher_fixture.hpp"
#include "test_support.hpp"

TEST_CASE("date facet buckets") {
    using dateline::DateGranularity;
    using dateline::detail::date_bucket;
    CHECK(date_bucket("20250704", DateGranularity::kDay) == "2025-07-04");
    CHECK(date_bucket("20250704", DateGranularity::kMonth) == "2025-07");
    CHECK(date_bucket("20250704", DateGranularity::kYear) == "2025");
}

// Opening accepts one schema version, the compiled one, so through the public API the
// version read and kSchemaVersion are always equal and a stats() that printed the constant
// would pass any test there. Here the reader is told to accept version 3 on an index
// stamped 3: stats must say 3, not the compiled 4.
TEST_CASE("stats report the schema version the index records, not the compiled one") {
    static_assert(dateline::schema::kSchemaVersion != 3);
    dateline::test::TempDir dir;
    const auto index = dir.path() / "index";
    dateline::test::build_fixture_index(index, dateline::test::fixture_docs(), 1, "3");
    CHECK_THROWS_AS(dateline::detail::IndexHandle{index}, dateline::SchemaVersionError);
    const dateline::detail::IndexHandle handle(index, {.schema_version = 3});
    const auto stats = dateline::detail::index_stats(handle);
    CHECK(stats.schema_version == 3);
    CHECK(stats.documents == 6);
}

TEST_CASE("schema version values: decimal digits only") {
    using dateline::schema::parse_schema_version;
    CHECK(parse_schema_version("4") == 4U);
    CHECK(parse_schema_version("12") == 12U);
    CHECK_FALSE(parse_schema_version("").has_value());
    CHECK_FALSE(parse_schema_version("4x").has_value());
    CHECK_FALSE(parse_schema_version("-4").has_value());
    CHECK_FALSE(parse_schema_version(" 4").has_value());
    CHECK_FALSE(parse_schema_version("99999999999").has_value());
}
