// Wall time of a whole process, start-up included: runs COMMAND RUNS times (after one
// untimed run that warms the page cache) with its output discarded, and prints the
// median, minimum and maximum. posix_spawn + waitpid, timed with steady_clock, so the
// figure carries no shell or interpreter overhead.
//
//   bench_wall_time RUNS COMMAND [ARGS...]
//
// Prints figures and a RESULT line; never asserts on time. Exit status 1 if COMMAND
// cannot be started or is killed by a signal (its own exit status is reported, not used).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <span>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "bench_support.hpp"

extern char** environ;  // NOLINT: POSIX

namespace {

// Returns the exit status, or -1 if the command could not be run or died by a signal.
// `command` is the tail of argv: argv's own null pointer follows it, as posix_spawnp needs.
int run_once(std::span<char*> command) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int error =
        posix_spawnp(&pid, command.front(), &actions, nullptr, command.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        std::fprintf(stderr, "bench_wall_time: cannot run %s: %s\n", command.front(),
                     std::strerror(error));
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_wall_time RUNS COMMAND [ARGS...]\n");
        return 2;
    }
    try {
        const int runs = dateline::bench::parse_count(args[1], 1);
        const auto command = args.subspan(2);
        const int exit_status = run_once(command);  // warm-up
        if (exit_status < 0) return 1;
        std::vector<double> millis;
        for (int i = 0; i < runs; ++i) {
            const auto start = std::chrono::steady_clock::now();
            if (run_once(command) < 0) return 1;
            millis.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
        }
        const double median = dateline::bench::percentile(millis, 50);
        std::printf("%s: %d runs, median %.2f ms, min %.2f ms, max %.2f ms (exit status %d)\n",
                    command.front(), runs, median, millis.front(), millis.back(), exit_status);
        std::printf("RESULT runs=%d median_ms=%.2f min_ms=%.2f max_ms=%.2f exit_status=%d\n", runs,
                    median, millis.front(), millis.back(), exit_status);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_wall_time: %s\n", e.what());
        return 2;
    }
    return 0;
}
