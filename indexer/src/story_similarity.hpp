/// @file
/// When two reports belong to one story: the thresholds and the pair test. Measured, not
/// tuned by hand: docs/STORIES.md gives the distributions they were read from.
#pragma once

#include <cstdint>

#include "story_signature.hpp"

namespace dateline::detail {

/// The thresholds of the pair test (docs/STORIES.md, "Thresholds").
struct StoryThresholds {
    /// Dated reports more than this many days apart are never one story.
    std::int32_t window_days = 3;
    /// Estimated share of the smaller report's shingles found in the other: copies,
    /// trimmed copies and cut rewrites are far above it.
    double copy_containment = 0.5;
    /// Below this many shingles a containment estimate is noise: the pair must be a near
    /// copy (near_copy_jaccard) instead.
    std::uint32_t min_containment_shingles = 8;
    double near_copy_jaccard = 0.9;
    /// One or two equal MinHash values of 32 happen by chance (a shared stock sentence),
    /// and between a short and a long report one makes the containment estimate look
    /// high: a copy needs at least this Jaccard estimate too (4 of 32 values).
    double min_copy_jaccard = 0.125;
    /// Cosine of the top-term vectors: other reports of the same event and rewrites in
    /// other words, between dated reports inside the window.
    double topic_cosine = 0.30;
    /// The same when a report is undated: with no date to bound it, text alone must say
    /// more.
    double undated_topic_cosine = 0.45;
};

/// What the pair test looked at.
struct PairSimilarity {
    double jaccard = 0;      ///< MinHash estimate of the shingle Jaccard index
    double containment = 0;  ///< estimated share of the smaller shingle set in the other
    double cosine = 0;       ///< top-term cosine
    bool in_window = false;  ///< both undated, one undated, or dated within the window
    bool both_dated = false;
};

[[nodiscard]] PairSimilarity compare_signatures(const StorySignature& a, const StorySignature& b,
                                                const StoryThresholds& thresholds);

/// The copy test alone (shingles).
[[nodiscard]] bool is_copy(const PairSimilarity& s, const StorySignature& a,
                           const StorySignature& b, const StoryThresholds& thresholds);

/// The topic threshold for this pair (dated or not).
[[nodiscard]] double topic_threshold(const PairSimilarity& s, const StoryThresholds& thresholds);

/// The whole pair test: inside the window, a copy, or a topic match.
[[nodiscard]] bool same_story(const PairSimilarity& s, const StorySignature& a,
                              const StorySignature& b, const StoryThresholds& thresholds);

/// Top-term cosine of two signatures (terms sorted by hash).
[[nodiscard]] double topic_cosine(const StorySignature& a, const StorySignature& b);

}  // namespace dateline::detail
