/// @file
/// Machinery of the shard tests: a deterministic news corpus with dates, sources, titles
/// and synonyms; single and sharded builds of it with the real index-build; xapian-tcpsrv
/// servers on loopback, each in its own process group so that the test signals exactly
/// the processes it started; and a normal form of search results that can be compared
/// across shard layouts (by unique id, never by docid; ties in any order).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include <dateline/index_stub.hpp>
#include <dateline/searcher.hpp>

namespace dateline::test {

struct ShardCorpusSpec {
    std::uint64_t seed = 7;
    std::size_t documents = 240;
};

/// Writes the corpus (.txt files with Title/Date/Source headers, some undated or without
/// a source, and a synonyms.tsv) into `dir`: planted stories of one to five reports (an
/// original, syndicated copies, rewrites), in shuffled order. Returns how many stories.
std::size_t write_shard_corpus(const std::filesystem::path& dir, const ShardCorpusSpec& spec = {});

/// index-build --rebuild of `corpus` into `index` (one database). Throws on failure.
void build_single(const std::filesystem::path& index, const std::filesystem::path& corpus);

/// A sharded build: absolute paths of each shard's database and of the terms database,
/// and the directory whose XAPIANDB lists them all as local shards.
struct ShardedBuild {
    std::filesystem::path index;
    std::filesystem::path terms;
    std::vector<std::filesystem::path> shards;
};

/// index-build --shards `shards` when index-build has that option; otherwise the shards
/// are built by hand, as index-build would (documents split by schema::layout::shard_of,
/// one index-build run each, the single build of the whole corpus as terms database) and a
/// stub is written. `work` holds everything.
ShardedBuild build_sharded(const std::filesystem::path& work, const std::filesystem::path& corpus,
                           unsigned shards);

/// The corpus, built once per test binary as a single index and as 3 shards.
struct ShardFixture {
    std::filesystem::path root;  ///< a temporary directory holding all of it
    std::filesystem::path corpus;
    std::size_t stories{};  ///< planted in the corpus
    std::filesystem::path single;
    ShardedBuild sharded;
};
const ShardFixture& shard_fixture();

/// Writes `dir`/XAPIANDB (schema::stub::format): the terms line, then one line per shard.
void write_stub(const std::filesystem::path& dir, const std::optional<std::filesystem::path>& terms,
                const std::vector<schema::stub::Location>& shards);

/// A local shard at `path`, as a stub names it ("auto PATH").
[[nodiscard]] schema::stub::Location local_shard(const std::filesystem::path& path);

/// Absolute path of xapian-tcpsrv, or nullopt (the test then skips).
std::optional<std::filesystem::path> tcpsrv_program();

/// One `xapian-tcpsrv --interface 127.0.0.1 --port P DB` on a free port, started in a
/// process group of its own (its connection children are in it too). The destructor
/// SIGKILLs that group and reaps the server, whatever the test did, so a failing test
/// leaves no server behind. Only this group is ever signalled.
class TcpServer {
  public:
    /// Starts it and waits (at most 10 s) until it accepts connections; throws
    /// std::runtime_error otherwise. `port` 0 picks a free one.
    TcpServer(const std::filesystem::path& database, const std::filesystem::path& log_dir,
              std::vector<std::string> extra_args = {}, unsigned port = 0);
    ~TcpServer();
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    [[nodiscard]] unsigned port() const noexcept { return m_port; }
    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }
    /// "127.0.0.1:PORT", as the searcher names the shard.
    [[nodiscard]] std::string label() const;
    /// The stub's name for it: `remote 127.0.0.1:PORT`.
    [[nodiscard]] schema::stub::Location location() const;

    void stop() const;    ///< SIGSTOP to the group: a hung server
    void resume() const;  ///< SIGCONT to the group
    void kill_now();      ///< SIGKILL to the group, and reap: a dead server
    [[nodiscard]] std::string log() const;

  private:
    bool start(const std::vector<std::string>& argv);
    std::filesystem::path m_log;
    pid_t m_pid = -1;
    unsigned m_port = 0;
};

/// Search results in a form equal across shard layouts: hits as runs of equal sort keys
/// (score, or date then score), ids sorted inside a run (ties are broken by docid, which
/// differs between layouts); scores rounded to 1e-9. A hit's id carries its story: id,
/// size and matching reports.
struct Observed {
    std::uint64_t total{};
    bool total_exact{};
    bool collapsed{};
    std::uint64_t reports{};  ///< matching reports (SearchResults::reports_estimated)
    std::vector<std::pair<std::string, std::uint64_t>> date_facets;
    std::vector<std::pair<std::string, std::uint64_t>> source_facets;
    std::optional<std::string> corrected;
    std::vector<std::string> synonyms;
    std::vector<std::string> hit_ids;   ///< in rank order, ties sorted by id; "ID [story …]"
    std::vector<std::string> hit_keys;  ///< each hit's sort key: [date |] score to 1e-9
    bool partial = false;

    bool operator==(const Observed&) const = default;
};

/// Runs `request` and puts the answer in normal form. `wildcard`: ids as a set (wildcard
/// statistics differ per shard in Xapian 1.4, so scores and order may too).
Observed observe(Searcher& searcher, const SearchRequest& request, bool wildcard = false);

/// A readable dump for failure messages.
std::string describe(const Observed& observed);

/// Seconds since `start`, for behaviour bounds ("within the timeout + 5 s").
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace dateline::test
