#include "snippet_boundaries.hpp"

namespace dateline::detail {

bool is_opening(char c) {
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == '$' || c == '#' ||
           c == '@';
}

std::size_t utf8_floor(std::string_view s, std::size_t n) {
    if (n >= s.size()) return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

}  // namespace dateline::detail
