#include <algorithm>
#include <array>
#include <vector>

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

const icu::Normalizer2& load_nfkc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
        throw Error(std::string("ICU NFKC data unavailable: ") + u_errorName(status));
    }
    return *n;
}

const icu::Normalizer2& nfkc() {
    // Published through a C++ static, whose guarded initialisation ThreadSanitizer sees:
    // ICU's own once-flag (umtx_initOnce) is built without TSan, so a thread using the
    // instance another thread had just created was reported as a race (two concurrent
    // Searchers' first queries).
    static const icu::Normalizer2& instance = load_nfkc();
    return instance;
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

// The blocks whose letters lose their diacritics: Latin-1 Supplement to Latin Extended-B,
// Greek, Latin Extended Additional and Greek Extended. Cyrillic is left out on purpose.
struct FoldRange {
    char32_t first;
    char32_t last;
};
constexpr std::array<FoldRange, 3> kFoldRanges = {
    {{0x00C0, 0x024F}, {0x0370, 0x03FF}, {0x1E00, 0x1FFF}}};

// Letters with no canonical decomposition that readers still type without the mark.
constexpr std::array<std::pair<char32_t, char32_t>, 9> kFoldExtras = {{{0x0131, 'i'},
                                                                       {0x00F8, 'o'},
                                                                       {0x00D8, 'O'},
                                                                       {0x0142, 'l'},
                                                                       {0x0141, 'L'},
                                                                       {0x0111, 'd'},
                                                                       {0x0110, 'D'},
                                                                       {0x0127, 'h'},
                                                                       {0x0126, 'H'}}};

bool is_combining_diacritic(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

// One table per range, filled from ICU's canonical decompositions once: the base letter
// when everything after it is a combining mark.
struct FoldTable {
    std::array<std::vector<char32_t>, kFoldRanges.size()> folded;

    FoldTable() {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
        for (std::size_t r = 0; r < kFoldRanges.size(); ++r) {
            auto& table = folded.at(r);
            for (char32_t cp = kFoldRanges.at(r).first; cp <= kFoldRanges.at(r).last; ++cp) {
                table.push_back(base_of(nfd, cp));
            }
        }
    }

    static char32_t base_of(const icu::Normalizer2* nfd, char32_t cp) {
        for (const auto& [from, to] : kFoldExtras) {
            if (from == cp) return to;
        }
        icu::UnicodeString parts;
        if (nfd == nullptr || !nfd->getDecomposition(static_cast<UChar32>(cp), parts)) return cp;
        const UChar32 base = parts.char32At(0);
        // Letters with marks only: a singleton decomposition (Greek question mark → ';')
        // is punctuation, not a diacritic.
        if (!u_isalpha(static_cast<UChar32>(cp)) || U16_LENGTH(base) >= parts.length()) {
            return cp;
        }
        for (int32_t k = U16_LENGTH(base); k < parts.length();) {
            const UChar32 mark = parts.char32At(k);
            if (u_charType(mark) != U_NON_SPACING_MARK) return cp;
            k += U16_LENGTH(mark);
        }
        return static_cast<char32_t>(base);
    }
};

const FoldTable& fold_table() {
    static const FoldTable kTable;
    return kTable;
}

bool is_word_char(UChar32 c) {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    }
    return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_PC_MASK)) != 0;
}

// Characters the term generator keeps inside a word when a word character follows.
bool is_word_joiner(UChar32 c) {
    return c == '\'' || c == '&' || c == 0xB7 || c == 0x5F4 || c == 0x2027;
}

UChar32 last_code_point(const std::string& s) {
    auto i = static_cast<int32_t>(s.size());
    while (i > 0 &&
           (static_cast<unsigned char>(s[static_cast<std::size_t>(i) - 1]) & 0xC0U) == 0x80U) {
        --i;
    }
    if (i > 0) --i;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    return c;
}

// At `at` (just after "'s"): the word ends here, so the "'s" was a possessive ending.
bool word_ends_at(std::string_view text, std::size_t at) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    auto i = static_cast<int32_t>(at);
    if (i >= n) return true;
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    if (is_word_char(c)) return false;
    if (!is_word_joiner(c) || i >= n) return true;
    UChar32 after = 0;
    U8_NEXT(s, i, n, after);
    return !is_word_char(after);
}

}  // namespace

char32_t fold_diacritic(char32_t cp) noexcept {
    if (cp < 0xC0) return cp;
    if (is_combining_diacritic(cp)) return 0;
    const auto& table = fold_table();
    for (std::size_t r = 0; r < kFoldRanges.size(); ++r) {
        const auto& range = kFoldRanges.at(r);
        if (cp >= range.first && cp <= range.last) return table.folded.at(r)[cp - range.first];
    }
    return cp;
}

std::size_t possessive_length(std::string_view word) noexcept {
    if (word.size() < 3) return 0;
    const char s = word.back();
    return word[word.size() - 2] == '\'' && (s == 's' || s == 'S') && word[word.size() - 3] != '\''
               ? 2
               : 0;
}

namespace {

std::string fold_text(std::string_view normalized, bool possessives) {
    const bool has_apostrophe = possessives && normalized.find('\'') != std::string_view::npos;
    const bool has_non_ascii = std::any_of(normalized.begin(), normalized.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x80;
    });
    if (!has_apostrophe && !has_non_ascii) return std::string(normalized);
    std::string out;
    out.reserve(normalized.size());
    const auto* s = reinterpret_cast<const uint8_t*>(normalized.data());
    const auto length = static_cast<int32_t>(normalized.size());
    int32_t i = 0;
    while (i < length) {
        const auto b = static_cast<unsigned char>(normalized[static_cast<std::size_t>(i)]);
        if (b < 0x80) {
            const auto next = static_cast<std::size_t>(i) + 1;
            if (possessives && b == '\'' && next < normalized.size() &&
                (normalized[next] == 's' || normalized[next] == 'S') && !out.empty() &&
                is_word_char(last_code_point(out)) && word_ends_at(normalized, next + 1)) {
                i += 2;
                continue;
            }
            out.push_back(static_cast<char>(b));
            ++i;
            continue;
        }
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            // Not UTF-8 (never so after normalize_text()): kept as it is.
            out.append(normalized.substr(static_cast<std::size_t>(start),
                                         static_cast<std::size_t>(i - start)));
            continue;
        }
        const char32_t folded = fold_diacritic(static_cast<char32_t>(c));
        if (folded != 0) append_utf8(out, static_cast<UChar32>(folded));
    }
    return out;
}

}  // namespace

std::string term_text(std::string_view normalized) { return fold_text(normalized, true); }

std::string fold_diacritics(std::string_view normalized) { return fold_text(normalized, false); }

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
