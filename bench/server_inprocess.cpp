// The in-process side of bench/run_server: what the library alone does with the queries
// index-serve is asked, as a closed loop of THREADS threads (each with its own Searcher,
// as the server's workers have) for SECONDS seconds. Each search is the request
// /api/search?q=QUERY makes (SearchRequest defaults: 10 hits, facets, snippets); with
// "json" each result is also rendered with to_json(), as the server does.
//
//   server_inprocess INDEX_DIR QUERIES_TSV THREADS SECONDS [search|json]
//
// Prints searches per second and nearest-rank p50/p99 latency, and one RESULT line.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <span>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

#include <dateline/searcher.hpp>

#include "bench_support.hpp"

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    using namespace dateline;
    using Clock = std::chrono::steady_clock;
    if (args.size() < 5) {
        std::cerr
            << "usage: server_inprocess INDEX_DIR QUERIES_TSV THREADS SECONDS [search|json]\n";
        return 2;
    }
    try {
        const std::filesystem::path index = args[1];
        const auto queries = bench::read_queries(args[2]);
        const auto threads = bench::parse_count(args[3], 1);
        const auto seconds = bench::parse_count(args[4], 10);
        const bool render = args.size() > 5 && std::string(args[5]) == "json";

        std::atomic<bool> stop{false};
        std::atomic<std::size_t> errors{0};
        std::vector<std::vector<double>> micros(static_cast<std::size_t>(threads));
        const auto cpu_seconds = [] {
            rusage usage{};
            getrusage(RUSAGE_SELF, &usage);
            const auto to_seconds = [](const timeval& t) {
                return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
            };
            return to_seconds(usage.ru_utime) + to_seconds(usage.ru_stime);
        };
        const double cpu_before = cpu_seconds();
        const auto began = Clock::now();
        std::vector<std::thread> pool;
        pool.reserve(static_cast<std::size_t>(threads));
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                Searcher searcher(index);
                auto& mine = micros[static_cast<std::size_t>(t)];
                // Threads start at different queries, as wrk's connections do.
                auto q = static_cast<std::size_t>(t) * queries.size() /
                         static_cast<std::size_t>(threads);
                std::size_t sink = 0;
                while (!stop.load(std::memory_order_relaxed)) {
                    const auto start = Clock::now();
                    try {
                        const auto results = searcher.search({.query = queries[q].dateline});
                        sink += render ? to_json(results).size() : results.hits.size();
                    } catch (const Error&) {
                        ++errors;
                    }
                    mine.push_back(
                        std::chrono::duration<double, std::micro>(Clock::now() - start).count());
                    q = (q + 1) % queries.size();
                }
                if (sink == 42) std::cerr << "";  // keep the work observable
            });
        }
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        stop = true;
        for (auto& thread : pool) thread.join();
        const double elapsed = std::chrono::duration<double>(Clock::now() - began).count();
        // CPU time per search does not depend on what else the machine runs, as wall-clock
        // rates on a shared machine do (Searcher opening included: a few ms per thread).
        const double cpu = cpu_seconds() - cpu_before;
        std::vector<double> all;
        for (const auto& m : micros) all.insert(all.end(), m.begin(), m.end());
        const auto count = all.size();
        const double p50 = bench::percentile(all, 50);
        const double p99 = bench::percentile(all, 99);
        const double cpu_us = count > 0 ? cpu * 1e6 / static_cast<double>(count) : 0;
        std::printf(
            "in-process (%s) %d threads: %.0f searches/s, p50 %.0f us, p99 %.0f us, %.0f us CPU "
            "per search, %zu errors\n",
            render ? "search+to_json" : "search", threads, static_cast<double>(count) / elapsed,
            p50, p99, cpu_us, errors.load());
        std::printf(
            "RESULT engine=inprocess mode=%s threads=%d searches=%zu rate=%.1f p50_us=%.1f "
            "p99_us=%.1f cpu_us=%.1f errors=%zu\n",
            render ? "json" : "search", threads, count, static_cast<double>(count) / elapsed, p50,
            p99, cpu_us, errors.load());
    } catch (const std::exception& e) {
        std::cerr << "server_inprocess: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
