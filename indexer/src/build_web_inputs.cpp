// Processing web inputs into report entries and documents: an HTML page, the items of
// an RSS/Atom feed, the HTML responses of a WARC file. Feed items and WARC records are
// documents of their own, each with an id and a content hash, so that a feed or
// archive that gains one item re-indexes one item.
#include <system_error>

#include <nlohmann/json.hpp>

#include <dateline/normalize.hpp>

#include "build.hpp"
#include "build_index_document.hpp"
#include "input_checks.hpp"
#include "metadata_extractor.hpp"
#include "text_util.hpp"
#include "web/charset.hpp"
#include "web/feed_reader.hpp"
#include "web/html_extract.hpp"
#include "web/http_response.hpp"
#include "web/warc_reader.hpp"
#include "web/web_page.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

bool has_utf16_bom(std::string_view bytes) {
    return bytes.starts_with("\xFE\xFF") || bytes.starts_with("\xFF\xFE");
}

std::string origin_of(const InputRoot& root, const CorpusEntry& entry) {
    return (root.is_directory ? root.absolute / entry.relative : root.absolute).string();
}

// Merges page extras (language, charset, body_from) with the input's own ("excerpt").
std::string merge_extras(const std::string& page_extras, const nlohmann::json& more) {
    nlohmann::json merged =
        page_extras.empty() ? nlohmann::json::object() : nlohmann::json::parse(page_extras);
    for (const auto& [key, value] : more.items()) merged[key] = value;
    return merged.empty() ? std::string()
                          : merged.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<StoredDocument> Build::web_document(const InputRoot& root, const CorpusEntry& entry,
                                                  std::string_view body, const WebFields& fields,
                                                  const ManifestRow* row, InputReport& report) {
    ExtractOptions options;
    options.parse_header = false;
    options.manifest = row;
    options.web = &fields;
    const std::string folder = folder_source(root, entry.relative);
    if (!folder.empty()) options.folder_source = folder;
    StoredDocument doc = extract_metadata(decode_text(body, report), options);
    for (auto& w : doc.warnings) report.warnings.push_back(w);
    if (empty_document(doc)) {
        reject(std::move(report), "empty", "no article text and no title");
        return std::nullopt;
    }
    return doc;
}

void Build::process_html(const InputRoot& root, const CorpusEntry& entry) {
    InputReport report;
    std::optional<std::string> bytes = read_whole(entry, report);
    if (!bytes) return;
    if (!has_utf16_bom(*bytes)) {
        if (auto reason = classify_reason(*bytes)) return reject(std::move(report), *reason);
    }
    const std::string id = text_document_id(root, entry);
    const ManifestRow* row = root.is_directory ? root.manifest.find(entry.relative) : nullptr;
    index_document(std::move(report), id, content_hash_of(*bytes, row), origin_of(root, entry),
                   [&](InputReport& r) -> std::optional<StoredDocument> {
                       WebPage page = read_web_page(*bytes, {});
                       for (auto& w : page.warnings) r.warnings.push_back(std::move(w));
                       std::optional<StoredDocument> doc =
                           web_document(root, entry, page.body, page.fields, row, r);
                       if (doc) {
                           doc->path = id;
                           doc->extra_json = page.extra_json;
                       }
                       return doc;
                   });
}

void Build::process_feed(const InputRoot& root, const CorpusEntry& entry) {
    InputReport report;
    std::optional<std::string> bytes = read_whole(entry, report);
    if (!bytes) return;
    if (auto reason = classify_reason(*bytes)) return reject(std::move(report), *reason);
    FeedResult parsed = parse_feed(*bytes);
    const bool xml_name = ascii_lower(entry.path.extension().string()) == ".xml";
    if (parsed.status == FeedStatus::kNotFeed && xml_name) {
        // Any XML file may end in .xml; only feeds are documents.
        report.outcome = InputOutcome::kSkipped;
        report.reason = "unsupported_type";
        report.detail = parsed.detail;
        return add(std::move(report));
    }
    if (parsed.status != FeedStatus::kOk) {
        return reject(std::move(report),
                      parsed.status == FeedStatus::kNotXml ? "bad_xml" : "not_a_feed",
                      parsed.detail);
    }
    const Feed& feed = parsed.feed;
    if (feed.items.empty()) return reject(std::move(report), "empty", "feed has no items");

    const std::string relative = text_document_id(root, entry);
    const std::string origin = origin_of(root, entry);
    for (const FeedItem& item : feed.items) {
        check_cancel();
        InputReport item_report;
        item_report.input = entry.path.string() + "#" + std::to_string(item.number);
        item_report.warnings = parsed.warnings;
        const std::string id =
            item.id ? repair_utf8(*item.id).text : line_id(relative, item.number);
        const std::string hash = input_hash_of_fields(
            {item.title.value_or(""), item.link.value_or(""), item.date.value_or(""),
             item.author.value_or(""), feed.title.value_or(""), item.content,
             item.excerpt ? "excerpt" : "content"});
        index_document(
            std::move(item_report), id, hash, origin,
            [&](InputReport& r) -> std::optional<StoredDocument> {
                const std::string body =
                    item.content_is_html
                        ? extract_html(repair_utf8(item.content).text, HtmlMode::kFragment).text
                        : item.content;
                WebFields fields;
                // Titles are often entity-escaped markup ("AT&amp;T"): read them as HTML text.
                if (item.title) {
                    fields.titles.push_back(
                        {extract_html(repair_utf8(*item.title).text, HtmlMode::kFragment).text,
                         TitleSource::kFeed});
                }
                if (item.date) fields.dates.push_back({*item.date, schema::DateSource::kFeed});
                if (feed.title) fields.sources.push_back({*feed.title, SourceOrigin::kFeed});
                if (item.link) fields.urls.push_back({*item.link, FieldOrigin::kFeed});
                if (item.author) fields.authors.push_back({*item.author, FieldOrigin::kFeed});
                std::optional<StoredDocument> doc =
                    web_document(root, entry, body, fields, nullptr, r);
                if (!doc) return doc;
                doc->path = relative;
                nlohmann::json extras = {{"feed_format", feed.format}};
                if (item.excerpt) extras["excerpt"] = true;
                doc->extra_json = merge_extras({}, extras);
                return doc;
            });
    }
}

void Build::process_warc(const InputRoot& root, const CorpusEntry& entry) {
    const std::string display = entry.path.string();
    std::optional<FileHandle> file = open_stream(entry);
    if (!file) return;
    const bool gzipped = ascii_lower(entry.path.filename().string()).ends_with(".gz");
    const std::string head = head_bytes(file->get());
    if (!(gzipped ? head.starts_with("\x1f\x8b") : head.starts_with("WARC/"))) {
        InputReport report;
        report.input = display;
        return reject(std::move(report), head.empty() ? "empty" : "not_warc",
                      gzipped ? "no gzip header" : "no WARC version line");
    }
    const std::string relative = text_document_id(root, entry);
    const std::string origin = origin_of(root, entry);
    WarcReader reader(file->get(), gzipped, m_options.max_file_size);
    WarcRecord record;
    std::string detail;
    bool any = false;
    while (true) {
        check_cancel();
        WarcStatus status = WarcStatus::kEnd;
        try {
            status = reader.next(record, detail);
        } catch (const std::system_error& e) {
            InputReport report;
            report.input = display;
            return reject(std::move(report), "unreadable", e.code().message());
        }
        if (status == WarcStatus::kEnd) break;
        any = true;
        InputReport report;
        report.input = display + "@" + std::to_string(record.offset);
        if (status == WarcStatus::kTooLarge) {
            reject(std::move(report), "too_large", detail);
            continue;
        }
        if (status == WarcStatus::kCorrupt) {
            reject(std::move(report), "corrupt_record", detail);
            continue;
        }
        if (record.type != "response" && record.type != "resource") {
            report.outcome = InputOutcome::kSkipped;
            report.reason = "warc_" + (record.type.empty() ? std::string("untyped") : record.type);
            add(std::move(report));
            continue;
        }
        if (record.target_uri.empty()) {
            reject(std::move(report), "corrupt_record", "no WARC-Target-URI");
            continue;
        }
        HttpResponse response;
        if (record.type == "response") {
            HttpParse http = parse_http_response(record.block, m_options.max_file_size);
            if (!http.ok) {
                reject(std::move(report), "bad_http", http.error);
                continue;
            }
            response = std::move(http.response);
        } else {
            response.status = 200;
            response.content_type = record.content_type;
            response.body = std::move(record.block);
        }
        if (response.status < 200 || response.status > 299) {
            report.outcome = InputOutcome::kSkipped;
            report.reason = "http_status";
            report.detail = std::to_string(response.status);
            add(std::move(report));
            continue;
        }
        if (!is_html_media_type(response.content_type)) {
            report.outcome = InputOutcome::kSkipped;
            report.reason = "not_html";
            report.detail =
                response.content_type.empty() ? "no Content-Type" : response.content_type;
            add(std::move(report));
            continue;
        }
        if (!has_utf16_bom(response.body)) {
            if (auto reason = classify_reason(response.body)) {
                reject(std::move(report), *reason);
                continue;
            }
        }
        const std::string hash =
            input_hash_of_fields({record.target_uri, response.content_type, response.body});
        const std::string id = repair_utf8(record.target_uri).text;
        index_document(std::move(report), id, hash, origin,
                       [&](InputReport& r) -> std::optional<StoredDocument> {
                           WebPage page = read_web_page(
                               response.body, content_type_charset(response.content_type));
                           for (auto& w : page.warnings) r.warnings.push_back(std::move(w));
                           page.fields.urls.push_back({record.target_uri, FieldOrigin::kWarc});
                           std::optional<StoredDocument> doc =
                               web_document(root, entry, page.body, page.fields, nullptr, r);
                           if (doc) {
                               doc->path = relative;
                               doc->extra_json = merge_extras(
                                   page.extra_json, {{"warc_record_id", record.record_id}});
                           }
                           return doc;
                       });
    }
    if (!any) {
        InputReport report;
        report.input = display;
        reject(std::move(report), "empty", "no records");
    }
}

}  // namespace dateline::detail
