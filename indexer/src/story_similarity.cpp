#include "story_similarity.hpp"

#include <algorithm>
#include <cstdlib>

namespace dateline::detail {

double topic_cosine(const StorySignature& a, const StorySignature& b) {
    double dot = 0;
    auto i = a.terms.begin();
    auto j = b.terms.begin();
    while (i != a.terms.end() && j != b.terms.end()) {
        if (i->first < j->first) {
            ++i;
        } else if (j->first < i->first) {
            ++j;
        } else {
            dot += static_cast<double>(i->second) * static_cast<double>(j->second);
            ++i;
            ++j;
        }
    }
    return dot / (65535.0 * 65535.0);
}

PairSimilarity compare_signatures(const StorySignature& a, const StorySignature& b,
                                  const StoryThresholds& thresholds) {
    PairSimilarity s;
    s.both_dated = a.day && b.day;
    s.in_window = !s.both_dated || std::abs(*a.day - *b.day) <= thresholds.window_days;
    if (a.shingles > 0 && b.shingles > 0) {
        std::size_t equal = 0;
        for (std::size_t i = 0; i < StorySignature::kMinHashes; ++i) {
            if (a.minhash[i] == b.minhash[i]) ++equal;
        }
        s.jaccard = static_cast<double>(equal) / StorySignature::kMinHashes;
        // |A∩B| = J(|A|+|B|)/(1+J), from J = |A∩B| / (|A|+|B|-|A∩B|).
        const double shared = s.jaccard * (a.shingles + b.shingles) / (1.0 + s.jaccard);
        s.containment = std::min(1.0, shared / std::min(a.shingles, b.shingles));
    }
    s.cosine = topic_cosine(a, b);
    return s;
}

bool is_copy(const PairSimilarity& s, const StorySignature& a, const StorySignature& b,
             const StoryThresholds& thresholds) {
    if (s.jaccard >= thresholds.near_copy_jaccard) return true;
    return std::min(a.shingles, b.shingles) >= thresholds.min_containment_shingles &&
           s.jaccard >= thresholds.min_copy_jaccard && s.containment >= thresholds.copy_containment;
}

bool same_story(const PairSimilarity& s, const StorySignature& a, const StorySignature& b,
                const StoryThresholds& thresholds) {
    if (!s.in_window) return false;
    if (is_copy(s, a, b, thresholds)) return true;
    return s.cosine >= topic_threshold(s, thresholds);
}

double topic_threshold(const PairSimilarity& s, const StoryThresholds& thresholds) {
    return s.both_dated ? thresholds.topic_cosine : thresholds.undated_topic_cosine;
}

}  // namespace dateline::detail
