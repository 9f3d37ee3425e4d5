// Query parsing as tables: input → Xapian::Query::get_description(), through the
// internal (detail) builder over the fixture index (synonyms, spelling, wildcards).
#include <string>

#include <doctest/doctest.h>

#include <dateline/errors.hpp>

#include "date_filter.hpp"
#include "query_builder.hpp"
#include "query_limits.hpp"
#include "query_scan.hpp"
#include "searcher_fixture.hpp"
#include "test_support.hpp"

namespace {

using dateline::detail::build_query;
using dateline::detail::QueryInput;

QueryInput input_of(const std::string& text) { return QueryInput{text, false, {}, {}, {}, {}}; }

struct FixtureDb {
    dateline::test::TempDir dir;
    Xapian::Database db;
    FixtureDb() {
        dateline::test::build_fixture_index(dir.path() / "index", dateline::test::fixture_docs());
        db = Xapian::Database((dir.path() / "index").string());
    }
};

const FixtureDb& fixture() {
    static const FixtureDb kDb;
    return kDb;
}

std::string describe(const std::string& text, bool any = false) {
    return build_query(fixture().db, QueryInput{text, any, {}, {}, {}, {}}, {}).description;
}

struct ErrorAt {
    std::size_t position;
    std::string message;
};

ErrorAt error_of(const std::string& text, dateline::detail::QueryBuildOptions options = {}) {
    try {
        static_cast<void>(
            build_query(fixture().db, QueryInput{text, false, {}, {}, {}, {}}, options));
    } catch (const dateline::QueryError& e) {
        return {e.position(), e.what()};
    }
    FAIL("no QueryError for: " << text);
    return {};
}

}  // namespace

TEST_CASE("query table: words, phrases, operators, fields") {
    const std::pair<const char*, const char*> table[] = {
        {"putin", "Query(Zputin@1)"},
        // Capitalised words are stemmed like lower-case ones (issue 13).
        {"Putin Trump", "Query((Zputin@1 AND Ztrump@2))"},
        {"Erdo\u011fan's", "Query(Zerdogan@1)"},
        {"\"Putin's envoy\"", "Query((putin@1 PHRASE 2 envoy@2))"},
        {"\"root causes\"", "Query((root@1 PHRASE 2 causes@2))"},
        // Curly quotes are normalized to straight ones before parsing.
        {"\u201croot causes\u201d", "Query((root@1 PHRASE 2 causes@2))"},
        {"putin OR lavrov", "Query((Zputin@1 OR Zlavrov@2))"},
        {"putin NOT iran", "Query((Zputin@1 AND_NOT Ziran@2))"},
        {"putin -iran", "Query((Zputin@1 AND_NOT Ziran@2))"},
        {"+putin lavrov", "Query((Zputin@1 AND Zlavrov@2))"},
        {"putin XOR lavrov", "Query((Zputin@1 XOR Zlavrov@2))"},
        {"trump NEAR/3 putin", "Query((trump@1 NEAR 4 putin@2))"},
        {"trump ADJ putin", "Query((trump@1 PHRASE 11 putin@2))"},
        {"putin AND (iran OR israel)", "Query((Zputin@1 AND (Ziran@2 OR Zisrael@3)))"},
        {"NOT iran", "Query((<alldocuments> AND_NOT Ziran@1))"},
        {"ukrain*", "Query(WILDCARD SYNONYM ukrain)"},
        {"title:putin", "Query(ZSputin@1)"},
        {"source:tass", "Query(0 * XSRCtass)"},
        {"source:\"The Moscow Times\"", "Query(0 * XSRCthe moscow times)"},
        {"source:TASS putin", "Query((Zputin@1 FILTER XSRCtass))"},
    };
    for (const auto& [input, expected] : table) {
        // clang 14 cannot capture a structured binding in CAPTURE's lambda.
        const auto& shown_input = input;
        CAPTURE(shown_input);
        CHECK(describe(input) == expected);
    }
}

TEST_CASE("query table: --any makes OR the default operator") {
    CHECK(describe("putin lavrov", true) == "Query((Zputin@1 OR Zlavrov@2))");
    CHECK(describe("putin lavrov") == "Query((Zputin@1 AND Zlavrov@2))");
}

TEST_CASE("query table: date filters become value ranges on slot 0") {
    const std::pair<const char*, const char*> table[] = {
        {"date:2025-07-04", "Query(VALUE_RANGE 0 20250704 20250704)"},
        {"date:2025-07", "Query(VALUE_RANGE 0 20250701 20250731)"},
        {"date:2024-02", "Query(VALUE_RANGE 0 20240201 20240229)"},
        {"date:2025", "Query(VALUE_RANGE 0 20250101 20251231)"},
        {"date:2025-07-01..2025-07-31", "Query(VALUE_RANGE 0 20250701 20250731)"},
        {"date:..2025-07-03", "Query(VALUE_LE 0 20250703)"},
        {"date:2025-07..", "Query(VALUE_GE 0 20250701)"},
        {"date:2024..2025-06", "Query(VALUE_RANGE 0 20240101 20250630)"},
    };
    for (const auto& [input, expected] : table) {
        // clang 14 cannot capture a structured binding in CAPTURE's lambda.
        const auto& shown_input = input;
        CAPTURE(shown_input);
        CHECK(describe(input) == expected);
    }
}

TEST_CASE("query table: request filters wrap the parsed query") {
    const auto built =
        build_query(fixture().db, QueryInput{"putin", false, "TASS", "2025-06", "2025", {}}, {});
    CHECK(built.description ==
          "Query((Zputin@1 FILTER (XSRCtass AND VALUE_RANGE 0 20250601 20251231)))");
    // Only filters: everything inside them, from a fresh match-all query.
    const auto all = build_query(fixture().db, QueryInput{"", false, {}, "2025", {}, {}}, {});
    CHECK(all.description == "Query((<alldocuments> FILTER VALUE_GE 0 20250101))");
}

TEST_CASE("synonyms apply both ways and are reported") {
    for (const char* word : {"Zelenskyy", "Zelensky", "zelenskyy"}) {
        CAPTURE(word);
        const auto built = build_query(fixture().db, input_of(word), {});
        CHECK(built.description.find("SYNONYM") != std::string::npos);
        REQUIRE(built.synonyms_applied.size() == 1);
        CHECK(built.synonyms_applied[0].find("zelensky") != std::string::npos);
    }
    const auto kyiv = build_query(fixture().db, input_of("Kyiv"), {});
    CHECK(kyiv.description == "Query((Zkyiv@1 SYNONYM kiev@1))");
    // A word whose variants are known needs no "did you mean".
    CHECK_FALSE(kyiv.corrected.has_value());
}

TEST_CASE("spelling suggestion only for unknown words") {
    const auto built = build_query(fixture().db, input_of("pution"), {});
    REQUIRE(built.corrected.has_value());
    CHECK(*built.corrected == "putin");
    CHECK_FALSE(build_query(fixture().db, input_of("putin"), {}).corrected.has_value());
    // Filter values are not words to respell, and do not hide an unknown word.
    CHECK_FALSE(
        build_query(fixture().db, input_of("putin date:2025-07 source:tass"), {}).corrected);
    const auto filtered = build_query(fixture().db, input_of("pution date:2025-07"), {});
    REQUIRE(filtered.corrected.has_value());
    CHECK(*filtered.corrected == "putin date:2025-07");
    const auto bracketed = build_query(fixture().db, input_of("(putin OR date:2025)pution"), {});
    REQUIRE(bracketed.corrected.has_value());
    CHECK(*bracketed.corrected == "(putin OR date:2025)putin");
}

TEST_CASE("wildcard expansions are listed and bounded") {
    const auto built = build_query(fixture().db, input_of("weap*"), {});
    REQUIRE(built.wildcard_expansions.size() == 1);
    CHECK(built.wildcard_expansions[0] == "weap* \u2192 weapon, weaponry, weapons");
    dateline::detail::QueryBuildOptions tight;
    tight.max_wildcard_expansion = 3;
    const auto e = error_of("putin ukrain*", tight);
    CHECK(e.position == 6);
    CHECK(e.message.find("ukrain*") != std::string::npos);
}

TEST_CASE("errors say where: syntax, re-parse, fields, dates, emptiness") {
    const std::tuple<const char*, std::size_t, const char*> table[] = {
        {"", 0, "empty query"},
        {"   ", 0, "empty query"},
        {"putin AND", 6, "AND"},
        {"AND putin", 0, "AND"},
        {"putin AND trump OR", 16, "OR"},
        // Xapian would silently re-parse these with the operators dropped.
        {"putin NEAR", 6, "cannot parse"},
        {"-iran", 0, "cannot parse"},
        {"foo:bar", 0, "unknown field 'foo:'"},
        {"putin Title:call", 6, "unknown field 'Title:'"},
        {"date:2025-02-30", 5, "2025-02-30"},
        {"putin date:2025-13", 11, "no month 13"},
        {"date:2025-07-04..2025-07-01", 5, "reversed"},
        {"date:2025-07-01..2025-06-31", 17, "2025-06-31"},
        {"date:..", 5, "at least one end"},
        {"date:yesterday", 5, "expected YYYY"},
        {"+", 0, "no searchable words"},
    };
    for (const auto& [input, position, fragment] : table) {
        // clang 14 cannot capture a structured binding in CAPTURE's lambda.
        const auto& shown_input = input;
        CAPTURE(shown_input);
        const auto e = error_of(input);
        CHECK(e.position == position);
        CHECK(e.message.find(fragment) != std::string::npos);
    }
}

TEST_CASE("limits are checked before Xapian, with the position of the excess") {
    dateline::detail::QueryLimits limits{.max_bytes = 20, .max_terms = 3, .max_depth = 2};
    using dateline::detail::check_query_limits;
    CHECK_NOTHROW(check_query_limits("a b c", limits));
    CHECK_NOTHROW(check_query_limits("((a) b)", limits));
    CHECK_NOTHROW(check_query_limits("\"((\" a", limits));
    // Quoted brackets count: Xapian's silent no-phrase re-parse of a failed query nests them.
    CHECK_THROWS_AS(check_query_limits("\"(((\" a", limits), dateline::QueryLimitError);
    CHECK_THROWS_AS(check_query_limits("_ _ _ _", limits),
                    dateline::QueryLimitError);  // "_" is a word
    try {
        check_query_limits("a b c d", limits);
        FAIL("no limit error for terms");
    } catch (const dateline::QueryLimitError& e) {
        CHECK(e.position() == 6);
    }
    try {
        check_query_limits("a ((( b", limits);
        FAIL("no limit error for depth");
    } catch (const dateline::QueryLimitError& e) {
        CHECK(e.position() == 4);
        CHECK(std::string(e.what()).find("nested too deeply") != std::string::npos);
    }
    CHECK_THROWS_AS(check_query_limits(std::string(21, 'a'), limits), dateline::QueryLimitError);
    CHECK_NOTHROW(check_query_limits(std::string(20, 'a'), limits));
}

TEST_CASE("date bounds: partial dates as lower and upper bounds") {
    using dateline::detail::BoundSide;
    using dateline::detail::parse_date_bound;
    CHECK(parse_date_bound("2025", BoundSide::kLower, 0) == "20250101");
    CHECK(parse_date_bound("2025", BoundSide::kUpper, 0) == "20251231");
    CHECK(parse_date_bound("2025-02", BoundSide::kUpper, 0) == "20250228");
    CHECK(parse_date_bound("2024-02", BoundSide::kUpper, 0) == "20240229");
    CHECK(parse_date_bound("20250704", BoundSide::kLower, 0) == "20250704");
    CHECK_THROWS_AS(static_cast<void>(parse_date_bound("2025-7", BoundSide::kLower, 0)),
                    dateline::QueryError);
    CHECK_THROWS_AS(static_cast<void>(parse_date_bound("2023-02-29", BoundSide::kLower, 0)),
                    dateline::QueryError);
}

TEST_CASE("scan finds fields, wildcards and operator positions") {
    const auto scan = dateline::detail::scan_query("title:call (ukrain* OR \"a b\") https://x.org");
    REQUIRE(scan.fields.size() == 1);  // a URL is not a field
    CHECK(scan.fields[0].name == "title");
    CHECK(scan.fields[0].value == "call");
    REQUIRE(scan.wildcards.size() == 1);
    CHECK(scan.wildcards[0].pos == 12);
    CHECK(dateline::detail::operator_position("a AND b AND", "AND") == 8);
    CHECK(dateline::detail::operator_position("(AND b)", "AND") == 1);
}
