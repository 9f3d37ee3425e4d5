/// @file
/// What each document stores for display (Xapian document data), and its encoding.
///
/// The indexer fills a StoredDocument and stores encode()'s output as the Xapian
/// document data; the searcher decodes it to build hits and snippets. The encoding,
/// versioned by kSchemaVersion, is one line of flat JSON (every field but the body and
/// the extras, plus "text_bytes"), one line holding the extras as a JSON object (empty
/// when none), then the body as raw UTF-8: decoding a hit lexes a few hundred bytes of
/// JSON instead of lexing and unescaping the whole body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/schema.hpp>
#include <dateline/schema_export.hpp>

namespace dateline {

/// How a document's title was obtained.
enum class TitleSource : std::uint8_t {
    kHeader,     ///< a `title:` header line
    kJson,       ///< the JSONL `title` field
    kManifest,   ///< the sidecar manifest
    kText,       ///< a leading line that is clearly a title
    kNone,       ///< none; the searcher shows the first sentence, flagged as derived
    kOpenGraph,  ///< a web page's og:title ("og")
    kJsonLd,     ///< a web page's JSON-LD headline ("jsonld")
    kH1,         ///< the article's <h1> ("h1")
    kHtmlTitle,  ///< <title>, without the site name ("title")
    kFeed,       ///< an RSS/Atom item's title ("feed")
};
/// One past the largest TitleSource value.
inline constexpr unsigned kTitleSourceCount = 10;
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string_view to_string(TitleSource s) noexcept;

/// How a document's source (outlet/feed) was obtained.
enum class SourceOrigin : std::uint8_t {
    kHeader,
    kJson,
    kManifest,
    kFolder,
    kNone,
    kOpenGraph,  ///< og:site_name ("og")
    kJsonLd,     ///< JSON-LD publisher.name ("jsonld")
    kFeed,       ///< the feed's channel title ("feed")
};
/// One past the largest SourceOrigin value.
inline constexpr unsigned kSourceOriginCount = 8;
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string_view to_string(SourceOrigin s) noexcept;

/// Where a document's url or author came from.
enum class FieldOrigin : std::uint8_t {
    kHeader,     ///< a header line ("header")
    kJson,       ///< the JSONL field ("json")
    kManifest,   ///< the sidecar manifest ("manifest")
    kNone,       ///< absent ("none")
    kOpenGraph,  ///< og:url, article:author ("og")
    kJsonLd,     ///< JSON-LD url / mainEntityOfPage / author ("jsonld")
    kCanonical,  ///< <link rel="canonical"> ("canonical")
    kMeta,       ///< <meta name="author"> or dc.creator ("meta")
    kWarc,       ///< the WARC-Target-URI ("warc")
    kFeed,       ///< the feed item's link or author ("feed")
};
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string_view to_string(FieldOrigin s) noexcept;

struct StoredDocument {
    std::string id;                   ///< unique id ("path/relative/to/root.txt" or JSONL id)
    std::optional<std::string> path;  ///< path relative to its data root; none for stdin
    std::optional<std::string> url;
    FieldOrigin url_origin = FieldOrigin::kNone;
    std::optional<std::string> title;
    TitleSource title_source = TitleSource::kNone;
    std::optional<std::string> date;  ///< "YYYY-MM-DD"; none when undated
    schema::DateSource date_source = schema::DateSource::kNone;
    std::string source{schema::kUnknownSource};  ///< display name
    SourceOrigin source_origin = SourceOrigin::kNone;
    /// The spelling found (at source_origin) when the sources.tsv alias table renamed it
    /// to `source`; none when the source is as found.
    std::optional<std::string> source_as_found;
    std::optional<std::string> author;
    FieldOrigin author_origin = FieldOrigin::kNone;
    std::vector<std::string> cited_hosts;
    std::uint32_t duplicate_lines_removed = 0;      ///< exact repeated lines indexed once
    std::uint32_t duplicate_sentences_removed = 0;  ///< repeated sentences indexed once
    std::vector<std::string> warnings;              ///< e.g. "invalid_utf8: 3 sequences replaced"
    std::string text;        ///< normalized body, as indexed; snippets are cut from it
    std::string extra_json;  ///< other JSONL fields, as a JSON object text ("" if none)

    /// The document data stored in Xapian (header line, extras line, raw body).
    [[nodiscard]] DATELINE_SCHEMA_EXPORT std::string encode() const;
    /// Inverse of encode(). Throws IndexCorruptError if `data` is not a stored document.
    [[nodiscard]] DATELINE_SCHEMA_EXPORT static StoredDocument decode(std::string_view data);
};

}  // namespace dateline
