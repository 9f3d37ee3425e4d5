/// @file
/// The Dateline searcher: ranked phrase and boolean queries over an index built by
/// index-build, with date and source facets and query-biased snippets.
///
/// @code
///   dateline::Searcher searcher{"index"};
///   auto results = searcher.search({.query = "\"root causes\" Putin", .limit = 5});
///   for (const auto& hit : results.hits) std::cout << hit.rank << ' ' << hit.id << '\n';
/// @endcode
///
/// The query language is Xapian's (words, "phrases", AND OR NOT XOR, parentheses,
/// +must -exclude, NEAR/n ADJ/n, trailing * wildcards) with the fields title:, source:,
/// date:. See docs/QUERY_SYNTAX.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dateline/build_totals.hpp>
#include <dateline/errors.hpp>
#include <dateline/searcher_export.hpp>

namespace dateline {

enum class SortOrder : std::uint8_t {
    kRelevance,  ///< BM25 score (optionally blended with recency), best first
    kDateDesc,   ///< newest first; undated documents last; ties by relevance
    kDateAsc,    ///< oldest first; undated documents last; ties by relevance
};

enum class DateGranularity : std::uint8_t { kDay, kMonth, kYear };

/// What a facet counts over the whole match set (docs/JSON_OUTPUT.md, "facets").
enum class FacetField : std::uint8_t {
    kDate,    ///< the date, bucketed by SearchRequest::date_facet; "undated" for none
    kSource,  ///< the source (outlet or feed)
    kSite,    ///< registrable domain of the report's own URL ("reuters.com"); site:
    kCites,   ///< registrable domains of the URLs its text cites (once each); cites:
    kAuthor,  ///< the author, as extracted; reports without one are not counted
};

/// One facet to count, and how many of its values to return.
struct FacetRequest {
    FacetField field = FacetField::kSource;
    /// Values returned: the most frequent (dates: the first, chronologically); the rest
    /// are counted in Facet::more. 0 = all; unset: kDefaultFacetValues (dates: all).
    std::optional<std::size_t> max_values{};
};

inline constexpr std::size_t kDefaultFacetValues = 10;

/// "date", "source", "site", "cites", "author".
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string_view facet_field_name(FacetField field) noexcept;
/// The field of a name facet_field_name() gives; nullopt for any other.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::optional<FacetField> parse_facet_field(
    std::string_view name) noexcept;

enum class DefaultOperator : std::uint8_t {
    kAnd,  ///< every word must match (web-search habit); the default
    kOr,   ///< any word may match; more matching words rank higher
};

/// One search. A plain aggregate: fill it with designated initializers.
struct SearchRequest {
    std::string query;  ///< the user's query text (UTF-8)
    DefaultOperator default_operator = DefaultOperator::kAnd;

    // Filters, equivalent to source:/date: in the query text.
    std::optional<std::string> source{};  ///< exact source name (case-insensitive)
    std::optional<std::string> from{};    ///< inclusive lower bound: YYYY, YYYY-MM or YYYY-MM-DD
    std::optional<std::string> to{};      ///< inclusive upper bound: YYYY, YYYY-MM or YYYY-MM-DD

    /// More like this: rank reports by similarity to the report with this unique id (the
    /// best `like_terms` words of it, by Xapian's relevance feedback; the report itself is
    /// left out). The query text and filters, if any, still decide what may match.
    /// QueryError if no document has the id.
    std::optional<std::string> like{};
    std::size_t like_terms = 20;  ///< words taken from the report

    SortOrder sort = SortOrder::kRelevance;
    /// Blend recency into relevance: score = BM25 + B * 2^(-age / half_life), where age
    /// is in days before the newest dated document in the index and B is the query's best
    /// BM25 score; undated documents get no boost. Ignored unless sort is kRelevance;
    /// must be > 0 (QueryError otherwise).
    std::optional<double> recency_half_life_days{};

    std::size_t offset = 0;  ///< hits to skip (paging)
    std::size_t limit = 10;  ///< hits to return; at most SearcherOptions::max_page_size

    bool facets = true;  ///< compute facet counts over the whole match set
    /// The facets to count, in this order (a field named twice counts once, as first
    /// asked). Empty: date (every bucket) and source (max_source_facets values).
    std::vector<FacetRequest> facet_fields{};
    DateGranularity date_facet = DateGranularity::kMonth;
    std::size_t max_source_facets = 10;  ///< top sources by count when facet_fields is empty

    std::size_t snippet_bytes = 240;  ///< target snippet length; 0 = no snippets

    /// Group reports by story (docs/STORIES.md): one hit per story, its best report first,
    /// and totals count stories. false lists every report.
    bool collapse = true;
    /// Only this story's reports (a story id, as Hit::story::id), every one listed; the
    /// same as `story:ID` in the query.
    std::optional<std::string> story{};
};

/// A highlighted byte range inside Hit::snippet.
struct Highlight {
    std::size_t offset{};
    std::size_t length{};
};

/// The story a hit belongs to (docs/STORIES.md).
struct StoryInfo {
    std::string id;            ///< story id: reports of one story share it ("" if unknown)
    std::uint64_t reports{};   ///< reports the story has in the index
    std::uint64_t matching{};  ///< of those, how many matched the query (1 when not grouped)
    std::vector<std::string> other_sources;  ///< outlets of its other reports, first seen first
};

/// One ranked result. Owns its data; stays valid after the Searcher is gone.
struct Hit {
    std::size_t rank{};  ///< 1-based, across pages (offset + position + 1)
    std::string id;      ///< unique id: path relative to the data root, or the JSONL id
    std::optional<std::string> path;
    std::optional<std::string> url;
    std::optional<std::string> title;  ///< the title, or the first sentence if derived
    bool title_derived = false;        ///< true when `title` is the first sentence
    std::optional<std::string> date;   ///< "YYYY-MM-DD"; none when undated
    std::string date_source;           ///< "header", "json", "manifest", "dateline" or "none"
    std::string source;                ///< outlet or feed; "unknown" when not known
    /// How each was found (provenance): title_source "header", "json", "manifest", "text",
    /// "og", "jsonld", "h1", "title", "feed" or "none" (then `title` is derived);
    /// source_origin "header", "json", "manifest", "folder" (a folder name, not an outlet's),
    /// "og", "jsonld", "feed" or "none".
    std::string title_source;
    std::string source_origin;
    std::optional<std::string> source_as_found;  ///< the spelling sources.tsv renamed
    std::optional<std::string> author;
    std::vector<std::string> cited_hosts;  ///< hosts of URLs the text cites
    double score{};
    std::string snippet;                ///< plain text (normalized document text)
    std::vector<Highlight> highlights;  ///< matched terms and phrases inside `snippet`
    StoryInfo story;                    ///< its story; a grouped hit stands for all of it
};

struct FacetValue {
    std::string value;  ///< "2025-07" (month), "2025" (year), "2025-07-04" (day),
                        ///< "undated", a source, a domain or an author
    std::uint64_t count{};
};

/// One facet's counts over the whole match set.
struct Facet {
    FacetField field{};
    std::string name;                ///< facet_field_name(field)
    std::vector<FacetValue> values;  ///< by count, then value; dates chronologically
    std::uint64_t more{};            ///< distinct values left out (FacetRequest::max_values)
};

/// A shard that did not take part in a search (see SearcherOptions::allow_partial).
struct ShardFailure {
    std::string shard;  ///< as the stub lists it: "host:port", or a path relative to the index
    std::string error;  ///< why, e.g. "no answer within 10000 ms (…)", "Couldn't connect
                        ///< (Connection refused)"
};

struct SearchResults {
    std::string query;         ///< the query text as received
    std::string parsed_query;  ///< how it was read (engine's description)
    /// How it was read, in the user's terms: `"root causes" (phrase) AND putin (+ putin's,
    /// stems)`; empty for a query of filters given only as request fields.
    std::string read_as;
    /// What was read otherwise than it may look: a lower-case and/or/not taken as a word,
    /// a leading * ignored.
    std::vector<std::string> notices;
    std::optional<std::string> corrected_query;    ///< "did you mean", when words are unknown
    std::vector<std::string> synonyms_applied;     ///< e.g. "zelenskyy → zelensky"
    std::vector<std::string> wildcard_expansions;  ///< e.g. "putin* → putin, putin's"
    std::optional<std::string> like;               ///< SearchRequest::like, when set
    std::vector<std::string> like_terms;           ///< the words `like` searched for, best first

    /// Matching stories when `collapsed`, else matching documents (exact when total_exact).
    std::uint64_t total_estimated{};
    bool total_exact = false;
    bool collapsed = false;             ///< hits and totals are stories (one hit per story)
    std::uint64_t reports_estimated{};  ///< matching documents (reports) either way

    std::size_t offset{};
    std::size_t limit{};
    std::vector<Hit> hits;

    /// Facets always count matching reports (documents), grouped or not.
    /// Every facet counted, in the order requested (SearchRequest::facet_fields).
    std::vector<Facet> facets;
    std::vector<FacetValue> date_facets;    ///< the date facet's values, when counted
    std::vector<FacetValue> source_facets;  ///< the source facet's values, when counted
    bool facets_exact = true;

    std::uint64_t generation{};  ///< index generation every hit came from
    /// True when some shards were unavailable and the answer (hits, totals, facets)
    /// comes from the others only; only with SearcherOptions::allow_partial.
    bool partial = false;
    std::vector<ShardFailure> failed_shards;  ///< the shards missing from a partial answer
    double took_ms{};
};

/// The answer of Searcher::count().
struct CountResult {
    std::uint64_t matches{};  ///< exact number of matching documents (of the shards searched)
    /// True when some shards were unavailable and `matches` counts the others only; only
    /// with SearcherOptions::allow_partial.
    bool partial = false;
    std::vector<ShardFailure> failed_shards;  ///< the shards missing from a partial count
};

/// Summary of what an index holds and how it was built.
struct IndexStats {
    std::filesystem::path path;
    std::uint64_t documents{};
    std::uint64_t generation{};
    std::uint32_t schema_version{};
    std::string built_at;  ///< ISO 8601 UTC
    /// The totals the build recorded in its generation; nullopt when it recorded none (or
    /// not a readable record).
    std::optional<BuildTotals> build_report;
    /// The shards searched, as the stub lists them (one entry, the generation's
    /// directory, when the index is not sharded); see docs/SHARDING.md.
    std::vector<std::string> shards;
    std::vector<ShardFailure> failed_shards;  ///< unavailable now (only with allow_partial)
    std::uint64_t stories{};                  ///< distinct stories
    /// The largest stories, most reports first (ties by id), at most `largest` of them.
    struct Story {
        std::string id;
        std::uint64_t reports{};
        std::optional<std::string> title;  ///< the title of one of its reports
    };
    std::vector<Story> largest_stories;
};

/// Limits that keep hostile queries bounded in time and memory.
struct SearcherOptions {
    std::size_t max_query_bytes = 4096;
    std::size_t max_query_terms = 256;
    std::size_t max_nesting_depth = 32;
    std::size_t max_wildcard_expansion = 1000;  ///< terms per wildcard; more is a QueryLimitError
    std::size_t max_wildcards = 16;  ///< wildcard patterns per query; more is a QueryLimitError
    std::size_t max_page_size = 1000;
    unsigned max_retries = 3;  ///< whole-search retries when the index changes underneath

    // Remote shards (`remote HOST:PORT` stub lines, served by xapian-tcpsrv); see
    // docs/SHARDING.md. Local shards ignore these.
    /// Longest wait for a remote shard's answer (each network read or write), in ms;
    /// past it the shard is unavailable. 0 = wait for ever. Xapian's default.
    unsigned remote_timeout_ms = 10000;
    /// Longest wait for a connection to a remote shard, in ms. 0 = wait for ever.
    unsigned remote_connect_timeout_ms = 10000;
    /// When a shard is unavailable: false (default) throws ShardUnavailableError; true
    /// answers from the remaining shards and sets SearchResults::partial.
    bool allow_partial = false;
    /// After a shard failed, searches skip it (or fail at once) for this long, in ms,
    /// before connecting to it again, so that a hung server does not cost every search
    /// a timeout.
    unsigned shard_retry_interval_ms = 2000;
};

/// Opens an index and answers searches.
///
/// Thread-safety: all member functions may be called from several threads; calls on
/// one Searcher are serialized by an internal mutex. For parallel searches, give each
/// thread its own Searcher (each holds its own open database).
///
/// Lifetime: results own their data. The index directory must outlive the Searcher;
/// index-build may publish new generations meanwhile. Each search first checks for a
/// newly published generation and, if there is one, opens it fresh; a search that
/// races with a publish is retried whole, so every result comes from one generation.
///
/// Shards: the stub may list several shards, local and remote (docs/SHARDING.md); they
/// are searched as one index. A remote connection that broke (a restarted server, or
/// xapian-tcpsrv's idle timeout) is reconnected once and the search rerun; a shard that
/// still fails, or does not answer within remote_timeout_ms, is unavailable, and
/// SearcherOptions::allow_partial decides between ShardUnavailableError and a partial
/// answer. Recency and date sorts over remote shards use Xapian's built-in classes (the
/// server cannot load ours); the differences are listed in docs/SHARDING.md.
class DATELINE_SEARCHER_EXPORT Searcher {
  public:
    /// Opens the index at `index_dir` (the directory index-build writes, or one holding
    /// a hand-written XAPIANDB stub that lists local and remote shards).
    /// @throws IndexOpenError if it is missing or unreadable;
    ///         SchemaVersionError if it was built by an incompatible version;
    ///         ShardUnavailableError if a shard cannot be reached (unless allow_partial).
    explicit Searcher(const std::filesystem::path& index_dir, SearcherOptions options = {});
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Runs one search.
    /// @throws QueryError (with the character offset into the query as typed) for a query
    ///         that does not parse, an impossible date or an unknown field;
    ///         QueryLimitError past a limit;
    ///         IndexOpenError / IndexCorruptError if the index becomes unusable;
    ///         ShardUnavailableError if a shard fails (unless allow_partial; then the
    ///         result says it is partial, and only a search with no shard left throws).
    [[nodiscard]] SearchResults search(const SearchRequest& request);

    /// Exact number of documents matching the request's query and filters, and whether
    /// shards were missing from it. Throws as search() does.
    [[nodiscard]] CountResult count(const SearchRequest& request);

    /// Every hit of `request` from request.offset on, at most `max_hits` of them (0 = no
    /// limit), in the request's order, handed to `on_page` one page (request.limit hits,
    /// at most max_page_size) at a time: memory stays bounded by a page whatever the number
    /// of matches. The first page carries the facets (if asked) and the totals; later
    /// pages none. All pages come from one generation.
    /// @return the number of hits handed over.
    /// @throws as search(); IoError if a new generation is published during the export
    ///         (run it again: the hits would otherwise mix two generations).
    std::uint64_t export_hits(const SearchRequest& request, std::uint64_t max_hits,
                              const std::function<void(const SearchResults& page)>& on_page);

    /// Picks up a newly published generation now (search() also does this by itself).
    /// @return true if a different generation is now open.
    bool reopen();

    [[nodiscard]] IndexStats stats();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// --- Requests from text: the rules index-search's options and index-serve's URL
// parameters share (one implementation, so both accept and refuse the same things).

/// One parameter as text, with the name its user knows it by ("--limit" on a command
/// line, "limit" in a URL), so that an error names it the user's way.
struct RequestArgument {
    std::string name;
    std::string value;
};

/// Search parameters as text, unchecked. Unset ones keep SearchRequest's defaults.
struct RequestArguments {
    std::string query;  ///< may be empty when a filter (source, from, to, story) or `like` is given
    std::optional<RequestArgument> like{};  ///< a document id: more like this one
    bool match_any = false;
    std::optional<RequestArgument> sort{};        ///< relevance | date | date-asc
    std::optional<RequestArgument> offset{};      ///< a whole number
    std::optional<RequestArgument> limit{};       ///< a whole number, at most max_page_size
    std::optional<RequestArgument> recency{};     ///< half-life in days (> 0); relevance only
    std::optional<RequestArgument> date_facet{};  ///< day | month | year
    /// Facets to count, each NAME or NAME:N (facet_field_name(); N values, 0 = all, default
    /// 10; dates default to all); none: date and source.
    std::vector<RequestArgument> facet_fields{};
    bool facets = true;
    std::optional<RequestArgument> source{};  ///< a source name, not empty
    std::optional<RequestArgument> from{};    ///< YYYY, YYYY-MM or YYYY-MM-DD, a real date
    std::optional<RequestArgument> to{};      ///< likewise; not before `from`
    bool collapse = true;                     ///< one hit per story (docs/STORIES.md)
    std::optional<RequestArgument> story{};   ///< a story id (schema::is_story_id)
};

/// Remote-shard settings as text (see SearcherOptions).
struct SearcherArguments {
    std::optional<RequestArgument> timeout{};          ///< ms, 1 to 3,600,000
    std::optional<RequestArgument> connect_timeout{};  ///< ms, 1 to 3,600,000
    bool allow_partial = false;
};

/// Checks search parameters given as text and builds the request.
/// @throws RequestArgumentError for the first bad parameter, or when neither a query nor a
///         filter is given. Never touches an index; the query text itself is checked by
///         Searcher::search().
[[nodiscard]] DATELINE_SEARCHER_EXPORT SearchRequest make_search_request(
    const RequestArguments& arguments, std::size_t max_page_size = SearcherOptions{}.max_page_size);

/// Checks remote-shard settings given as text. @throws RequestArgumentError.
[[nodiscard]] DATELINE_SEARCHER_EXPORT SearcherOptions
make_searcher_options(const SearcherArguments& arguments, SearcherOptions base = {});

// --- Rendering results: one JSON renderer for every consumer (docs/JSON_OUTPUT.md).

/// The "version" key of to_json()'s output. 2: query error positions count characters of
/// the query as typed (they counted bytes of the normalized text).
inline constexpr int kJsonVersion = 2;

/// One piece of a snippet: plain text or a matched term or phrase. Views into Hit::snippet.
struct SnippetPart {
    std::string_view text;
    bool highlighted = false;
};

/// Hit::snippet cut at its highlights, in order (highlights that overlap or fall outside
/// the snippet are left out), so that each consumer marks them its own way.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::vector<SnippetPart> snippet_parts(const Hit& hit);

/// Hit::snippet with each highlight wrapped in `start` and `end`.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string mark_highlights(const Hit& hit,
                                                                   std::string_view start,
                                                                   std::string_view end);

/// What a grouped hit says about the rest of its story, phrased once for every front end
/// (index-search's text, index-serve's page). `counts` is plain text; the outlets are names
/// from the documents, which each front end escapes its own way.
struct StorySummary {
    std::string counts;                ///< "+4 more reports (2 matching)"
    std::vector<std::string> outlets;  ///< the first three other outlets, first seen first
    bool more_outlets = false;         ///< more outlets than listed: the list ends with "…"
};

/// The summary of `story` (StoryInfo::reports > 1 to say anything useful).
[[nodiscard]] DATELINE_SEARCHER_EXPORT StorySummary summarize_story(const StoryInfo& story);

/// The summary on one line, "+4 more reports (2 matching): A, B, C, …", each outlet passed
/// through `escape` (the front end's terminal or HTML escaping).
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string story_line(
    const StorySummary& summary, const std::function<std::string(std::string_view)>& escape);

/// Search results as one JSON object and a newline: what `index-search --json` prints and
/// index-serve's /api/search answers (docs/JSON_OUTPUT.md). Invalid UTF-8 is replaced,
/// never thrown on.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json(const SearchResults& results);

/// One hit as one JSON object and a newline: a line of a jsonl export (the same object as
/// an element of to_json()'s "hits").
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json_line(const Hit& hit);

/// The last line of a jsonl export: {"summary": {…}} with the query, the totals, the
/// facets of `first_page` and the number of hits `exported` (docs/JSON_OUTPUT.md).
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json_summary(const SearchResults& first_page,
                                                                   std::uint64_t exported);

/// An exact count as one JSON object and a newline (`index-search --count --json`).
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json_count(const std::string& query,
                                                                 std::uint64_t count);

// --- Exports: one hit per line, for spreadsheets and pipelines (docs/JSON_OUTPUT.md).

enum class ExportFormat : std::uint8_t {
    kJsonl,  ///< one to_json_line() object per hit, then a to_json_summary() line
    kCsv,    ///< RFC 4180, CRLF, header row: rank,id,date,source,title,url,author,score,story
    kTsv,    ///< the same columns tab-separated; tabs and line breaks in values become spaces
    kIds,    ///< one document id per line
    kPaths,  ///< one document path per line ("-" for a document read from standard input)
};

/// "jsonl", "csv", "tsv", "ids", "paths"; nullopt for any other name.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::optional<ExportFormat> parse_export_format(
    std::string_view name);

/// The header row for csv and tsv; empty for the other formats.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string export_header(ExportFormat format);

/// One hit as one line (newline included). Unknown values are empty fields.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string export_row(const Hit& hit, ExportFormat format);

/// Index statistics as one JSON object and a newline (`index-search --stats --json`,
/// index-serve's /api/stats).
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json(const IndexStats& stats);

}  // namespace dateline
