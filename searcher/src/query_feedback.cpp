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

bool is_ascii_letters(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
}

class Describer {
  public:
    Describer(std::string_view typed, std::string_view text,
              const std::vector<std::string>& synonyms, const std::vector<std::string>& wildcards,
              bool any)
        : m_typed(typed),
          m_text(text),
          m_synonyms(by_word(synonyms)),
          m_wildcards(by_word(wildcards)),
          m_default(any ? "OR" : "AND") {}

    QueryFeedback run() {
        while (m_at < m_text.size()) {
            const char c = m_text[m_at];
            if (is_space(c)) {
                ++m_at;
            } else if (c == '(') {
                open_group();
            } else if (c == ')') {
                emit(")");
                if (!m_groups.empty()) {
                    if (!m_groups.back().empty()) emit("(" + m_groups.back() + ")");
                    m_groups.pop_back();
                }
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
        if (!m_out.read_as.empty() && !m_glue && m_out.read_as.back() != '(' && part != ")") {
            m_out.read_as.push_back(' ');
        }
        m_glue = false;
        m_out.read_as += part;
    }

    // `label`: what a field prefix glued to the bracket makes of the group ("in titles").
    void open_group(std::string label = {}) {
        if (label.empty()) operand_starts();
        emit("(");
        m_groups.push_back(std::move(label));
        ++m_at;
        m_after_operand = false;
    }

    // Two operands with nothing between them are joined by the default operator: say so.
    void operand_starts() {
        if (m_after_operand) emit(m_default);
        m_after_operand = true;
    }

    // "position 6": notices point at characters of the query as typed, as errors do.
    [[nodiscard]] std::string position(std::size_t byte) const {
        return "position " + std::to_string(typed_character_offset(m_typed, byte));
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
        const std::size_t start = m_at;
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
        if (token == "NEAR/" || token == "ADJ/") {
            // Without a distance the parser reads the operator as a plain, unstemmed word.
            const std::string op(token.substr(0, token.size() - 1));
            const std::string word = fold_case(op);
            m_out.notices.push_back("'" + std::string(token) + "' at " + position(start) +
                                    " has no distance, so it was read as the word '" + word +
                                    "' (write " + op + "/3, or " + op + " for within 10 words)");
            operand_starts();
            emit(annotate_word(word, m_synonyms, true));
            return;
        }
        if (is_lower_operator(token)) {
            m_out.notices.push_back("'" + std::string(token) + "' at " + position(start) +
                                    " was read as a word; operators are written in capitals (" +
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
        m_sign = std::string(sign);
        const std::string reading = reading_of(word, start + sign.size());
        if (!reading.empty()) emit(std::string(sign) + reading);
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

    // The next word of the query, for a hint ("write title:putin"), or "WORD".
    [[nodiscard]] std::string next_word() const {
        std::size_t at = m_at;
        while (at < m_text.size() && is_space(m_text[at])) ++at;
        const std::string_view rest = m_text.substr(at);
        const std::string_view next = rest.substr(0, rest.find_first_of(" \t\n\r()"));
        return next.empty() || is_upper_operator(next) ? "WORD" : std::string(next);
    }

    // `word` starts at byte `start`; empty when what it makes was already emitted.
    std::string reading_of(std::string_view word, std::size_t start) {
        if (word.front() == '*') {
            m_out.notices.push_back("'" + std::string(word) + "' at " + position(start) +
                                    ": a wildcard only ends a word; the * was ignored");
            const auto body = word.find_first_not_of('*');
            if (body == std::string_view::npos) return std::string(word);
            word.remove_prefix(body);
            start += body;
        }
        if (const auto inner = inner_star(word);
            inner != std::string_view::npos && !is_field_then_star(word)) {
            return split_at_stars(word, start, inner);
        }
        return single_reading(word, start, false);
    }

    // "title:*ukr": the '*' ends the field, not a word (single_reading() says so).
    static bool is_field_then_star(std::string_view word) {
        const auto colon = word.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 >= word.size()) return false;
        const char* how = field_reading(word.substr(0, colon));
        return how != nullptr && std::string_view(how) != "filter" && word[colon + 1] == '*';
    }

    // The first '*' followed by more of the word, or npos: the parser ends a word there.
    static std::size_t inner_star(std::string_view word) {
        const auto star = word.find('*');
        if (star == std::string_view::npos) return star;
        return word.find_first_not_of('*', star) == std::string_view::npos ? std::string_view::npos
                                                                           : star;
    }

    // "x*y*z" is the words x, y and z (the first ones exact: a '*' stops stemming), joined
    // by the default operator; a field before the first applies to it only.
    std::string split_at_stars(std::string_view word, std::size_t start, std::size_t first_star) {
        std::vector<std::pair<std::string_view, std::size_t>> pieces;  // text, byte offset
        std::size_t from = 0;
        std::size_t star = first_star;
        while (true) {
            pieces.emplace_back(word.substr(from, star - from), from);
            from = word.find_first_not_of('*', star);
            const auto next = inner_star(word.substr(from));
            if (next == std::string_view::npos) break;
            star = from + next;
        }
        pieces.emplace_back(word.substr(from), from);
        std::string words;
        for (const auto& [piece, offset] : pieces) {
            words += (words.empty() ? "" : " " + m_default + " ") + std::string(piece);
        }
        m_out.notices.push_back("the * at " + position(start + first_star) + " in '" +
                                std::string(word) +
                                "' is no wildcard (a wildcard only ends a word): read as the "
                                "words " +
                                words);
        std::string out;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            const bool last = i + 1 == pieces.size();
            if (i > 0) out += " " + m_default + " ";
            out += single_reading(pieces[i].first, start + pieces[i].second, !last);
        }
        return out;
    }

    // `exact`: the word ends at a '*' inside a word, where the parser stops stemming.
    std::string single_reading(std::string_view word, std::size_t start, bool exact) {
        if (const auto colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
            const std::string_view name = word.substr(0, colon);
            const std::string_view value = word.substr(colon + 1);
            const char* how = field_reading(name);
            const bool free_text = how != nullptr && std::string_view(how) != "filter";
            const bool next_quote = m_at < m_text.size() && m_text[m_at] == '"';
            const bool next_group = m_at < m_text.size() && m_text[m_at] == '(';
            if (value.empty() && next_group && free_text) {
                emit(m_sign + std::string(name) + ":");
                m_glue = true;
                open_group(how);
                return {};
            }
            if (value.empty() && next_quote && how != nullptr) {
                const std::string quoted = phrase();
                if (quoted != "\"\"") return std::string(name) + ":" + quoted + " (" + how + ")";
                if (!free_text) {
                    m_out.notices.push_back("'" + std::string(name) + ":\"\"' at " +
                                            position(start) +
                                            " is an empty value, which no report has");
                    return std::string(name) + ":\"\" (filter, matches nothing)";
                }
                return field_as_word(name, start, std::string(name) + ":\"\"");
            }
            if (value.empty() && !next_quote && !next_group && is_ascii_letters(name)) {
                // The parser only takes a prefix glued to a word, a quote or a bracket;
                // otherwise the field's name is a word of the query.
                return field_as_word(name, start, std::string(name) + ":");
            }
            if (free_text && value.front() == '*') {
                m_out.notices.push_back("'" + std::string(word) + "' at " + position(start) +
                                        ": a wildcard only ends a word, so '" + std::string(name) +
                                        "' was searched as an ordinary word and the * was ignored");
                std::string out = annotate_word(name, m_synonyms, false);
                const auto body = value.find_first_not_of('*');
                if (body == std::string_view::npos) return out;
                const std::string_view rest = value.substr(body);
                const std::size_t rest_start = start + colon + 1 + body;
                const auto inner = inner_star(rest);
                return out + " " + m_default + " " +
                       (inner == std::string_view::npos ? single_reading(rest, rest_start, false)
                                                        : split_at_stars(rest, rest_start, inner));
            }
            if (how != nullptr) {
                return std::string(name) + ":" + std::string(value) + " (" + how + ")";
            }
        }
        if (word.size() > 1 && word.back() == '*') {
            const std::string key = fold_case(term_text(word));
            const auto found = m_wildcards.find(key);
            return std::string(word) + " (wildcard" +
                   (found != m_wildcards.end() ? ": " + found->second : std::string()) + ")";
        }
        const bool near_side = m_after_near || next_is_near();
        m_after_near = false;
        return annotate_word(word, m_synonyms, exact || near_side);
    }

    std::string field_as_word(std::string_view name, std::size_t start, const std::string& typed) {
        m_out.notices.push_back("'" + typed + "' at " + position(start) +
                                " has no word right after it, so '" + std::string(name) +
                                "' was searched as an ordinary word (write " + std::string(name) +
                                ":" + next_word() + ", without a space)");
        return annotate_word(name, m_synonyms, false);
    }

    std::string_view m_typed;
    std::string_view m_text;
    std::map<std::string, std::string> m_synonyms;
    std::map<std::string, std::string> m_wildcards;
    std::string m_default;
    std::size_t m_at = 0;
    bool m_after_operand = false;
    bool m_after_near = false;          // the last token was NEAR or ADJ
    bool m_glue = false;                // the next part follows the last without a space
    std::vector<std::string> m_groups;  // per open bracket: the field it is in, or ""
    std::string m_sign;                 // the + or - of the token being read
    QueryFeedback m_out;
};

}  // namespace

QueryFeedback describe_query(std::string_view typed, std::string_view normalized,
                             const std::vector<std::string>& synonyms_applied,
                             const std::vector<std::string>& wildcard_expansions, bool any) {
    return Describer(typed, normalized, synonyms_applied, wildcard_expansions, any).run();
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
