#include "serve_client.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <regex>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "test_support.hpp"

namespace dateline::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

std::filesystem::path index_serve_exe() { return DATELINE_INDEX_SERVE_EXE; }

const std::filesystem::path& shipped_index() {
    static const TempDir kDir;
    static const std::filesystem::path kIndex = [] {
        auto path = kDir.path() / "index";
        const auto r = run({index_build_exe().string(), "--quiet", "--no-progress", "--index",
                            path.string(), shipped_data().string()});
        if (r.exit_code != 0) throw std::runtime_error("index-build failed: " + r.err);
        return path;
    }();
    return kIndex;
}

RunningServer::RunningServer(const std::vector<std::string>& args) {
    char pattern[] = "/tmp/dateline-serve-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_dir = pattern;
    m_err = m_dir / "stderr.log";
    std::vector<std::string> argv = {index_serve_exe().string(), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), args.begin(), args.end());
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    try {
        m_pid = spawn(argv, {}, actions);
    } catch (...) {
        posix_spawn_file_actions_destroy(&actions);
        throw;
    }
    posix_spawn_file_actions_destroy(&actions);
    const std::regex listening(R"(listening on http://127\.0\.0\.1:([0-9]+)/)");
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
        std::smatch m;
        const auto text = read_file(m_err);
        if (std::regex_search(text, m, listening)) {
            m_port = static_cast<std::uint16_t>(std::stoi(m[1]));
            return;
        }
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("index-serve exited at start: " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop(SIGKILL);
    throw std::runtime_error("index-serve did not start: " + read_file(m_err));
}

RunningServer::~RunningServer() {
    if (m_pid > 0) stop(SIGKILL);
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

int RunningServer::stop(int signal, std::chrono::milliseconds limit) {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, signal);
    const auto deadline = Clock::now() + limit;
    int status = 0;
    while (Clock::now() < deadline) {
        const auto r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_pid = -1;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            return 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

std::string RunningServer::log() const { return read_file(m_err); }

std::optional<std::string> HttpResponse::header(const std::string& name) const {
    std::istringstream in(head);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        auto key = line.substr(0, colon);
        if (key.size() != name.size() ||
            !std::equal(key.begin(), key.end(), name.begin(),
                        [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            continue;
        }
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        return value;
    }
    return std::nullopt;
}

Connection::Connection(std::uint16_t port)
    : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
    }
}

Connection::~Connection() {
    if (m_fd >= 0) ::close(m_fd);
}

bool Connection::send(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto rest = std::string_view(bytes).substr(done);
        const auto n = ::send(m_fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

HttpResponse Connection::read_response(std::chrono::milliseconds limit, bool head_request) {
    const auto deadline = Clock::now() + limit;
    HttpResponse r;
    const auto fill = [&]() {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        char buffer[16384];
        const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0) return false;
        m_pending.append(buffer, static_cast<std::size_t>(n));
        return true;
    };
    std::size_t end = 0;
    while ((end = m_pending.find("\r\n\r\n")) == std::string::npos) {
        if (!fill()) return r;
    }
    r.head = m_pending.substr(0, end + 2);
    m_pending.erase(0, end + 4);
    r.status = std::stoi(r.head.substr(9, 3));
    const auto length = r.header("Content-Length");
    const std::size_t want = head_request || !length ? 0 : std::stoul(*length);
    while (m_pending.size() < want) {
        if (!fill()) break;
    }
    r.body = m_pending.substr(0, want);
    m_pending.erase(0, want);
    return r;
}

bool Connection::closed_within(std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) continue;
        char buffer[4096];
        const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0) return true;
    }
    return false;
}

HttpResponse http_request(std::uint16_t port, const std::string& target, const std::string& method,
                          const std::string& headers) {
    Connection c(port);
    c.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
           "Connection: close\r\n\r\n");
    return c.read_response(std::chrono::seconds(30), method == "HEAD");
}

std::string without_timing(const std::string& json_text) {
    static const std::regex kTook(R"(,"took_ms":[0-9.eE+-]+)");
    return std::regex_replace(json_text, kTook, "");
}

}  // namespace dateline::test
