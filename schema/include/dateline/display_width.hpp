/// @file
/// How many terminal columns text takes, so that a line printed under it (a caret under a
/// query's error position) lines up: East Asian wide and fullwidth characters take two,
/// combining marks and other zero-width characters none, everything else one (the
/// convention of wcwidth(3), from ICU's Unicode data rather than the C library's locale).
#pragma once

#include <cstddef>
#include <string_view>

#include <dateline/schema_export.hpp>

namespace dateline {

/// The columns `text` (UTF-8) takes on a terminal. An invalid byte counts as one column
/// (a terminal shows it as one replacement character). Thread-safe.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::size_t display_columns(std::string_view text);

}  // namespace dateline
