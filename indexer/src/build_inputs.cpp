// Processing one input (a text file, a JSON Lines file, standard input) into report
// entries and, when needed, documents in the new generation.
#include <new>
#include <system_error>
#include <unistd.h>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

#include "build.hpp"
#include "build_index_document.hpp"
#include "document_builder.hpp"
#include "input_checks.hpp"
#include "input_reader.hpp"
#include "jsonl_reader.hpp"
#include "metadata_extractor.hpp"
#include "text_util.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

std::optional<std::string> Build::read_whole(const CorpusEntry& entry, InputReport& report) {
    report.input = entry.path.string();
    ReadResult read = read_input_file(entry.path, m_options.max_file_size);
    switch (read.status) {
        case ReadStatus::kOk:
            return std::move(read.bytes);
        case ReadStatus::kTooLarge:
            reject(std::move(report), "too_large", read.detail);
            return std::nullopt;
        case ReadStatus::kVanished:
            reject(std::move(report), "vanished", read.detail);
            return std::nullopt;
        case ReadStatus::kUnreadable:
            reject(std::move(report), "unreadable", read.detail);
            return std::nullopt;
        case ReadStatus::kNotRegular:
            report.outcome = InputOutcome::kSkipped;
            report.reason = "not_regular_file";
            add(std::move(report));
            return std::nullopt;
    }
    return std::nullopt;
}

void Build::process_text(const InputRoot& root, const CorpusEntry& entry) {
    InputReport report;
    std::optional<std::string> bytes = read_whole(entry, report);
    if (!bytes) return;
    ReadResult read;
    read.bytes = std::move(*bytes);
    if (auto reason = classify_reason(read.bytes)) return reject(std::move(report), *reason);

    // Ids and stored paths must be valid UTF-8 (they are JSON and terms shown to users);
    // a file name with invalid bytes gets U+FFFD, like text does.
    const std::string id =
        repair_utf8(root.is_directory ? entry.relative : root.argument.filename().string()).text;
    const ManifestRow* row = root.is_directory ? root.manifest.find(entry.relative) : nullptr;
    const std::string hash = content_hash_of(read.bytes, row);
    const fs::path origin = root.is_directory ? root.absolute / entry.relative : root.absolute;

    index_document(std::move(report), id, hash, origin.string(),
                   [&](InputReport& r) -> std::optional<StoredDocument> {
                       ExtractOptions options;
                       options.manifest = row;
                       const std::string folder = folder_source(root, entry.relative);
                       if (!folder.empty()) options.folder_source = folder;
                       StoredDocument doc = extract_metadata(decode_text(read.bytes, r), options);
                       for (auto& w : doc.warnings) r.warnings.push_back(w);
                       if (empty_document(doc)) {
                           reject(std::move(r), "empty", "no text after the header");
                           return std::nullopt;
                       }
                       doc.path = root.is_directory ? entry.relative : id;
                       return doc;
                   });
}

void Build::process_stdin() {
    InputReport report;
    report.input = "-";
    const std::string& bytes = *m_options.stdin_data;
    if (bytes.size() > m_options.max_file_size) {
        return reject(std::move(report), "too_large",
                      std::to_string(bytes.size()) + " bytes > limit " +
                          std::to_string(m_options.max_file_size));
    }
    if (auto reason = classify_reason(bytes)) return reject(std::move(report), *reason);
    index_document(std::move(report), "stdin", content_hash_of(bytes, nullptr), std::nullopt,
                   [&](InputReport& r) -> std::optional<StoredDocument> {
                       StoredDocument doc =
                           extract_metadata(decode_text(bytes, r), ExtractOptions{});
                       for (auto& w : doc.warnings) r.warnings.push_back(w);
                       if (empty_document(doc)) {
                           reject(std::move(r), "empty", "no text after the header");
                           return std::nullopt;
                       }
                       return doc;
                   });
}

std::optional<FileHandle> Build::open_stream(const CorpusEntry& entry) {
    InputReport report;
    report.input = entry.path.string();
    OpenResult opened = open_input(entry.path);
    if (opened.status != ReadStatus::kOk) {
        if (opened.status == ReadStatus::kNotRegular) {
            report.outcome = InputOutcome::kSkipped;
            report.reason = "not_regular_file";
            add(std::move(report));
            return std::nullopt;
        }
        reject(std::move(report),
               opened.status == ReadStatus::kVanished ? "vanished" : "unreadable", opened.detail);
        return std::nullopt;
    }
    return std::move(opened.file);
}

std::string Build::head_bytes(int fd) {
    std::string head(kBinarySniffBytes, '\0');
    const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
    head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return head;
}

void Build::process_jsonl(const InputRoot& root, const CorpusEntry& entry) {
    const std::string display = entry.path.string();
    std::optional<FileHandle> file = open_stream(entry);
    if (!file) return;
    // A binary file with a .jsonl name would otherwise yield one rejection per "line".
    if (classify_bytes(head_bytes(file->get())) == ContentClass::kBinary) {
        InputReport report;
        report.input = display;
        return reject(std::move(report), "binary");
    }

    const std::string relative =
        repair_utf8(root.is_directory ? entry.relative : root.argument.filename().string()).text;
    const std::string origin =
        (root.is_directory ? root.absolute / entry.relative : root.absolute).string();
    LineReader reader(file->get(), m_options.max_file_size);
    std::string line;
    bool any = false;
    while (true) {
        check_cancel();
        LineReader::Status status{};
        try {
            status = reader.next(line);
        } catch (const std::system_error& e) {
            InputReport report;
            report.input = display + ":" + std::to_string(reader.line_number() + 1);
            return reject(std::move(report), "unreadable", e.code().message());
        }
        if (status == LineReader::Status::kEnd) break;
        InputReport report;
        report.input = display + ":" + std::to_string(reader.line_number());
        if (status == LineReader::Status::kTooLong) {
            any = true;
            reject(std::move(report), "too_large",
                   "record longer than " + std::to_string(m_options.max_file_size) + " bytes");
            continue;
        }
        if (is_blank(line)) continue;
        any = true;
        if (line.find('\0') != std::string::npos) {
            reject(std::move(report), "binary");
            continue;
        }
        JsonRecordResult record = parse_jsonl_record(line);
        if (!record.article) {
            reject(std::move(report), "bad_json", record.error);
            continue;
        }
        JsonArticle& article = *record.article;
        report.warnings = article.warnings;
        std::string id = article.id && !article.id->empty()
                             ? *article.id
                             : relative + "#" + std::to_string(reader.line_number());
        index_document(std::move(report), id, content_hash_of(line, nullptr), origin,
                       [&](InputReport& r) -> std::optional<StoredDocument> {
                           ExtractOptions options;
                           options.parse_header = false;
                           options.json = &article;
                           const std::string folder = folder_source(root, entry.relative);
                           if (!folder.empty()) options.folder_source = folder;
                           StoredDocument doc =
                               extract_metadata(normalize_text(article.body.value_or("")), options);
                           for (auto& w : doc.warnings) r.warnings.push_back(w);
                           if (empty_document(doc)) {
                               reject(std::move(r), "empty", "record has no title and no body");
                               return std::nullopt;
                           }
                           doc.path = relative;
                           doc.extra_json = article.extra_json;
                           return doc;
                       });
    }
    if (!any) {
        InputReport report;
        report.input = display;
        reject(std::move(report), "empty", "no records");
    }
}

void Build::process_entry(const InputRoot& root, const CorpusEntry& entry) {
    switch (entry.kind) {
        case EntryKind::kSkipped:
        case EntryKind::kRejected: {
            InputReport report;
            report.input = entry.path.string();
            report.outcome = entry.kind == EntryKind::kSkipped ? InputOutcome::kSkipped
                                                               : InputOutcome::kRejected;
            report.reason = entry.reason;
            report.detail = entry.detail;
            add(std::move(report));
            return;
        }
        case EntryKind::kText:
            if (root.is_stdin) {
                process_stdin();
            } else {
                process_text(root, entry);
            }
            return;
        case EntryKind::kJsonl:
            process_jsonl(root, entry);
            return;
        case EntryKind::kHtml:
            process_html(root, entry);
            return;
        case EntryKind::kFeed:
            process_feed(root, entry);
            return;
        case EntryKind::kWarc:
            process_warc(root, entry);
            return;
    }
}

}  // namespace dateline::detail
