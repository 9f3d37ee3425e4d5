/// @file
/// The recency blend of recency.hpp built from Xapian's own ValueMapPostingSource, for
/// indexes with remote shards: xapian-tcpsrv can only unserialise Xapian's built-in
/// classes, so it cannot run RecencySource.
///
/// The map holds one weight per day number (slot::kDayNumber holds whole days), the
/// same B · 2^(−age / half_life) RecencySource computes, for the days from the newest
/// one back to min(32 half-lives, kMaxRecencyDays) or the oldest dated document.
/// Documents older than that get no boost instead of less than 2^-32 of B.
#pragma once

#include <cstddef>

#include <xapian.h>

namespace dateline::detail {

/// Days mapped at most: bounds the query sent to each remote shard (about 15 bytes a day).
inline constexpr std::size_t kMaxRecencyDays = 20000;

/// `query` blended with recency (OP_AND_MAYBE with a ValueMapPostingSource), or
/// `query` unchanged when the index holds no dated documents.
[[nodiscard]] Xapian::Query blend_recency_portable(const Xapian::Database& db,
                                                   const Xapian::Query& query,
                                                   double half_life_days, double best_score);

}  // namespace dateline::detail
