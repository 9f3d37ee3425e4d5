#include <array>

#include <nlohmann/json.hpp>

#include <dateline/errors.hpp>
#include <dateline/stored_document.hpp>

namespace dateline {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 10> kTitleSourceNames = {
    "header", "json", "manifest", "text", "none", "og", "jsonld", "h1", "title", "feed"};
constexpr std::array<std::string_view, 8> kSourceOriginNames = {
    "header", "json", "manifest", "folder", "none", "og", "jsonld", "feed"};
constexpr std::array<std::string_view, 10> kFieldOriginNames = {
    "header", "json", "manifest", "none", "og", "jsonld", "canonical", "meta", "warc", "feed"};

template <typename Enum, std::size_t N>
Enum enum_from(const std::array<std::string_view, N>& names, const std::string& s, Enum fallback) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == s) return static_cast<Enum>(i);
    }
    return fallback;
}

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

}  // namespace

std::string_view to_string(TitleSource s) noexcept {
    return kTitleSourceNames.at(static_cast<std::size_t>(s));
}

std::string_view to_string(SourceOrigin s) noexcept {
    return kSourceOriginNames.at(static_cast<std::size_t>(s));
}

std::string_view to_string(FieldOrigin s) noexcept {
    return kFieldOriginNames.at(static_cast<std::size_t>(s));
}

std::string StoredDocument::encode() const {
    const json header = {
        {"v", schema::kSchemaVersion},
        {"id", id},
        {"path", optional_string(path)},
        {"url", optional_string(url)},
        {"url_origin", to_string(url_origin)},
        {"title", optional_string(title)},
        {"title_source", to_string(title_source)},
        {"date", optional_string(date)},
        {"date_source", schema::to_string(date_source)},
        {"source", source},
        {"source_origin", to_string(source_origin)},
        {"source_as_found", optional_string(source_as_found)},
        {"author", optional_string(author)},
        {"author_origin", to_string(author_origin)},
        {"cited_hosts", cited_hosts},
        {"duplicate_lines_removed", duplicate_lines_removed},
        {"duplicate_sentences_removed", duplicate_sentences_removed},
        {"warnings", warnings},
        {"text_bytes", text.size()},
    };
    std::string extra;
    if (!extra_json.empty()) {
        const json parsed = json::parse(extra_json, nullptr, /*allow_exceptions=*/false);
        extra = (parsed.is_discarded() ? json(extra_json) : parsed)
                    .dump(-1, ' ', false, json::error_handler_t::replace);
    }
    // Line 1: the flat header; line 2: the extra fields; then the body, raw. dump()
    // escapes every newline, so both lines are single lines, and reading a hit never
    // has to lex or unescape the body (most of the bytes). Stored text is valid UTF-8
    // by construction; replace rather than throw if not.
    std::string data = header.dump(-1, ' ', false, json::error_handler_t::replace);
    data.reserve(data.size() + extra.size() + text.size() + 2);
    data.append("\n").append(extra).append("\n").append(text);
    return data;
}

namespace {

// Reads the flat header line straight into a StoredDocument: no DOM, so decoding a hit
// costs a few hundred bytes of lexing and the strings it keeps. Anything but the flat
// shape encode() writes (nested objects, unknown list fields, wrong types) fails the
// parse, which decode() reports as corruption.
class HeaderReader : public nlohmann::json_sax<json> {
  public:
    explicit HeaderReader(StoredDocument& doc) : m_doc(doc) {}

    std::size_t text_bytes = 0;
    bool has_id = false;
    bool has_text_bytes = false;

    bool null() override { return !m_in_list; }  // an absent optional stays empty
    bool boolean(bool /*value*/) override { return false; }
    bool number_integer(number_integer_t value) override {
        return value >= 0 && number_unsigned(static_cast<number_unsigned_t>(value));
    }
    bool number_unsigned(number_unsigned_t value) override {
        if (m_in_list) return false;
        if (m_key == "text_bytes") {
            text_bytes = static_cast<std::size_t>(value);
            has_text_bytes = true;
        } else if (m_key == "duplicate_lines_removed") {
            m_doc.duplicate_lines_removed = static_cast<std::uint32_t>(value);
        } else if (m_key == "duplicate_sentences_removed") {
            m_doc.duplicate_sentences_removed = static_cast<std::uint32_t>(value);
        }
        return true;  // "v" and future numeric fields
    }
    bool number_float(number_float_t /*value*/, const string_t& /*raw*/) override { return false; }
    bool binary(binary_t& /*value*/) override { return false; }
    bool string(string_t& value) override {
        if (m_in_list) {
            (m_key == "cited_hosts" ? m_doc.cited_hosts : m_doc.warnings)
                .push_back(std::move(value));
        } else if (m_key == "id") {
            m_doc.id = std::move(value);
            has_id = true;
        } else if (m_key == "path") {
            m_doc.path = std::move(value);
        } else if (m_key == "url_origin") {
            m_doc.url_origin = enum_from(kFieldOriginNames, value, FieldOrigin::kNone);
        } else if (m_key == "author_origin") {
            m_doc.author_origin = enum_from(kFieldOriginNames, value, FieldOrigin::kNone);
        } else if (m_key == "url") {
            m_doc.url = std::move(value);
        } else if (m_key == "title") {
            m_doc.title = std::move(value);
        } else if (m_key == "title_source") {
            m_doc.title_source = enum_from(kTitleSourceNames, value, TitleSource::kNone);
        } else if (m_key == "date") {
            m_doc.date = std::move(value);
        } else if (m_key == "date_source") {
            m_doc.date_source =
                schema::parse_date_source(value).value_or(schema::DateSource::kNone);
        } else if (m_key == "source") {
            m_doc.source = std::move(value);
        } else if (m_key == "source_origin") {
            m_doc.source_origin = enum_from(kSourceOriginNames, value, SourceOrigin::kNone);
        } else if (m_key == "source_as_found") {
            m_doc.source_as_found = std::move(value);
        } else if (m_key == "author") {
            m_doc.author = std::move(value);
        }
        return true;
    }
    bool start_object(std::size_t /*elements*/) override { return m_depth++ == 0; }
    bool end_object() override { return --m_depth == 0; }
    bool start_array(std::size_t /*elements*/) override {
        m_in_list = !m_in_list && (m_key == "cited_hosts" || m_key == "warnings");
        return m_in_list;
    }
    bool end_array() override {
        m_in_list = false;
        return true;
    }
    bool key(string_t& value) override {
        m_key = std::move(value);
        return true;
    }
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const nlohmann::detail::exception& /*ex*/) override {
        return false;
    }

  private:
    StoredDocument& m_doc;
    std::string m_key;
    int m_depth = 0;
    bool m_in_list = false;
};

}  // namespace

StoredDocument StoredDocument::decode(std::string_view data) {
    const auto header_end = data.find('\n');
    const auto extra_end =
        header_end == std::string_view::npos ? header_end : data.find('\n', header_end + 1);
    StoredDocument doc;
    HeaderReader reader(doc);
    if (extra_end == std::string_view::npos ||
        !json::sax_parse(data.substr(0, header_end), &reader) || !reader.has_id ||
        !reader.has_text_bytes) {
        throw IndexCorruptError("document data is not a Dateline stored document");
    }
    const std::string_view text = data.substr(extra_end + 1);
    if (reader.text_bytes != text.size()) {
        throw IndexCorruptError("stored document " + doc.id + " is truncated");
    }
    doc.text = text;
    doc.extra_json = data.substr(header_end + 1, extra_end - header_end - 1);
    return doc;
}

}  // namespace dateline
