#include <algorithm>
#include <array>
#include <cstdio>

#include <dateline/host_names.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

namespace dateline::schema {
namespace {

constexpr std::array<std::string_view, kDateSourceCount> kDateSourceNames = {
    "header", "json", "manifest", "dateline", "none", "jsonld", "og", "time", "meta", "feed"};

// FNV-1a: stable across platforms and releases, unlike std::hash; collisions only
// matter between two over-long values sharing their first ~200 bytes.
std::uint64_t fnv1a64(std::string_view bytes) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string_view utf8_head(std::string_view s, std::size_t max) noexcept {
    if (s.size() <= max) return s;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0U) == 0x80U) --end;
    return s.substr(0, end);
}

}  // namespace

const FieldSpec* find_field(std::string_view name) noexcept {
    const auto* it = std::find_if(std::begin(kFields), std::end(kFields),
                                  [name](const FieldSpec& f) { return f.name == name; });
    return it == std::end(kFields) ? nullptr : it;
}

std::string filter_key(std::string_view prefix, std::string_view value) {
    if (prefix == prefix::kSource) return source_key(value);
    if (prefix == prefix::kUrlHost || prefix == prefix::kCitedHost) {
        if (auto host = normalize_host(value)) return *host;
    }
    return fold_case(value);
}

std::string_view to_string(DateSource s) noexcept {
    return kDateSourceNames.at(static_cast<std::size_t>(s));
}

std::optional<DateSource> parse_date_source(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kDateSourceNames.size(); ++i) {
        if (kDateSourceNames[i] == s) return static_cast<DateSource>(i);
    }
    return std::nullopt;
}

std::string make_term(std::string_view prefix, std::string_view value) {
    // NUL bytes lower Xapian's effective term limit, so they always take the hashed path.
    const bool has_nul = value.find('\0') != std::string_view::npos;
    if (!has_nul && prefix.size() + value.size() <= kMaxTermBytes) {
        std::string term;
        term.reserve(prefix.size() + value.size());
        term.append(prefix).append(value);
        return term;
    }
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a64(value)));
    std::string head(value);
    std::erase(head, '\0');
    // prefix + head + '#' + 16 hex digits stays within kMaxTermBytes.
    const std::size_t room = kMaxTermBytes - prefix.size() - 17;
    std::string term(prefix);
    term.append(utf8_head(head, room)).append("#").append(hash);
    return term;
}

std::string source_key(std::string_view display_name) {
    const std::string folded = fold_diacritics(fold_case(display_name));
    std::string key;
    key.reserve(folded.size());
    bool pending_space = false;
    for (char c : folded) {
        if (c == ' ' || c == '\t' || c == '\n') {
            pending_space = !key.empty();
            continue;
        }
        if (pending_space) key.push_back(' ');
        pending_space = false;
        key.push_back(c);
    }
    return key;
}

}  // namespace dateline::schema
