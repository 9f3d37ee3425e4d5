/// @file
/// Small fixture indexes for the searcher tests, written directly with Xapian exactly
/// as the preamble's indexing contract says index-build does, so the searcher is
/// tested independently of the indexer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <dateline/schema.hpp>

namespace dateline::test {

struct FixtureDoc {
    std::string id;
    std::optional<std::string> title;
    std::optional<std::string> date;  ///< YYYY-MM-DD
    std::string source;
    std::string text;
};

/// Six short news items: dated (2025-07-04, 2025-07-03, 2025-07-01, 2025-06-14,
/// 2024-12-31) and one undated; sources The Moscow Times, ZeroHedge, TASS ×2,
/// Reuters, unknown; one without a title. See searcher_fixture.cpp.
[[nodiscard]] std::vector<FixtureDoc> fixture_docs();

/// Writes generation `generation` into `index_dir` (created if needed) and publishes
/// it through the XAPIANDB stub. `schema_version` is stored as-is (default: the current one).
void build_fixture_index(
    const std::filesystem::path& index_dir, const std::vector<FixtureDoc>& docs,
    std::uint64_t generation = 1,
    const std::string& schema_version = std::to_string(dateline::schema::kSchemaVersion));

}  // namespace dateline::test
