// Shared by the benchmark programs (not a library API): reading the generated corpus and
// query set, nearest-rank percentiles, peak RSS, and the one-line RESULT records that
// bench/run parses.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dateline::bench {

/// One article as bench/gen_corpus wrote it.
struct Article {
    std::string id{};      ///< path relative to the corpus root, or the JSONL id
    std::string date{};    ///< "YYYY-MM-DD" (empty if none)
    std::string source{};  ///< display name (empty if none)
    std::string title{};
    std::string body{};
};

/// Calls `visit` for every article under `path`: a directory of text files in the shipped
/// corpus's format (header lines `date X`, `source: X`, `title: X`, a blank line, the body),
/// visited in byte order of their relative paths as index-build does, or a .jsonl file.
/// Returns the number of input bytes read. Throws std::runtime_error on unreadable input.
std::size_t read_corpus(const std::filesystem::path& path,
                        const std::function<void(const Article&)>& visit);

/// One row of queries.tsv: the query in each engine's syntax.
struct QuerySpec {
    std::string kind{};        ///< frequent, rare, and, or, not, phrase, phrase+source, phrase+date
    std::string dateline{};    ///< Dateline query syntax
    std::string xapian{};      ///< Xapian QueryParser syntax with source:SLUG, date:YYYYMMDD..
    std::string fts5_match{};  ///< FTS5 MATCH expression
    std::string fts5_where{};  ///< extra SQL condition on the UNINDEXED columns, or empty
};

/// Reads queries.tsv (header line first). Throws std::runtime_error if unreadable or empty.
std::vector<QuerySpec> read_queries(const std::filesystem::path& path);

/// Latency samples of one query kind (or of all queries).
struct Samples {
    std::vector<double> micros;
    std::size_t queries_with_hits = 0;
    std::size_t hits = 0;  ///< hits returned (at most the page size per query run)
};

/// The distinct kinds in order of first appearance, and for each query its kind's index.
std::vector<std::string> group_kinds(const std::vector<QuerySpec>& queries,
                                     std::vector<std::size_t>& kind_of_query);

/// Nearest-rank percentile; sorts `micros` in place. 0 when empty.
double percentile(std::vector<double>& micros, double p);

/// Peak resident set size of this process so far, in KiB (getrusage).
long peak_rss_kib();

/// The one measurement loop every engine's query program uses, so that all are timed
/// alike: `iterations` passes over `query_count` queries, each call `run(q)` timed with
/// steady_clock and added to `per_kind[kind_of_query[q]]`. Warm up before calling it.
void time_queries(std::size_t query_count, int iterations,
                  const std::vector<std::size_t>& kind_of_query, std::vector<Samples>& per_kind,
                  const std::function<void(std::size_t)>& run);

/// Prints a per-kind latency table and one `RESULT key=value ...` line per kind and for
/// "all", prefixed with `fields` (e.g. "engine=xapian mode=plain").
void print_latency(const std::string& fields, const std::vector<std::string>& kinds,
                   std::vector<Samples>& per_kind);

/// Size of a file, or the total size of the regular files under a directory.
std::size_t disk_bytes(const std::filesystem::path& path);

/// Positive integer argument, or `fallback` when absent; throws on garbage.
int parse_count(const char* text, int fallback);

}  // namespace dateline::bench
