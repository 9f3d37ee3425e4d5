#include "hit_fields.hpp"

#include <cstdint>

#include <dateline/stored_document.hpp>

namespace dateline::detail {
namespace {

// nlohmann's DOM parser lexes the whole body a character at a time and copies it twice;
// for a page of ten plain hits that was a quarter of the search. This scanner finds a
// string's end with a tight loop and copies only the strings it keeps.

constexpr int kMaxDepth = 256;

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool hex4(std::string_view s, std::size_t at, std::uint32_t& value) {
    if (at + 4 > s.size()) return false;
    value = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
        const char c = s[k];
        value <<= 4;
        if (c >= '0' && c <= '9') {
            value |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            value |= static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            value |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return false;
        }
    }
    return true;
}

// The content of a JSON string (between its quotes, escapes still in and already
// checked by Scanner::escape()) → its text.
bool unescape(std::string_view raw, std::string& out) {
    out.clear();
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        const auto slash = raw.find('\\', i);
        out.append(raw.substr(i, slash == std::string_view::npos ? raw.size() - i : slash - i));
        if (slash == std::string_view::npos) break;
        i = slash + 1;
        if (i >= raw.size()) return false;
        const char e = raw[i++];
        switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(raw, i, cp)) return false;
                i += 4;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (i + 2 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u' ||
                        !hex4(raw, i + 2, low) || low < 0xDC00 || low > 0xDFFF) {
                        return false;
                    }
                    i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(out, cp);
                break;
            }
            default:
                return false;
        }
    }
    return true;
}

class Scanner {
  public:
    explicit Scanner(std::string_view s) : m_s(s) {}

    void space() {
        while (m_i < m_s.size() &&
               (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\r' || m_s[m_i] == '\t')) {
            ++m_i;
        }
    }
    bool eat(char c) {
        space();
        if (m_i < m_s.size() && m_s[m_i] == c) {
            ++m_i;
            return true;
        }
        return false;
    }
    [[nodiscard]] bool at_end() {
        space();
        return m_i == m_s.size();
    }
    [[nodiscard]] bool peek(char c) {
        space();
        return m_i < m_s.size() && m_s[m_i] == c;
    }

    // A string's raw content; `escaped` tells whether it needs unescape().
    bool string(std::string_view& raw, bool& escaped) {
        if (!eat('"')) return false;
        const std::size_t start = m_i;
        escaped = false;
        bool high = false;
        while (m_i < m_s.size()) {
            const auto c = static_cast<unsigned char>(m_s[m_i]);
            if (c == '"') {
                raw = m_s.substr(start, m_i - start);
                ++m_i;
                return !high || valid_utf8(raw);
            }
            if (c == '\\') {
                escaped = true;
                if (!escape()) return false;
                continue;
            }
            if (c < 0x20) return false;
            high = high || c >= 0x80;
            ++m_i;
        }
        return false;
    }

    // Checks the escape at m_i ('\\'), as the JSON grammar and decode() require: a known
    // letter, four hex digits after 'u', surrogates only as a high-low pair.
    bool escape() {
        if (m_i + 1 >= m_s.size()) return false;
        const char e = m_s[m_i + 1];
        if (e != 'u') {
            m_i += 2;
            return e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                   e == 'r' || e == 't';
        }
        std::uint32_t cp = 0;
        if (!hex4(m_s, m_i + 2, cp)) return false;
        m_i += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp < 0xD800 || cp > 0xDBFF) return true;
        std::uint32_t low = 0;
        if (m_i + 1 >= m_s.size() || m_s[m_i] != '\\' || m_s[m_i + 1] != 'u' ||
            !hex4(m_s, m_i + 2, low) || low < 0xDC00 || low > 0xDFFF) {
            return false;
        }
        m_i += 6;
        return true;
    }

    bool text(std::string& out) {
        std::string_view raw;
        bool escaped = false;
        if (!string(raw, escaped)) return false;
        if (!escaped) {
            out.assign(raw);
            return true;
        }
        return unescape(raw, out);
    }

    bool literal(std::string_view word) {
        space();
        if (m_s.substr(m_i, word.size()) != word) return false;
        m_i += word.size();
        return true;
    }

    bool number() {
        space();
        auto digits = [&] {
            const auto from = m_i;
            while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9') ++m_i;
            return m_i - from;
        };
        if (m_i < m_s.size() && m_s[m_i] == '-') ++m_i;
        if (m_i < m_s.size() && m_s[m_i] == '0') {
            ++m_i;
        } else if (digits() == 0) {
            return false;
        }
        if (m_i < m_s.size() && m_s[m_i] == '.') {
            ++m_i;
            if (digits() == 0) return false;
        }
        if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
            ++m_i;
            if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-')) ++m_i;
            if (digits() == 0) return false;
        }
        return true;
    }

    bool skip_value(int depth = 0) {
        if (depth > kMaxDepth) return false;
        space();
        if (m_i >= m_s.size()) return false;
        std::string_view raw;
        bool escaped = false;
        switch (m_s[m_i]) {
            case '"':
                return string(raw, escaped);
            case '{':
                ++m_i;
                if (eat('}')) return true;
                do {
                    if (!string(raw, escaped) || !eat(':') || !skip_value(depth + 1)) return false;
                } while (eat(','));
                return eat('}');
            case '[':
                ++m_i;
                if (eat(']')) return true;
                do {
                    if (!skip_value(depth + 1)) return false;
                } while (eat(','));
                return eat(']');
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number();
        }
    }

  private:
    std::string_view m_s;
    std::size_t m_i = 0;
};

// A string or null, as decode()'s read_optional() accepts.
bool optional_text(Scanner& in, std::optional<std::string>& out) {
    if (in.peek('n')) {
        out.reset();
        return in.literal("null");
    }
    std::string value;
    if (!in.text(value)) return false;
    out = std::move(value);
    return true;
}

bool scan(std::string_view data, bool with_text, HitFields& out) {
    Scanner in(data);
    if (!in.eat('{')) return false;
    bool have_id = false;
    std::string_view text_raw;
    bool text_escaped = false;
    if (!in.peek('}')) {
        do {
            std::string_view key;
            bool escaped = false;
            if (!in.string(key, escaped) || escaped || !in.eat(':')) return false;
            bool ok = false;
            if (key == "id") {
                ok = in.text(out.id);
                have_id = true;
            } else if (key == "path") {
                ok = optional_text(in, out.path);
            } else if (key == "url") {
                ok = optional_text(in, out.url);
            } else if (key == "title") {
                ok = optional_text(in, out.title);
            } else if (key == "date") {
                ok = optional_text(in, out.date);
            } else if (key == "date_source") {
                std::string name;
                ok = in.text(name);
                out.date_source =
                    schema::parse_date_source(name).value_or(schema::DateSource::kNone);
            } else if (key == "source") {
                ok = in.text(out.source);
            } else if (key == "text") {
                ok = in.string(text_raw, text_escaped);
            } else {
                ok = in.skip_value();
            }
            if (!ok) return false;
        } while (in.eat(','));
    }
    if (!in.eat('}') || !in.at_end() || !have_id) return false;
    if (with_text || !out.title || out.title->empty()) {
        if (!text_escaped) {
            out.text.assign(text_raw);
        } else if (!unescape(text_raw, out.text)) {
            return false;
        }
    }
    return true;
}

}  // namespace

HitFields read_hit_fields(std::string_view data, bool with_text) {
    HitFields fields;
    if (scan(data, with_text, fields)) return fields;
    auto stored = StoredDocument::decode(data);  // unusual data: decode()'s answer or error
    HitFields slow;
    slow.id = std::move(stored.id);
    slow.path = std::move(stored.path);
    slow.url = std::move(stored.url);
    slow.title = std::move(stored.title);
    slow.date = std::move(stored.date);
    slow.date_source = stored.date_source;
    slow.source = std::move(stored.source);
    slow.text = std::move(stored.text);
    return slow;
}

}  // namespace dateline::detail
