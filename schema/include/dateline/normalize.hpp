/// @file
/// The one text normalization shared by indexing, querying and snippets.
///
/// What is indexed, what is queried and what is highlighted must agree, so the
/// indexer normalizes document text, the searcher normalizes query text, and the
/// stored text that snippets are cut from is the normalized text itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <dateline/schema_export.hpp>

namespace dateline {

/// Result of repairing possibly-invalid UTF-8.
struct Utf8Repair {
    std::string text;                  ///< valid UTF-8
    std::size_t replaced_sequences{};  ///< invalid sequences replaced by U+FFFD
};

/// Returns `bytes` as valid UTF-8, replacing each invalid sequence with U+FFFD.
/// A leading UTF-8 byte-order mark is removed. Never throws on bad input.
[[nodiscard]] DATELINE_SCHEMA_EXPORT Utf8Repair repair_utf8(std::string_view bytes);

/// Normalizes text for indexing, querying and display. Input must be valid UTF-8
/// (see repair_utf8); output is valid UTF-8 and:
///  - is in Unicode NFKC (compatibility forms: ligatures, full-width letters, NBSP);
///  - maps curly quotes and apostrophes to ' and ", and the Unicode dashes
///    (hyphen, en/em dash, minus, …) to '-';
///  - removes default-ignorable code points (zero-width spaces, soft hyphens, BOM)
///    and control characters other than '\n' and '\t'; turns "\r\n" and '\r' into '\n';
///  - case-folds exactly the characters whose Unicode case folding differs from
///    Xapian's per-character lower-casing (ß → ss, ς → σ, …). Every other letter keeps
///    its case, so displayed snippets stay readable, while Xapian's own lower-casing
///    then yields the fully case-folded term.
/// Idempotent: normalize_text(normalize_text(s)) == normalize_text(s).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string normalize_text(std::string_view utf8);

/// normalize_text() followed by full lower-casing; for keys compared without case
/// (source names, header keys, duplicate-line detection).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string fold_case(std::string_view utf8);

}  // namespace dateline
