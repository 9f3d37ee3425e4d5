#include "crash_harness.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <random>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <xapian.h>

#include <dateline/index_layout.hpp>
#include <dateline/index_stub.hpp>
#include <dateline/schema.hpp>

#include "test_support.hpp"

namespace dateline::test {

namespace fs = std::filesystem;

namespace {

// Marker words: letters chosen so that the English stemmer leaves them alone and no
// filler word can ever collide with them.
std::string marker(std::size_t k) {
    static constexpr std::string_view kLetters = "bcfhkmnprtvwz";
    std::string word = "qx";
    word += kLetters[(k / kLetters.size()) % kLetters.size()];
    word += kLetters[k % kLetters.size()];
    word += 'q';
    return word;
}

constexpr std::size_t kFirstGroup = 37;   // markers 0..36: one per document
constexpr std::size_t kSecondGroup = 23;  // markers 37..59: one per document

constexpr std::string_view kFiller[] = {
    "officials", "said",    "the",      "ministry", "report",   "talks",    "market",
    "weather",   "council", "budget",   "harbour",  "railway",  "election", "farmers",
    "energy",    "police",  "court",    "minister", "program",  "museum",   "river",
    "bridge",    "factory", "teachers", "hospital", "festival", "drought",  "exports",
    "on",        "a",       "new",      "plan",     "after",    "monday",   "about",
};

std::string document_text(std::uint64_t seed, std::size_t i, bool b, std::size_t m1,
                          std::size_t m2) {
    std::mt19937_64 random(seed * 1000003 + i * 2 + (b ? 1 : 0));
    std::uniform_int_distribution<std::size_t> pick(0, std::size(kFiller) - 1);
    std::uniform_int_distribution<int> length(20, 60);
    std::ostringstream text;
    text << "Report " << i << " on the " << kFiller[pick(random)] << '\n' << '\n';
    const int words = length(random);
    for (int w = 0; w < words; ++w) {
        if (w == words / 3) text << marker(m1) << ' ';
        if (w == 2 * words / 3) text << marker(m2) << ' ';
        text << kFiller[pick(random)] << (w % 12 == 11 ? ".\n" : " ");
    }
    text << (b ? "Revised edition." : "First edition.") << '\n';
    return text.str();
}

std::string document_name(std::size_t i) {
    char name[32];
    std::snprintf(name, sizeof name, "n%05zu.txt", i);
    return name;
}

}  // namespace

std::vector<std::string> probe_terms() {
    std::vector<std::string> terms;
    for (std::size_t k = 0; k < 8; ++k) terms.push_back(marker(k));
    for (std::size_t k = kFirstGroup; k < kFirstGroup + 4; ++k) terms.push_back(marker(k));
    return terms;
}

Answers write_corpus(const fs::path& dir, const CorpusSpec& spec, bool b) {
    fs::create_directories(dir);
    const std::vector<std::string> probes = probe_terms();
    Answers answers;
    for (const auto& term : probes) answers[term];
    const std::size_t total = b ? spec.documents + spec.documents / 13 : spec.documents;
    for (std::size_t i = 0; i < total; ++i) {
        if (b && i < spec.documents && i % 10 == 3) continue;  // dropped in B
        const std::size_t shift1 = b ? 5 : 0;
        const std::size_t shift2 = b ? 3 : 0;
        const std::size_t m1 = (i + shift1) % kFirstGroup;
        const std::size_t m2 = kFirstGroup + (i + shift2) % kSecondGroup;
        const std::string name = document_name(i);
        std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
        out << document_text(spec.seed, i, b, m1, m2);
        if (!out) throw std::runtime_error("cannot write " + (dir / name).string());
        for (const std::size_t m : {m1, m2}) {
            const auto found = answers.find(marker(m));
            if (found != answers.end()) found->second.insert(name);
        }
    }
    return answers;
}

Answers index_answers(const fs::path& index_dir) {
    Xapian::Database db(index_dir.string());
    Answers answers;
    for (const auto& term : probe_terms()) {
        auto& ids = answers[term];
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            ids.insert(db.get_document(*p).get_value(schema::slot::kId));
        }
    }
    return answers;
}

std::string stub_target(const fs::path& index_dir) {
    const fs::path stub = index_dir / schema::layout::kStubName;
    std::ifstream in(stub);
    if (!in) return {};
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto contents = schema::stub::parse(text, stub.string());
    const auto& first = contents.shards.front();
    return first.kind == schema::stub::Location::Kind::kLocal ? first.path : std::string();
}

std::size_t check_published(const fs::path& index_dir) {
    const std::string target = stub_target(index_dir);
    if (target.empty()) throw std::runtime_error("no stub in " + index_dir.string());
    std::ostringstream ignored;
    return Xapian::Database::check((index_dir / target).string(), 0, &ignored);
}

std::vector<std::string> entries_with_prefix(const fs::path& index_dir, const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(index_dir)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(prefix)) names.push_back(name);
    }
    return names;
}

std::vector<std::string> build_argv(const fs::path& index, const fs::path& corpus,
                                    std::vector<std::string> extra, bool rebuild) {
    std::vector<std::string> argv{index_build_exe().string(), "--index", index.string(), "--quiet",
                                  "--no-progress"};
    if (rebuild) argv.emplace_back("--rebuild");
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(corpus.string());
    return argv;
}

Child::Child(const std::vector<std::string>& argv, const fs::path& output_dir,
             const std::vector<std::string>& env) {
    static int counter = 0;
    const std::string stem =
        "child-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    m_out = output_dir / (stem + ".out");
    m_err = output_dir / (stem + ".err");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, m_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    try {
        m_pid = spawn(argv, env, actions);
    } catch (...) {
        posix_spawn_file_actions_destroy(&actions);
        throw;
    }
    posix_spawn_file_actions_destroy(&actions);
}

Child::~Child() {
    if (m_reaped || m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
}

std::optional<int> Child::wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_reaped) {
        int status = 0;
        const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_reaped = true;
            m_status = status;
            break;
        }
        if (r < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (WIFEXITED(m_status)) return WEXITSTATUS(m_status);
    if (WIFSIGNALED(m_status)) return 128 + WTERMSIG(m_status);
    return -1;
}

bool Child::wait_stopped(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_reaped) {
        int status = 0;
        const pid_t r = ::waitpid(m_pid, &status, WNOHANG | WUNTRACED);
        if (r == m_pid) {
            if (WIFSTOPPED(status)) return true;
            m_reaped = true;
            m_status = status;
            return false;
        }
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

void Child::signal(int signal) const {
    if (!m_reaped) ::kill(m_pid, signal);
}

namespace {
std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}
}  // namespace

std::string Child::out() const { return slurp(m_out); }
std::string Child::err() const { return slurp(m_err); }

std::uint64_t test_seed() {
    if (const char* value = std::getenv("DATELINE_TEST_SEED"); value != nullptr && *value) {
        return std::strtoull(value, nullptr, 10);
    }
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return static_cast<std::uint64_t>(now) % 1000000007ULL ^ static_cast<std::uint64_t>(::getpid());
}

TmpfsMount::TmpfsMount(fs::path dir, std::uint64_t bytes) : m_dir(std::move(dir)) {
    fs::create_directories(m_dir);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0777";
    if (::mount("tmpfs", m_dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
        m_reason = std::string("cannot mount a tmpfs on ") + m_dir.string() + ": " +
                   std::strerror(errno) + " (needs root / CAP_SYS_ADMIN)";
        return;
    }
    m_mounted = true;
}

TmpfsMount::~TmpfsMount() {
    if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
}

bool TmpfsMount::remount_read_only() {
    if (::mount(nullptr, m_dir.c_str(), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                nullptr) != 0) {
        m_reason = std::string("cannot remount read-only: ") + std::strerror(errno);
        return false;
    }
    return true;
}

NoLeakCheckUnderPtrace::NoLeakCheckUnderPtrace() {
    const char* value = std::getenv("ASAN_OPTIONS");
    if (value != nullptr) m_saved = value;
    const std::string options = m_saved ? *m_saved + ":detect_leaks=0" : "detect_leaks=0";
    ::setenv("ASAN_OPTIONS", options.c_str(), 1);
}

NoLeakCheckUnderPtrace::~NoLeakCheckUnderPtrace() {
    if (m_saved) {
        ::setenv("ASAN_OPTIONS", m_saved->c_str(), 1);
    } else {
        ::unsetenv("ASAN_OPTIONS");
    }
}

bool strace_refused(const std::string& stderr_text) {
    // strace's own complaints start with "strace: " ("strace: attach: ptrace(PTRACE_SEIZE,
    // ...): Operation not permitted"); the traced program's errors do not.
    return stderr_text.find("strace: ") != std::string::npos &&
           stderr_text.find("ptrace") != std::string::npos;
}

std::optional<fs::path> find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const fs::path candidate = fs::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

std::optional<std::vector<std::string>> unprivileged_prefix(std::string& reason) {
    if (::geteuid() != 0) {
        reason =
            "not root: cannot switch to an unprivileged user (and root-only modes do not apply)";
        return std::nullopt;
    }
    const auto setpriv = find_program("setpriv");
    if (!setpriv) {
        reason = "setpriv not found (util-linux)";
        return std::nullopt;
    }
    std::vector<std::string> prefix{setpriv->string(), "--reuid=65534", "--regid=65534",
                                    "--clear-groups"};
    std::vector<std::string> probe = prefix;
    probe.push_back(index_search_exe().string());
    probe.emplace_back("--help");
    if (run(probe).exit_code != 0) {
        reason = "setpriv cannot run index-search as uid 65534 here (is the build tree readable?)";
        return std::nullopt;
    }
    return prefix;
}

void give_to_nobody(const fs::path& path) {
    if (::lchown(path.c_str(), 65534, 65534) != 0) {
        throw std::runtime_error("chown " + path.string() + ": " + std::strerror(errno));
    }
    if (fs::is_directory(fs::symlink_status(path))) {
        for (const auto& entry : fs::recursive_directory_iterator(path)) {
            if (::lchown(entry.path().c_str(), 65534, 65534) != 0) {
                throw std::runtime_error("chown " + entry.path().string() + ": " +
                                         std::strerror(errno));
            }
        }
    }
}

}  // namespace dateline::test
