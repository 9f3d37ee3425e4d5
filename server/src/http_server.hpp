/// @file
/// The HTTP/1.1 server (Boost.Beast over Asio): one network thread accepts connections
/// and reads and writes every socket asynchronously, under limits (header and body size,
/// connection count, a deadline for each request and each answer); whole requests go
/// to the WorkerPool. SIGTERM and SIGINT stop accepting, let the requests in flight be
/// answered, close idle connections and return. docs/SERVER.md describes the limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <dateline/searcher.hpp>

#include "routes.hpp"

namespace dateline::serve {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  ///< 0: any free port (see Server::port())
    std::filesystem::path index;
    SearcherOptions searcher{};
    RouteOptions routes{};
    unsigned workers = 2;
    std::size_t max_connections = 256;    ///< more are answered 503 and closed
    std::size_t max_header_bytes = 8192;  ///< request line and headers; more is 431
    std::size_t max_body_bytes = 4096;    ///< more is 413 (the API takes no body)
    /// Time for a whole request to arrive (from the connection being ready for it, so it
    /// also closes idle keep-alive connections) and for an answer to be taken.
    std::chrono::milliseconds request_timeout{10'000};
    /// On SIGTERM/SIGINT, longest wait for requests in flight before closing anyway.
    std::chrono::milliseconds drain_timeout{10'000};
    std::string access_log;  ///< "" none, "-" standard output, else a file
};

/// Lifetime: construct (binds the socket; throws std::runtime_error if it cannot), then
/// run() on one thread until a signal (or stop()) drains it.
class Server {
  public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The bound port (the one the kernel chose when ServerOptions::port was 0).
    [[nodiscard]] std::uint16_t port() const;

    /// Serves until SIGTERM or SIGINT, then drains and returns.
    void run();

    struct Impl;  ///< the network state, shared with the connections (http_server.cpp)

  private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dateline::serve
