/// @file
/// Shared machinery of the crash, publish, concurrency and fault tests: a deterministic
/// synthetic corpus in two versions (A and B) with known answers, child processes that can
/// be killed, stopped and waited for with a deadline, index inspection, and guards for
/// mounts. Everything here is test code; it may read the environment.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <sys/types.h>
#include <vector>

namespace dateline::test {

/// Query term → ids of the documents containing it.
using Answers = std::map<std::string, std::set<std::string>>;

/// Two versions of one synthetic news corpus. Version B rewrites the marker words of every
/// document, drops every tenth document and adds new ones, so that every probe query has a
/// different answer in A and in B (checked by the generator).
struct CorpusSpec {
    std::uint64_t seed = 1;
    std::size_t documents = 2000;  ///< documents in version A
};

/// Writes version `b` (false: A, true: B) of the corpus as .txt files into `dir` and
/// returns the expected answer of every probe query.
Answers write_corpus(const std::filesystem::path& dir, const CorpusSpec& spec, bool b);

/// The probe query terms (unstemmed words, also valid Searcher queries).
std::vector<std::string> probe_terms();

/// What the index at `index_dir` answers to the probe terms, read through the published
/// stub with Xapian (every posting, no page limit). Throws on any Xapian error.
Answers index_answers(const std::filesystem::path& index_dir);

/// The generation directory the stub names ("" if there is no stub).
std::string stub_target(const std::filesystem::path& index_dir);
/// Database::check() of the published generation; returns the error count.
std::size_t check_published(const std::filesystem::path& index_dir);
/// Names in `index_dir` starting with `prefix` ("tmp-", "gen-", "XAPIANDB.tmp").
std::vector<std::string> entries_with_prefix(const std::filesystem::path& index_dir,
                                             const std::string& prefix);

/// The index-build command line the reliability tests run: quiet, no progress, a
/// full rebuild unless `rebuild` is false, `extra` options, then the corpus.
std::vector<std::string> build_argv(const std::filesystem::path& index,
                                    const std::filesystem::path& corpus,
                                    std::vector<std::string> extra = {}, bool rebuild = true);

/// A child process started by spawn(); its stdout/stderr go to files.
class Child {
  public:
    Child(const std::vector<std::string>& argv, const std::filesystem::path& output_dir,
          const std::vector<std::string>& env = {});
    ~Child();  ///< SIGKILLs and reaps a child that is still running
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }
    /// Waits until it exits (or is killed): exit status, or 128 + signal. nullopt when
    /// `timeout` passed first (the child is left running).
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);
    /// Waits until it stops itself (SIGSTOP, the --debug-pause-at hook). false if it
    /// exited instead or `timeout` passed.
    bool wait_stopped(std::chrono::milliseconds timeout);
    void signal(int signal) const;
    [[nodiscard]] std::string out() const;
    [[nodiscard]] std::string err() const;

  private:
    pid_t m_pid = -1;
    bool m_reaped = false;
    int m_status = 0;
    std::filesystem::path m_out;
    std::filesystem::path m_err;
};

/// The seed for a randomized test: $DATELINE_TEST_SEED if set, else from the clock.
std::uint64_t test_seed();

/// A tmpfs mounted on `dir` for the guard's lifetime (lazily unmounted on destruction,
/// whatever happened in between). ok() is false, with reason(), when it cannot be mounted
/// (not root, no CAP_SYS_ADMIN): the caller skips.
class TmpfsMount {
  public:
    TmpfsMount(std::filesystem::path dir, std::uint64_t bytes);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
    [[nodiscard]] bool ok() const noexcept { return m_mounted; }
    [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }
    /// Remounts read-only. Returns false (with reason()) on failure.
    bool remount_read_only();

  private:
    std::filesystem::path m_dir;
    bool m_mounted = false;
    std::string m_reason;
};

/// LeakSanitizer cannot run under ptrace: while alive, children started under strace get
/// detect_leaks=0 added to $ASAN_OPTIONS (a no-op in builds without sanitizers).
class NoLeakCheckUnderPtrace {
  public:
    NoLeakCheckUnderPtrace();
    ~NoLeakCheckUnderPtrace();
    NoLeakCheckUnderPtrace(const NoLeakCheckUnderPtrace&) = delete;
    NoLeakCheckUnderPtrace& operator=(const NoLeakCheckUnderPtrace&) = delete;

  private:
    std::optional<std::string> m_saved;
};

/// True when strace itself could not trace (no ptrace permission here): the test skips.
bool strace_refused(const std::string& stderr_text);

/// Absolute path of an executable found in $PATH, or nullopt.
std::optional<std::filesystem::path> find_program(const std::string& name);

/// The command prefix that runs a program as an unprivileged user (uid/gid 65534),
/// or nullopt (with `reason`) when that is impossible here.
std::optional<std::vector<std::string>> unprivileged_prefix(std::string& reason);

/// Makes `path` and everything below it owned by uid/gid 65534.
void give_to_nobody(const std::filesystem::path& path);

}  // namespace dateline::test
