#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/index_stub.hpp>

namespace dateline::schema::stub {
namespace {

constexpr std::string_view kLocalKind = "auto";
constexpr std::string_view kRemoteKind = "remote";
constexpr std::size_t kMinGenerationDigits = 6;
constexpr std::size_t kMaxGenerationDigits = 19;  // what fits in 64 bits

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

[[noreturn]] void bad_line(const std::string& stub_name, std::size_t number, std::string_view line,
                           const std::string& why) {
    throw IndexOpenError("unusable line " + std::to_string(number) + " in index stub " + stub_name +
                         " (\"" + std::string(line.substr(0, 80)) + "\"): " + why);
}

// "host:port", "[v6 address]:port". Xapian's own stub reader splits at the last colon.
Location parse_remote(std::string_view where, const std::string& stub_name, std::size_t number,
                      std::string_view line) {
    if (where.starts_with(':')) {
        bad_line(stub_name, number, line,
                 "remote programs (xapian-progsrv) are not supported; serve the shard with "
                 "xapian-tcpsrv and write `remote HOST:PORT`");
    }
    const auto colon = where.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        bad_line(stub_name, number, line, "a remote shard is written `remote HOST:PORT`");
    }
    std::string_view host = where.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto digits = where.substr(colon + 1);
    unsigned port = 0;
    const auto* end = digits.data() + digits.size();
    const auto [p, ec] = std::from_chars(digits.data(), end, port);
    if (digits.empty() || ec != std::errc{} || p != end || port == 0 || port > 65535) {
        bad_line(stub_name, number, line, "the port must be a number from 1 to 65535");
    }
    return Location::remote(std::string(host), port);
}

// The terms directive ("#dateline-terms PATH"): its path, or nullopt for any other comment.
std::optional<std::string_view> terms_path(std::string_view line) {
    const auto directive = trim(layout::kTermsDirective);
    if (!line.starts_with(directive)) return std::nullopt;
    const auto after = line.substr(directive.size());
    if (!after.empty() && after[0] != ' ' && after[0] != '\t') return std::nullopt;
    return trim(after);
}

}  // namespace

std::string Location::label() const {
    if (kind == Kind::kLocal) return path;
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Contents parse(std::string_view text, const std::string& stub_name) {
    Contents stub;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const auto raw = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++number;
        const auto line = trim(raw);
        if (line.empty()) continue;
        if (line.starts_with('#')) {
            if (const auto path = terms_path(line)) {
                if (path->empty()) bad_line(stub_name, number, line, "no path after it");
                if (stub.terms) bad_line(stub_name, number, line, "a second terms database");
                stub.terms = std::string(*path);
            }
            continue;  // any other comment: Xapian skips it, so do we
        }
        const auto space = line.find_first_of(" \t");
        const auto kind = line.substr(0, space);
        const auto rest =
            space == std::string_view::npos ? std::string_view() : trim(line.substr(space + 1));
        if (kind != kLocalKind && kind != "glass" && kind != kRemoteKind) {
            bad_line(stub_name, number, line,
                     "Dateline reads `auto`, `glass` and `remote HOST:PORT` lines only");
        }
        if (rest.empty()) bad_line(stub_name, number, line, "no database named");
        if (kind == kRemoteKind) {
            stub.shards.push_back(parse_remote(rest, stub_name, number, line));
        } else {
            stub.shards.push_back(Location::local(std::string(rest)));
        }
    }
    if (stub.shards.empty()) {
        throw IndexOpenError("unreadable index stub " + stub_name + " (no database listed)");
    }
    return stub;
}

std::string line(const Location& location) {
    if (location.kind == Location::Kind::kRemote) {
        return std::string(kRemoteKind) + " " + location.label();
    }
    return std::string(kLocalKind) + " " + location.path;
}

std::string format(const Contents& contents) {
    std::string text;
    if (contents.terms) text += std::string(layout::kTermsDirective) + *contents.terms + "\n";
    for (const auto& shard : contents.shards) text += line(shard) + "\n";
    return text;
}

Contents of_generation(std::uint64_t generation, unsigned shards) {
    const std::string name = generation_name(generation);
    Contents contents;
    if (shards <= 1) {
        contents.shards.push_back(Location::local(name));
        return contents;
    }
    contents.terms = name + "/" + std::string(layout::kTermsName);
    for (unsigned shard = 0; shard < shards; ++shard) {
        contents.shards.push_back(Location::local(name + "/" + layout::shard_name(shard)));
    }
    return contents;
}

std::string generation_name(std::uint64_t generation) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(generation));
    return std::string(layout::kGenerationPrefix) + digits;
}

std::optional<std::uint64_t> parse_generation_name(std::string_view name) {
    if (!name.starts_with(layout::kGenerationPrefix)) return std::nullopt;
    const std::string_view digits = name.substr(layout::kGenerationPrefix.size());
    if (digits.size() < kMinGenerationDigits || digits.size() > kMaxGenerationDigits) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

std::uint64_t generation_from_path(std::string_view path) {
    for (const auto& part : std::filesystem::path(path)) {
        if (const auto generation = parse_generation_name(part.string())) return *generation;
    }
    return 0;
}

}  // namespace dateline::schema::stub
