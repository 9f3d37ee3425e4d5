// index-build: a thin shell over dateline::build_index(). Parses the command line, reads
// standard input for '-', shows progress on a terminal, prints the summary, and maps
// outcomes and exceptions to the documented exit codes.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

#include <dateline/detail/build_hooks.hpp>
#include <dateline/display_escape.hpp>
#include <dateline/errors.hpp>
#include <dateline/indexer.hpp>

#include "command_line.hpp"
#include "index_build_options.hpp"
#include "index_build_output.hpp"

namespace {

using namespace dateline;
using namespace dateline::index_build;

// The signal number (SIGINT or SIGTERM) that asked us to stop; 0 while none did.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_signal(int signal) { g_interrupted = signal; }

int interrupted_exit_code() {
    return g_interrupted == SIGTERM ? kExitTerminated : kExitInterrupted;
}

// The hidden --debug-crash-at / --debug-pause-at test hooks: die or stop exactly at a
// publish step, so that tests can enumerate crash points without timing luck.
detail::BuildHooks debug_hooks(const CliRequest& request) {
    if (!request.debug_crash_at && !request.debug_pause_at) return {};
    return {.after_step = [crash = request.debug_crash_at,
                           pause = request.debug_pause_at](std::string_view step) {
        if (crash && step == *crash) ::raise(SIGKILL);
        if (pause && step == *pause) ::raise(SIGSTOP);
    }};
}

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = &on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocking read of stdin should return EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

std::optional<std::string> environment_index() {
    const char* value = std::getenv(command_line::kIndexEnvVar);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

// Reads at most max + 1 bytes: enough for the library to say too_large without holding
// an unbounded stream in memory.
std::string read_stdin(std::uint64_t max_bytes) {
    std::string data;
    char buffer[65536];
    while (data.size() <= max_bytes) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                if (g_interrupted) break;
                continue;
            }
            throw IoError(std::string("cannot read standard input: ") + std::strerror(errno));
        }
        if (n == 0) break;
        data.append(buffer, static_cast<std::size_t>(n));
    }
    return data;
}

class ProgressDisplay {
  public:
    explicit ProgressDisplay(bool enabled) : m_enabled(enabled) {}
    void update(const BuildProgress& progress) {
        if (!m_enabled) return;
        const auto now = std::chrono::steady_clock::now();
        if (m_shown && now - m_last < std::chrono::milliseconds(100) &&
            progress.files_done != progress.files_total) {
            return;
        }
        m_last = now;
        m_shown = true;
        std::cerr << "\r\033[K" << progress_line(progress) << std::flush;
    }
    void finish() {
        if (m_shown) std::cerr << "\r\033[K" << std::flush;
        m_shown = false;
    }

  private:
    bool m_enabled;
    bool m_shown = false;
    std::chrono::steady_clock::time_point m_last{};
};

int run(int argc, char** argv) {
    const CliOptions options = parse_command_line(argc, argv);
    if (options.help) {
        std::cout << help_text();
        return kExitOk;
    }
    const CliRequest request = validate(options, environment_index());
    install_signal_handlers();

    BuildOptions build;
    build.index_dir = request.index_dir;
    build.inputs = request.inputs;
    build.rebuild = request.rebuild;
    build.synonyms_file = request.synonyms_file;
    build.sources_file = request.sources_file;
    build.max_file_size = request.max_file_size;
    build.memory_budget = request.memory_budget;
    build.threads = request.threads;
    build.shards = request.shards;
    build.force = request.force;
    if (request.reads_stdin) build.stdin_data = read_stdin(request.max_file_size);
    if (g_interrupted) throw BuildCancelledError("interrupted; nothing was published");

    ProgressDisplay display(request.progress && ::isatty(STDERR_FILENO) == 1);
    build.progress = [&display](const BuildProgress& p) { display.update(p); };
    build.cancel_requested = [] { return g_interrupted != 0; };

    BuildReport report;
    try {
        report = detail::build_index_with_hooks(build, debug_hooks(request));
    } catch (...) {
        display.finish();
        throw;
    }
    display.finish();

    for (const auto& line : problem_lines(report, !request.quiet)) {
        std::cerr << "index-build: " << escape_for_display(line) << '\n';
    }
    if (!request.quiet) std::cerr << human_summary(report, request.index_dir);
    if (request.json) {
        std::cout << summary_json(report, request.index_dir)
                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << std::endl;
    }
    return exit_code_for(report);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "index-build: " << escape_for_display(e.what())
                  << "\nTry 'index-build --help'.\n";
        return kExitFatal;
    } catch (const IndexLockedError& e) {
        std::cerr << "index-build: " << escape_for_display(e.what()) << '\n';
        return kExitLocked;
    } catch (const BuildCancelledError& e) {
        std::cerr << "index-build: " << escape_for_display(e.what()) << '\n';
        return interrupted_exit_code();
    } catch (const IndexShrinkError& e) {
        std::cerr << "index-build: " << escape_for_display(e.what()) << '\n';
        return kExitRefused;
    } catch (const IoError& e) {
        std::cerr << "index-build: " << escape_for_display(e.what())
                  << " (nothing was published; previous index "
                  << "unchanged)\n";
        return kExitIoError;
    } catch (const std::exception& e) {
        std::cerr << "index-build: " << escape_for_display(e.what())
                  << " (previous index unchanged)\n";
        return kExitFatal;
    }
}
