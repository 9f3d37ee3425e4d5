/// @file
/// Recognizes a leading line of a text that is clearly its title.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::detail {

inline constexpr std::size_t kTitleMaxBytes = 200;
inline constexpr std::size_t kTitleMaxWords = 25;

struct TextTitle {
    std::string title;       ///< the line, trimmed
    std::size_t line_index;  ///< index of the line in split_lines(body)
};

/// The first non-blank line of `body` if it is clearly a title: at most kTitleMaxBytes
/// and kTitleMaxWords, not ending in '.', ',' or ';', not a dateline, and followed by a
/// blank line or repeated (trimmed, exactly) later in the text. Otherwise nullopt.
[[nodiscard]] std::optional<TextTitle> detect_title(std::string_view body);

}  // namespace dateline::detail
