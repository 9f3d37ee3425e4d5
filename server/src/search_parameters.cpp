#include "search_parameters.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace dateline::serve {
namespace {

constexpr std::array<std::string_view, 13> kKnown = {
    "q",      "any",    "sort", "offset", "limit",    "recency", "date_facet",
    "facets", "source", "from", "to",     "collapse", "story"};

// A flag as a URL gives it: an HTML checkbox sends "on"; "any" alone means true.
bool flag(const Target& target, std::string_view name, bool absent) {
    const auto value = target.get(name);
    if (!value) return absent;
    if (value->empty() || *value == "1" || *value == "true" || *value == "on" || *value == "yes") {
        return true;
    }
    if (*value == "0" || *value == "false" || *value == "off" || *value == "no") return false;
    throw RequestArgumentError(
        std::string(name) + " must be true or false (1 or 0), not '" + *value + "'",
        std::string(name));
}

std::optional<RequestArgument> argument(const Target& target, std::string_view name) {
    auto value = target.get(name);
    if (!value) return std::nullopt;
    return RequestArgument{std::string(name), std::move(*value)};
}

}  // namespace

SearchRequest search_request(const Target& target, std::size_t max_page_size) {
    for (std::size_t i = 0; i < target.parameters.size(); ++i) {
        const auto& name = target.parameters[i].first;
        if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
            throw RequestArgumentError("unknown parameter '" + name + "'", name);
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (target.parameters[j].first == name) {
                throw RequestArgumentError(name + " is given more than once", name);
            }
        }
    }
    const RequestArguments arguments{
        .query = target.get("q").value_or(""),
        .match_any = flag(target, "any", false),
        .sort = argument(target, "sort"),
        .offset = argument(target, "offset"),
        .limit = argument(target, "limit"),
        .recency = argument(target, "recency"),
        .date_facet = argument(target, "date_facet"),
        .facets = flag(target, "facets", true),
        .source = argument(target, "source"),
        .from = argument(target, "from"),
        .to = argument(target, "to"),
        .collapse = flag(target, "collapse", true),
        .story = argument(target, "story"),
    };
    return make_search_request(arguments, max_page_size);
}

bool asks_for_search(const Target& target) {
    for (const auto* name : {"q", "source", "from", "to", "story"}) {
        if (!target.get(name).value_or("").empty()) return true;
    }
    return false;
}

}  // namespace dateline::serve
