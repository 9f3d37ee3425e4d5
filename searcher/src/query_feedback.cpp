#include "query_feedback.hpp"

#include <algorithm>
#include <array>
#include <map>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_upper_operator(std::string_view token) {
    constexpr std::array<std::string_view, 4> kWords{"AND", "OR", "NOT", "XOR"};
    if (std::find(kWords.begin(), kWords.end(), token) != kWords.end()) return true;
    for (const std::string_view op : {"NEAR", "ADJ"}) {
        if (token == op) return true;
        if (token.starts_with(op) && token.size() > op.size() + 1 && token[op.size()] == '/') {
            return std::all_of(token.begin() + static_cast<std::ptrdiff_t>(op.size() + 1),
                               token.end(), [](char c) { return c >= '0' && c <= '9'; });
        }
    }
    return false;
}

// "and", "Or", "nOT": an operator word the parser reads as a word because it is not in
// capitals.
bool is_lower_operator(std::string_view token) {
    const std::string upper = [&] {
        std::string s(token);
        for (char& c : s) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        return s;
    }();
    return upper != token && (upper == "AND" || upper == "OR" || upper == "NOT");
}

bool has_letter(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
}

// "word → a, b" lists, keyed by the word.
std::map<std::string, std::string> by_word(const std::vector<std::string>& lists) {
    std::map<std::string, std::string> out;
    constexpr std::string_view kArrow = " \u2192 ";
    for (const auto& entry : lists) {
        const auto arrow = entry.find(kArrow);
        if (arrow == std::string::npos) continue;
        out.emplace(entry.substr(0, arrow), entry.substr(arrow + kArrow.size()));
    }
    return out;
}

// `exact`: a word NEAR/ADJ joins, which is not stemmed (positional terms never are).
std::string annotate_word(std::string_view word, const std::map<std::string, std::string>& synonyms,
                          bool exact) {
    std::string out(word);
    if (!has_letter(word)) return out;
    const std::string lower = fold_case(word);
    const std::string key = fold_case(term_text(word));  // diacritics and possessive folded
    std::vector<std::string> also;
    if (const auto found = synonyms.find(key); found != synonyms.end()) {
        also.push_back(found->second + ", name variants");
    }
    if (key != lower && !lower.ends_with("'s")) also.push_back(key);  // Erdoğan: erdogan
    if (!lower.ends_with("'s")) also.push_back(key + (key.ends_with('s') ? "'" : "'s"));
    if (!exact) also.emplace_back("stems");
    if (also.empty()) return out;
    out += " (+ ";
    for (std::size_t i = 0; i < also.size(); ++i) out += (i == 0 ? "" : ", ") + also[i];
    return out + ")";
}

const char* field_reading(std::string_view name) {
    const auto* field = schema::find_field(name);
    if (field == nullptr) return nullptr;
    switch (field->kind) {
        case schema::FieldKind::kFreeText:
            return name == "title" ? "in titles" : "in authors";
        case schema::FieldKind::kBoolean:
        case schema::FieldKind::kDate:
            return "filter";
    }
    return nullptr;
}

class Describer {
  public:
    Describer(std::string_view text, const std::vector<std::string>& synonyms,
              const std::vector<std::string>& wildcards, bool any)
        : m_text(text),
          m_synonyms(by_word(synonyms)),
          m_wildcards(by_word(wildcards)),
          m_default(any ? "OR" : "AND") {}

    QueryFeedback run() {
        while (m_at < m_text.size()) {
            const char c = m_text[m_at];
            if (is_space(c)) {
                ++m_at;
            } else if (c == '(') {
                operand_starts();
                emit("(");
                ++m_at;
                m_after_operand = false;
            } else if (c == ')') {
                emit(")");
                ++m_at;
                m_after_operand = true;
            } else if (c == '"') {
                operand_starts();
                emit(phrase() + " (phrase)");
            } else {
                token();
            }
        }
        return std::move(m_out);
    }

  private:
    void emit(const std::string& part) {
        if (!m_out.read_as.empty() && m_out.read_as.back() != '(' && part != ")") {
            m_out.read_as.push_back(' ');
        }
        m_out.read_as += part;
    }

    // Two operands with nothing between them are joined by the default operator: say so.
    void operand_starts() {
        if (m_after_operand) emit(m_default);
        m_after_operand = true;
    }

    std::string phrase() {
        const auto end = m_text.find('"', m_at + 1);
        const auto stop = end == std::string_view::npos ? m_text.size() : end + 1;
        std::string quoted(m_text.substr(m_at, stop - m_at));
        if (end == std::string_view::npos) quoted.push_back('"');
        m_at = stop;
        return quoted;
    }

    void token() {
        std::size_t end = m_at;
        while (end < m_text.size() && !is_space(m_text[end]) && m_text[end] != '(' &&
               m_text[end] != ')' && m_text[end] != '"') {
            ++end;
        }
        const std::string_view token = m_text.substr(m_at, end - m_at);
        m_at = end;
        if (is_upper_operator(token)) {
            emit(std::string(token));
            m_after_operand = false;
            m_after_near = token.starts_with("NEAR") || token.starts_with("ADJ");
            return;
        }
        if (is_lower_operator(token)) {
            m_out.notices.push_back("'" + std::string(token) +
                                    "' was read as a word; operators are written in capitals (" +
                                    fold_upper(token) + ")");
        }
        std::string_view sign;
        std::string_view word = token;
        if (word.size() > 1 && (word[0] == '+' || word[0] == '-')) {
            sign = word.substr(0, 1);
            word.remove_prefix(1);
        }
        if (sign.empty()) {
            operand_starts();
        } else {
            m_after_operand = true;  // +must -exclude: no default operator between them
        }
        emit(std::string(sign) + reading_of(word));
    }

    static std::string fold_upper(std::string_view token) {
        std::string s(token);
        for (char& c : s) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        return s;
    }

    // Whether the next token is NEAR or ADJ (then the word just read is one of its sides).
    [[nodiscard]] bool next_is_near() const {
        std::size_t at = m_at;
        while (at < m_text.size() && is_space(m_text[at])) ++at;
        const std::string_view rest = m_text.substr(at);
        const auto end = rest.find_first_of(" \t\n\r()\"");
        const std::string_view next = rest.substr(0, end);
        return is_upper_operator(next) && (next.starts_with("NEAR") || next.starts_with("ADJ"));
    }

    std::string reading_of(std::string_view word) {
        if (const auto colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
            const std::string_view name = word.substr(0, colon);
            if (const char* how = field_reading(name)) {
                std::string value(word.substr(colon + 1));
                if (value.empty() && m_at < m_text.size() && m_text[m_at] == '"') value = phrase();
                return std::string(name) + ":" + value + " (" + how + ")";
            }
        }
        if (word.size() > 1 && word.back() == '*') {
            const std::string key = fold_case(term_text(word));
            const auto found = m_wildcards.find(key);
            return std::string(word) + " (wildcard" +
                   (found != m_wildcards.end() ? ": " + found->second : std::string()) + ")";
        }
        if (word.front() == '*') {
            m_out.notices.push_back("'" + std::string(word) +
                                    "': a wildcard only ends a word; the * was ignored");
        }
        const bool exact = m_after_near || next_is_near();
        m_after_near = false;
        return annotate_word(word, m_synonyms, exact);
    }

    std::string_view m_text;
    std::map<std::string, std::string> m_synonyms;
    std::map<std::string, std::string> m_wildcards;
    std::string m_default;
    std::size_t m_at = 0;
    bool m_after_operand = false;
    bool m_after_near = false;  // the last token was NEAR or ADJ
    QueryFeedback m_out;
};

}  // namespace

QueryFeedback describe_query(std::string_view normalized,
                             const std::vector<std::string>& synonyms_applied,
                             const std::vector<std::string>& wildcard_expansions, bool any) {
    return Describer(normalized, synonyms_applied, wildcard_expansions, any).run();
}

std::size_t character_offset(std::string_view text, std::size_t byte) {
    const std::string_view head = text.substr(0, std::min(byte, text.size()));
    return static_cast<std::size_t>(std::count_if(head.begin(), head.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::size_t typed_character_offset(std::string_view typed, std::size_t normalized_pos) {
    // Character starts of `typed`, then a binary search over prefixes: the normalized
    // length of a prefix grows with it (NFKC and the quote and dash rules map each
    // character to zero or more, never reaching back). Only errors pay for this.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        if ((static_cast<unsigned char>(typed[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(typed.size());
    const auto reaches_past = [&](std::size_t chars) {
        return normalize_text(typed.substr(0, starts[chars])).size() > normalized_pos;
    };
    std::size_t lo = 1;  // smallest prefix (in characters) whose normalization passes the byte
    std::size_t hi = starts.size() - 1;
    if (hi == 0 || !reaches_past(hi)) return character_offset(typed, typed.size());
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (reaches_past(mid)) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo - 1;
}

}  // namespace dateline::detail
