/// @file
/// The one bound on input-driven nesting: HTML element depth, JSON-LD (and JSON)
/// nesting, XML element depth. Readers stop descending at this depth, so hostile input
/// cannot exhaust the stack however it nests.
#pragma once

#include <cstddef>
#include <string_view>

namespace dateline::detail {

/// Deeper than any real page, feed or record (browsers' own limits are in the
/// hundreds); shallow enough that a recursive walk to it costs a few hundred KB of stack.
inline constexpr std::size_t kMaxInputNestingDepth = 256;

/// True if the JSON text opens more than `max_depth` arrays/objects inside each other
/// (counted outside strings; the text need not be valid JSON). A byte scan, so it can
/// run before a parser builds anything.
[[nodiscard]] bool json_nesting_exceeds(std::string_view json,
                                        std::size_t max_depth = kMaxInputNestingDepth) noexcept;

}  // namespace dateline::detail
