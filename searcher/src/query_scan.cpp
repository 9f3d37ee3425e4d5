#include "query_scan.hpp"

#include <array>

namespace dateline::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_word_byte(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_field_name(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return !(s[0] >= '0' && s[0] <= '9');
}

bool is_operator_word(std::string_view token) {
    constexpr std::array<std::string_view, 6> kWords{"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    const auto slash = token.find('/');
    const auto word = token.substr(0, slash);
    for (const auto op : kWords) {
        if (word != op) continue;
        if (slash == std::string_view::npos) return true;
        return (op == "NEAR" || op == "ADJ") && slash + 1 < token.size();
    }
    return false;
}

// Counts whitespace-separated words between a pair of quotes.
std::size_t phrase_words(std::string_view inner) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : inner) {
        const bool w = is_word_byte(c);
        if (w && !in_word) ++words;
        in_word = w;
    }
    return words;
}

}  // namespace

QueryScan scan_query(std::string_view text) {
    QueryScan scan;
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            ++i;
            continue;
        }
        scan.blank = false;
        if (text[i] == '"') {
            const auto close = text.find('"', i + 1);
            const auto end = close == std::string_view::npos ? text.size() : close;
            if (phrase_words(text.substr(i + 1, end - i - 1)) >= 2) scan.active_syntax.push_back(i);
            i = close == std::string_view::npos ? text.size() : close + 1;
            continue;
        }
        if (text[i] == '(' || text[i] == ')' || text[i] == '+') {
            ++i;
            continue;
        }
        if (text[i] == '-') {
            if (i + 1 < text.size() && (is_word_byte(text[i + 1]) || text[i + 1] == '"')) {
                scan.active_syntax.push_back(i);
            }
            ++i;
            continue;
        }
        // A token runs to whitespace, a bracket or a quote.
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i]) && text[i] != '(' && text[i] != ')' &&
               text[i] != '"') {
            ++i;
        }
        std::string_view token = text.substr(start, i - start);
        if (is_operator_word(token)) {
            scan.active_syntax.push_back(start);
            continue;
        }
        std::string field;
        std::size_t body_pos = start;
        // Xapian starts a new term after punctuation that cannot join words ("*date:",
        // "!foo:", "..source:"), so a field name may follow it inside one token.
        std::size_t lead = 0;
        while (lead < token.size() && !is_word_byte(token[lead]) && token[lead] != ':') ++lead;
        if (lead > 0 && lead < token.size()) {
            token = token.substr(lead);
            body_pos = start + lead;
        }
        const std::size_t name_start = body_pos;
        const auto colon = token.find(':');
        if (colon != std::string_view::npos && is_field_name(token.substr(0, colon)) &&
            token.substr(colon + 1, 2) != "//") {
            const bool has_value = colon + 1 < token.size() ||
                                   (i < text.size() && text[i] == '"' && colon + 1 == token.size());
            if (has_value) {
                FieldUse use{
                    std::string(token.substr(0, colon)), name_start, {}, name_start + colon + 1};
                if (colon + 1 == token.size()) {
                    // field:"quoted value"
                    const auto close = text.find('"', i + 1);
                    const auto end = close == std::string_view::npos ? text.size() : close;
                    use.value = std::string(text.substr(i + 1, end - i - 1));
                    use.value_pos = i + 1;
                    i = close == std::string_view::npos ? text.size() : close + 1;
                } else {
                    use.value = std::string(token.substr(colon + 1));
                }
                field = use.name;
                body_pos = use.value_pos;
                scan.fields.push_back(std::move(use));
                token = token.substr(colon + 1);
            }
        }
        if (token.size() >= 2 && token.back() == '*' && is_word_byte(token[token.size() - 2])) {
            scan.wildcards.push_back({field, std::string(token), body_pos});
            scan.active_syntax.push_back(body_pos);
        }
    }
    return scan;
}

std::size_t operator_position(std::string_view text, std::string_view op) {
    std::size_t last = std::string_view::npos;
    std::size_t from = 0;
    while (true) {
        const auto pos = text.find(op, from);
        if (pos == std::string_view::npos) break;
        from = pos + 1;
        const auto end = pos + op.size();
        const bool starts = pos == 0 || is_space(text[pos - 1]) || text[pos - 1] == '(' ||
                            text[pos - 1] == ')' || text[pos - 1] == '"';
        const bool ends = end == text.size() || is_space(text[end]) || text[end] == '(' ||
                          text[end] == ')' || text[end] == '"';
        if (!starts || !ends) continue;
        last = pos;
        // An operand is missing on the left if only space/'(' or another operator precede it.
        std::size_t l = pos;
        while (l > 0 && (is_space(text[l - 1]) || text[l - 1] == '(')) --l;
        std::size_t r = end;
        while (r < text.size() && (is_space(text[r]) || text[r] == ')')) ++r;
        const auto word_before = [&] {
            std::size_t b = l;
            while (b > 0 && !is_space(text[b - 1]) && text[b - 1] != '(') --b;
            return text.substr(b, l - b);
        }();
        const auto word_after = [&] {
            std::size_t e = r;
            while (e < text.size() && !is_space(text[e]) && text[e] != ')') ++e;
            return text.substr(r, e - r);
        }();
        const bool missing_left = l == 0 || is_operator_word(word_before);
        const bool missing_right = r == text.size() || is_operator_word(word_after) ||
                                   (r < text.size() && text[r - 1] == ')' && r != end);
        if (missing_left || missing_right) return pos;
    }
    return last == std::string_view::npos ? 0 : last;
}

}  // namespace dateline::detail
