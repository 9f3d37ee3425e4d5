#include "snippet_boundaries.hpp"

namespace dateline::detail {

bool is_closing(char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'; }

bool is_opening(char c) {
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == '$' || c == '#' ||
           c == '@';
}

bool looks_abbreviated(std::string_view word) {
    if (word.empty()) return false;
    return word.size() <= 3 && word[0] >= 'A' && word[0] <= 'Z';
}

std::size_t sentence_end_length(std::string_view gap, bool at_text_end) {
    std::size_t i = 0;
    while (i < gap.size() && (gap[i] == '.' || gap[i] == '!' || gap[i] == '?')) ++i;
    if (i == 0) return 0;
    while (i < gap.size() && is_closing(gap[i])) ++i;
    if (i == gap.size()) return at_text_end ? i : 0;
    return is_space(gap[i]) ? i : 0;
}

bool has_blank_line(std::string_view gap) {
    for (auto nl = gap.find('\n'); nl != std::string_view::npos; nl = gap.find('\n', nl + 1)) {
        auto next = nl + 1;
        while (next < gap.size() && (gap[next] == ' ' || gap[next] == '\t')) ++next;
        if (next < gap.size() && gap[next] == '\n') return true;
    }
    return false;
}

std::size_t utf8_floor(std::string_view s, std::size_t n) {
    if (n >= s.size()) return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

}  // namespace dateline::detail
