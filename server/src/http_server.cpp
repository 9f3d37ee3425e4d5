#include "http_server.hpp"

#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "access_log.hpp"
#include "worker_pool.hpp"

namespace dateline::serve {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr const char* kServerName = "Dateline index-serve";

}  // namespace

class Session;

struct Server::Impl {
    explicit Impl(ServerOptions o)
        : options(std::move(o)),
          io(1),
          acceptor(io),
          signals(io, SIGINT, SIGTERM),
          drain_timer(io),
          pool(options.workers, options.index, options.searcher),
          log(options.access_log) {}

    void listen();
    void accept();
    void reject(Tcp::socket socket);
    void begin_drain();
    void add(const std::shared_ptr<Session>& session);
    void remove(Session* session);
    void finish();

    ServerOptions options;
    net::io_context io;
    Tcp::acceptor acceptor;
    net::signal_set signals;
    net::steady_timer drain_timer;
    WorkerPool pool;
    AccessLog log;
    std::mutex sessions_mutex;  // sessions may be destroyed off the network thread
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
    bool draining = false;  // network thread only
    bool finished = false;
};

// One connection: reads a request, answers it (inline or through a worker), and reads
// the next one while the client keeps the connection alive. Runs on the network thread.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(Tcp::socket socket, Server::Impl* server)
        : m_stream(std::move(socket)), m_server(server) {
        beast::error_code ec;
        const auto peer = m_stream.socket().remote_endpoint(ec);
        m_client = ec ? "-" : peer.address().to_string();
    }

    void start() {
        m_server->add(shared_from_this());
        read();
    }

    // Shutdown: a connection waiting for a request closes now; one whose request has
    // begun to arrive, or is being answered, closes after its answer.
    void drain() {
        if (m_state != State::kReading) return;
        beast::error_code ec;
        const bool arriving =
            m_parser->got_some() || m_buffer.size() > 0 || m_stream.socket().available(ec) > 0;
        if (!arriving) m_stream.cancel();
    }

  private:
    enum class State { kReading, kWorking, kWriting, kClosed };

    void read() {
        m_state = State::kReading;
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_server->options.max_header_bytes));
        m_parser->body_limit(m_server->options.max_body_bytes);
        m_stream.expires_after(m_server->options.request_timeout);
        http::async_read(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (m_state == State::kClosed) return;
        m_started = Clock::now();
        if (ec) {
            m_keep_alive = false;
            m_method = "-";
            m_target = "-";
            if (ec == http::error::header_limit) {
                answer(error_response(431, "headers_too_large",
                                      "the request line and headers exceed " +
                                          std::to_string(m_server->options.max_header_bytes) +
                                          " bytes"));
            } else if (ec == http::error::body_limit) {
                answer(error_response(413, "payload_too_large",
                                      "the request body exceeds " +
                                          std::to_string(m_server->options.max_body_bytes) +
                                          " bytes"));
            } else if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
                       ec == net::error::operation_aborted || ec == net::error::eof ||
                       ec == net::error::connection_reset || !m_parser->got_some()) {
                close();  // the client left, idled out, or we are shutting down
            } else {
                answer(
                    error_response(400, "bad_request", "malformed HTTP request: " + ec.message()));
            }
            return;
        }
        const auto& request = m_parser->get();
        m_method = std::string(request.method_string());
        m_target = std::string(request.target());
        m_version = request.version();
        m_keep_alive = request.keep_alive();
        if (!needs_searcher(m_method, m_target)) {
            answer(respond(m_method, m_target, {}, m_server->options.routes));
            return;
        }
        m_state = State::kWorking;
        m_server->pool.submit([self = shared_from_this()](const SearcherSource& searcher) {
            auto response =
                respond(self->m_method, self->m_target, searcher, self->m_server->options.routes);
            net::post(self->m_stream.get_executor(),
                      [self, response = std::move(response)]() mutable {
                          self->answer(std::move(response));
                      });
        });
    }

    void answer(Response response) {
        if (m_state == State::kClosed) return;
        m_state = State::kWriting;
        const bool keep_alive = m_keep_alive && !m_server->draining;
        m_response = {};
        m_response.version(m_version == 10 ? 10 : 11);
        m_response.result(static_cast<http::status>(response.status));
        m_response.set(http::field::server, kServerName);
        if (!response.content_type.empty()) {
            m_response.set(http::field::content_type, response.content_type);
        }
        m_response.set("X-Content-Type-Options", "nosniff");
        for (const auto& [name, value] : response.headers) m_response.set(name, value);
        m_bytes = response.body.size();
        if (m_method == "HEAD") {
            m_response.content_length(response.body.size());
        } else {
            m_response.body() = std::move(response.body);
            m_response.prepare_payload();
        }
        m_response.keep_alive(keep_alive);
        m_server->log.write(
            {.client = m_client,
             .method = m_method,
             .target = m_target,
             .version = m_version,
             .status = response.status,
             .bytes = m_bytes,
             .milliseconds =
                 std::chrono::duration<double, std::milli>(Clock::now() - m_started).count()});
        m_stream.expires_after(m_server->options.request_timeout);
        http::async_write(
            m_stream, m_response,
            [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive || self->m_server->draining) {
                    self->close();
                } else {
                    self->read();
                }
            });
    }

    void close() {
        if (m_state == State::kClosed) return;
        m_state = State::kClosed;
        beast::error_code ec;
        m_stream.socket().shutdown(Tcp::socket::shutdown_send, ec);
        m_stream.socket().close(ec);
        m_server->remove(this);
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::response<http::string_body> m_response;
    Server::Impl* m_server;  // outlives every session: sessions live in its io_context
    std::string m_client;
    State m_state = State::kReading;
    std::string m_method;
    std::string m_target;
    unsigned m_version = 11;
    bool m_keep_alive = false;
    std::size_t m_bytes = 0;
    Clock::time_point m_started;
};

void Server::Impl::listen() {
    beast::error_code ec;
    Tcp::resolver resolver(io);
    const auto endpoints =
        resolver.resolve(options.host, std::to_string(options.port),
                         Tcp::resolver::passive | Tcp::resolver::numeric_service, ec);
    const auto where = options.host + ":" + std::to_string(options.port);
    if (ec || endpoints.empty()) {
        throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
    }
    const auto endpoint = endpoints.begin()->endpoint();
    const auto fail = [&](const char* step) {
        throw std::runtime_error("cannot listen on " + where + ": " + step + ": " + ec.message());
    };
    if (acceptor.open(endpoint.protocol(), ec)) fail("open");
    if (acceptor.set_option(net::socket_base::reuse_address(true), ec)) fail("reuse_address");
    if (acceptor.bind(endpoint, ec)) fail("bind");
    if (acceptor.listen(net::socket_base::max_listen_connections, ec)) fail("listen");
}

void Server::Impl::accept() {
    acceptor.async_accept(io, [self = this](beast::error_code ec, Tcp::socket s) {
        if (!self->acceptor.is_open() || self->draining) return;
        if (!ec) {
            std::size_t open = 0;
            {
                const std::lock_guard lock(self->sessions_mutex);
                open = self->sessions.size();
            }
            if (open >= self->options.max_connections) {
                self->reject(std::move(s));
            } else {
                std::make_shared<Session>(std::move(s), self)->start();
            }
        }
        // Errors (a client that reset before accept, no descriptors left) affect one
        // connection; keep accepting.
        self->accept();
    });
}

// Over the connection limit: a fixed 503 written without waiting (it fits in the
// socket buffer of a new connection), then closed. No session, no worker.
void Server::Impl::reject(Tcp::socket socket) {
    const auto body = error_response(503, "overloaded",
                                     "too many connections (" +
                                         std::to_string(options.max_connections) + "); try again")
                          .body;
    const auto text =
        "HTTP/1.1 503 Service Unavailable\r\nServer: " + std::string(kServerName) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body;
    beast::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    socket.non_blocking(true, ec);
    net::write(socket, net::buffer(text), ec);
    socket.shutdown(Tcp::socket::shutdown_both, ec);
    socket.close(ec);
    const auto client = peer.address().to_string();
    log.write({.client = client,
               .method = "-",
               .target = "-",
               .version = 11,
               .status = 503,
               .bytes = body.size(),
               .milliseconds = 0});
}

void Server::Impl::add(const std::shared_ptr<Session>& session) {
    const std::lock_guard lock(sessions_mutex);
    sessions.emplace(session.get(), session);
}

void Server::Impl::remove(Session* session) {
    bool empty = false;
    {
        const std::lock_guard lock(sessions_mutex);
        sessions.erase(session);
        empty = sessions.empty();
    }
    if (draining && empty) finish();
}

void Server::Impl::begin_drain() {
    if (draining) return;
    draining = true;
    beast::error_code ec;
    acceptor.close(ec);
    std::vector<std::shared_ptr<Session>> open;
    {
        const std::lock_guard lock(sessions_mutex);
        for (const auto& [ptr, weak] : sessions) {
            if (auto s = weak.lock()) open.push_back(std::move(s));
        }
    }
    if (open.empty()) {
        finish();
        return;
    }
    for (const auto& s : open) s->drain();
    drain_timer.expires_after(options.drain_timeout);
    drain_timer.async_wait([self = this](beast::error_code timer_ec) {
        if (!timer_ec) self->finish();  // requests still in flight: give up on them
    });
}

void Server::Impl::finish() {
    if (finished) return;
    finished = true;
    beast::error_code ec;
    drain_timer.cancel(ec);
    signals.cancel(ec);
    io.stop();
}

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    m_impl->listen();
}

// Members go in reverse order: the pool finishes its jobs while the io_context still
// exists, then the io_context drops its pending handlers and with them the sessions.
Server::~Server() = default;

std::uint16_t Server::port() const { return m_impl->acceptor.local_endpoint().port(); }

void Server::run() {
    m_impl->signals.async_wait([impl = m_impl.get()](beast::error_code ec, int) {
        if (!ec) impl->begin_drain();
    });
    m_impl->accept();
    m_impl->io.run();
    m_impl->pool.stop();
}

}  // namespace dateline::serve
