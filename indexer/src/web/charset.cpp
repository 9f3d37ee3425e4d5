#include "web/charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <dateline/normalize.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

constexpr std::size_t kPrescanBytes = 1024;

bool is_utf8_label(std::string_view label) { return label == "utf-8" || label == "utf8"; }

// WHATWG maps these labels to windows-1252; pages labelled so use its C1 characters
// (curly quotes, dashes) far more often than the C1 controls ISO-8859-1 would give.
std::string canonical_label(std::string label) {
    if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "us-ascii" ||
        label == "ascii" || label == "cp1252" || label == "l1") {
        return "windows-1252";
    }
    if (label == "utf8") return "utf-8";
    return label;
}

bool icu_knows(const std::string& label) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(label.c_str(), &status);
    if (converter != nullptr) ucnv_close(converter);
    return U_SUCCESS(status);
}

// The value after "charset=" in `text` (quotes and trailing parameters removed).
std::string charset_parameter(std::string_view text) {
    const std::string lower = ascii_lower(text);
    const std::size_t at = lower.find("charset");
    if (at == std::string::npos) return {};
    std::size_t pos = at + 7;
    while (pos < lower.size() && is_space(lower[pos])) ++pos;
    if (pos >= lower.size() || lower[pos] != '=') return {};
    ++pos;
    while (pos < lower.size() && (is_space(lower[pos]) || lower[pos] == '"' || lower[pos] == '\''))
        ++pos;
    std::size_t end = pos;
    while (end < lower.size() && lower[end] != ';' && lower[end] != '"' && lower[end] != '\'' &&
           lower[end] != '>' && lower[end] != '/' && !is_space(lower[end])) {
        ++end;
    }
    return lower.substr(pos, end - pos);
}

std::string to_utf8(std::string_view bytes, const std::string& label) {
    const icu::UnicodeString text(bytes.data(), static_cast<std::int32_t>(bytes.size()),
                                  label.c_str());
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace

std::string prescan_meta_charset(std::string_view bytes) {
    const std::string head = ascii_lower(bytes.substr(0, kPrescanBytes));
    std::size_t pos = 0;
    while ((pos = head.find("<meta", pos)) != std::string::npos) {
        const std::size_t end = head.find('>', pos);
        const std::string_view tag = std::string_view(head).substr(
            pos, end == std::string::npos ? std::string::npos : end - pos);
        std::string found = charset_parameter(tag);
        if (!found.empty()) return found;
        if (end == std::string::npos) break;
        pos = end;
    }
    return {};
}

std::string content_type_charset(std::string_view content_type) {
    return charset_parameter(content_type);
}

DecodedHtml decode_html_bytes(std::string_view bytes, std::string_view transport_charset) {
    DecodedHtml out;
    std::string label;
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        label = "utf-8";
        out.charset_from = "bom";
    } else if (bytes.starts_with("\xFE\xFF") || bytes.starts_with("\xFF\xFE")) {
        label = bytes.starts_with("\xFE\xFF") ? "utf-16be" : "utf-16le";
        bytes.remove_prefix(2);
        out.charset_from = "bom";
    }
    for (const auto& [candidate, from] :
         {std::pair{canonical_label(ascii_lower(transport_charset)), "http"},
          std::pair{canonical_label(prescan_meta_charset(bytes)), "meta"}}) {
        if (!label.empty() || candidate.empty()) continue;
        if (icu_knows(candidate)) {
            label = candidate;
            out.charset_from = from;
        } else {
            out.warnings.push_back("unknown_charset: " + candidate);
        }
    }

    if (label.empty() || is_utf8_label(label)) {
        Utf8Repair repaired = repair_utf8(bytes);
        if (repaired.replaced_sequences == 0) {
            out.utf8 = std::move(repaired.text);
            out.charset = "utf-8";
            if (out.charset_from.empty()) out.charset_from = "bytes";
            return out;
        }
        // Not UTF-8, whatever the page says: legacy pages are overwhelmingly windows-1252.
        if (!label.empty()) {
            out.warnings.emplace_back("charset_mismatch: declared utf-8, decoded as windows-1252");
        }
        label = "windows-1252";
        out.charset_from = "bytes";
    }
    out.charset = label;
    out.utf8 = repair_utf8(to_utf8(bytes, label)).text;
    return out;
}

}  // namespace dateline::detail
