/// @file
/// The header block at the top of a text document: `key: value` / `key value` lines
/// for date (or published), source, title, url and author; `updated` is recognised and
/// left out (a revision date is never the report's date).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/calendar_date.hpp>

namespace dateline::detail {

struct HeaderBlock {
    std::optional<CalendarDate> date;  ///< a header date that parsed
    std::optional<std::string> source;
    std::optional<std::string> title;
    std::optional<std::string> url;
    std::optional<std::string> author;
    std::vector<std::string> warnings;  ///< "bad_date: <raw>"
    std::string_view body;              ///< the text after the header block (a view into the input)
};

/// Parses the header block of `text` (already normalized). Rules (first occurrence of a
/// key wins; the block ends at the first blank or non-header line):
///  - leading blank lines and leading whitespace are skipped;
///  - `key: value` with a case-insensitive key takes the rest of the line;
///  - `published` is another name for `date` (whichever comes first wins); `updated` is
///    read and dropped, so that a revision date never becomes the report's date;
///  - `key value` with an exactly lower-case key: for `date`, `published`, `updated` and
///    `url` the value is one token (a date token must contain a digit, a url token must
///    start with http(s)://)
///    and the rest of the line, if any, is the first line of the body; for source,
///    title and author the value is the rest of the line;
///  - a date value that does not parse is a warning `bad_date: <raw>`, not an error.
[[nodiscard]] HeaderBlock parse_header_block(std::string_view text);

}  // namespace dateline::detail
