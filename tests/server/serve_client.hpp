/// @file
/// For the server tests: a running index-serve (started on a free loopback port, stopped
/// by its pid), a minimal HTTP client over raw sockets (so that tests can also send what
/// no real client would), and the shipped corpus built once per test binary.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace dateline::test {

/// The built index-serve binary.
std::filesystem::path index_serve_exe();

/// The shipped corpus (data/) built into a temporary directory, once per binary.
const std::filesystem::path& shipped_index();

/// One index-serve process: `--listen 127.0.0.1:0` plus `args`, stderr to a file. The
/// constructor waits (at most 20 s) for its "listening on" line. The destructor stops
/// it (SIGKILL if still running) by its pid, never by name.
class RunningServer {
  public:
    explicit RunningServer(const std::vector<std::string>& args);
    ~RunningServer();
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return m_port; }
    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }
    /// Sends `signal` (0: none) and waits (at most `limit`) for the exit; the exit status, 128 +
    /// signal if killed, or -1 if it did not exit in time.
    int stop(int signal, std::chrono::milliseconds limit = std::chrono::seconds(20));
    [[nodiscard]] std::string log() const;  ///< what it wrote to stderr

  private:
    std::filesystem::path m_dir;
    std::filesystem::path m_err;
    pid_t m_pid = -1;
    std::uint16_t m_port = 0;
};

struct HttpResponse {
    int status = 0;    ///< 0: no answer (closed or timed out)
    std::string head;  ///< status line and headers
    std::string body;
    [[nodiscard]] std::optional<std::string> header(const std::string& name) const;
};

/// One client connection to 127.0.0.1:`port`.
class Connection {
  public:
    explicit Connection(std::uint16_t port);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Sends raw bytes; false if the peer has closed.
    bool send(const std::string& bytes);
    /// Reads one response (Content-Length bodies; no body for HEAD when `head_request`).
    HttpResponse read_response(std::chrono::milliseconds limit = std::chrono::seconds(20),
                               bool head_request = false);
    /// True if the server closes the connection within `limit` (reads and drops data).
    bool closed_within(std::chrono::milliseconds limit);

  private:
    int m_fd = -1;
    std::string m_pending;
};

/// GET (or another method) of `target` on a fresh connection.
HttpResponse http_request(std::uint16_t port, const std::string& target,
                          const std::string& method = "GET", const std::string& headers = {});

/// The JSON text with its "took_ms" value (which varies by run) removed.
std::string without_timing(const std::string& json_text);

}  // namespace dateline::test
