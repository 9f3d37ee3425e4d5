/// @file
/// Calendar dates: validation, the ISO and slot forms, and finding dates in text.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <dateline/schema_export.hpp>

namespace dateline {

/// A proleptic Gregorian calendar date with no time of day and no time zone.
struct CalendarDate {
    int year{};        ///< 1..9999
    unsigned month{};  ///< 1..12
    unsigned day{};    ///< 1..days in month

    [[nodiscard]] DATELINE_SCHEMA_EXPORT static bool is_valid(int year, unsigned month,
                                                              unsigned day) noexcept;
    /// "2025-07-04"
    [[nodiscard]] DATELINE_SCHEMA_EXPORT std::string iso() const;
    /// "20250704": the value-slot and D-term form; sorts as bytes.
    [[nodiscard]] DATELINE_SCHEMA_EXPORT std::string compact() const;
    /// Days since 1970-01-01 (negative before).
    [[nodiscard]] DATELINE_SCHEMA_EXPORT std::int64_t days_since_epoch() const noexcept;

    // clang-tidy 14 sees the literal 0 of the comparison-category check it synthesizes.
    // NOLINTNEXTLINE(modernize-use-nullptr)
    auto operator<=>(const CalendarDate&) const = default;
};

/// Parses exactly "YYYY-MM-DD" (also "YYYYMMDD"); nullopt if malformed or impossible.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<CalendarDate> parse_iso_date(
    std::string_view text) noexcept;

/// Parses a compact slot value "YYYYMMDD"; nullopt if malformed.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<CalendarDate> parse_compact_date(
    std::string_view text) noexcept;

/// A date found inside running text, with where it was found.
struct FoundDate {
    CalendarDate date;
    std::size_t offset{};  ///< byte offset of the date's first character in the text
    std::size_t length{};  ///< bytes the date spans
};

/// Parses a whole string as one full date in any supported written form:
/// ISO 8601 ("2025-07-04", "2025-07-04T10:00:00Z"), "July 4, 2025", "Jul 4, 2025",
/// "4 July 2025", RFC 2822 ("Fri, 04 Jul 2025 10:00:00 +0000"). Month and weekday
/// names are parsed by ICU (English), not by hand-written tables. Impossible dates
/// ("February 30, 2025") and partial dates ("July 4", "July 2025") are rejected.
/// Surrounding whitespace is allowed; anything else left over is not.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<CalendarDate> parse_written_date(
    std::string_view text);

/// Finds the first full date at a word boundary in one line of text, in the same
/// forms as parse_written_date(). Used for datelines ("Washington, July 4, 2025 —").
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<FoundDate> find_date_in_line(
    std::string_view line);

}  // namespace dateline
