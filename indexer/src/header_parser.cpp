#include "header_parser.hpp"

#include <array>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

// `published` is another name for the date; `updated` is recognised (so that it is not
// read as body text) but never taken for the date: a report's date is when it came out.
constexpr std::array<std::string_view, 7> kKeys = {"date",  "published", "updated", "source",
                                                   "title", "url",       "author"};

bool is_key(std::string_view key) noexcept {
    for (const auto k : kKeys) {
        if (k == key) return true;
    }
    return false;
}

bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool has_digit(std::string_view s) noexcept {
    for (const char c : s) {
        if (c >= '0' && c <= '9') return true;
    }
    return false;
}

bool starts_with_http(std::string_view token) {
    const std::string lower = ascii_lower(token.substr(0, 8));
    return lower.starts_with("http://") || lower.starts_with("https://");
}

// Applies one key/value to the block; the first occurrence of each key wins so that a
// later line cannot silently override what the author put first.
void assign(HeaderBlock& block, std::string_view key, std::string_view raw_value) {
    const std::string_view value = trim(raw_value);
    if (value.empty()) return;
    auto set_once = [&](std::optional<std::string>& field) {
        if (!field) field = std::string(value);
    };
    if (key == "updated") return;  // a later revision's date, not the report's
    if (key == "date" || key == "published") {
        if (block.date) return;
        if (auto date = parse_written_date(value)) {
            block.date = *date;
        } else {
            block.warnings.push_back("bad_date: " + std::string(value));
        }
    } else if (key == "source") {
        set_once(block.source);
    } else if (key == "title") {
        set_once(block.title);
    } else if (key == "url") {
        set_once(block.url);
    } else if (key == "author") {
        set_once(block.author);
    }
}

}  // namespace

HeaderBlock parse_header_block(std::string_view text) {
    HeaderBlock block;
    std::size_t pos = 0;
    while (pos < text.size() && is_space(text[pos])) ++pos;

    bool any = false;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t line_end = nl == std::string_view::npos ? text.size() : nl;
        const std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
        const std::string_view line = text.substr(pos, line_end - pos);
        if (any && is_blank(line)) break;

        const std::string_view lead = trim_left(line);
        const std::size_t lead_pos = pos + (line.size() - lead.size());
        std::size_t key_len = 0;
        while (key_len < lead.size() && is_ascii_letter(lead[key_len])) ++key_len;
        if (key_len == 0) break;
        const std::string_view key = lead.substr(0, key_len);
        const std::string_view after_key = lead.substr(key_len);

        // `key: value` (any case).
        const std::string_view after_space = trim_left(after_key);
        if (!after_space.empty() && after_space.front() == ':') {
            const std::string lower_key = ascii_lower(key);
            if (!is_key(lower_key)) break;
            assign(block, lower_key, after_space.substr(1));
            any = true;
            pos = next;
            continue;
        }

        // `key value` (exactly lower-case key followed by a blank).
        if (!is_key(key) || after_key.empty() ||
            !(after_key.front() == ' ' || after_key.front() == '\t')) {
            break;
        }
        const std::string_view rest = trim_left(after_key);
        if (rest.empty()) break;
        if (key == "date" || key == "published" || key == "updated" || key == "url") {
            std::size_t token_len = 0;
            while (token_len < rest.size() && !is_space(rest[token_len])) ++token_len;
            const std::string_view token = rest.substr(0, token_len);
            // A colon-less date or url must look like one, so that a body starting with
            // "date night…" or "url shorteners…" is not taken for a header.
            if (key == "url" ? !starts_with_http(token) : !has_digit(token)) break;
            assign(block, key, token);
            any = true;
            const std::string_view body_rest = trim_left(rest.substr(token_len));
            const std::size_t rest_pos = lead_pos + (lead.size() - body_rest.size());
            if (!body_rest.empty()) {
                // The shipped corpus's form: the body starts on the header's own line.
                block.body = text.substr(rest_pos);
                return block;
            }
            pos = next;
            continue;
        }
        assign(block, key, rest);
        any = true;
        pos = next;
    }
    block.body = any ? text.substr(pos) : text;
    return block;
}

}  // namespace dateline::detail
