#include "snippets.hpp"

#include <array>
#include <utility>

namespace dateline::detail {
namespace {

// Normalized text has no control characters other than '\n' and '\t' (normalize.hpp),
// so these markers cannot collide with document text.
constexpr std::string_view kStart = "\x01";
constexpr std::string_view kEnd = "\x02";
constexpr std::string_view kOmit = "\u2026";

std::size_t utf8_floor(std::string_view s, std::size_t n) {
    if (n >= s.size()) return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

// "U.S." or "Mr." end in a full stop without ending the sentence: a short capitalized
// word or one with inner dots before the '.' is taken as an abbreviation.
bool looks_abbreviated(std::string_view before) {
    const auto space = before.find_last_of(' ');
    const auto word = space == std::string_view::npos ? before : before.substr(space + 1);
    if (word.empty()) return false;
    if (word.find('.') != std::string_view::npos) return true;
    return word.size() <= 3 && word[0] >= 'A' && word[0] <= 'Z';
}

}  // namespace

Snippet decode_marked(std::string_view marked) {
    constexpr std::array<std::pair<std::string_view, char>, 6> kEntities{{{"&amp;", '&'},
                                                                          {"&lt;", '<'},
                                                                          {"&gt;", '>'},
                                                                          {"&quot;", '"'},
                                                                          {"&#39;", '\''},
                                                                          {"&apos;", '\''}}};
    Snippet out;
    std::size_t open_at = std::string::npos;
    for (std::size_t i = 0; i < marked.size();) {
        if (marked.substr(i, kStart.size()) == kStart) {
            open_at = out.text.size();
            i += kStart.size();
            continue;
        }
        if (marked.substr(i, kEnd.size()) == kEnd) {
            if (open_at != std::string::npos && out.text.size() > open_at) {
                // Adjacent terms of one phrase come as separate marks; merge across a space.
                auto& hs = out.highlights;
                if (!hs.empty() && hs.back().offset + hs.back().length + 1 == open_at &&
                    out.text[open_at - 1] == ' ') {
                    hs.back().length = out.text.size() - hs.back().offset;
                } else {
                    hs.push_back({open_at, out.text.size() - open_at});
                }
            }
            open_at = std::string::npos;
            i += kEnd.size();
            continue;
        }
        if (marked[i] == '&') {
            bool replaced = false;
            for (const auto& [entity, ch] : kEntities) {
                if (marked.substr(i, entity.size()) == entity) {
                    out.text += ch;
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
        }
        out.text += marked[i++];
    }
    return out;
}

Snippet make_snippet(const Xapian::MSet& mset, const std::string& text, std::size_t bytes,
                     const Xapian::Stem& stem) {
    const auto marked =
        mset.snippet(text, bytes, stem,
                     Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                     std::string(kStart), std::string(kEnd), std::string(kOmit));
    return decode_marked(marked);
}

std::string first_sentence(std::string_view text, std::size_t max_bytes) {
    std::size_t start = 0;
    while (start < text.size() &&
           (text[start] == ' ' || text[start] == '\n' || text[start] == '\t')) {
        ++start;
    }
    text = text.substr(start);
    std::size_t end = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            end = i;
            break;
        }
        if ((c == '.' || c == '!' || c == '?') &&
            (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n') &&
            !(c == '.' && looks_abbreviated(text.substr(0, i)))) {
            end = i + 1;
            break;
        }
    }
    if (end <= max_bytes) return std::string(text.substr(0, end));
    auto cut = utf8_floor(text, max_bytes);
    // Prefer a word boundary so the title does not end mid-word.
    if (const auto space = text.substr(0, cut).rfind(' ');
        space != std::string_view::npos && space > max_bytes / 2) {
        cut = space;
    }
    return std::string(text.substr(0, cut)) + std::string(kOmit);
}

}  // namespace dateline::detail
