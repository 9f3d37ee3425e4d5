// Fuzz target for the searcher's query front end (reliability matrix FZ-1): limits, the
// lexical scan, field and date validation, Xapian's QueryParser, then the whole search
// (get_mset, facets, document fetch, snippets) on the small fixture index of the searcher
// tests, built once per process into a temporary directory.
// Input: byte 0 picks request options (default operator, sort, facets, recency, filters);
// the rest is the query text, or "query\nfrom\nto\nsource" when filters are on.
// Invariants: every input ends in results or a QueryError (any other exception is a
// finding); the Xapian query that passed the limits is at most 2 * max_terms + 4 deep
// (each level needs two leaves, each leaf a counted word or a filter); the hits respect
// the page size; every string handed back is valid UTF-8; highlights lie inside snippets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include <dateline/normalize.hpp>
#include <dateline/searcher.hpp>

#include "query_builder.hpp"
#include "searcher_fixture.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

bool valid_utf8(std::string_view s) { return dateline::repair_utf8(s).replaced_sequences == 0; }

// Small limits, so that the fuzzer reaches and crosses every one of them.
constexpr dateline::SearcherOptions kOptions{.max_query_bytes = 512,
                                             .max_query_terms = 24,
                                             .max_nesting_depth = 6,
                                             .max_wildcard_expansion = 4,
                                             .max_page_size = 20};

struct Fixture {
    std::filesystem::path dir;
    dateline::Searcher searcher;
    Xapian::Database db;

    Fixture() : dir(build()), searcher(dir / "index", kOptions), db((dir / "index").string()) {}
    ~Fixture() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    static std::filesystem::path build() {
        std::string templ = std::filesystem::temp_directory_path() / "fuzz_query-XXXXXX";
        require(::mkdtemp(templ.data()) != nullptr);
        std::filesystem::path dir = templ;  // returned: not const
        dateline::test::build_fixture_index(dir / "index", dateline::test::fixture_docs());
        return dir;
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

// Iterative: the point is to measure trees that might be too deep to recurse over.
std::size_t depth(const Xapian::Query& root) {
    std::vector<std::pair<Xapian::Query, std::size_t>> stack{{root, 1}};
    std::size_t max = 0;
    while (!stack.empty()) {
        auto [q, d] = std::move(stack.back());
        stack.pop_back();
        max = std::max(max, d);
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            stack.emplace_back(q.get_subquery(i), d + 1);
        }
    }
    return max;
}

std::vector<std::string> split_lines(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto nl = s.find('\n', start);
        out.emplace_back(s.substr(start, nl == std::string_view::npos ? nl : nl - start));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

void check_results(const dateline::SearchResults& r, const dateline::SearchRequest& request) {
    require(r.hits.size() <= request.limit);
    require(valid_utf8(r.parsed_query));
    if (r.corrected_query) require(valid_utf8(*r.corrected_query));
    for (const auto& s : r.synonyms_applied) require(valid_utf8(s));
    for (const auto& s : r.wildcard_expansions) require(valid_utf8(s));
    for (const auto& h : r.hits) {
        require(valid_utf8(h.id) && valid_utf8(h.snippet) && valid_utf8(h.source));
        if (h.title) require(valid_utf8(*h.title));
        for (const auto& span : h.highlights) {
            require(span.offset + span.length <= h.snippet.size());
        }
    }
    for (const auto& f : r.date_facets) require(valid_utf8(f.value));
    for (const auto& f : r.source_facets) require(valid_utf8(f.value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dateline;
    if (size == 0) return 0;
    const std::span<const std::uint8_t> input(data, size);
    const auto mode = input.front();
    const auto tail = input.subspan(1);
    const std::string_view rest(reinterpret_cast<const char*>(tail.data()), tail.size());

    SearchRequest request;
    request.default_operator = (mode & 1) != 0 ? DefaultOperator::kOr : DefaultOperator::kAnd;
    request.facets = (mode & 2) != 0;
    request.sort = (mode & 4) != 0 ? ((mode & 8) != 0 ? SortOrder::kDateAsc : SortOrder::kDateDesc)
                                   : SortOrder::kRelevance;
    if ((mode & 12) == 8) request.recency_half_life_days = 30.0;
    request.limit = (mode & 32) != 0 ? 3 : 10;
    request.offset = (mode & 64) != 0 ? 2 : 0;
    request.snippet_bytes = 60;
    if ((mode & 128) != 0) {
        const auto lines = split_lines(rest);
        request.query = lines[0];
        if (lines.size() > 1 && !lines[1].empty()) request.from = lines[1];
        if (lines.size() > 2 && !lines[2].empty()) request.to = lines[2];
        if (lines.size() > 3 && !lines[3].empty()) request.source = lines[3];
    } else {
        request.query = std::string(rest);
    }

    auto& f = fixture();
    // The front end alone, to look at the Xapian query that passed the limits.
    try {
        const detail::QueryBuildOptions build_options{
            {kOptions.max_query_bytes, kOptions.max_query_terms, kOptions.max_nesting_depth},
            kOptions.max_wildcard_expansion};
        const auto built =
            detail::build_query(f.db,
                                {request.query, request.default_operator == DefaultOperator::kOr,
                                 request.source, request.from, request.to, request.story},
                                build_options);
        require(depth(built.query) <= 2 * kOptions.max_query_terms + 4);
        require(valid_utf8(built.description));
    } catch (const QueryError&) {
    }

    // The whole search through the public API.
    try {
        check_results(f.searcher.search(request), request);
        static_cast<void>(f.searcher.count(request));
    } catch (const QueryError& e) {
        require(valid_utf8(e.what()));
    }
    return 0;
}
