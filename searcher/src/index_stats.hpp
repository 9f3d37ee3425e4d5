/// @file
/// What Searcher::stats() reports, read from the open index.
#pragma once

#include <cstddef>

#include <dateline/searcher.hpp>

#include "index_handle.hpp"

namespace dateline::detail {

/// The largest stories stats() lists.
inline constexpr std::size_t kLargestStories = 10;

/// Documents, generation, the schema version and build metadata the index records (never
/// this program's own constants), its shards and largest stories. Throws what Xapian
/// throws (the caller retries); not thread-safe, like the handle.
[[nodiscard]] IndexStats index_stats(const IndexHandle& handle);

}  // namespace dateline::detail
