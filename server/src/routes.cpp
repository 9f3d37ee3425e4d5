#include "routes.hpp"

#include <exception>

#include "search_page.hpp"
#include "search_parameters.hpp"
#include "url.hpp"

namespace dateline::serve {
namespace {

constexpr std::string_view kPage = "/";
constexpr std::string_view kSearch = "/api/search";
constexpr std::string_view kStats = "/api/stats";
constexpr std::string_view kHealth = "/healthz";
constexpr std::string_view kStylesheet = "/assets/dateline.css";

// The page's own parts only: no inline script or style, no outside origin.
constexpr const char* kPagePolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

bool known_path(std::string_view path) {
    return path == kPage || path == kSearch || path == kStats || path == kHealth ||
           path == kStylesheet;
}

// An error as both API and page classify it: status, type, position, parameter.
struct Failure {
    int status = 500;
    std::string type = "internal";
    std::string message;
    std::optional<std::size_t> position{};
    std::optional<std::string> parameter{};
};

// Called inside a catch block: classifies the exception being handled.
Failure current_failure() {
    try {
        throw;
    } catch (const RequestArgumentError& e) {
        return {400, "bad_parameter", e.what(), std::nullopt,
                e.argument().empty() ? std::optional<std::string>("q") : e.argument()};
    } catch (const QueryLimitError& e) {
        return {400, "query_limit", e.what(), e.position(), std::nullopt};
    } catch (const QueryError& e) {
        return {400, "query_error", e.what(), e.position(), std::nullopt};
    } catch (const ShardUnavailableError& e) {
        return {503, "shard_unavailable", e.what(), std::nullopt, std::nullopt};
    } catch (const Error& e) {
        // Missing, unreadable, damaged or incompatible index: not the client's fault,
        // and may pass (index-build publishes a good generation).
        return {503, "index_unavailable", e.what(), std::nullopt, std::nullopt};
    } catch (const std::exception& e) {
        return {500, "internal", e.what(), std::nullopt, std::nullopt};
    }
}

Response from_failure(const Failure& f) {
    return error_response(f.status, f.type, f.message, f.position, f.parameter);
}

Response json(std::string body) {
    return {.status = 200,
            .content_type = "application/json",
            .body = std::move(body),
            .headers = {{"Cache-Control", "no-store"}}};
}

Response api_search(const Target& target, const SearcherSource& searcher,
                    const RouteOptions& options) {
    try {
        const auto request = search_request(target, options.max_page_size);
        return json(to_json(searcher().search(request)));
    } catch (...) {
        return from_failure(current_failure());
    }
}

Response api_stats(const Target& target, const SearcherSource& searcher) {
    if (!target.parameters.empty()) {
        return error_response(400, "bad_parameter", "/api/stats takes no parameters", std::nullopt,
                              target.parameters.front().first);
    }
    try {
        return json(to_json(searcher().stats()));
    } catch (...) {
        return from_failure(current_failure());
    }
}

Response page(const Target& target, const SearcherSource& searcher, const RouteOptions& options) {
    Response out{
        .status = 200,
        .content_type = "text/html; charset=utf-8",
        .body = {},
        .headers = {{"Content-Security-Policy", kPagePolicy}, {"Cache-Control", "no-store"}}};
    if (!asks_for_search(target)) {
        out.body = render_page(target, nullptr, nullptr);
        return out;
    }
    try {
        const auto results = searcher().search(search_request(target, options.max_page_size));
        out.body = render_page(target, &results, nullptr);
    } catch (...) {
        const auto failure = current_failure();
        const PageError error{.message = failure.message, .position = failure.position};
        out.status = failure.status;
        out.body = render_page(target, nullptr, &error);
    }
    return out;
}

void add_cors(Response& response, const RouteOptions& options) {
    if (!options.cors_origin) return;
    response.headers.emplace_back("Access-Control-Allow-Origin", *options.cors_origin);
    response.headers.emplace_back("Vary", "Origin");
}

}  // namespace

bool needs_searcher(std::string_view method, std::string_view target) {
    if (method != "GET" && method != "HEAD") return false;
    const auto path = target.substr(0, target.find('?'));
    return path == kPage || path == kSearch || path == kStats;
}

Response respond(std::string_view method, std::string_view target, const SearcherSource& searcher,
                 const RouteOptions& options) {
    Target parsed;
    try {
        parsed = parse_target(target);
    } catch (const BadTargetError& e) {
        return error_response(400, "bad_request", e.what());
    }
    const bool api = parsed.path.rfind("/api/", 0) == 0;
    if (!known_path(parsed.path)) {
        return error_response(404, "not_found", "no such path: " + parsed.path);
    }
    if (method == "OPTIONS" && api && options.cors_origin) {
        Response preflight{.status = 204, .content_type = {}, .body = {}, .headers = {}};
        add_cors(preflight, options);
        preflight.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD");
        preflight.headers.emplace_back("Access-Control-Max-Age", "600");
        return preflight;
    }
    if (method != "GET" && method != "HEAD") {
        auto r = error_response(405, "method_not_allowed",
                                "method " + std::string(method) + " is not allowed; use GET");
        r.headers.emplace_back("Allow", "GET, HEAD");
        return r;
    }
    Response out;
    if (parsed.path == kHealth) {
        out = json("{\"status\":\"ok\"}\n");
    } else if (parsed.path == kStylesheet) {
        out = {.status = 200,
               .content_type = "text/css; charset=utf-8",
               .body = std::string(stylesheet()),
               .headers = {{"Cache-Control", "public, max-age=3600"}}};
    } else if (parsed.path == kSearch) {
        out = api_search(parsed, searcher, options);
    } else if (parsed.path == kStats) {
        out = api_stats(parsed, searcher);
    } else {
        return page(parsed, searcher, options);
    }
    if (api) add_cors(out, options);
    return out;
}

}  // namespace dateline::serve
