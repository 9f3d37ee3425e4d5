/// @file
/// The one encoding of BuildTotals as the metadata value schema::metadata::kBuildReport: the
/// indexer writes it, the searcher reads it, index-search shows it.
///
/// Internal to Dateline (not installed).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dateline/build_totals.hpp>
#include <dateline/schema_export.hpp>

namespace dateline::schema {

/// Compact JSON with the keys sorted (docs/JSON_OUTPUT.md, "build_report").
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string encode_build_totals(const BuildTotals& totals);

/// The totals `text` records; nullopt when it is empty (no build recorded any) or is not a
/// complete record (every key of encode_build_totals() present, with a value of its type).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<BuildTotals> decode_build_totals(
    std::string_view text);

}  // namespace dateline::schema
