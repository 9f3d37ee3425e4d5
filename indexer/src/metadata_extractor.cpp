#include "metadata_extractor.hpp"

#include <dateline/calendar_date.hpp>
#include <dateline/normalize.hpp>

#include "dateline_detector.hpp"
#include "duplicate_lines.hpp"
#include "header_parser.hpp"
#include "text_util.hpp"
#include "title_detector.hpp"
#include "url_hosts.hpp"

namespace dateline::detail {

namespace {

using schema::DateSource;

// JSON fields arrive raw; header and manifest values are normalized already, and
// normalize_text() is idempotent, so everything goes through the same cleaning.
std::optional<std::string> clean(const std::optional<std::string>& raw) {
    if (!raw) return std::nullopt;
    std::string value = collapse_spaces(normalize_text(*raw));
    if (value.empty()) return std::nullopt;
    return value;
}

template <typename Origin>
struct Candidate {
    std::optional<std::string> value;
    Origin origin;
};

// The first present value, with its origin.
template <typename Origin>
std::optional<Candidate<Origin>> first_of(std::initializer_list<Candidate<Origin>> candidates) {
    for (const auto& c : candidates) {
        if (c.value) return c;
    }
    return std::nullopt;
}

std::optional<CalendarDate> parse_date_field(const std::optional<std::string>& raw,
                                             std::vector<std::string>& warnings) {
    if (!raw) return std::nullopt;
    if (auto date = parse_written_date(*raw)) return date;
    warnings.push_back("bad_date: " + *raw);
    return std::nullopt;
}

std::optional<std::pair<CalendarDate, DateSource>> first_web_date(
    const WebFields& web, std::vector<std::string>& warnings) {
    for (const auto& candidate : web.dates) {
        if (auto date = parse_date_field(clean(candidate.value), warnings)) {
            return std::pair{*date, candidate.origin};
        }
    }
    return std::nullopt;
}

// The first web candidate that survives cleaning.
template <typename Origin>
std::optional<Candidate<Origin>> first_web(const std::vector<SourcedValue<Origin>>& list) {
    for (const auto& item : list) {
        if (auto value = clean(item.value)) return Candidate<Origin>{std::move(value), item.origin};
    }
    return std::nullopt;
}

template <typename Origin>
std::optional<Candidate<Origin>> first_of_then(std::initializer_list<Candidate<Origin>> given,
                                               const std::vector<SourcedValue<Origin>>& web) {
    if (auto found = first_of<Origin>(given)) return found;
    return first_web(web);
}

}  // namespace

StoredDocument extract_metadata(std::string_view normalized_text, const ExtractOptions& options) {
    StoredDocument doc;
    const ManifestRow empty_row;
    const ManifestRow& manifest = options.manifest != nullptr ? *options.manifest : empty_row;
    const JsonArticle empty_json;
    const JsonArticle& json = options.json != nullptr ? *options.json : empty_json;
    const WebFields empty_web;
    const WebFields& web = options.web != nullptr ? *options.web : empty_web;

    HeaderBlock header;
    header.body = normalized_text;
    if (options.parse_header) header = parse_header_block(normalized_text);
    std::string_view body = header.body;

    // Date: manifest, header, JSON, dateline. Header warnings come first (source order).
    std::vector<std::string> warnings = header.warnings;
    std::optional<CalendarDate> date;
    if ((date = parse_date_field(clean(manifest.date), warnings))) {
        doc.date_source = DateSource::kManifest;
    } else if ((date = header.date)) {
        doc.date_source = DateSource::kHeader;
    } else if ((date = parse_date_field(clean(json.date), warnings))) {
        doc.date_source = DateSource::kJson;
    } else if (auto web_date = first_web_date(web, warnings)) {
        date = web_date->first;
        doc.date_source = web_date->second;
    } else if ((date = find_dateline(body)) ||
               (options.web != nullptr && (date = find_lead_dateline(body)))) {
        doc.date_source = DateSource::kDateline;
    } else {
        doc.date_source = DateSource::kNone;
    }
    if (date) doc.date = date->iso();

    // Title: manifest, header, JSON, then a leading title line (removed from the body,
    // its repeats then dropped as duplicate lines).
    std::string body_without_title;
    std::optional<std::string> text_title;
    if (auto given = first_of_then<TitleSource>({{clean(manifest.title), TitleSource::kManifest},
                                                 {clean(header.title), TitleSource::kHeader},
                                                 {clean(json.title), TitleSource::kJson}},
                                                web.titles)) {
        doc.title = given->value;
        doc.title_source = given->origin;
    } else if (auto detected = detect_title(body)) {
        auto lines = split_lines(body);
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(detected->line_index));
        body_without_title = join_lines(lines);
        body = body_without_title;
        text_title = detected->title;
        doc.title = collapse_spaces(detected->title);
        doc.title_source = TitleSource::kText;
    }

    DeduplicatedText dedup = remove_duplicate_lines(
        body, text_title ? std::optional<std::string_view>(*text_title) : std::nullopt);
    doc.duplicate_lines_removed = dedup.removed;
    DeduplicatedText sentences = remove_duplicate_sentences(trim(dedup.text));
    doc.duplicate_sentences_removed = sentences.removed;
    doc.text = std::string(trim(sentences.text));

    std::optional<Candidate<SourceOrigin>> source =
        first_of_then<SourceOrigin>({{clean(manifest.source), SourceOrigin::kManifest},
                                     {clean(header.source), SourceOrigin::kHeader},
                                     {clean(json.source), SourceOrigin::kJson}},
                                    web.sources);
    if (!source) {
        source = first_of<SourceOrigin>({{clean(options.folder_source), SourceOrigin::kFolder}});
    }
    if (auto given = source) {
        doc.source = *given->value;
        doc.source_origin = given->origin;
    } else {
        doc.source = std::string(schema::kUnknownSource);
        doc.source_origin = SourceOrigin::kNone;
    }

    if (auto url = first_of_then<FieldOrigin>({{clean(manifest.url), FieldOrigin::kManifest},
                                               {clean(header.url), FieldOrigin::kHeader},
                                               {clean(json.url), FieldOrigin::kJson}},
                                              web.urls)) {
        doc.url = url->value;
        doc.url_origin = url->origin;
    }
    if (auto author = first_of_then<FieldOrigin>({{clean(manifest.author), FieldOrigin::kManifest},
                                                  {clean(header.author), FieldOrigin::kHeader},
                                                  {clean(json.author), FieldOrigin::kJson}},
                                                 web.authors)) {
        doc.author = author->value;
        doc.author_origin = author->origin;
    }

    doc.cited_hosts = cited_hosts(doc.text);
    doc.warnings = std::move(warnings);
    return doc;
}

}  // namespace dateline::detail
