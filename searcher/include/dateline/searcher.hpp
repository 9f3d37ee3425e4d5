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

    SortOrder sort = SortOrder::kRelevance;
    /// Blend recency into relevance: score = BM25 + B * 2^(-age / half_life), where age
    /// is in days before the newest dated document in the index and B is the query's best
    /// BM25 score; undated documents get no boost. Ignored unless sort is kRelevance;
    /// must be > 0 (QueryError otherwise).
    std::optional<double> recency_half_life_days{};

    std::size_t offset = 0;  ///< hits to skip (paging)
    std::size_t limit = 10;  ///< hits to return; at most SearcherOptions::max_page_size

    bool facets = true;  ///< compute date and source facet counts over the whole match set
    DateGranularity date_facet = DateGranularity::kMonth;
    std::size_t max_source_facets = 10;  ///< top sources by count; 0 = all

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
                        ///< "undated", or a source name
    std::uint64_t count{};
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

    /// Matching stories when `collapsed`, else matching documents (exact when total_exact).
    std::uint64_t total_estimated{};
    bool total_exact = false;
    bool collapsed = false;             ///< hits and totals are stories (one hit per story)
    std::uint64_t reports_estimated{};  ///< matching documents (reports) either way

    std::size_t offset{};
    std::size_t limit{};
    std::vector<Hit> hits;

    /// Facets always count matching reports (documents), grouped or not.
    std::vector<FacetValue> date_facets;    ///< chronological; "undated" last
    std::vector<FacetValue> source_facets;  ///< by count, descending
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
    std::string query;  ///< may be empty when a filter (source, from, to, story) is given
    bool match_any = false;
    std::optional<RequestArgument> sort{};        ///< relevance | date | date-asc
    std::optional<RequestArgument> offset{};      ///< a whole number
    std::optional<RequestArgument> limit{};       ///< a whole number, at most max_page_size
    std::optional<RequestArgument> recency{};     ///< half-life in days (> 0); relevance only
    std::optional<RequestArgument> date_facet{};  ///< day | month | year
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

/// Search results as one JSON object and a newline: what `index-search --json` prints and
/// index-serve's /api/search answers (docs/JSON_OUTPUT.md). Invalid UTF-8 is replaced,
/// never thrown on.
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json(const SearchResults& results);

/// Index statistics as one JSON object and a newline (`index-search --stats --json`,
/// index-serve's /api/stats).
[[nodiscard]] DATELINE_SEARCHER_EXPORT std::string to_json(const IndexStats& stats);

}  // namespace dateline
