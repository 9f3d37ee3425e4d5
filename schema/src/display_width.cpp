#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <dateline/display_width.hpp>

namespace dateline {

namespace {

std::size_t columns_of(UChar32 c) {
    if (c < 0) return 1;  // an invalid byte: one replacement character
    const auto category = U_GET_GC_MASK(c);
    // Combining marks, format characters (ZWJ, ZWSP, soft hyphen as shown) and Hangul
    // medial vowels and final consonants join the character before them.
    if ((category & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK)) != 0) return 0;
    if (c >= 0x1160 && c <= 0x11FF) return 0;
    const auto width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

}  // namespace

std::size_t display_columns(std::string_view text) {
    std::size_t columns = 0;
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(text.data(), i, length, c);
        columns += columns_of(c);
    }
    return columns;
}

}  // namespace dateline
