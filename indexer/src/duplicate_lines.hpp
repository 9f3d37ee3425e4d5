/// @file
/// Drops exact repeats of lines inside one document, so that repeated headlines and
/// paragraphs are indexed (and shown in snippets) once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::detail {

/// Lines shorter than this (in words) are never treated as duplicates: short lines such
/// as "Reuters" or "Related:" legitimately repeat.
inline constexpr std::size_t kDuplicateMinWords = 3;

struct DeduplicatedText {
    std::string text;
    std::uint32_t removed = 0;
};

/// Removes every line whose whitespace-trimmed content equals that of an earlier line and
/// has at least kDuplicateMinWords words, and every line equal to `seen_first` (a title
/// taken from the text, already removed from it), whatever its length.
[[nodiscard]] DeduplicatedText remove_duplicate_lines(
    std::string_view text, std::optional<std::string_view> seen_first = std::nullopt);

}  // namespace dateline::detail
