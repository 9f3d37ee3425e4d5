/// @file
/// What a route answers, independent of the HTTP library: status, content type, body and
/// extra headers. The session turns it into an HTTP response.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::serve {

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// A JSON error answer: {"error": {"type", "message", "position"[, "parameter"]}}.
/// `position` is the byte offset in the query for query errors, null otherwise.
[[nodiscard]] Response error_response(int status, std::string_view type, std::string_view message,
                                      std::optional<std::size_t> position = std::nullopt,
                                      std::optional<std::string> parameter = std::nullopt);

}  // namespace dateline::serve
