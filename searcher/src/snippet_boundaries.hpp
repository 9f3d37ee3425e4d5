/// @file
/// Where a snippet may start and end: sentence ends (the schema's sentence_rules.hpp),
/// paragraph breaks, quotes and brackets that belong to the word beside them, whole UTF-8
/// characters.
#pragma once

#include <cstddef>
#include <string_view>

#include <dateline/sentence_rules.hpp>

namespace dateline::detail {

using sentences::ends_sentence;
using sentences::has_blank_line;
using sentences::is_closing;
using sentences::is_space;
using sentences::looks_abbreviated;
using sentences::sentence_end_length;

/// An opening quote, bracket or sign ($, #, @), which stays with the word after it.
[[nodiscard]] bool is_opening(char c);

/// The largest n' <= n that does not cut a UTF-8 character of `s`.
[[nodiscard]] std::size_t utf8_floor(std::string_view s, std::size_t n);

}  // namespace dateline::detail
