// Processing one input (a text file, a JSON Lines file, standard input) into report
// entries and, when needed, documents in the new generation.
#include <new>
#include <system_error>
#include <unistd.h>
#include <unordered_set>

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

namespace {

// The form of line_id() for any JSON Lines file ("<…>.jsonl#<digits>", any case): the
// namespace of generated record ids, whether or not that file is in this run.
bool has_line_id_form(std::string_view id) {
    const auto hash = id.rfind('#');
    if (hash == std::string_view::npos || hash + 1 == id.size()) return false;
    for (const char c : id.substr(hash + 1)) {
        if (c < '0' || c > '9') return false;
    }
    constexpr std::string_view kJsonl = ".jsonl";
    return hash >= kJsonl.size() &&
           ascii_lower(id.substr(hash - kJsonl.size(), kJsonl.size())) == std::string(kJsonl);
}

}  // namespace

void Build::check_manifest_rows(const std::vector<WorkItem>& items) {
    for (std::size_t i = 0; i < m_roots.size(); ++i) {
        const InputRoot& root = m_roots[i];
        if (!root.is_directory || root.manifest.rows.empty()) continue;
        std::unordered_set<std::string> text_files;
        for (const auto& item : items) {
            if (item.root == i && item.entry.kind == EntryKind::kText) {
                text_files.insert(item.entry.relative);
            }
        }
        for (auto& notice : root.manifest.unmatched_rows(text_files)) {
            m_report.notices.push_back(std::move(notice));
        }
    }
}

// Whole-file inputs (text files, HTML pages) and standard input take ids index-build
// generates from their paths; a JSON Lines record may not claim one of them.
void Build::reserve_generated_ids(const std::vector<WorkItem>& items) {
    for (const auto& item : items) {
        const InputRoot& root = m_roots[item.root];
        if (root.is_stdin) {
            m_generated_ids.insert("stdin");
        } else if (item.entry.kind == EntryKind::kText || item.entry.kind == EntryKind::kHtml) {
            m_generated_ids.insert(text_document_id(root, item.entry));
        }
    }
}

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

    const std::string id = text_document_id(root, entry);
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

    const std::string relative = text_document_id(root, entry);
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
        const bool own_id = article.id && !article.id->empty();
        if (own_id && (has_line_id_form(*article.id) || m_generated_ids.contains(*article.id))) {
            report.id = *article.id;
            reject(std::move(report), "reserved_id",
                   "the id has the form of an id index-build gives another input (a file's path, "
                   "or <file>.jsonl#<line>)");
            continue;
        }
        std::string id = own_id ? *article.id : line_id(relative, reader.line_number());
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
