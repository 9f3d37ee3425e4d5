/// @file
/// The index schema: the one table of fields, term prefixes and value slots that
/// the indexer writes and the searcher reads.
///
/// Both sides include this header and nothing of each other. Changing any prefix,
/// slot, weight or the stored-data layout changes what an index means on disk:
/// bump kSchemaVersion, and the searcher will refuse older indexes with a message
/// saying to rebuild. Term prefixes follow Xapian/Omega conventions where one
/// exists (Q, S, A, H, D, M, Y), otherwise an X-prefix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <dateline/schema_export.hpp>

namespace dateline::schema {

/// Version of the on-disk layout described by this header.
/// 4: story id and signature slots, the story: prefix; terms from term_text() (diacritics
/// folded, possessive 's dropped).
/// 5: repeated sentences indexed once (stored: duplicate_sentences_removed); sources renamed
/// by the sources.tsv alias table (stored: source_as_found; an XSRC term per spelling).
/// 6: H and XCITE terms for the host and each parent domain down to its registrable domain
/// (host_names.hpp); site, author and cited-domain slots for facets.
/// Not a layout change, so still 6: derived titles (first_sentence()) end where
/// sentence_rules.hpp ends a sentence ("no." with its closing quote, "3.5." is an end); a
/// document indexed before keeps its stored title until it is indexed again.
inline constexpr std::uint32_t kSchemaVersion = 6;

/// Xapian user-metadata keys written by index-build.
namespace metadata {
inline constexpr std::string_view kSchemaVersion = "dateline.schema_version";
inline constexpr std::string_view kGeneration = "dateline.generation";
inline constexpr std::string_view kBuildReport = "dateline.build_report";  ///< JSON totals
inline constexpr std::string_view kBuiltAt = "dateline.built_at";          ///< ISO 8601 UTC
}  // namespace metadata

/// Term prefixes.
namespace prefix {
inline constexpr std::string_view kId = "Q";      ///< unique id (boolean), one per document
inline constexpr std::string_view kTitle = "S";   ///< title words (positional, stemmed)
inline constexpr std::string_view kAuthor = "A";  ///< author words
/// host of the document's own URL and each parent domain down to the registrable domain
/// (boolean; schema::normalize_host() form)
inline constexpr std::string_view kUrlHost = "H";
inline constexpr std::string_view kDay = "D";        ///< YYYYMMDD (boolean)
inline constexpr std::string_view kMonth = "M";      ///< YYYYMM (boolean)
inline constexpr std::string_view kYear = "Y";       ///< YYYY (boolean)
inline constexpr std::string_view kSource = "XSRC";  ///< source key, see source_key() (boolean)
/// host of a URL cited in the text, and its parent domains, as kUrlHost
inline constexpr std::string_view kCitedHost = "XCITE";
inline constexpr std::string_view kDateSource = "XDSRC";  ///< how the date was found (boolean)
inline constexpr std::string_view kStory = "XSTORY";      ///< story id, see slot::kStory (boolean)
}  // namespace prefix

/// Value slots. Dates are zero-padded strings so they sort and range-compare as bytes.
namespace slot {
inline constexpr unsigned kDate = 0;         ///< "YYYYMMDD"; absent when undated
inline constexpr unsigned kSource = 1;       ///< source display name (facet counts)
inline constexpr unsigned kContentHash = 2;  ///< 16 hex digits; incremental change detection
inline constexpr unsigned kId = 3;           ///< unique id (same as the Q term, unhashed)
inline constexpr unsigned kOriginPath = 4;   ///< absolute path of the input file
inline constexpr unsigned kDayNumber = 5;    ///< sortable_serialise(days since 1970-01-01)
/// What a hit shows (id, path, url, title or derived title, date, date source, source):
/// DisplayFields::encode() (display_fields.hpp), so a page without snippets never reads
/// the document data. Present in every document (since schema version 3).
inline constexpr unsigned kDisplay = 6;
/// Story id (kStoryIdLength hex digits, since schema version 4): reports of one story share
/// it. The searcher's collapse key; the same value as the document's XSTORY term.
inline constexpr unsigned kStory = 7;
/// The indexer's story signature (shingle MinHash, top terms, day), so that an incremental
/// build compares new reports with old ones without re-reading their text. Format private to
/// the indexer (docs/STORIES.md); the searcher never reads it.
inline constexpr unsigned kStorySignature = 8;
/// Registrable domain of the document's own URL ("reuters.com" for www.reuters.com/…), the
/// site facet; absent without a URL (since schema version 6).
inline constexpr unsigned kSite = 9;
/// The author as extracted (one value, however many names it holds), the author facet;
/// absent when unknown.
inline constexpr unsigned kAuthor = 10;
/// Registrable domains of the URLs cited in the text, schema::join_domains(): the cites
/// facet; absent when the text cites none.
inline constexpr unsigned kCitedDomains = 11;
}  // namespace slot

/// Length of a story id: lower-case hex digits.
inline constexpr std::size_t kStoryIdLength = 16;

/// Whether `id` has the form of a story id (kStoryIdLength lower-case hex digits).
[[nodiscard]] constexpr bool is_story_id(std::string_view id) noexcept {
    if (id.size() != kStoryIdLength) return false;
    for (const char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

/// Query-side field names (QueryParser prefixes) and index-side weights.
enum class FieldKind : std::uint8_t {
    kFreeText,  ///< positional, stemmed, searched by `name:` and (for body/title) unprefixed
    kBoolean,   ///< exact filter term; never affects the score
    kDate,      ///< handled by the date filter processor
};

struct FieldSpec {
    std::string_view name;    ///< as typed in queries: `title:`, `source:`, …
    std::string_view prefix;  ///< Xapian term prefix ("" = unprefixed body text)
    FieldKind kind;
    unsigned wdf_inc;  ///< within-document frequency per occurrence at index time
};

/// The one table of query fields. Body text is unprefixed so it feeds the spelling
/// table (Xapian only learns spellings from unprefixed terms). Title words are
/// indexed twice: under S (for `title:`) and unprefixed with kTitleWeight, which is
/// how the title outranks the body in BM25 without a second query.
inline constexpr unsigned kBodyWeight = 1;
inline constexpr unsigned kTitleWeight = 3;

inline constexpr FieldSpec kFields[] = {
    {"title", prefix::kTitle, FieldKind::kFreeText, kTitleWeight},
    {"author", prefix::kAuthor, FieldKind::kFreeText, 1},
    {"source", prefix::kSource, FieldKind::kBoolean, 0},
    {"site", prefix::kUrlHost, FieldKind::kBoolean, 0},
    {"cites", prefix::kCitedHost, FieldKind::kBoolean, 0},
    {"datefrom", prefix::kDateSource, FieldKind::kBoolean, 0},
    {"story", prefix::kStory, FieldKind::kBoolean, 0},
    {"date", prefix::kDay, FieldKind::kDate, 0},
};

/// The term value a boolean field's typed value stands for, normalized as the indexer
/// normalizes what it indexes: source_key() for `source:`, normalize_host() for `site:` and
/// `cites:` (host_names.hpp; a value that is no host is case-folded and matches nothing),
/// fold_case() otherwise.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string filter_key(std::string_view prefix,
                                                            std::string_view value);

/// Looks a query field up by name (exact, lower-case); nullptr if unknown.
[[nodiscard]] DATELINE_SCHEMA_EXPORT const FieldSpec* find_field(std::string_view name) noexcept;

/// Xapian refuses terms over 245 bytes; anything we construct longer than this is hashed.
inline constexpr std::size_t kMaxTermBytes = 240;

/// Words longer than this are not indexed (Xapian's TermGenerator default, kept explicit).
inline constexpr unsigned kMaxWordBytes = 64;

/// Language for stemming on both sides.
inline constexpr std::string_view kStemLanguage = "english";

/// Provenance of a document's date, stored as-is in the data and the XDSRC term. The
/// display slot stores the number, so new values are only ever appended.
enum class DateSource : std::uint8_t {
    kHeader,
    kJson,
    kManifest,
    kDateline,
    kNone,
    kJsonLd,     ///< a web page's JSON-LD datePublished ("jsonld")
    kOpenGraph,  ///< <meta property="article:published_time"> ("og")
    kTime,       ///< <time datetime> inside the article ("time")
    kMeta,       ///< a common <meta name> for the publication date ("meta")
    kFeed,       ///< an RSS pubDate / Atom published or updated ("feed")
};
/// One past the largest DateSource value.
inline constexpr unsigned kDateSourceCount = 10;
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string_view to_string(DateSource s) noexcept;
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<DateSource> parse_date_source(
    std::string_view s) noexcept;

/// Builds `prefix + value`, hashing values that would push the term past kMaxTermBytes
/// (Omega's hash_long_term scheme: keep a readable head, append a hash of the rest).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string make_term(std::string_view prefix,
                                                           std::string_view value);

/// The source's filter key: normalized (see normalize.hpp), case-folded, diacritics
/// folded, inner whitespace collapsed. "The  Moscow Times" and "the moscow times" share
/// one key, as do "Süddeutsche" and "Suddeutsche".
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string source_key(std::string_view display_name);

/// Source name for documents whose outlet is not known. Never guessed.
inline constexpr std::string_view kUnknownSource = "unknown";

}  // namespace dateline::schema
