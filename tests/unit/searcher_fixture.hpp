/// @file
/// Small fixture indexes for the searcher tests: documents built by the indexer's own
/// DocumentBuilder (terms, content hash, URL host, cited hosts, author, display fields,
/// spelling) and
/// published through the stub as index-build does, without index-build's input reading
/// and metadata extraction, so each test states its documents' fields exactly.
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
    std::optional<std::string> author;
    std::optional<std::string> url;
};

/// Six short news items: dated (2025-07-04, 2025-07-03, 2025-07-01, 2025-06-14,
/// 2024-12-31) and one undated; sources The Moscow Times, ZeroHedge, TASS ×2,
/// Reuters, unknown; one without a title; one with an author and a URL. See
/// searcher_fixture.cpp.
[[nodiscard]] std::vector<FixtureDoc> fixture_docs();

/// Writes generation `generation` into `index_dir` (created if needed) and publishes
/// it through the XAPIANDB stub. `schema_version` is stored as-is (default: the current one).
void build_fixture_index(
    const std::filesystem::path& index_dir, const std::vector<FixtureDoc>& docs,
    std::uint64_t generation = 1,
    const std::string& schema_version = std::to_string(dateline::schema::kSchemaVersion));

}  // namespace dateline::test
