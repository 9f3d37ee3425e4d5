// Baseline: queries on the FTS5 table of bench_fts5_index: MATCH with the query set's FTS5
// expression, the filter as SQL on the UNINDEXED columns, ranked by bm25 with the title
// weighted 3 (as Dateline and the bare Xapian loop weight it), the top 10 rows read.
//
//   bench_fts5_query DB_FILE QUERIES_TSV [ITERATIONS]   (default 20)
//
// Each statement is prepared once (as an application would cache it); one warm-up pass,
// then ITERATIONS passes, one sample per query execution. Never asserts on time.
#include <cstdio>
#include <exception>
#include <span>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench_support.hpp"

namespace {

constexpr int kPageSize = 10;

struct Statement {
    sqlite3_stmt* handle = nullptr;
    std::string match;
};

// Returns the number of rows on the page.
std::size_t run(sqlite3* db, Statement& statement, std::size_t& sink) {
    sqlite3_bind_text(statement.handle, 1, statement.match.data(),
                      static_cast<int>(statement.match.size()), nullptr);
    std::size_t rows = 0;
    int status = SQLITE_ROW;
    while ((status = sqlite3_step(statement.handle)) == SQLITE_ROW) {
        ++rows;
        for (int column = 1; column <= 4; ++column) {
            sink += static_cast<std::size_t>(sqlite3_column_bytes(statement.handle, column));
        }
    }
    if (status != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
    sqlite3_reset(statement.handle);
    return rows;
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 3 || args.size() > 4) {
        std::fprintf(stderr, "usage: bench_fts5_query DB_FILE QUERIES_TSV [ITERATIONS]\n");
        return 2;
    }
    sqlite3* db = nullptr;
    std::vector<Statement> statements;
    int status = 0;
    try {
        const int iterations =
            dateline::bench::parse_count(args.size() == 4 ? args[3] : nullptr, 20);
        const auto queries = dateline::bench::read_queries(args[2]);
        std::vector<std::size_t> kind_of;
        const auto kinds = dateline::bench::group_kinds(queries, kind_of);
        std::vector<dateline::bench::Samples> samples(kinds.size());

        if (sqlite3_open_v2(args[1], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("cannot open ") + args[1]);
        }
        for (const auto& query : queries) {
            std::string sql =
                "SELECT rowid, id, title, date, source, bm25(docs, 3.0, 1.0) AS score "
                "FROM docs WHERE docs MATCH ?1";
            if (!query.fts5_where.empty()) sql += " AND " + query.fts5_where;
            sql += " ORDER BY score LIMIT " + std::to_string(kPageSize);
            Statement statement{.match = query.fts5_match};
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement.handle, nullptr) != SQLITE_OK) {
                throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
            }
            statements.push_back(std::move(statement));
        }
        std::size_t sink = 0;
        std::vector<std::size_t> hits(queries.size());
        for (std::size_t q = 0; q < queries.size(); ++q) hits[q] = run(db, statements[q], sink);
        dateline::bench::time_queries(queries.size(), iterations, kind_of, samples,
                                      [&](std::size_t q) { run(db, statements[q], sink); });
        for (std::size_t q = 0; q < queries.size(); ++q) {
            samples[kind_of[q]].hits += hits[q];
            if (hits[q] > 0) ++samples[kind_of[q]].queries_with_hits;
        }
        std::printf("fts5: %zu queries x %d iterations\n", queries.size(), iterations);
        dateline::bench::print_latency("engine=fts5 mode=plain", kinds, samples);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_fts5_query: %s\n", e.what());
        status = 1;
    }
    for (Statement& statement : statements) sqlite3_finalize(statement.handle);
    sqlite3_close(db);
    return status;
}
