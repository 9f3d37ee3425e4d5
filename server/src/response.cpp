#include "response.hpp"

#include <nlohmann/json.hpp>

namespace dateline::serve {

Response error_response(int status, std::string_view type, std::string_view message,
                        std::optional<std::size_t> position, std::optional<std::string> parameter) {
    using Json = nlohmann::ordered_json;
    Json error{{"type", type},
               {"message", message},
               {"position", position ? Json(*position) : Json(nullptr)}};
    if (parameter) error["parameter"] = *parameter;
    const Json body{{"error", error}};
    return {.status = status,
            .content_type = "application/json",
            .body = body.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n',
            .headers = {}};
}

}  // namespace dateline::serve
