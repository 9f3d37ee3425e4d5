// Baseline: SQLite FTS5 over the same corpus. One fts5 table (title and body indexed with
// the `porter unicode61` tokenizer; source, date and id stored UNINDEXED for filters and
// display), every row inserted in one transaction, as FTS5's documentation advises for
// bulk loads.
//
//   bench_fts5_index DB_FILE CORPUS [--optimize]
//
// --optimize then merges the FTS5 b-trees ('optimize') and VACUUMs, untimed, and reports
// the compacted size too. Prints figures and RESULT lines; never asserts on time.
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <span>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bench_support.hpp"

namespace {

class Db {
  public:
    explicit Db(const std::string& path) {
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK) {
            const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            throw std::runtime_error("cannot open " + path + ": " + message);
        }
    }
    ~Db() { sqlite3_close(m_db); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw std::runtime_error(std::string(sql) + ": " + message);
        }
    }
    [[nodiscard]] sqlite3* get() const { return m_db; }

  private:
    sqlite3* m_db = nullptr;
};

void bind(sqlite3_stmt* statement, int index, const std::string& text) {
    // nullptr destructor = SQLITE_STATIC: the string outlives sqlite3_step.
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), nullptr);
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    const bool optimize = argc == 4 && std::string_view(args[3]) == "--optimize";
    if (argc != 3 && !optimize) {
        std::fprintf(stderr, "usage: bench_fts5_index DB_FILE CORPUS [--optimize]\n");
        return 2;
    }
    try {
        const std::filesystem::path db_path = args[1];
        std::filesystem::remove(db_path);
        std::filesystem::remove(db_path.string() + "-journal");
        const auto start = std::chrono::steady_clock::now();
        Db db(db_path);
        db.exec(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, source UNINDEXED, "
            "date UNINDEXED, id UNINDEXED, tokenize = 'porter unicode61')");
        db.exec("BEGIN");
        sqlite3_stmt* insert = nullptr;
        if (sqlite3_prepare_v2(db.get(),
                               "INSERT INTO docs(title, body, source, date, id) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)",
                               -1, &insert, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(db.get()));
        }
        unsigned documents = 0;
        const std::size_t bytes =
            dateline::bench::read_corpus(args[2], [&](const dateline::bench::Article& article) {
                bind(insert, 1, article.title);
                bind(insert, 2, article.body);
                bind(insert, 3, article.source);
                bind(insert, 4, article.date);
                bind(insert, 5, article.id);
                if (sqlite3_step(insert) != SQLITE_DONE) {
                    throw std::runtime_error(sqlite3_errmsg(db.get()));
                }
                sqlite3_reset(insert);
                ++documents;
            });
        sqlite3_finalize(insert);
        db.exec("COMMIT");
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::size_t index_bytes = std::filesystem::file_size(db_path);
        std::printf(
            "fts5: %u documents, %.1f MB in %.2f s: %.0f docs/s, %.2f MB/s; "
            "database %.1f MB; peak RSS %.1f MiB\n",
            documents, static_cast<double>(bytes) / 1e6, seconds, documents / seconds,
            static_cast<double>(bytes) / 1e6 / seconds, static_cast<double>(index_bytes) / 1e6,
            static_cast<double>(dateline::bench::peak_rss_kib()) / 1024.0);
        std::printf(
            "RESULT engine=fts5 docs=%u input_bytes=%zu seconds=%.3f index_bytes=%zu "
            "max_rss_kib=%ld\n",
            documents, bytes, seconds, index_bytes, dateline::bench::peak_rss_kib());
        if (optimize) {
            db.exec("INSERT INTO docs(docs) VALUES ('optimize')");
            db.exec("VACUUM");
            const std::size_t compact = std::filesystem::file_size(db_path);
            std::printf("fts5: after optimize + VACUUM %.1f MB\n",
                        static_cast<double>(compact) / 1e6);
            std::printf("RESULT engine=fts5 compact_bytes=%zu\n", compact);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_fts5_index: %s\n", e.what());
        return 1;
    }
    return 0;
}
