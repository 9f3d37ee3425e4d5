/// @file
/// Finds the dateline of a news text: a full date on one of its first lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <dateline/calendar_date.hpp>

namespace dateline::detail {

/// Only this many non-blank leading lines are searched.
inline constexpr std::size_t kDatelineMaxLines = 6;
/// A dateline is a short line; dates inside longer (running-text) lines are ignored.
inline constexpr std::size_t kDatelineMaxBytes = 100;
/// "Washington, " — the place before a date: at most this long, ending in a comma.
inline constexpr std::size_t kPlacePrefixMaxBytes = 40;
inline constexpr std::size_t kPlacePrefixMaxWords = 4;

/// If `line` is a dateline, its date: a line of at most kDatelineMaxBytes (trimmed) in
/// which find_date_in_line() finds a full date that starts the line or follows a short
/// place prefix ending in a comma ("Washington, July 4, 2025 —").
[[nodiscard]] std::optional<CalendarDate> dateline_date(std::string_view line);

/// The first dateline among the first kDatelineMaxLines non-blank lines of `body`.
/// Never uses partial dates ("July 4") or weekday names ("Thursday").
[[nodiscard]] std::optional<CalendarDate> find_dateline(std::string_view body);

/// Web pages run the dateline into the first paragraph ("MILLBROOK, Oct. 14, 2003 -
/// Workers at…"): dateline_date() of the first non-blank line's lead, the text before
/// its first " - " (normalized text has ASCII dashes).
[[nodiscard]] std::optional<CalendarDate> find_lead_dateline(std::string_view body);

}  // namespace dateline::detail
