// index-serve: the search page and JSON API over HTTP, a thin shell over
// dateline::Searcher (docs/SERVER.md). Exit status: 0 after SIGTERM/SIGINT drained it,
// 1 if it cannot listen, 2 on bad usage or an index that cannot be opened.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include <dateline/searcher.hpp>

#include "command_line.hpp"
#include "http_server.hpp"
#include "serve_options.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kCannotListen = 1;
constexpr int kUsage = 2;

int run(int argc, char* argv[]) {
    using namespace dateline::serve;
    const auto cli = cli::parse_command_line(argc, argv);
    if (cli.help) {
        std::cout << cli::help_text();
        return kExitOk;
    }
    const auto options = cli::validate(cli, std::getenv(dateline::command_line::kIndexEnvVar),
                                       std::thread::hardware_concurrency());
    {
        // Fail at start on a missing or incompatible index rather than on every request.
        // An unreachable shard is only reported: it may come back, and the API says 503.
        try {
            const dateline::Searcher probe(options.index, options.searcher);
        } catch (const dateline::ShardUnavailableError& e) {
            std::cerr << "index-serve: warning: " << e.what() << '\n';
        }
    }
    std::unique_ptr<Server> server;
    try {
        server = std::make_unique<Server>(options);
    } catch (const std::runtime_error& e) {
        std::cerr << "index-serve: " << e.what() << '\n';
        return kCannotListen;
    }
    const bool v6 = options.host.find(':') != std::string::npos;
    std::cerr << "index-serve: listening on http://" << (v6 ? "[" : "") << options.host
              << (v6 ? "]" : "") << ':' << server->port() << "/ (index " << options.index.string()
              << ", " << options.workers << " workers)" << std::endl;
    server->run();
    std::cerr << "index-serve: stopped" << std::endl;
    return kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
    // A client that hangs up mid-answer is an error on that connection, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return run(argc, argv);
    } catch (const dateline::serve::cli::UsageError& e) {
        std::cerr << "index-serve: " << e.what() << " (try: index-serve --help)\n";
    } catch (const dateline::Error& e) {
        std::cerr << "index-serve: " << e.what() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "index-serve: " << e.what() << '\n';
    }
    return kUsage;
}
