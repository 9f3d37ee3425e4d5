#include "test_support.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <random>
#include <span>
#include <spawn.h>
#include <stdexcept>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace dateline::test {
namespace {

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

TempDir::TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = base / ("dateline-test-" + std::to_string(rd()));
        if (std::filesystem::create_directory(candidate)) {
            m_path = std::move(candidate);
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(const std::filesystem::path& relative,
                                     std::string_view content) const {
    auto full = m_path / relative;  // returned: not const
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + full.string());
    return full;
}

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const posix_spawn_file_actions_t& actions) {
    std::vector<std::string> env_strings;
    std::size_t inherited = 0;
    // environ's length is only known by walking to its null pointer.
    // NOLINTNEXTLINE(cppcoreguidelines-pro-bounds-pointer-arithmetic)
    while (environ[inherited] != nullptr) ++inherited;
    const std::span<char*> environment(environ, inherited);
    env_strings.reserve(inherited + env.size());
    for (const char* e : environment) env_strings.emplace_back(e);
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    argp.reserve(args.size() + 1);
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);

    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argp.at(0), &actions, nullptr, argp.data(), envp.data());
    if (rc != 0) {
        throw std::runtime_error("posix_spawn " + argv.at(0) + ": " + std::strerror(rc));
    }
    return pid;
}

CommandResult run(const std::vector<std::string>& argv, const std::string& stdin_data,
                  const std::vector<std::string>& env) {
    // A child that exits before reading all of stdin must not kill the test with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    std::array<int, 2> in{}, out{}, err{};
    check(pipe2(in.data(), O_CLOEXEC) == 0 && pipe2(out.data(), O_CLOEXEC) == 0 &&
              pipe2(err.data(), O_CLOEXEC) == 0,
          "pipe2");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);

    pid_t pid = 0;
    try {
        pid = spawn(argv, env, actions);
    } catch (...) {
        posix_spawn_file_actions_destroy(&actions);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
        throw;
    }
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    close(err[1]);

    // Feed stdin and drain both outputs together so no pipe fills up and blocks.
    CommandResult result;
    std::size_t written = 0;
    int in_fd = in[1];
    if (stdin_data.empty()) {
        close(in_fd);
        in_fd = -1;
    }
    std::array<pollfd, 3> fds{};
    std::array<char, 65536> buf{};
    for (;;) {
        fds[0] = {out[0], POLLIN, 0};
        fds[1] = {err[0], POLLIN, 0};
        fds[2] = {in_fd, POLLOUT, 0};
        if (fds[0].fd < 0 && fds[1].fd < 0) break;
        if (poll(fds.data(), 3, -1) < 0) {
            if (errno == EINTR) continue;
            check(false, "poll");
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[static_cast<std::size_t>(i)].revents == 0) continue;
            int& fd = i == 0 ? out[0] : err[0];
            const ssize_t n = read(fd, buf.data(), buf.size());
            if (n > 0) {
                (i == 0 ? result.out : result.err).append(buf.data(), static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fd);
                fd = -1;
            }
        }
        if (in_fd >= 0 && fds[2].revents != 0) {
            const std::string_view rest = std::string_view(stdin_data).substr(written);
            const ssize_t n = write(in_fd, rest.data(), rest.size());
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n < 0 || written == stdin_data.size()) {
                close(in_fd);
                in_fd = -1;
            }
        }
    }
    if (in_fd >= 0) close(in_fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::filesystem::path index_build_exe() { return DATELINE_INDEX_BUILD_EXE; }
std::filesystem::path index_search_exe() { return DATELINE_INDEX_SEARCH_EXE; }
std::filesystem::path source_dir() { return DATELINE_SOURCE_DIR; }
std::filesystem::path shipped_data() { return source_dir() / "data"; }

}  // namespace dateline::test
