#include <cstdio>

#include <dateline/display_escape.hpp>

namespace dateline {

namespace {

// Code points that move or reorder what a terminal shows: C1 controls, U+2028/U+2029,
// the bidi embeddings/overrides U+202A..U+202E and isolates U+2066..U+2069.
bool is_invisible_control(char32_t c) {
    return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string escape_for_display(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char buffer[16];
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) {
            switch (c) {
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
                    out += buffer;
            }
            continue;
        }
        // Two- and three-byte sequences of the code points above; decoded only far enough
        // to recognise them.
        char32_t code = 0;
        std::size_t length = 0;
        if (c == 0xC2 && i + 1 < text.size()) {
            code = static_cast<unsigned char>(text[i + 1]) & 0x3FU;
            code |= 0x80U;
            length = (static_cast<unsigned char>(text[i + 1]) & 0xC0U) == 0x80U ? 2 : 0;
        } else if (c == 0xE2 && i + 2 < text.size()) {
            const auto b1 = static_cast<unsigned char>(text[i + 1]);
            const auto b2 = static_cast<unsigned char>(text[i + 2]);
            if ((b1 & 0xC0U) == 0x80U && (b2 & 0xC0U) == 0x80U) {
                code = 0x2000U | ((b1 & 0x3FU) << 6U) | (b2 & 0x3FU);
                length = 3;
            }
        }
        if (length > 0 && is_invisible_control(code)) {
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(code));
            out += buffer;
            i += length - 1;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

}  // namespace dateline
