// Query latency through the public searcher API (dateline::Searcher, nothing else):
// p50/p95/p99 per query kind, once returning hits only and once with date and source
// facets and ten snippets, as index-search shows results by default.
//
//   query_latency INDEX_DIR [ITERATIONS [QUERIES_TSV [MODE]]]     (default 200 iterations)
//
// MODE (`plain`, `facets+snippets`, or either with `-ungrouped`: every report rather than one
// hit per story) runs that mode only, e.g. under a profiler.
// With QUERIES_TSV (bench/gen_corpus's queries.tsv) its `dateline` column is run; without,
// a small built-in set suited to the shipped corpus. One warm-up pass over all queries,
// then ITERATIONS passes; each sample is one Searcher::search() call. Prints figures and
// RESULT lines for bench/run; never asserts on time. A query the searcher rejects is
// reported and skipped; the exit status is 1 only if nothing could be measured at all.
#include <cstddef>
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/searcher.hpp>

#include "bench_support.hpp"

namespace {

// A small mix of what users type, for the shipped corpus: words, phrases, boolean
// operators, a wildcard, a field.
constexpr std::string_view kBuiltinQueries[] = {
    "Putin",
    "\"root causes\"",
    "Trump AND Putin",
    "call NOT Iran",
    "ukrain*",
    "title:Putin",
    "progress OR truce OR ceasefire",
};

struct Mode {
    const char* name;
    bool facets;
    std::size_t snippet_bytes;
    bool collapse;  // one hit per story (the default), or every report
};

// The ungrouped modes measure what grouping by story costs (docs/STORIES.md).
constexpr Mode kModes[] = {
    {"plain", false, 0, true},
    {"facets+snippets", true, 240, true},
    {"plain-ungrouped", false, 0, false},
    {"facets+snippets-ungrouped", true, 240, false},
};

std::vector<dateline::bench::QuerySpec> builtin_queries() {
    std::vector<dateline::bench::QuerySpec> queries;
    for (const std::string_view query : kBuiltinQueries) {
        queries.push_back({.kind = "builtin", .dateline = std::string(query)});
    }
    return queries;
}

// Runs every query of one mode; returns how many could be measured.
std::size_t measure_mode(dateline::Searcher& searcher, const Mode& mode,
                         const std::vector<dateline::bench::QuerySpec>& queries, int iterations) {
    std::vector<std::size_t> kind_of;
    const auto kinds = dateline::bench::group_kinds(queries, kind_of);
    std::vector<dateline::bench::Samples> samples(kinds.size());
    std::vector<dateline::SearchRequest> requests;
    std::vector<std::size_t> measured;  // indexes of the queries the searcher accepts

    for (std::size_t q = 0; q < queries.size(); ++q) {
        dateline::SearchRequest request{.query = queries[q].dateline,
                                        .limit = 10,
                                        .facets = mode.facets,
                                        .snippet_bytes = mode.snippet_bytes,
                                        .collapse = mode.collapse};
        try {
            const std::size_t hits = searcher.search(request).hits.size();  // warm-up
            samples[kind_of[q]].hits += hits;
            if (hits > 0) ++samples[kind_of[q]].queries_with_hits;
            requests.push_back(std::move(request));
            measured.push_back(q);
        } catch (const dateline::QueryError& e) {
            std::printf("%s: skipped %s: %s\n", mode.name, queries[q].dateline.c_str(), e.what());
        }
    }
    std::vector<std::size_t> kind_of_request;
    kind_of_request.reserve(measured.size());
    for (const std::size_t q : measured) kind_of_request.push_back(kind_of[q]);
    dateline::bench::time_queries(requests.size(), iterations, kind_of_request, samples,
                                  [&](std::size_t r) { (void)searcher.search(requests[r]); });
    std::printf("mode %s:\n", mode.name);
    dateline::bench::print_latency(std::string("engine=dateline mode=") + mode.name, kinds,
                                   samples);
    return requests.size();
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 2 || args.size() > 5) {
        std::fprintf(stderr, "usage: query_latency INDEX_DIR [ITERATIONS [QUERIES_TSV [MODE]]]\n");
        return 2;
    }
    int iterations = 0;
    try {
        iterations = dateline::bench::parse_count(args.size() >= 3 ? args[2] : nullptr, 200);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "query_latency: ITERATIONS: %s\n", e.what());
        return 2;
    }

    try {
        const auto queries =
            args.size() >= 4 ? dateline::bench::read_queries(args[3]) : builtin_queries();
        const std::string_view only = args.size() == 5 ? args[4] : "";
        dateline::Searcher searcher{args[1]};
        const dateline::IndexStats stats = searcher.stats();
        std::printf("index %s: %llu documents, generation %llu; %zu queries x %d iterations\n",
                    stats.path.string().c_str(), static_cast<unsigned long long>(stats.documents),
                    static_cast<unsigned long long>(stats.generation), queries.size(), iterations);
        std::size_t measured = 0;
        for (const Mode& mode : kModes) {
            if (only.empty() || only == mode.name) {
                measured += measure_mode(searcher, mode, queries, iterations);
            }
        }
        if (measured == 0) {
            std::fprintf(stderr, "query_latency: every query was rejected; nothing measured\n");
            return 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "query_latency: %s\n", e.what());
        return 1;
    }
    return 0;
}
