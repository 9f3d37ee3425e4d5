#include "stub_file.hpp"

#include <algorithm>
#include <charconv>

#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>

namespace dateline::detail {
namespace {

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
ShardLocation parse_remote(std::string_view where, const std::string& stub_name, std::size_t number,
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
    ShardLocation shard;
    shard.kind = ShardLocation::Kind::kRemote;
    shard.host = std::string(host);
    shard.port = port;
    return shard;
}

}  // namespace

std::string ShardLocation::label() const {
    if (kind == Kind::kLocal) return path;
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

StubContents parse_stub(std::string_view text, const std::string& stub_name) {
    StubContents stub;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const auto raw = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++number;
        const auto line = trim(raw);
        if (line.empty()) continue;
        if (line.starts_with('#')) {
            const auto directive = trim(schema::layout::kTermsDirective);
            const auto after = line.substr(std::min(directive.size(), line.size()));
            if (line.starts_with(directive) &&
                (after.empty() || after[0] == ' ' || after[0] == '\t')) {
                const auto path = trim(after);
                if (path.empty()) bad_line(stub_name, number, line, "no path after it");
                if (stub.terms) bad_line(stub_name, number, line, "a second terms database");
                stub.terms = std::string(path);
            }
            continue;  // any other comment: Xapian skips it, so do we
        }
        const auto space = line.find_first_of(" \t");
        const auto kind = line.substr(0, space);
        const auto rest =
            space == std::string_view::npos ? std::string_view() : trim(line.substr(space + 1));
        if (kind != "auto" && kind != "glass" && kind != "remote") {
            bad_line(stub_name, number, line,
                     "Dateline reads `auto`, `glass` and `remote HOST:PORT` lines only");
        }
        if (rest.empty()) bad_line(stub_name, number, line, "no database named");
        if (kind == "remote") {
            stub.shards.push_back(parse_remote(rest, stub_name, number, line));
        } else {
            ShardLocation shard;
            shard.path = std::string(rest);
            stub.shards.push_back(std::move(shard));
        }
    }
    if (stub.shards.empty()) {
        throw IndexOpenError("unreadable index stub " + stub_name + " (no database listed)");
    }
    return stub;
}

}  // namespace dateline::detail
