/// @file
/// HTML text escaping: every piece of text the page shows goes through escape().
#pragma once

#include <string>
#include <string_view>

namespace dateline::serve {

/// `text` safe inside HTML element content and double- or single-quoted attributes.
[[nodiscard]] std::string escape(std::string_view text);

/// Appends escape(text) to `out`.
void append_escaped(std::string& out, std::string_view text);

}  // namespace dateline::serve
