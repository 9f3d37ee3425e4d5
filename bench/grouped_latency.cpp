// What grouping by story costs a search (issue 14's target: grouped p50 and p99 within 1.2x
// of ungrouped), measured in pairs so that the machine's noise falls on both sides alike:
// each query is run grouped and ungrouped back to back, the order swapped every pass, on one
// Searcher (one facet table, one cache). Per mode, two readings:
//   - every sample: p50 and p99 over all queries x passes (what a user waits);
//   - best of the passes, per query: p50 and p99 over the queries of each one's fastest run
//     (what the code costs; a run the scheduler delayed is not the query's cost).
// Never asserts on time.
//
//   grouped_latency INDEX_DIR QUERIES_TSV [PASSES [MODE]]     (default 10 passes)
//
// MODE `plain` (hits only) or `facets+snippets` (date and source facets, 240-byte snippets,
// as index-search shows results); both without MODE. QUERIES_TSV is bench/gen_corpus's or
// bench/gen_stories's queries.tsv (its `dateline` column).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/searcher.hpp>

#include "bench_support.hpp"

namespace {

struct Mode {
    const char* name;
    bool facets;
    std::size_t snippet_bytes;
};

constexpr Mode kModes[] = {{"plain", false, 0}, {"facets+snippets", true, 240}};

double micros_of(dateline::Searcher& searcher, const dateline::SearchRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    (void)searcher.search(request);
    const auto stop = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::micro>(stop - start).count();
}

void measure(dateline::Searcher& searcher, const Mode& mode,
             const std::vector<dateline::bench::QuerySpec>& queries, int passes) {
    // [0] grouped, [1] ungrouped.
    std::array<std::vector<dateline::SearchRequest>, 2> requests;
    for (const auto& query : queries) {
        for (const bool collapse : {true, false}) {
            dateline::SearchRequest request{.query = query.dateline,
                                            .limit = 10,
                                            .facets = mode.facets,
                                            .snippet_bytes = mode.snippet_bytes,
                                            .collapse = collapse};
            try {
                (void)searcher.search(request);  // warm-up, and the facet table's first use
            } catch (const dateline::QueryError& e) {
                std::printf("%s: skipped %s: %s\n", mode.name, query.dateline.c_str(), e.what());
                break;
            }
            requests[collapse ? 0 : 1].push_back(std::move(request));
        }
        if (requests[0].size() != requests[1].size()) requests[0].resize(requests[1].size());
    }
    const std::size_t count = requests[1].size();
    std::array<std::vector<double>, 2> every;
    std::array<std::vector<double>, 2> best;
    for (auto& b : best) b.assign(count, 1e300);
    for (int pass = 0; pass < passes; ++pass) {
        for (std::size_t q = 0; q < count; ++q) {
            for (int k = 0; k < 2; ++k) {
                const int side = (pass + static_cast<int>(q) + k) % 2;
                const double us = micros_of(searcher, requests[side][q]);
                every[side].push_back(us);
                best[side][q] = std::min(best[side][q], us);
            }
        }
    }
    using dateline::bench::percentile;
    const auto line = [&](const char* reading, std::array<std::vector<double>, 2>& samples) {
        const std::array<double, 2> p50 = {percentile(samples[0], 50), percentile(samples[1], 50)};
        const std::array<double, 2> p99 = {percentile(samples[0], 99), percentile(samples[1], 99)};
        std::printf(
            "mode=%s reading=%s grouped_p50_us=%.0f ungrouped_p50_us=%.0f p50_ratio=%.3f "
            "grouped_p99_us=%.0f ungrouped_p99_us=%.0f p99_ratio=%.3f\n",
            mode.name, reading, p50[0], p50[1], p50[0] / p50[1], p99[0], p99[1], p99[0] / p99[1]);
    };
    // The percentile inputs are sorted in place; `best` is read per query first.
    std::vector<std::size_t> slowest(count);
    for (std::size_t q = 0; q < count; ++q) slowest[q] = q;
    std::sort(slowest.begin(), slowest.end(),
              [&](std::size_t a, std::size_t b) { return best[0][a] > best[0][b]; });
    slowest.resize(std::min<std::size_t>(slowest.size(), 5));
    for (const std::size_t q : slowest) {
        std::printf("mode=%s slow: grouped_us=%.0f ungrouped_us=%.0f query=%s\n", mode.name,
                    best[0][q], best[1][q], requests[0][q].query.c_str());
    }
    line("every-sample", every);
    line("best-per-query", best);
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 3 || args.size() > 5) {
        std::fprintf(stderr, "usage: grouped_latency INDEX_DIR QUERIES_TSV [PASSES [MODE]]\n");
        return 2;
    }
    try {
        const int passes = dateline::bench::parse_count(args.size() >= 4 ? args[3] : nullptr, 10);
        const auto queries = dateline::bench::read_queries(args[2]);
        const std::string_view only = args.size() == 5 ? args[4] : "";
        dateline::Searcher searcher{args[1]};
        std::printf("index %s: %llu documents; %zu queries x %d passes, grouped and ungrouped\n",
                    args[1], static_cast<unsigned long long>(searcher.stats().documents),
                    queries.size(), passes);
        for (const Mode& mode : kModes) {
            if (only.empty() || only == mode.name) measure(searcher, mode, queries, passes);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grouped_latency: %s\n", e.what());
        return 1;
    }
    return 0;
}
