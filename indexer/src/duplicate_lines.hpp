/// @file
/// Drops repeats inside one document, so that repeated headlines, paragraphs and sentences
/// are indexed (and shown in snippets) once: a sentence said three times would otherwise
/// count three times in BM25.
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

/// Sentences shorter than this (in words) are never treated as duplicates: "He said no."
/// legitimately repeats in quotes and transcripts.
inline constexpr std::size_t kDuplicateSentenceMinWords = 5;

struct DeduplicatedText {
    std::string text;
    std::uint32_t removed = 0;
};

/// Removes every line whose whitespace-trimmed content equals that of an earlier line and
/// has at least kDuplicateMinWords words, and every line equal to `seen_first` (a title
/// taken from the text, already removed from it), whatever its length.
[[nodiscard]] DeduplicatedText remove_duplicate_lines(
    std::string_view text, std::optional<std::string_view> seen_first = std::nullopt);

/// Removes every sentence (sentence_rules.hpp: ended by . ! ? not after an abbreviation,
/// or by a blank line) whose words, as the term generator reads them, equal those of an
/// earlier sentence, if it has at least kDuplicateSentenceMinWords words. The sentence
/// goes with the spaces after it; a line break after it stays. Whitespace, case and hard
/// line wraps do not make two sentences differ.
[[nodiscard]] DeduplicatedText remove_duplicate_sentences(std::string_view text);

}  // namespace dateline::detail
