/// @file
/// The schema-version check both sides make when they open a generation: the indexer
/// before updating it, the searcher before reading each shard and the terms database.
///
/// Internal to Dateline (not installed).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <dateline/schema.hpp>
#include <dateline/schema_export.hpp>

namespace dateline::schema {

/// Throws SchemaVersionError unless `stored` (the database's metadata::kSchemaVersion value,
/// empty when missing) is `expected`: kSchemaVersion, except in tests that prove a reader
/// reports the version it read. `where` names the database in the message
/// ("index at /srv/index (shard gen-000007/shard-1)").
DATELINE_SCHEMA_EXPORT void require_schema_version(std::string_view stored, std::string_view where,
                                                   std::uint32_t expected = kSchemaVersion);

/// The number a metadata::kSchemaVersion value holds (decimal digits only); nullopt for
/// anything else, an empty (missing) value included.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<std::uint32_t> parse_schema_version(
    std::string_view stored) noexcept;

}  // namespace dateline::schema
