#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>

namespace dateline {
namespace {

constexpr UChar32 kReplacementChar = 0xFFFD;

void append_utf8(std::string& out, UChar32 c) {
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(buf, len, U8_MAX_LENGTH, c, error);
    if (error) return;  // unreachable for valid scalar values
    out.append(buf, static_cast<std::size_t>(len));
}

const icu::Normalizer2& nfkc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
        throw Error(std::string("ICU NFKC data unavailable: ") + u_errorName(status));
    }
    return *n;
}

std::string to_nfkc(std::string_view utf8) {
    const icu::Normalizer2& n = nfkc();
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
    // Most news text is already NFKC; the check is much cheaper than normalizing.
    if (n.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(utf8);
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(utf8.size()));
    n.normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU normalization failed: ") + u_errorName(status));
    return out;
}

// Xapian lower-cases each character on its own (simple case mapping). Where full
// Unicode case folding gives something else (ß → ss, ς → σ, ẞ → ss), apply the
// folding here, so Xapian's lower-casing of our output equals full case folding.
bool append_fold_if_xapian_differs(std::string& out, UChar32 c) {
    if (!u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED)) return false;
    icu::UnicodeString folded(c);
    folded.foldCase(U_FOLD_CASE_DEFAULT);
    const icu::UnicodeString lowered(u_tolower(c));
    if (folded == lowered) return false;
    folded.toUTF8String(out);
    return true;
}

UChar32 map_punctuation(UChar32 c) {
    switch (c) {
        case 0x2018:
        case 0x2019:
        case 0x201A:
        case 0x201B:
        case 0x2032:
        case 0x02BC:
            return '\'';
        case 0x201C:
        case 0x201D:
        case 0x201E:
        case 0x201F:
        case 0x2033:
        case 0x00AB:
        case 0x00BB:
            return '"';
        case 0x2010:
        case 0x2011:
        case 0x2012:
        case 0x2013:
        case 0x2014:
        case 0x2015:
        case 0x2212:
        case 0xFE58:
        case 0xFE63:
        case 0xFF0D:
            return '-';
        default:
            return c;
    }
}

}  // namespace

Utf8Repair repair_utf8(std::string_view bytes) {
    Utf8Repair result;
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    result.text.reserve(bytes.size());
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            ++result.replaced_sequences;
            append_utf8(result.text, kReplacementChar);
        } else {
            result.text.append(
                bytes.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
    return result;
}

std::string normalize_text(std::string_view utf8) {
    const std::string nfkc_text = to_nfkc(utf8);
    std::string out;
    out.reserve(nfkc_text.size());
    const auto* s = reinterpret_cast<const uint8_t*>(nfkc_text.data());
    const auto length = static_cast<int32_t>(nfkc_text.size());
    bool reshaped = false;
    int32_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) c = kReplacementChar;  // input was not valid UTF-8
        if (c < 0x80) {
            if (c == '\r') {
                // "\r\n" → the '\n' that follows
                if (i < length && nfkc_text[static_cast<std::size_t>(i)] == '\n') continue;
                out.push_back('\n');
            } else if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F)) {
                out.push_back(static_cast<char>(c));
            } else {
                out.push_back(' ');  // other controls separate words rather than join them
            }
            continue;
        }
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
            reshaped = true;
            continue;
        }
        if (u_charType(c) == U_CONTROL_CHAR) {
            out.push_back(' ');
            continue;
        }
        const UChar32 mapped = map_punctuation(c);
        if (mapped != c) {
            out.push_back(static_cast<char>(mapped));
            continue;
        }
        if (append_fold_if_xapian_differs(out, c)) {
            reshaped = true;
        } else {
            append_utf8(out, c);
        }
    }
    // Removing an ignorable or folding a letter can bring a base letter and a combining
    // mark together, which NFKC would compose: re-check only in that case.
    return reshaped ? to_nfkc(out) : out;
}

std::string fold_case(std::string_view utf8) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(normalize_text(utf8));
    text.foldCase(U_FOLD_CASE_DEFAULT);
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace dateline
