#include "url_hosts.hpp"

#include <algorithm>

#include <dateline/host_names.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

// Characters that end a URL in running text (RFC 3986 excludes them, and prose wraps
// URLs in them).
bool ends_url(char c) noexcept {
    return is_space(c) || c == '<' || c == '>' || c == '"' || c == '\'' || c == '(' || c == ')' ||
           c == '[' || c == ']' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^' ||
           c == '`';
}

bool is_ascii_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::size_t scheme_length(std::string_view s) {
    const std::string lower = ascii_lower(s.substr(0, 8));
    if (lower.starts_with("https://")) return 8;
    if (lower.starts_with("http://")) return 7;
    return 0;
}

}  // namespace

std::optional<std::string> url_host(std::string_view url) {
    url = trim(url);
    const std::size_t scheme = scheme_length(url);
    if (scheme == 0) return std::nullopt;
    std::string_view authority = url.substr(scheme);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority = authority.substr(at + 1);
    }
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        return schema::normalize_host(authority.substr(0, close + 1));
    }
    return schema::normalize_host(authority.substr(0, authority.find(':')));
}

std::vector<std::string> cited_hosts(std::string_view text) {
    std::vector<std::string> hosts;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t h = std::min(text.find("http", pos), text.find("HTTP", pos));
        if (h == std::string_view::npos) break;
        pos = h + 4;
        // Only at a word start: "xhttp://" is not a URL.
        if (h > 0 && is_ascii_alnum(text[h - 1])) continue;
        if (scheme_length(text.substr(h)) == 0) continue;
        std::size_t end = h;
        while (end < text.size() && !ends_url(text[end])) ++end;
        pos = end;
        if (auto host = url_host(text.substr(h, end - h))) {
            if (std::find(hosts.begin(), hosts.end(), *host) == hosts.end()) {
                hosts.push_back(std::move(*host));
            }
        }
    }
    return hosts;
}

}  // namespace dateline::detail
