// The build totals record (schema/internal/dateline/build_totals_record.hpp): what a
// generation stores as dateline.build_report and index-search --stats shows.
#include <doctest/doctest.h>

#include <dateline/build_totals.hpp>
#include <dateline/build_totals_record.hpp>

using dateline::BuildTotals;
using dateline::schema::decode_build_totals;
using dateline::schema::encode_build_totals;

namespace {

BuildTotals sample() {
    return {.generation = 7,
            .rebuild = false,
            .documents = 12,
            .inputs = 9,
            .indexed = 3,
            .replaced = 2,
            .unchanged = 1,
            .deleted = 4,
            .rejected = 3,
            .skipped = 5,
            .warnings = 6,
            .stories = 8,
            .rejected_reasons = {{"empty", 1}, {"binary", 2}},
            .skipped_reasons = {{"hidden", 5}}};
}

}  // namespace

TEST_CASE("build totals: the stored text, byte for byte") {
    // Generations already published hold this text, and index-search --stats prints it: a
    // change to it is a change of the on-disk contract and of the stats output.
    CHECK(encode_build_totals(sample()) ==
          R"({"deleted":4,"documents":12,"generation":7,"indexed":3,"inputs":9,)"
          R"("rebuild":false,"rejected":3,"rejected_reasons":{"binary":2,"empty":1},)"
          R"("replaced":2,"skipped":5,"skipped_reasons":{"hidden":5},"stories":8,)"
          R"("unchanged":1,"warnings":6})");
    CHECK(encode_build_totals({}) ==
          R"({"deleted":0,"documents":0,"generation":0,"indexed":0,"inputs":0,)"
          R"("rebuild":false,"rejected":0,"rejected_reasons":{},"replaced":0,"skipped":0,)"
          R"("skipped_reasons":{},"stories":0,"unchanged":0,"warnings":0})");
}

TEST_CASE("build totals: decoding gives back what was encoded") {
    CHECK(decode_build_totals(encode_build_totals(sample())) == sample());
    CHECK(decode_build_totals(encode_build_totals({})) == BuildTotals{});
}

TEST_CASE("build totals: anything but a whole record is no record") {
    const std::string whole = encode_build_totals(sample());
    CHECK_FALSE(decode_build_totals("").has_value());  // no build recorded any
    CHECK_FALSE(decode_build_totals("not json").has_value());
    CHECK_FALSE(decode_build_totals("[]").has_value());
    CHECK_FALSE(decode_build_totals(R"({"documents":6})").has_value());  // keys missing
    CHECK_FALSE(decode_build_totals(whole.substr(0, whole.size() - 1)).has_value());
    for (const char* bad :
         {R"("indexed":-3)", R"("indexed":"3")", R"("indexed":1.5)", R"("rebuild":0)",
          R"("rejected_reasons":[])", R"("skipped_reasons":{"hidden":"5"})"}) {
        CAPTURE(bad);
        // The same record with one value of the wrong type (the last key wins in nlohmann).
        std::string text = whole;
        text.insert(text.size() - 1, std::string(",") + bad);
        CHECK_FALSE(decode_build_totals(text).has_value());
    }
}
