#include <dateline/stored_document.hpp>

#include <nlohmann/json.hpp>

#include <array>

#include <dateline/errors.hpp>

namespace dateline {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kTitleSourceNames = {"header", "json", "manifest",
                                                               "text", "none"};
constexpr std::array<std::string_view, 5> kSourceOriginNames = {"header", "json", "manifest",
                                                                "folder", "none"};

template <typename Enum, std::size_t N>
Enum enum_from(const std::array<std::string_view, N>& names, const std::string& s, Enum fallback) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == s) return static_cast<Enum>(i);
    }
    return fallback;
}

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

std::optional<std::string> read_optional(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return it->get<std::string>();
}

}  // namespace

std::string_view to_string(TitleSource s) noexcept {
    return kTitleSourceNames.at(static_cast<std::size_t>(s));
}

std::string_view to_string(SourceOrigin s) noexcept {
    return kSourceOriginNames.at(static_cast<std::size_t>(s));
}

std::string StoredDocument::encode() const {
    json j = {
        {"v", schema::kSchemaVersion},
        {"id", id},
        {"path", optional_string(path)},
        {"url", optional_string(url)},
        {"title", optional_string(title)},
        {"title_source", to_string(title_source)},
        {"date", optional_string(date)},
        {"date_source", schema::to_string(date_source)},
        {"source", source},
        {"source_origin", to_string(source_origin)},
        {"author", optional_string(author)},
        {"cited_hosts", cited_hosts},
        {"duplicate_lines_removed", duplicate_lines_removed},
        {"warnings", warnings},
        {"text", text},
    };
    if (!extra_json.empty()) {
        json extra = json::parse(extra_json, nullptr, /*allow_exceptions=*/false);
        j["extra"] = extra.is_discarded() ? json(extra_json) : std::move(extra);
    }
    // Stored text is valid UTF-8 by construction; replace rather than throw if not.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

StoredDocument StoredDocument::decode(std::string_view data) {
    const json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("id")) {
        throw IndexCorruptError("document data is not a Dateline stored document");
    }
    try {
        StoredDocument doc;
        doc.id = j.at("id").get<std::string>();
        doc.path = read_optional(j, "path");
        doc.url = read_optional(j, "url");
        doc.title = read_optional(j, "title");
        doc.title_source =
            enum_from(kTitleSourceNames, j.value("title_source", "none"), TitleSource::kNone);
        doc.date = read_optional(j, "date");
        doc.date_source = schema::parse_date_source(j.value("date_source", "none"))
                              .value_or(schema::DateSource::kNone);
        doc.source = j.value("source", std::string(schema::kUnknownSource));
        doc.source_origin =
            enum_from(kSourceOriginNames, j.value("source_origin", "none"), SourceOrigin::kNone);
        doc.author = read_optional(j, "author");
        doc.cited_hosts = j.value("cited_hosts", std::vector<std::string>{});
        doc.duplicate_lines_removed = j.value("duplicate_lines_removed", std::uint32_t{0});
        doc.warnings = j.value("warnings", std::vector<std::string>{});
        doc.text = j.value("text", std::string{});
        if (const auto it = j.find("extra"); it != j.end()) doc.extra_json = it->dump();
        return doc;
    } catch (const json::exception& e) {
        throw IndexCorruptError(std::string("malformed stored document: ") + e.what());
    }
}

}  // namespace dateline
