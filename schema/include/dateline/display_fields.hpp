/// @file
/// What a search hit shows without its body, kept in value slot schema::slot::kDisplay.
///
/// The indexer derives a DisplayFields from each document's stored data and writes
/// encode()'s output into the slot; the searcher decodes the slot to fill a hit, so a
/// results page without snippets never reads (and decompresses) the document data, whose
/// bulk is the body. The encoding is binary and versioned by schema::kSchemaVersion.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/schema.hpp>
#include <dateline/schema_export.hpp>
#include <dateline/stored_document.hpp>

namespace dateline {

/// A hit's display fields. A plain value type; encode()/decode() are pure functions,
/// safe to call from any thread.
struct DisplayFields {
    std::string id;                   ///< unique id, as StoredDocument::id
    std::optional<std::string> path;  ///< path relative to its data root; none for stdin
    std::optional<std::string> url;
    std::optional<std::string> title;  ///< the title, or the first sentence when derived
    bool title_derived = false;        ///< true when `title` is the body's first sentence
    std::optional<std::string> date;   ///< "YYYY-MM-DD"; none when undated
    schema::DateSource date_source = schema::DateSource::kNone;
    TitleSource title_source = TitleSource::kNone;  ///< how the title was found
    std::string source{schema::kUnknownSource};     ///< display name
    SourceOrigin source_origin = SourceOrigin::kNone;
    std::optional<std::string> source_as_found;  ///< the spelling sources.tsv renamed
    std::optional<std::string> author;
    std::vector<std::string> cited_hosts;  ///< hosts of URLs the text cites

    /// The fields a hit shows for `stored`: its own title when it has a non-empty one,
    /// else the first sentence of its body (first_sentence()), flagged as derived.
    [[nodiscard]] DATELINE_SCHEMA_EXPORT static DisplayFields of(const StoredDocument& stored);

    /// The value stored in slot schema::slot::kDisplay (length-prefixed, byte-exact).
    [[nodiscard]] DATELINE_SCHEMA_EXPORT std::string encode() const;
    /// Inverse of encode(). Throws IndexCorruptError if `value` is not an encoded
    /// DisplayFields (an empty slot included).
    [[nodiscard]] DATELINE_SCHEMA_EXPORT static DisplayFields decode(std::string_view value);

    friend bool operator==(const DisplayFields&, const DisplayFields&) = default;
};

/// The first sentence of `text` (leading blanks skipped; ends at a blank line or where the
/// sentence rule of the snippets and the repeated-sentence filter ends one: '.', '!' or '?'
/// with closing quotes or brackets, followed by a blank or the end, a '.' after an
/// abbreviation-like word excepted; a single line break is a hard wrap, joined with a
/// space), for
/// documents without a title. Longer than `max_bytes`, it is cut at a UTF-8 boundary
/// (preferably a space in the second half) and "…" appended. Empty if `text` is blank.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string first_sentence(std::string_view text,
                                                                std::size_t max_bytes = 120);

}  // namespace dateline
