// index-serve end to end, over loopback: the API against index-search --json, every error
// status, path traversal, oversized requests, slow and concurrent clients, searches while
// index-build publishes, keep-alive, CORS and shutdown.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "serve_client.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;
using namespace std::chrono_literals;
using Json = nlohmann::json;

std::string search_json(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {index_search_exe().string(), "--index",
                                     shipped_index().string(), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run(argv);
    REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
    return r.out;
}

}  // namespace

TEST_CASE("the API answers exactly what index-search --json prints for the same request") {
    RunningServer server({"--index", shipped_index().string(), "--workers", "2"});
    const std::vector<std::pair<std::string, std::vector<std::string>>> table = {
        {"q=putin", {"putin"}},
        {"q=putin&limit=2&offset=1", {"--limit", "2", "--offset", "1", "putin"}},
        {"q=Trump+AND+%28Putin+OR+Ushakov%29+NOT+Iran&sort=date",
         {"--sort", "date", "Trump AND (Putin OR Ushakov) NOT Iran"}},
        {"q=%22root+causes%22+Putin", {"\"root causes\" Putin"}},
        {"from=2025-07-04&to=2025-07-04", {"--from", "2025-07-04", "--to", "2025-07-04"}},
        {"q=ukrain*&date_facet=day&sort=date-asc",
         {"--date-facet", "day", "--sort", "date-asc", "ukrain*"}},
        {"q=zelenskyy", {"zelenskyy"}},
        {"q=putn", {"putn"}},
        {"q=putin+iran&any=1&facets=0", {"--any", "--no-facets", "putin", "iran"}},
        {"q=putin&recency=30", {"--recency", "30", "putin"}},
        {"q=nosuchwordanywhere", {"nosuchwordanywhere"}},
        {"q=putin&collapse=0", {"--no-collapse", "putin"}},
        {"story=3b28cfc66e1684b8", {"--story", "3b28cfc66e1684b8"}},
        {"q=kremlin&story=3b28cfc66e1684b8", {"--story", "3b28cfc66e1684b8", "kremlin"}},
        {"q=putin&collapse=0&facet=cites:2&facet=site&facet=author",
         {"--no-collapse", "--facet", "cites:2", "--facet", "site", "--facet", "author", "putin"}},
        {"like=003_f12a307bb183d36d.txt&collapse=0",
         {"--like", "003_f12a307bb183d36d.txt", "--no-collapse"}},
    };
    for (const auto& [query, args] : table) {
        // clang 14 cannot capture a structured binding in CAPTURE's lambda.
        const auto& shown_query = query;
        CAPTURE(shown_query);
        const auto r = http_request(server.port(), "/api/search?" + query);
        CHECK(r.status == 200);
        CHECK(r.header("Content-Type") == "application/json");
        CHECK(without_timing(r.body) == without_timing(search_json(args)));
    }
    const auto stats = http_request(server.port(), "/api/stats");
    CHECK(stats.status == 200);
    CHECK(stats.body == search_json({"--stats"}));
    const auto health = http_request(server.port(), "/healthz");
    CHECK(health.status == 200);
    CHECK(Json::parse(health.body)["status"] == "ok");
    CHECK(server.stop(SIGTERM) == 0);
}

TEST_CASE("every error status, as JSON {error: {type, message, position}}") {
    dateline::test::TempDir dir;
    // A stub with a shard nobody serves: 503 unless partial answers are allowed.
    std::filesystem::path generation;
    for (const auto& e : std::filesystem::directory_iterator(shipped_index())) {
        if (e.path().filename().string().rfind("gen-", 0) == 0) generation = e.path();
    }
    dir.write("stub/XAPIANDB", "auto " + generation.string() + "\nremote 127.0.0.1:1\n");
    RunningServer server({"--index", shipped_index().string(), "--max-header-bytes", "4096"});
    RunningServer sharded({"--index", (dir.path() / "stub").string(), "--connect-timeout", "2000"});
    RunningServer partial({"--index", (dir.path() / "stub").string(), "--connect-timeout", "2000",
                           "--allow-partial"});

    struct Case {
        std::string target;
        int status;
        std::string type;
        bool has_position;
    };
    const std::vector<Case> cases = {
        {"/api/search?q=date:2025-02-30", 400, "query_error", true},
        {"/api/search?q=putin&limit=1001", 400, "bad_parameter", false},
        {"/api/search?q=putin&limit=ten", 400, "bad_parameter", false},
        {"/api/search?q=putin&from=2025-02-30", 400, "bad_parameter", false},
        {"/api/search?q=putin&from=2025-08&to=2025-07", 400, "bad_parameter", false},
        {"/api/search?q=putin&sort=newest", 400, "bad_parameter", false},
        {"/api/search?q=putin&colour=red", 400, "bad_parameter", false},
        {"/api/search?q=putin&q=iran", 400, "bad_parameter", false},
        {"/api/search?q=putin&any=maybe", 400, "bad_parameter", false},
        {"/api/search?q=putin&collapse=maybe", 400, "bad_parameter", false},
        {"/api/search?story=nope", 400, "bad_parameter", false},
        {"/api/search?q=putin&facet=publisher", 400, "bad_parameter", false},
        {"/api/search?q=putin&facet=site&facet=site:3", 400, "bad_parameter", false},
        {"/api/search", 400, "bad_parameter", false},
        {"/api/search?q=%zz", 400, "bad_request", false},
        {"/api/stats?x=1", 400, "bad_parameter", false},
        {"/api/nothing", 404, "not_found", false},
        {"/index.html", 404, "not_found", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        const auto r = http_request(server.port(), c.target);
        CHECK(r.status == c.status);
        const auto j = Json::parse(r.body);
        CHECK(j["error"]["type"] == c.type);
        CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
        CHECK(j["error"]["position"].is_number() == c.has_position);
    }
    const auto query_error =
        Json::parse(http_request(server.port(), "/api/search?q=date:2025-02-30").body);
    CHECK(query_error["error"]["position"] == 5);  // the date after "date:"

    const auto post =
        http_request(server.port(), "/api/search?q=putin", "POST", "Content-Length: 0\r\n");
    CHECK(post.status == 405);
    CHECK(post.header("Allow") == "GET, HEAD");
    CHECK(Json::parse(post.body)["error"]["type"] == "method_not_allowed");

    const auto big_body =
        http_request(server.port(), "/api/search?q=putin", "POST", "Content-Length: 100000\r\n");
    CHECK(big_body.status == 413);
    CHECK(Json::parse(big_body.body)["error"]["type"] == "payload_too_large");

    const auto big_header = http_request(server.port(), "/api/search?q=putin", "GET",
                                         "X-Padding: " + std::string(8000, 'a') + "\r\n");
    CHECK(big_header.status == 431);
    CHECK(Json::parse(big_header.body)["error"]["type"] == "headers_too_large");
    const auto long_target = http_request(server.port(), "/api/search?q=" + std::string(6000, 'a'));
    CHECK(long_target.status == 431);

    Connection garbage(server.port());
    garbage.send("HELLO\r\n\r\n");
    CHECK(garbage.read_response().status == 400);

    const auto unavailable = http_request(sharded.port(), "/api/search?q=putin");
    CHECK(unavailable.status == 503);
    CHECK(Json::parse(unavailable.body)["error"]["type"] == "shard_unavailable");
    const auto answered = http_request(partial.port(), "/api/search?q=putin");
    CHECK(answered.status == 200);
    CHECK(Json::parse(answered.body)["partial"] == true);

    // The server itself is fine after all that.
    CHECK(http_request(server.port(), "/api/search?q=putin").status == 200);
}

TEST_CASE("path traversal never reaches a file: 400 or 404, nothing served") {
    RunningServer server({"--index", shipped_index().string()});
    for (const std::string target :
         {"/../etc/passwd", "/assets/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets/..%2f..%2fetc%2fpasswd",
          "//etc/passwd", "/assets/dateline.css/../../../../etc/passwd", "/assets/",
          "/assets/.%2e/CMakeCache.txt", "/assets/dateline.css%00.png", R"(/..\..\etc\passwd)",
          "http://127.0.0.1/etc/passwd", "/assets//etc/passwd", "/./api/stats"}) {
        CAPTURE(target);
        const auto r = http_request(server.port(), target);
        CHECK((r.status == 400 || r.status == 404));
        CHECK(r.body.find("root:") == std::string::npos);
        CHECK(r.header("Content-Type") == "application/json");
    }
    const auto css = http_request(server.port(), "/assets/dateline.css");
    CHECK(css.status == 200);
    CHECK(css.header("Content-Type") == "text/css; charset=utf-8");
}

TEST_CASE("slow clients hold no worker and are cut off at the request deadline") {
    // One worker: if a client that never finishes its headers held it, the normal search
    // below could not be answered.
    RunningServer server(
        {"--index", shipped_index().string(), "--workers", "1", "--request-timeout", "2"});
    std::vector<std::unique_ptr<Connection>> stalled;
    for (int i = 0; i < 4; ++i) {
        stalled.push_back(std::make_unique<Connection>(server.port()));
        stalled.back()->send("GET /api/search?q=putin HTTP/1.1\r\nHost: x\r\n");
    }
    Connection dribbler(server.port());
    const auto start = std::chrono::steady_clock::now();
    const auto r = http_request(server.port(), "/api/search?q=putin");
    CHECK(r.status == 200);
    CHECK(std::chrono::steady_clock::now() - start < 1500ms);
    // A client that keeps sending a byte at a time still must finish within the deadline.
    bool dribbler_cut = false;
    const std::string request =
        "GET /api/search?q=putin HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'z') +
        "\r\n\r\n";
    for (const char c : request) {
        if (!dribbler.send(std::string(1, c))) {
            dribbler_cut = true;
            break;
        }
        if (dribbler.closed_within(50ms)) {
            dribbler_cut = true;
            break;
        }
    }
    CHECK(dribbler_cut);
    CHECK(std::chrono::steady_clock::now() - start < 6s);
    for (auto& c : stalled) CHECK(c->closed_within(5s));
    CHECK(server.stop(SIGTERM) == 0);
}

TEST_CASE("keep-alive, HEAD, CORS only when asked, connection limit") {
    RunningServer server({"--index", shipped_index().string(), "--cors", "https://app.example"});
    Connection c(server.port());
    for (int i = 0; i < 3; ++i) {
        c.send("GET /api/search?q=putin&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto r = c.read_response();
        CHECK(r.status == 200);
        CHECK(r.header("Access-Control-Allow-Origin") == "https://app.example");
    }
    c.send("HEAD /api/search?q=putin HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto head = c.read_response(20s, true);
    CHECK(head.status == 200);
    CHECK(std::stoul(head.header("Content-Length").value_or("0")) > 100);
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");  // the HEAD sent no body to misread
    CHECK(c.read_response().body == "{\"status\":\"ok\"}\n");
    const auto preflight = http_request(server.port(), "/api/search?q=x", "OPTIONS");
    CHECK(preflight.status == 204);
    CHECK(preflight.header("Access-Control-Allow-Methods") == "GET, HEAD");

    RunningServer plain({"--index", shipped_index().string(), "--max-connections", "2"});
    CHECK_FALSE(
        http_request(plain.port(), "/api/search?q=putin").header("Access-Control-Allow-Origin"));
    CHECK(http_request(plain.port(), "/api/search?q=x", "OPTIONS").status == 405);
    Connection first(plain.port());
    Connection second(plain.port());
    first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    second.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(first.read_response().status == 200);
    CHECK(second.read_response().status == 200);
    Connection third(plain.port());
    const auto refused = third.read_response();
    CHECK(refused.status == 503);
    CHECK(Json::parse(refused.body)["error"]["type"] == "overloaded");
}

TEST_CASE("concurrent clients all get the right answer") {
    RunningServer server({"--index", shipped_index().string(), "--workers", "2"});
    const auto expected = without_timing(search_json({"--limit", "3", "putin"}));
    std::atomic<int> good{0};
    std::atomic<int> bad{0};
    constexpr int kClients = 16;
    std::vector<std::thread> clients;
    clients.reserve(kClients);
    for (int t = 0; t < kClients; ++t) {
        clients.emplace_back([&] {
            Connection c(server.port());
            for (int i = 0; i < 20; ++i) {
                c.send("GET /api/search?q=putin&limit=3 HTTP/1.1\r\nHost: x\r\n\r\n");
                const auto r = c.read_response();
                (r.status == 200 && without_timing(r.body) == expected ? good : bad)++;
            }
        });
    }
    for (auto& t : clients) t.join();
    CHECK(good == kClients * 20);
    CHECK(bad == 0);
}

TEST_CASE("searches go on while index-build publishes, each answer from one generation") {
    dateline::test::TempDir dir;
    const auto index = dir.path() / "index";
    const std::vector<std::string> build = {index_build_exe().string(),
                                            "--quiet",
                                            "--no-progress",
                                            "--rebuild",
                                            "--index",
                                            index.string(),
                                            shipped_data().string()};
    REQUIRE(run(build).exit_code == 0);
    RunningServer server({"--index", index.string(), "--workers", "2"});
    std::atomic<bool> done{false};
    std::atomic<int> answers{0};
    std::atomic<int> failures{0};
    std::atomic<std::uint64_t> highest{0};
    constexpr int kClients = 4;
    std::vector<std::thread> clients;
    clients.reserve(kClients);
    for (int t = 0; t < kClients; ++t) {
        clients.emplace_back([&] {
            std::uint64_t last = 0;
            while (!done) {
                const auto r =
                    http_request(server.port(), "/api/search?q=putin&limit=5&collapse=0");
                const auto j = Json::parse(r.body, nullptr, false);
                const bool ok = r.status == 200 && !j.is_discarded() &&
                                j["total"]["estimated"] == 5 && j["hits"].size() == 5 &&
                                j["generation"].get<std::uint64_t>() >= last;
                if (!ok) {
                    ++failures;
                    MESSAGE("bad answer during rebuild: " << r.status << " " << r.body);
                } else {
                    last = j["generation"].get<std::uint64_t>();
                    if (last > highest) highest = last;
                }
                ++answers;
            }
        });
    }
    for (int i = 0; i < 3; ++i) CHECK(run(build).exit_code == 0);
    std::this_thread::sleep_for(200ms);
    done = true;
    for (auto& t : clients) t.join();
    CHECK(failures == 0);
    CHECK(answers > 20);
    CHECK(highest == 4);  // the last publish was seen
}

TEST_CASE("SIGTERM and SIGINT: requests in flight are answered, idle ones closed, exit 0") {
    for (const int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        dateline::test::TempDir dir;
        const auto log = dir.path() / "access.log";
        RunningServer server({"--index", shipped_index().string(), "--access-log", log.string()});
        Connection idle(server.port());
        idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(idle.read_response().status == 200);  // now idle, kept alive
        // A request that has begun to arrive when the signal comes is finished and
        // answered; the drain has begun once nobody accepts connections any more.
        Connection busy(server.port());
        busy.send("GET /api/search?q=putin&limit=100&collapse=0 HTTP/1.1\r\nHost: x\r\n");
        std::this_thread::sleep_for(100ms);
        const auto port = server.port();
        ::kill(server.pid(), signal);
        bool draining = false;
        for (int i = 0; i < 500 && !draining; ++i) {
            try {
                Connection probe(port);
                std::this_thread::sleep_for(10ms);
            } catch (const std::exception&) {
                draining = true;
            }
        }
        CHECK(draining);
        busy.send("\r\n");
        const auto answer = busy.read_response();
        CHECK(answer.status == 200);
        CHECK(answer.header("Connection") == "close");
        CHECK(Json::parse(answer.body)["hits"].size() == 5);
        CHECK(idle.closed_within(5s));
        CHECK(server.stop(0) == 0);
        CHECK(server.log().find("stopped") != std::string::npos);
        std::ifstream in(log);
        std::string line;
        int lines = 0;
        while (std::getline(in, line)) {
            ++lines;
            CHECK(line.find("127.0.0.1 - - [") == 0);
        }
        CHECK(lines == 2);
    }
}
