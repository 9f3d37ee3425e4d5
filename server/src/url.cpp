#include "url.hpp"

#include <algorithm>

namespace dateline::serve {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Checked on the decoded path: "%2e%2e" is as much a parent segment as "..".
void check_path(const std::string& path) {
    if (path.empty() || path.front() != '/') {
        throw BadTargetError("the request target must start with '/'");
    }
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
        throw BadTargetError("the request path holds a NUL or a backslash");
    }
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const auto segment = std::string_view(path).substr(start, end - start);
        if (segment == "." || segment == "..") {
            throw BadTargetError("the request path holds a '.' or '..' segment");
        }
        start = end + 1;
    }
}

}  // namespace

std::optional<std::string> Target::get(std::string_view name) const {
    for (const auto& [key, value] : parameters) {
        if (key == name) return value;
    }
    return std::nullopt;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                throw BadTargetError("bad percent-encoding at byte " + std::to_string(i) + " of '" +
                                     std::string(text) + "'");
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

Target parse_target(std::string_view target) {
    Target out;
    const auto question = target.find('?');
    out.path = percent_decode(target.substr(0, question), false);
    check_path(out.path);
    if (question == std::string_view::npos) return out;
    auto query = target.substr(question + 1);
    const auto fragment = query.find('#');
    if (fragment != std::string_view::npos) query = query.substr(0, fragment);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = eq == std::string_view::npos ? std::string{}
                                                  : percent_decode(pair.substr(eq + 1), true);
        out.parameters.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '_' || u == '.' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& ps) {
    std::string out;
    for (const auto& [key, value] : ps) {
        out += out.empty() ? '?' : '&';
        out += percent_encode(key);
        out += '=';
        out += percent_encode(value);
    }
    return out;
}

}  // namespace dateline::serve
