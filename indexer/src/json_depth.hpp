/// @file
/// The nesting bound (schema/input_limits.hpp) applied to JSON text before it is parsed:
/// nlohmann's parser is iterative, but copying, serializing and comparing the value it
/// builds recurse once per level, so a deep enough line would overflow the stack.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace dateline::detail {

/// The byte offset of the first '[' or '{' that opens level max_depth + 1 (brackets
/// inside strings do not count), or nullopt when `json` nests at most max_depth deep.
[[nodiscard]] std::optional<std::size_t> json_too_deep_at(std::string_view json,
                                                          std::size_t max_depth);

}  // namespace dateline::detail
