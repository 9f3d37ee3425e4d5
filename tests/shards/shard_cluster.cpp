#include "shard_cluster.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <set>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <dateline/index_layout.hpp>

#include "crash_harness.hpp"
#include "test_support.hpp"

extern char** environ;

namespace dateline::test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNames[] = {"Putin", "Zelenskyy", "Zelensky", "Zelenskiy", "Trump", "Lavrov",
                                  "Rubio", "Macron",    "Erdogan",  "Kyiv",      "Kiev"};
constexpr const char* kTopics[] = {
    "Ukraine",  "Ukrainian",  "Ukrainians", "Kremlin", "sanctions",    "summit",   "ceasefire",
    "peace",    "talks",      "missile",    "drone",   "energy",       "grain",    "exports",
    "election", "parliament", "budget",     "border",  "refugees",     "treaty",   "NATO",
    "embassy",  "minister",   "president",  "troops",  "negotiations", "pipeline", "harbour"};
constexpr const char* kFiller[] = {"the",       "a",          "on",      "said",      "after",
                                   "officials", "report",     "new",     "plan",      "week",
                                   "city",      "government", "meeting", "statement", "agreement",
                                   "call",      "visit",      "of",      "and",       "in"};
constexpr const char* kSources[] = {"Reuters", "TASS", "The Moscow Times", "Kyiv Independent",
                                    "AP"};

template <typename T, std::size_t N>
const char* pick(const T (&words)[N], std::mt19937_64& random) {
    return words[std::uniform_int_distribution<std::size_t>(0, N - 1)(random)];
}

// Day `offset` of 2025 (0 = January 1) as YYYY-MM-DD.
std::string date_2025(int offset) {
    static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0;
    while (offset >= kMonthDays[month]) offset -= kMonthDays[month++];
    const auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return "2025-" + two(month + 1) + "-" + two(offset + 1);
}

std::string document_name(std::size_t i) {
    char name[32];
    std::snprintf(name, sizeof name, "a%04zu.txt", i);
    return name;
}

// Made-up words, a dozen per story: two stories share only the common vocabulary, too
// little for the grouping's topic test (docs/STORIES.md), so each planted story stays one.
constexpr const char* kSyllables[] = {"ba",  "ko",  "ri",  "ten", "mu", "sal", "vo",
                                      "dri", "ne",  "quo", "lam", "pe", "zi",  "gor",
                                      "fa",  "tul", "hi",  "wen", "ax", "bru"};

std::vector<std::string> story_words(std::mt19937_64& random, std::set<std::string>& taken) {
    std::vector<std::string> words;
    while (words.size() < 12) {
        std::string word;
        for (int s = 0; s < 3; ++s) word += pick(kSyllables, random);
        if (taken.insert(word).second) words.push_back(word);
    }
    return words;
}

// A story's sentences: mostly its own words, and names and topics the queries look for.
std::vector<std::string> story_sentences(const std::vector<std::string>& words,
                                         std::mt19937_64& random) {
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<std::size_t> own(0, words.size() - 1);
    std::vector<std::string> sentences(std::uniform_int_distribution<std::size_t>(3, 6)(random));
    // A third of the stories are about peace talks: the phrase query's matches.
    if (percent(random) < 33) sentences.front() = "Peace talks ";
    for (auto& sentence : sentences) {
        const int length = std::uniform_int_distribution<int>(10, 16)(random);
        for (int w = 0; w < length; ++w) {
            const int kind = percent(random);
            sentence += kind < 9    ? pick(kNames, random)
                        : kind < 27 ? pick(kTopics, random)
                        : kind < 42 ? pick(kFiller, random)
                                    : words[own(random)];
            sentence += w + 1 < length ? " " : ".\n";
        }
    }
    return sentences;
}

std::string report_text(const std::vector<std::string>& words,
                        const std::vector<std::string>& sentences, std::optional<int> day,
                        bool rewrite, std::mt19937_64& random) {
    std::uniform_int_distribution<int> percent(0, 99);
    std::ostringstream text;
    const int title_words = std::uniform_int_distribution<int>(3, 6)(random);
    text << "Title:";
    for (int w = 0; w < title_words; ++w) {
        const int kind = percent(random);
        text << ' '
             << (kind < 30   ? pick(kNames, random)
                 : kind < 70 ? pick(kTopics, random)
                             : words[std::uniform_int_distribution<std::size_t>(
                                   0, words.size() - 1)(random)]);
    }
    text << '\n';
    if (day) text << "Date: " << date_2025(*day) << '\n';
    if (percent(random) < 80) text << "Source: " << pick(kSources, random) << '\n';
    text << '\n';
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        // A rewrite drops a third of the sentences, never the first.
        if (rewrite && i > 0 && i % 3 == 2) continue;
        text << sentences[i];
    }
    text << "End of report.\n";
    return text.str();
}

void check_build(const CommandResult& result, const std::string& what) {
    if (result.exit_code != 0) {
        throw std::runtime_error(what + " failed (exit " + std::to_string(result.exit_code) +
                                 "): " + result.err);
    }
}

bool index_build_has_shards() {
    const auto help = run({index_build_exe().string(), "--help"});
    return help.out.find("--shards") != std::string::npos;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A port nobody listens on now: bind port 0 and let the kernel choose. Another process
// may take it before the server binds; start() then fails and the caller tries again.
unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        ::close(fd);
        throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

std::size_t write_shard_corpus(const fs::path& dir, const ShardCorpusSpec& spec) {
    fs::create_directories(dir);
    std::mt19937_64 random(spec.seed);
    std::uniform_int_distribution<int> percent(0, 99);
    std::set<std::string> taken;
    std::vector<std::string> reports;
    std::size_t stories = 0;
    while (reports.size() < spec.documents) {
        ++stories;
        const auto words = story_words(random, taken);
        const auto sentences = story_sentences(words, random);
        const int day = std::uniform_int_distribution<int>(0, 178)(random);
        const bool dated = percent(random) < 85;
        reports.push_back(report_text(words, sentences, dated ? std::optional(day) : std::nullopt,
                                      false, random));
        // Half the stories are told more than once: syndicated copies (the same text under
        // another outlet and title) and rewrites, up to two days later, a tenth undated.
        const int more =
            percent(random) < 50 ? 0 : std::uniform_int_distribution<int>(1, 4)(random);
        for (int k = 0; k < more && reports.size() < spec.documents; ++k) {
            const int later = day + std::uniform_int_distribution<int>(0, 2)(random);
            const bool copy_dated = percent(random) < 90;
            reports.push_back(report_text(words, sentences,
                                          copy_dated ? std::optional(later) : std::nullopt,
                                          percent(random) < 40, random));
        }
    }
    // Reports of one story are not neighbours in the walk order.
    std::shuffle(reports.begin(), reports.end(), random);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        std::ofstream(dir / document_name(i)) << reports[i];
    }
    std::ofstream(dir / "synonyms.tsv") << "# name variants\nZelenskyy\tZelensky\tZelenskiy\n"
                                           "Kyiv\tKiev\n";
    return stories;
}

void build_single(const fs::path& index, const fs::path& corpus) {
    check_build(run({index_build_exe().string(), "--index", index.string(), "--rebuild", "--quiet",
                     "--no-progress", corpus.string()}),
                "index-build " + index.string());
}

ShardedBuild build_sharded(const fs::path& work, const fs::path& corpus, unsigned shards) {
    ShardedBuild build;
    build.index = fs::absolute(work / ("sharded-" + std::to_string(shards)));
    if (index_build_has_shards()) {
        check_build(
            run({index_build_exe().string(), "--index", build.index.string(), "--rebuild",
                 "--shards", std::to_string(shards), "--quiet", "--no-progress", corpus.string()}),
            "index-build --shards");
        // The stub names the generation: "#dateline-terms gen-N/terms", then the shards.
        const auto stub_path = build.index / schema::layout::kStubName;
        const auto stub = schema::stub::parse(read_file(stub_path), stub_path.string());
        if (stub.terms) build.terms = build.index / *stub.terms;
        for (const auto& shard : stub.shards) {
            if (shard.kind == schema::stub::Location::Kind::kLocal) {
                build.shards.push_back(build.index / shard.path);
            }
        }
        if (build.shards.size() != shards || build.terms.empty()) {
            throw std::runtime_error("unexpected sharded stub: " +
                                     read_file(build.index / schema::layout::kStubName));
        }
        return build;
    }
    // Until index-build --shards exists: the same layout by hand.
    const auto single = work / "sharded-terms";
    build_single(single, corpus);
    build.terms = fs::absolute(single / schema::stub::generation_name(1));
    for (unsigned k = 0; k < shards; ++k) {
        const auto part = work / ("part-" + std::to_string(k));
        fs::create_directories(part);
        fs::copy_file(corpus / "synonyms.tsv", part / "synonyms.tsv");
        for (const auto& entry : fs::directory_iterator(corpus)) {
            const auto name = entry.path().filename().string();
            if (entry.path().extension() == ".txt" && schema::layout::shard_of(name, shards) == k) {
                fs::copy_file(entry.path(), part / name);
            }
        }
        const auto index = work / ("part-index-" + std::to_string(k));
        build_single(index, part);
        build.shards.push_back(fs::absolute(index / schema::stub::generation_name(1)));
    }
    std::vector<schema::stub::Location> locations;
    for (const auto& shard : build.shards) locations.push_back(local_shard(shard));
    write_stub(build.index, build.terms, locations);
    return build;
}

const ShardFixture& shard_fixture() {
    static TempDir dir;  // lives until the test binary exits, then is removed
    static const ShardFixture kFixture = [] {
        ShardFixture f;
        f.root = dir.path();
        f.corpus = f.root / "corpus";
        f.single = f.root / "single";
        f.stories = write_shard_corpus(f.corpus);
        build_single(f.single, f.corpus);
        f.sharded = build_sharded(f.root, f.corpus, 3);
        return f;
    }();
    return kFixture;
}

void write_stub(const fs::path& dir, const std::optional<fs::path>& terms,
                const std::vector<schema::stub::Location>& shards) {
    fs::create_directories(dir);
    schema::stub::Contents contents;
    if (terms) contents.terms = terms->string();
    contents.shards = shards;
    std::ofstream(dir / schema::layout::kStubName, std::ios::trunc)
        << schema::stub::format(contents);
}

schema::stub::Location local_shard(const fs::path& path) {
    return schema::stub::Location::local(path.string());
}

std::optional<fs::path> tcpsrv_program() { return find_program("xapian-tcpsrv"); }

TcpServer::TcpServer(const fs::path& database, const fs::path& log_dir,
                     std::vector<std::string> extra_args, unsigned port) {
    const auto program = tcpsrv_program();
    if (!program) throw std::runtime_error("xapian-tcpsrv not found");
    fs::create_directories(log_dir);
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = port != 0 ? port : free_port();
        m_log = log_dir / ("tcpsrv-" + std::to_string(m_port) + ".log");
        std::vector<std::string> argv{program->string(), "--interface", "127.0.0.1", "--port",
                                      std::to_string(m_port)};
        argv.insert(argv.end(), extra_args.begin(), extra_args.end());
        argv.push_back(database.string());
        if (start(argv)) return;
        if (port != 0 && attempt >= 2) break;
        // A fixed port may still be held by the previous server's connections.
        if (port != 0) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    throw std::runtime_error("xapian-tcpsrv did not start: " + log());
}

bool TcpServer::start(const std::vector<std::string>& argv) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own process group (id = its pid): signals reach the server and the children it
    // forks per connection, and nothing else.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int rc = posix_spawn(&m_pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {  // exited: port taken?
            m_pid = -1;
            return false;
        }
        if (accepts_connections(m_port)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill_now();
    return false;
}

TcpServer::~TcpServer() { kill_now(); }

std::string TcpServer::label() const { return location().label(); }

schema::stub::Location TcpServer::location() const {
    return schema::stub::Location::remote("127.0.0.1", m_port);
}

void TcpServer::stop() const {
    if (m_pid > 0) ::kill(-m_pid, SIGSTOP);
}

void TcpServer::resume() const {
    if (m_pid > 0) ::kill(-m_pid, SIGCONT);
}

void TcpServer::kill_now() {
    if (m_pid <= 0) return;
    ::kill(-m_pid, SIGKILL);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
}

std::string TcpServer::log() const { return read_file(m_log); }

namespace {

std::string sort_key(const Hit& hit, SortOrder sort) {
    char score[64];
    std::snprintf(score, sizeof score, "%.9f", hit.score);
    return sort == SortOrder::kRelevance ? std::string(score)
                                         : hit.date.value_or("undated") + " | " + score;
}

// A grouped hit shows its story's best report; among reports of equal sort key the
// matcher keeps the lowest docid, which differs between layouts. The normal form is the
// smallest id of the story's matching reports that tie with the one shown.
std::string first_of_tie(Searcher& searcher, SearchRequest request, const Hit& hit) {
    const std::string key = sort_key(hit, request.sort);
    request.story = hit.story.id;
    request.collapse = false;
    request.offset = 0;
    request.limit = 1000;
    request.facets = false;
    request.snippet_bytes = 0;
    std::string first = hit.id;
    for (const auto& report : searcher.search(request).hits) {
        if (sort_key(report, request.sort) == key) first = std::min(first, report.id);
    }
    return first;
}

}  // namespace

Observed observe(Searcher& searcher, const SearchRequest& request, bool wildcard) {
    const auto results = searcher.search(request);
    Observed o;
    o.total = results.total_estimated;
    o.total_exact = results.total_exact;
    o.collapsed = results.collapsed;
    o.reports = results.reports_estimated;
    for (const auto& f : results.date_facets) o.date_facets.emplace_back(f.value, f.count);
    for (const auto& f : results.source_facets) o.source_facets.emplace_back(f.value, f.count);
    o.corrected = results.corrected_query;
    o.synonyms = results.synonyms_applied;
    o.partial = results.partial;
    for (const auto& hit : results.hits) {
        // The story's outlets, the hit's own included: which report stands for a story may
        // differ between layouts (ties), its outlets may not (the stories here have fewer
        // than 50 reports, all read for them).
        std::set<std::string> outlets(hit.story.other_sources.begin(),
                                      hit.story.other_sources.end());
        if (!hit.source.empty() && hit.source != "unknown") outlets.insert(hit.source);
        std::string story = "[story " + hit.story.id + " " + std::to_string(hit.story.matching) +
                            "/" + std::to_string(hit.story.reports) + " from";
        for (const auto& outlet : outlets) story += " " + outlet;
        story += "]";
        if (!results.collapsed || hit.story.matching < 2) {
            o.hit_ids.push_back(hit.id + " " + story);
        } else if (wildcard) {
            // Scores differ per layout: so may the report a story shows.
            o.hit_ids.push_back(story);
        } else {
            o.hit_ids.push_back(first_of_tie(searcher, request, hit) + " " + story);
        }
    }
    if (wildcard) {
        std::sort(o.hit_ids.begin(), o.hit_ids.end());
        return o;
    }
    for (const auto& hit : results.hits) o.hit_keys.push_back(sort_key(hit, request.sort));
    // Runs of equal keys are ties, broken by docid: sort their ids.
    for (std::size_t begin = 0; begin < o.hit_ids.size();) {
        std::size_t end = begin + 1;
        while (end < o.hit_ids.size() && o.hit_keys[end] == o.hit_keys[begin]) ++end;
        std::sort(o.hit_ids.begin() + static_cast<std::ptrdiff_t>(begin),
                  o.hit_ids.begin() + static_cast<std::ptrdiff_t>(end));
        begin = end;
    }
    return o;
}

std::string describe(const Observed& o) {
    std::ostringstream out;
    out << "total " << o.total << (o.total_exact ? " exact" : " estimated")
        << (o.collapsed ? " stories of " : " reports of ") << o.reports << " reports"
        << (o.partial ? " partial" : "") << "; corrected " << o.corrected.value_or("-")
        << "; synonyms " << o.synonyms.size() << "\n  dates:";
    for (const auto& [v, c] : o.date_facets) out << ' ' << v << '=' << c;
    out << "\n  sources:";
    for (const auto& [v, c] : o.source_facets) out << ' ' << v << '=' << c;
    out << "\n  hits:";
    for (std::size_t i = 0; i < o.hit_ids.size(); ++i) {
        out << ' ' << o.hit_ids[i];
        if (i < o.hit_keys.size()) out << '(' << o.hit_keys[i] << ')';
    }
    return out.str();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace dateline::test
