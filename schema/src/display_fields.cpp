#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include <dateline/display_fields.hpp>
#include <dateline/errors.hpp>
#include <dateline/sentence_rules.hpp>
#include <dateline/word_splitter.hpp>

namespace dateline {
namespace {

// Flag bits of the first byte. The path is usually the id itself (a file under a data
// root), so it is stored once.
constexpr unsigned kHasPath = 1U << 0U;
constexpr unsigned kPathIsId = 1U << 1U;
constexpr unsigned kHasUrl = 1U << 2U;
constexpr unsigned kHasTitle = 1U << 3U;
constexpr unsigned kTitleDerived = 1U << 4U;
constexpr unsigned kHasDate = 1U << 5U;
constexpr unsigned kHasAuthor = 1U << 6U;
constexpr unsigned kHasSourceAsFound = 1U << 7U;
constexpr unsigned kKnownFlags = (1U << 8U) - 1U;

constexpr std::string_view kOmit = "\u2026";

// Strings are length-prefixed (LEB128), so any byte may occur in them.
void put_number(std::string& out, std::uint64_t n) {
    while (n >= 0x80) {
        out.push_back(static_cast<char>((n & 0x7F) | 0x80));
        n >>= 7U;
    }
    out.push_back(static_cast<char>(n));
}

void put_string(std::string& out, std::string_view s) {
    put_number(out, s.size());
    out.append(s);
}

[[noreturn]] void corrupt() {
    throw IndexCorruptError("the display fields of a document (value slot " +
                            std::to_string(schema::slot::kDisplay) + ") do not decode");
}

class Reader {
  public:
    explicit Reader(std::string_view data) : m_data(data) {}

    unsigned byte() {
        if (m_pos >= m_data.size()) corrupt();
        return static_cast<unsigned char>(m_data[m_pos++]);
    }

    std::uint64_t number() {
        std::uint64_t n = 0;
        for (unsigned shift = 0;; shift += 7) {
            if (shift > 63) corrupt();
            const unsigned b = byte();
            n |= static_cast<std::uint64_t>(b & 0x7FU) << shift;
            if ((b & 0x80U) == 0) break;
        }
        return n;
    }

    std::string string() {
        const std::uint64_t n = number();
        if (n > m_data.size() - m_pos) corrupt();
        std::string s(m_data.substr(m_pos, static_cast<std::size_t>(n)));
        m_pos += static_cast<std::size_t>(n);
        return s;
    }

    [[nodiscard]] bool at_end() const { return m_pos == m_data.size(); }
    [[nodiscard]] std::size_t left() const { return m_data.size() - m_pos; }

  private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};

std::size_t utf8_floor(std::string_view s, std::size_t n) {
    if (n >= s.size()) return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

// "U.S." or "Mr." end in a full stop without ending the sentence: a short capitalized
// word or one with inner dots before the '.' is taken as an abbreviation.
}  // namespace

DisplayFields DisplayFields::of(const StoredDocument& stored) {
    DisplayFields fields;
    fields.id = stored.id;
    fields.path = stored.path;
    fields.url = stored.url;
    if (stored.title && !stored.title->empty()) {
        fields.title = stored.title;
    } else if (auto sentence = first_sentence(stored.text); !sentence.empty()) {
        fields.title = std::move(sentence);
        fields.title_derived = true;
    }
    fields.date = stored.date;
    fields.date_source = stored.date_source;
    fields.title_source = stored.title_source;
    fields.source = stored.source;
    fields.source_origin = stored.source_origin;
    fields.source_as_found = stored.source_as_found;
    fields.author = stored.author;
    fields.cited_hosts = stored.cited_hosts;
    return fields;
}

std::string DisplayFields::encode() const {
    const bool path_is_id = path && *path == id;
    unsigned flags = 0;
    if (path) flags |= path_is_id ? kHasPath | kPathIsId : kHasPath;
    if (url) flags |= kHasUrl;
    if (title) flags |= title_derived ? kHasTitle | kTitleDerived : kHasTitle;
    if (date) flags |= kHasDate;
    if (author) flags |= kHasAuthor;
    if (source_as_found) flags |= kHasSourceAsFound;

    std::string out;
    out.reserve(2 + id.size() + (path && !path_is_id ? path->size() : 0) + (url ? url->size() : 0) +
                (title ? title->size() : 0) + 10 + source.size() + 8);
    out.push_back(static_cast<char>(flags));
    out.push_back(static_cast<char>(date_source));
    put_string(out, id);
    if (path && !path_is_id) put_string(out, *path);
    if (url) put_string(out, *url);
    if (title) put_string(out, *title);
    if (date) put_string(out, *date);
    put_string(out, source);
    out.push_back(static_cast<char>(title_source));
    out.push_back(static_cast<char>(source_origin));
    if (source_as_found) put_string(out, *source_as_found);
    if (author) put_string(out, *author);
    put_number(out, cited_hosts.size());
    for (const auto& host : cited_hosts) put_string(out, host);
    return out;
}

DisplayFields DisplayFields::decode(std::string_view value) {
    Reader in(value);
    const unsigned flags = in.byte();
    const unsigned date_source = in.byte();
    if ((flags & ~kKnownFlags) != 0 || ((flags & kPathIsId) != 0 && (flags & kHasPath) == 0) ||
        ((flags & kTitleDerived) != 0 && (flags & kHasTitle) == 0) ||
        date_source >= schema::kDateSourceCount) {
        corrupt();
    }
    DisplayFields fields;
    fields.id = in.string();
    if ((flags & kPathIsId) != 0) {
        fields.path = fields.id;
    } else if ((flags & kHasPath) != 0) {
        fields.path = in.string();
    }
    if ((flags & kHasUrl) != 0) fields.url = in.string();
    if ((flags & kHasTitle) != 0) {
        fields.title = in.string();
        fields.title_derived = (flags & kTitleDerived) != 0;
    }
    if ((flags & kHasDate) != 0) fields.date = in.string();
    fields.date_source = static_cast<schema::DateSource>(date_source);
    fields.source = in.string();
    const unsigned title_source = in.byte();
    const unsigned source_origin = in.byte();
    if (title_source >= kTitleSourceCount || source_origin >= kSourceOriginCount) corrupt();
    fields.title_source = static_cast<TitleSource>(title_source);
    fields.source_origin = static_cast<SourceOrigin>(source_origin);
    if ((flags & kHasSourceAsFound) != 0) fields.source_as_found = in.string();
    if ((flags & kHasAuthor) != 0) fields.author = in.string();
    const std::uint64_t hosts = in.number();
    if (hosts > in.left()) corrupt();  // each takes a byte at least: no huge reserve
    fields.cited_hosts.reserve(static_cast<std::size_t>(hosts));
    for (std::uint64_t i = 0; i < hosts; ++i) fields.cited_hosts.push_back(in.string());
    if (!in.at_end()) corrupt();
    return fields;
}

std::string first_sentence(std::string_view text, std::size_t max_bytes) {
    std::size_t start = 0;
    while (start < text.size() &&
           (text[start] == ' ' || text[start] == '\n' || text[start] == '\t')) {
        ++start;
    }
    // A single line break is a hard wrap inside the sentence (issue 13: 002's derived
    // title stopped at "…held a phone call"); a blank line ends it. Wraps become spaces.
    std::string joined;
    joined.reserve(std::min(text.size() - start, max_bytes + 8));
    for (std::size_t i = start; i < text.size() && joined.size() <= max_bytes + 4; ++i) {
        const char c = text[i];
        if (c != '\n') {
            joined.push_back(c);
            continue;
        }
        std::size_t next = i + 1;
        while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
        if (next >= text.size() || text[next] == '\n') break;
        while (!joined.empty() && (joined.back() == ' ' || joined.back() == '\t')) {
            joined.pop_back();
        }
        joined.push_back(' ');
        i = next - 1;
    }
    text = joined;
    // Where the sentence ends: the rule the snippet cutter and the repeated-sentence filter
    // apply (sentence_rules.hpp), over the same words (U.S. is one word, dots included).
    std::size_t end = text.size();
    std::size_t word_start = 0;
    std::size_t word_end = 0;
    std::string term;
    (void)words::for_each_word(
        text, 0, term, words::NoTerms{},
        [&](const std::string& /*term*/, std::size_t /*bytes*/, std::size_t next_start,
            std::size_t next_end) {
            const std::string_view gap = text.substr(word_end, next_start - word_end);
            if (word_end > 0 && sentences::ends_sentence(
                                    text.substr(word_start, word_end - word_start), gap, false)) {
                end = word_end + sentences::sentence_end_length(gap, false);
                return false;
            }
            word_start = next_start;
            word_end = next_end;
            return true;
        });
    if (end == text.size() && word_end > 0) {  // after the last word
        const std::string_view gap = text.substr(word_end);
        if (sentences::ends_sentence(text.substr(word_start, word_end - word_start), gap, true)) {
            end = word_end + sentences::sentence_end_length(gap, true);
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

}  // namespace dateline
