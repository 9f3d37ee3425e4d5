/// @file
/// What each path answers: GET/HEAD `/` (the page), `/api/search`, `/api/stats`,
/// `/healthz` and `/assets/dateline.css`; everything else is a JSON error. Pure functions
/// of the request and a Searcher, so they test without a socket (docs/SERVER.md).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <dateline/searcher.hpp>

#include "response.hpp"

namespace dateline::serve {

/// Settings the routes read.
struct RouteOptions {
    std::size_t max_page_size = SearcherOptions{}.max_page_size;
    std::optional<std::string> cors_origin{};  ///< Access-Control-Allow-Origin for /api/*
};

/// Hands out the calling worker's Searcher, opening it if needed (may throw its errors).
using SearcherSource = std::function<Searcher&()>;

/// Whether answering `target` needs a Searcher (and so a worker thread): searches and
/// stats do; health checks, assets and errors do not.
[[nodiscard]] bool needs_searcher(std::string_view method, std::string_view target);

/// The answer to one request. Never throws: failures become error responses.
[[nodiscard]] Response respond(std::string_view method, std::string_view target,
                               const SearcherSource& searcher, const RouteOptions& options);

}  // namespace dateline::serve
