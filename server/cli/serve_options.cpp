#include "serve_options.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <string_view>
#include <tuple>

#include <boost/program_options.hpp>

namespace dateline::serve::cli {
namespace po = boost::program_options;
namespace {

po::options_description visible_options() {
    po::options_description desc("Options");
    auto add = desc.add_options();
    add("index", po::value<std::string>(),
        "index directory (default: $DATELINE_INDEX, else ./index)");
    add("listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
        "HOST:PORT to listen on ([::1]:PORT for IPv6; port 0 picks a free one)");
    add("workers", po::value<std::string>(),
        "search threads, each with its own searcher "
        "(default: the number of cores)");
    add("max-connections", po::value<std::string>()->default_value("256"),
        "open connections at most; more are answered 503");
    add("max-header-bytes", po::value<std::string>()->default_value("8192"),
        "request line and headers at most; more is 431");
    add("request-timeout", po::value<std::string>()->default_value("10"),
        "SECONDS for a request to arrive whole (and for idle keep-alive connections)");
    add("drain-timeout", po::value<std::string>()->default_value("10"),
        "on SIGTERM/SIGINT, SECONDS to finish requests in flight");
    add("cors", po::value<std::string>(), "allow cross-origin API calls from ORIGIN");
    add("access-log", po::value<std::string>(),
        "append one line per request to FILE (- for stdout)");
    add("timeout", po::value<std::string>(),
        "remote shards: wait at most MS milliseconds for an answer (default 10000)");
    add("connect-timeout", po::value<std::string>(),
        "remote shards: wait at most MS milliseconds to connect (default 10000)");
    add("allow-partial", po::bool_switch(),
        "answer from the available shards when some are unavailable, and say so");
    add("help", po::bool_switch(), "show this help");
    return desc;
}

std::size_t whole_number(std::string_view text, const char* what, std::size_t min,
                         std::size_t max) {
    std::size_t value = 0;
    const char* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || p != end || value < min || value > max) {
        throw UsageError(std::string("--") + what + " needs a whole number from " +
                         std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                         std::string(text) + "'");
    }
    return value;
}

}  // namespace

CliOptions parse_command_line(int argc, const char* const argv[]) {
    po::variables_map vm;
    try {
        const auto style =
            po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(argc, argv).options(visible_options()).style(style).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    CliOptions o;
    const auto text = [&](const char* name) { return vm[name].as<std::string>(); };
    const auto optional = [&](const char* name) -> std::optional<std::string> {
        if (vm.count(name) == 0) return std::nullopt;
        return vm[name].as<std::string>();
    };
    o.index = optional("index");
    o.listen = text("listen");
    o.workers = optional("workers");
    o.max_connections = text("max-connections");
    o.max_header_bytes = text("max-header-bytes");
    o.request_timeout = text("request-timeout");
    o.drain_timeout = text("drain-timeout");
    o.cors = optional("cors");
    o.access_log = optional("access-log");
    o.timeout = optional("timeout");
    o.connect_timeout = optional("connect-timeout");
    o.allow_partial = vm["allow-partial"].as<bool>();
    o.help = vm["help"].as<bool>();
    return o;
}

std::pair<std::string, std::uint16_t> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw UsageError("--listen needs HOST:PORT, not '" + text + "'");
    }
    auto host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto port = whole_number(text.substr(colon + 1), "listen", 0, 65535);
    return {host, static_cast<std::uint16_t>(port)};
}

ServerOptions validate(const CliOptions& o, const char* env_index, unsigned cores) {
    ServerOptions s;
    s.index = o.index ? *o.index : command_line::default_index_dir(env_index);
    std::tie(s.host, s.port) = parse_listen(o.listen);
    s.workers = o.workers ? static_cast<unsigned>(whole_number(*o.workers, "workers", 1, 256))
                          : std::max(1U, cores);
    s.max_connections = whole_number(o.max_connections, "max-connections", 1, 100'000);
    s.max_header_bytes = whole_number(o.max_header_bytes, "max-header-bytes", 1024, 1 << 20);
    s.request_timeout =
        std::chrono::seconds(whole_number(o.request_timeout, "request-timeout", 1, 3600));
    s.drain_timeout = std::chrono::seconds(whole_number(o.drain_timeout, "drain-timeout", 0, 3600));
    if (o.cors) {
        if (o.cors->empty() || o.cors->find_first_of("\r\n") != std::string::npos) {
            throw UsageError("--cors needs an origin such as https://news.example.org");
        }
        s.routes.cors_origin = *o.cors;
    }
    s.access_log = o.access_log.value_or("");
    try {
        s.searcher = make_searcher_options(
            {.timeout = o.timeout ? std::optional<RequestArgument>({"--timeout", *o.timeout})
                                  : std::nullopt,
             .connect_timeout = o.connect_timeout ? std::optional<RequestArgument>(
                                                        {"--connect-timeout", *o.connect_timeout})
                                                  : std::nullopt,
             .allow_partial = o.allow_partial});
    } catch (const RequestArgumentError& e) {
        throw UsageError(e.what());
    }
    s.routes.max_page_size = s.searcher.max_page_size;
    return s;
}

std::string help_text() {
    std::ostringstream out;
    out << "Usage: index-serve [--index DIR] [--listen HOST:PORT] [options]\n"
           "\n"
           "Serves an index built by index-build over HTTP: a search page at /, the JSON API\n"
           "at /api/search (the JSON of index-search --json) and /api/stats, and /healthz.\n"
           "Listens on 127.0.0.1:8080 unless told otherwise. See docs/SERVER.md.\n\n"
        << visible_options()
        << "\nExamples:\n"
           "  index-serve --index news-index\n"
           "  curl 'http://127.0.0.1:8080/api/search?q=putin&limit=3'\n"
           "  index-serve --listen 127.0.0.1:0 --access-log - --cors https://app.example.org\n"
           "\nSIGTERM or SIGINT: stop accepting, answer the requests in flight, exit 0.\n"
           "Exit status: 0 after a signal, 2 on a usage error or an index that cannot be\n"
           "opened, 1 if it cannot listen.\n"
           "Environment: DATELINE_INDEX (default index).\n";
    return out.str();
}

}  // namespace dateline::serve::cli
