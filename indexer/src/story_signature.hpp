/// @file
/// What the story grouping knows of one report: a MinHash sketch of its word shingles (for
/// copies, trimmed and cut versions) and its most weighted content words (for rewrites and
/// other reports of the same event), plus its day. Stored in slot::kStorySignature so that
/// an incremental build never re-reads old reports' text. See docs/STORIES.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/container/static_vector.hpp>

namespace dateline::detail {

struct StorySignature {
    /// MinHash values kept per report; StoryIndex bands them for candidate lookup.
    static constexpr std::size_t kMinHashes = 32;
    /// Content words kept per report (the highest weights).
    static constexpr std::size_t kTopTerms = 32;
    /// Words per shingle.
    static constexpr std::size_t kShingleWords = 4;

    /// Minimum of each hash function over the shingles; all 0xffffffff when there are none.
    std::array<std::uint32_t, kMinHashes> minhash{};
    std::uint32_t shingles = 0;  ///< distinct shingles (0: no words at all)
    /// (word hash, weight) sorted by hash; weights 1 + ln(tf), L2-normalized over the kept
    /// words, quantized to 1/65535. In place, not on the heap: a build keeps every report's
    /// signature, and small blocks that live as long as the build, scattered among the
    /// documents' short-lived ones, had made malloc the placing thread's largest cost.
    boost::container::static_vector<std::pair<std::uint32_t, std::uint16_t>, kTopTerms> terms;
    std::optional<std::int32_t> day;  ///< days since 1970-01-01; none when undated

    [[nodiscard]] std::string encode() const;
    /// nullopt if `in` is not an encoded signature (an old or damaged value).
    [[nodiscard]] static std::optional<StorySignature> decode(std::string_view in);
};

/// splitmix64's finalizer: the one 64-bit mixer of the story code (MinHash functions,
/// shingle and band keys).
[[nodiscard]] std::uint64_t story_mix(std::uint64_t x) noexcept;

/// The signature of a report. Shingles come from the body (`text`), or from the title and
/// the body when the body has fewer than kShingleWords words; content words from both, the
/// title's counted twice.
[[nodiscard]] StorySignature make_story_signature(std::string_view title, std::string_view text,
                                                  std::optional<std::int32_t> day);

}  // namespace dateline::detail
