// Query latency through the public searcher API: p50/p95/p99 per query over N runs,
// once returning hits only and once with facets and snippets as index-search shows them.
//
//   query_latency INDEX_DIR [ITERATIONS]      (default 200 iterations)
//
// Prints figures; never asserts on time. A query the searcher rejects is reported and
// skipped; the exit status is 1 only if nothing could be measured at all.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/searcher.hpp>

namespace {

// A small mix of what users type: words, phrases, boolean operators, a wildcard, a field.
constexpr std::string_view kQueries[] = {
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
};

constexpr Mode kModes[] = {
    {"hits only", false, 0},
    {"facets+snippets", true, 240},
};

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()));
    return sorted[std::min(rank, sorted.size() - 1)];
}

struct Latency {
    std::vector<double> micros;
    std::size_t hits = 0;
};

Latency measure(dateline::Searcher& searcher, const dateline::SearchRequest& request,
                int iterations) {
    Latency latency;
    latency.hits = searcher.search(request).hits.size();  // warm-up: caches, first open
    latency.micros.reserve(static_cast<std::size_t>(iterations));
    for (int i = 0; i < iterations; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const dateline::SearchResults results = searcher.search(request);
        const auto stop = std::chrono::steady_clock::now();
        latency.micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        if (results.hits.size() != latency.hits) {
            std::fprintf(stderr, "note: hit count changed during the run (index republished?)\n");
        }
    }
    std::sort(latency.micros.begin(), latency.micros.end());
    return latency;
}

void print_row(const char* mode, std::string_view query, const Latency& latency) {
    const auto& m = latency.micros;
    std::printf("%-16s %-32.*s %5zu %10.1f %10.1f %10.1f\n", mode, static_cast<int>(query.size()),
                query.data(), latency.hits, percentile(m, 50), percentile(m, 95),
                percentile(m, 99));
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 2 || args.size() > 3) {
        std::fprintf(stderr, "usage: query_latency INDEX_DIR [ITERATIONS]\n");
        return 2;
    }
    int iterations = 200;
    if (args.size() == 3) {
        const std::string_view text = args[2];
        const auto [end, error] =
            std::from_chars(text.data(), text.data() + text.size(), iterations);
        if (error != std::errc{} || end != text.data() + text.size()) {
            iterations = 0;
        }
    }
    if (iterations < 1) {
        std::fprintf(stderr, "query_latency: ITERATIONS must be a positive number\n");
        return 2;
    }

    try {
        dateline::Searcher searcher{args[1]};
        const dateline::IndexStats stats = searcher.stats();
        std::printf("index %s: %llu documents, generation %llu; %d iterations per query\n",
                    stats.path.string().c_str(), static_cast<unsigned long long>(stats.documents),
                    static_cast<unsigned long long>(stats.generation), iterations);
        std::printf("%-16s %-32s %5s %10s %10s %10s\n", "mode", "query", "hits", "p50 us", "p95 us",
                    "p99 us");

        std::size_t measured = 0;
        for (const Mode& mode : kModes) {
            Latency all;
            for (const std::string_view query : kQueries) {
                const dateline::SearchRequest request{.query = std::string(query),
                                                      .facets = mode.facets,
                                                      .snippet_bytes = mode.snippet_bytes};
                try {
                    Latency latency = measure(searcher, request, iterations);
                    print_row(mode.name, query, latency);
                    all.micros.insert(all.micros.end(), latency.micros.begin(),
                                      latency.micros.end());
                    all.hits += latency.hits;
                    ++measured;
                } catch (const dateline::QueryError& e) {
                    std::printf("%-16s %-32.*s skipped: %s\n", mode.name,
                                static_cast<int>(query.size()), query.data(), e.what());
                }
            }
            if (!all.micros.empty()) {
                std::sort(all.micros.begin(), all.micros.end());
                print_row(mode.name, "(all queries)", all);
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
