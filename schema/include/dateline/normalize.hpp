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

/// The text the index's words are made from, on both sides: normalize_text()'s output
/// (valid UTF-8) with
///  - the diacritics of Latin and Greek letters removed (Erdoğan → Erdogan, naïve →
///    naive, Müller → Muller, ı → i, ø → o, ł → l; see fold_diacritic()), and
///  - a possessive 's at the end of a word dropped (Zelenskyy's → Zelenskyy), so a name
///    matches its possessive in words, phrases and NEAR alike.
/// Case is left alone: the term generator lower-cases. The indexer feeds this text (not
/// the stored one) to the term generator; the searcher parses the query through it; the
/// snippet generator compares words folded by fold_diacritic() and possessive_length().
/// Returns `normalized` unchanged (one copy) when there is nothing to fold.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string term_text(std::string_view normalized);

/// term_text() without the possessive rule: diacritics only (for keys such as sources).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string fold_diacritics(std::string_view normalized);

/// One letter's diacritic fold: the base letter of a Latin or Greek letter with
/// diacritics (its canonical decomposition's first code point, or a letter from a short
/// table for those without one: ı ø ł đ ħ), 0 for a combining diacritical mark
/// (U+0300–U+036F, dropped), else `cp` itself. Cyrillic letters are left alone (й is not
/// и). Case is kept (Ö → O).
[[nodiscard]] DATELINE_SCHEMA_EXPORT char32_t fold_diacritic(char32_t cp) noexcept;

/// The length of the possessive ending ("'s" or "'S") that term_text() drops from the
/// word `word` (a whole word as the term generator splits it, apostrophes ASCII), or 0.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::size_t possessive_length(std::string_view word) noexcept;

}  // namespace dateline
