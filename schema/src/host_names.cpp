#include <algorithm>

#include <dateline/host_names.hpp>
#include <dateline/normalize.hpp>

namespace dateline::schema {
namespace {

bool valid_host_char(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
           u >= 0x80;  // IDN hosts arrive as UTF-8
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace

std::optional<std::string> normalize_host(std::string_view host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') return ascii_lower(host);
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    const bool ascii = std::all_of(host.begin(), host.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    std::string out = ascii ? ascii_lower(host) : fold_case(host);
    // "www." names the same site as the domain without it on practically every news site.
    if (out.starts_with("www.")) out.erase(0, 4);
    if (out.empty() || !std::all_of(out.begin(), out.end(), valid_host_char)) return std::nullopt;
    if (out.front() == '.' || out.front() == '-') return std::nullopt;
    return out;
}

std::vector<std::string> host_and_parents(std::string_view host, std::string_view registrable) {
    std::vector<std::string> out{std::string(host)};
    const bool below = host.size() > registrable.size() && !registrable.empty() &&
                       host.ends_with(registrable) &&
                       host[host.size() - registrable.size() - 1] == '.';
    if (!below) return out;
    for (std::size_t dot = host.find('.'); dot != std::string_view::npos;
         dot = host.find('.', dot + 1)) {
        const std::string_view parent = host.substr(dot + 1);
        out.emplace_back(parent);
        if (parent.size() <= registrable.size()) break;
    }
    return out;
}

std::string join_domains(std::vector<std::string> domains) {
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    std::string out;
    for (const auto& d : domains) {
        if (!out.empty()) out += ' ';
        out += d;
    }
    return out;
}

std::vector<std::string_view> split_domains(std::string_view value) {
    std::vector<std::string_view> out;
    while (!value.empty()) {
        const auto space = value.find(' ');
        if (space != 0) out.push_back(value.substr(0, space));
        if (space == std::string_view::npos) break;
        value.remove_prefix(space + 1);
    }
    return out;
}

}  // namespace dateline::schema
