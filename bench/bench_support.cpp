#include "bench_support.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <sys/resource.h>
#include <system_error>

#include <nlohmann/json.hpp>

namespace dateline::bench {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The generator's header block: `date X`, `source: X`, `title: X` up to the first blank
// line. Only what gen_corpus writes is understood; this is not index-build's reader.
Article parse_text(std::string id, std::string_view text) {
    Article article{.id = std::move(id)};
    while (!text.empty()) {
        const std::size_t eol = std::min(text.find('\n'), text.size());
        const std::string_view line = text.substr(0, eol);
        text.remove_prefix(std::min(eol + 1, text.size()));
        if (line.empty()) break;
        if (line.starts_with("date ")) {
            article.date = line.substr(5);
        } else if (line.starts_with("source: ")) {
            article.source = line.substr(8);
        } else if (line.starts_with("title: ")) {
            article.title = line.substr(7);
        } else {
            article.body.append(line).push_back('\n');  // no header block after all
        }
    }
    article.body.append(text);
    return article;
}

std::string json_string(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

std::size_t read_corpus(const std::filesystem::path& path,
                        const std::function<void(const Article&)>& visit) {
    std::size_t bytes = 0;
    if (std::filesystem::is_regular_file(path) && path.extension() == ".jsonl") {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read " + path.string());
        std::string line;
        std::size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            bytes += line.size() + 1;
            if (line.empty()) continue;
            const nlohmann::json object = nlohmann::json::parse(line);
            Article article{.id = json_string(object, "id"),
                            .date = json_string(object, "date"),
                            .source = json_string(object, "source"),
                            .title = json_string(object, "title"),
                            .body = json_string(object, "body")};
            if (article.id.empty())
                article.id = path.filename().string() + "#" + std::to_string(number);
            visit(article);
        }
        return bytes;
    }
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file() && entry.path().extension() == ".txt") {
            files.push_back(entry.path().lexically_relative(path).generic_string());
        }
    }
    std::sort(files.begin(), files.end());
    for (std::string& relative : files) {
        const std::string text = read_file(path / relative);
        bytes += text.size();
        visit(parse_text(std::move(relative), text));
    }
    return bytes;
}

std::vector<QuerySpec> read_queries(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::vector<QuerySpec> queries;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (;;) {
            const std::size_t tab = line.find('\t', start);
            cells.push_back(line.substr(start, tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        cells.resize(5);
        queries.push_back({cells[0], cells[1], cells[2], cells[3], cells[4]});
    }
    if (queries.empty()) throw std::runtime_error("no queries in " + path.string());
    return queries;
}

std::vector<std::string> group_kinds(const std::vector<QuerySpec>& queries,
                                     std::vector<std::size_t>& kind_of_query) {
    std::vector<std::string> kinds;
    kind_of_query.clear();
    for (const QuerySpec& query : queries) {
        const auto it = std::find(kinds.begin(), kinds.end(), query.kind);
        kind_of_query.push_back(static_cast<std::size_t>(it - kinds.begin()));
        if (it == kinds.end()) kinds.push_back(query.kind);
    }
    return kinds;
}

double percentile(std::vector<double>& micros, double p) {
    if (micros.empty()) return 0;
    std::sort(micros.begin(), micros.end());
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(micros.size()));
    return micros[std::min(rank, micros.size() - 1)];
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // KiB on Linux
}

void print_latency(const std::string& fields, const std::vector<std::string>& kinds,
                   std::vector<Samples>& per_kind) {
    Samples all;
    std::printf("%-14s %7s %7s %6s %10s %10s %10s\n", "kind", "samples", "w/hits", "hits", "p50 us",
                "p95 us", "p99 us");
    const auto row = [&](const std::string& kind, Samples& s) {
        const double p50 = percentile(s.micros, 50);
        const double p95 = percentile(s.micros, 95);
        const double p99 = percentile(s.micros, 99);
        std::printf("%-14s %7zu %7zu %6zu %10.1f %10.1f %10.1f\n", kind.c_str(), s.micros.size(),
                    s.queries_with_hits, s.hits, p50, p95, p99);
        std::printf(
            "RESULT %s kind=%s samples=%zu queries_with_hits=%zu hits=%zu p50_us=%.1f "
            "p95_us=%.1f p99_us=%.1f\n",
            fields.c_str(), kind.c_str(), s.micros.size(), s.queries_with_hits, s.hits, p50, p95,
            p99);
    };
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        row(kinds[i], per_kind[i]);
        all.micros.insert(all.micros.end(), per_kind[i].micros.begin(), per_kind[i].micros.end());
        all.queries_with_hits += per_kind[i].queries_with_hits;
        all.hits += per_kind[i].hits;
    }
    row("all", all);
}

std::size_t disk_bytes(const std::filesystem::path& path) {
    if (std::filesystem::is_regular_file(path)) return std::filesystem::file_size(path);
    std::size_t total = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) total += entry.file_size();
    }
    return total;
}

int parse_count(const char* text, int fallback) {
    if (text == nullptr) return fallback;
    const std::string_view view = text;
    int value = 0;
    const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (error != std::errc{} || end != view.data() + view.size() || value < 1) {
        throw std::invalid_argument("expected a positive number, got '" + std::string(view) + "'");
    }
    return value;
}

void time_queries(std::size_t query_count, int iterations,
                  const std::vector<std::size_t>& kind_of_query, std::vector<Samples>& per_kind,
                  const std::function<void(std::size_t)>& run) {
    for (int i = 0; i < iterations; ++i) {
        for (std::size_t q = 0; q < query_count; ++q) {
            const auto start = std::chrono::steady_clock::now();
            run(q);
            const auto stop = std::chrono::steady_clock::now();
            per_kind[kind_of_query[q]].micros.push_back(
                std::chrono::duration<double, std::micro>(stop - start).count());
        }
    }
}

}  // namespace dateline::bench
