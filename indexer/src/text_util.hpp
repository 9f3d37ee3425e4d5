/// @file
/// Small byte-level string helpers shared by the metadata extractors (ASCII whitespace only:
/// the text has been through normalize_text(), which maps Unicode spaces to ASCII ones).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

[[nodiscard]] bool is_space(char c) noexcept;
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;
[[nodiscard]] std::string_view trim_left(std::string_view s) noexcept;
[[nodiscard]] bool is_blank(std::string_view s) noexcept;
/// Whitespace-separated words.
[[nodiscard]] std::size_t count_words(std::string_view s) noexcept;
/// Splits on '\n'; the pieces exclude the newline. "a\n" gives {"a", ""}.
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);
/// Joins lines with '\n'.
[[nodiscard]] std::string join_lines(const std::vector<std::string_view>& lines);
/// ASCII lower-casing (for keys, schemes and host names).
[[nodiscard]] std::string ascii_lower(std::string_view s);
/// Collapses runs of whitespace into one space and trims.
[[nodiscard]] std::string collapse_spaces(std::string_view s);

}  // namespace dateline::detail
