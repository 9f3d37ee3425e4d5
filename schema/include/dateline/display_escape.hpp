/// @file
/// The one rule for echoing untrusted text (paths, ids, queries, fields of documents) in
/// a human-readable line of either CLI: control characters are escaped, so that a file
/// named "x\nindex-build: rejected: …" cannot print a line of its own choosing, and an
/// ESC in a title cannot drive the terminal. JSON output needs none of this (JSON
/// escapes control characters itself).
#pragma once

#include <string>
#include <string_view>

#include <dateline/schema_export.hpp>

namespace dateline {

/// `text` with every C0 control character and DEL escaped (\n, \r, \t, \xHH), and every
/// C1 control, line/paragraph separator and bidirectional override or isolate written as
/// \uXXXX. Everything else, invalid UTF-8 included, is copied unchanged.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string escape_for_display(std::string_view text);

}  // namespace dateline
