// Processing one input (a text file, a JSON Lines file, standard input) into report
// entries and, when needed, documents in the new generation.
#include <new>
#include <system_error>
#include <unistd.h>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/word_splitter.hpp>

#include "build.hpp"
#include "content_hash.hpp"
#include "document_builder.hpp"
#include "input_reader.hpp"
#include "jsonl_reader.hpp"
#include "metadata_extractor.hpp"
#include "text_util.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

std::string content_hash_of(std::string_view bytes, const ManifestRow* row) {
    return input_hash(bytes, row != nullptr ? row->canonical() : std::string());
}

// Binary and empty inputs are rejected before hashing; decoding (repair, normalize) is
// left until the document actually has to be written, so unchanged files cost a hash.
std::optional<std::string> classify_reason(std::string_view bytes) {
    switch (classify_bytes(bytes)) {
        case ContentClass::kBinary:
            return "binary";
        case ContentClass::kEmpty:
            return "empty";
        case ContentClass::kText:
            break;
    }
    return std::nullopt;
}

std::string decode_text(std::string_view bytes, InputReport& report) {
    Utf8Repair repaired = repair_utf8(bytes);
    if (repaired.replaced_sequences > 0) {
        report.warnings.push_back("invalid_utf8: " + std::to_string(repaired.replaced_sequences) +
                                  " sequences replaced");
    }
    return normalize_text(repaired.text);
}

bool empty_document(const StoredDocument& doc) { return doc.text.empty() && !doc.title; }

// Ids and stored paths must be valid UTF-8 (they are JSON and terms shown to users);
// a file name with invalid bytes gets U+FFFD, like text does.
std::string text_document_id(const InputRoot& root, const CorpusEntry& entry) {
    return repair_utf8(root.is_directory ? entry.relative : root.argument.filename().string()).text;
}

std::string line_id(const std::string& relative, std::size_t line) {
    return relative + "#" + std::to_string(line);
}

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

void Build::reserve_generated_ids(const std::vector<WorkItem>& items) {
    for (const auto& item : items) {
        const InputRoot& root = m_roots[item.root];
        if (root.is_stdin) {
            m_generated_ids.insert("stdin");
        } else if (item.entry.kind == EntryKind::kText) {
            m_generated_ids.insert(text_document_id(root, item.entry));
        }
    }
}

template <typename Extract>
void Build::index_document(InputReport report, const std::string& id, const std::string& hash,
                           const std::optional<std::string>& origin, Extract&& extract) {
    report.id = id;
    if (m_produced.contains(id)) {
        reject(std::move(report), "duplicate_id", "an earlier input has the same id");
        return;
    }
    const std::string id_term = schema::make_term(schema::prefix::kId, id);
    bool existed = false;
    if (m_previous) {
        const auto posting = m_previous->postlist_begin(id_term);
        if (posting != m_previous->postlist_end(id_term)) {
            existed = true;
            const Xapian::Document old = m_previous->get_document(*posting);
            if (old.get_value(schema::slot::kContentHash) == hash &&
                old.get_value(schema::slot::kOriginPath) == origin.value_or("")) {
                m_produced.insert(id);
                report.outcome = InputOutcome::kUnchanged;
                add(std::move(report));
                return;
            }
        }
    }

    std::optional<StoredDocument> doc = extract(report);
    if (!doc) return;  // extract() rejected it
    doc->id = id;
    const std::size_t long_words = words::count_long_words(
        doc->title.value_or("") + "\n" + doc->text + "\n" + doc->author.value_or(""),
        schema::kMaxWordBytes);
    if (long_words > 0)
        report.warnings.push_back("dropped_long_words: " + std::to_string(long_words));
    doc->warnings = report.warnings;

    if (m_writer) {  // none in a dry run
        m_writer->put(id_term, id, m_builder.build(*doc, hash, origin), doc->text.size(),
                      /*replaces=*/existed);
    }
    m_produced.insert(id);
    report.outcome = existed ? InputOutcome::kReplaced : InputOutcome::kIndexed;
    add(std::move(report));
}

void Build::process_text(const InputRoot& root, const CorpusEntry& entry) {
    InputReport report;
    report.input = entry.path.string();
    ReadResult read = read_input_file(entry.path, m_options.max_file_size);
    switch (read.status) {
        case ReadStatus::kOk:
            break;
        case ReadStatus::kTooLarge:
            return reject(std::move(report), "too_large", read.detail);
        case ReadStatus::kVanished:
            return reject(std::move(report), "vanished", read.detail);
        case ReadStatus::kUnreadable:
            return reject(std::move(report), "unreadable", read.detail);
        case ReadStatus::kNotRegular:
            report.outcome = InputOutcome::kSkipped;
            report.reason = "not_regular_file";
            return add(std::move(report));
    }
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

void Build::process_jsonl(const InputRoot& root, const CorpusEntry& entry) {
    const std::string display = entry.path.string();
    OpenResult opened = open_input(entry.path);
    if (opened.status != ReadStatus::kOk) {
        InputReport report;
        report.input = display;
        if (opened.status == ReadStatus::kNotRegular) {
            report.outcome = InputOutcome::kSkipped;
            report.reason = "not_regular_file";
            return add(std::move(report));
        }
        return reject(std::move(report),
                      opened.status == ReadStatus::kVanished ? "vanished" : "unreadable",
                      opened.detail);
    }
    {
        // A binary file with a .jsonl name would otherwise yield one rejection per "line".
        char head[kBinarySniffBytes];
        const ssize_t n = ::pread(opened.file.get(), head, sizeof head, 0);
        if (n > 0 && classify_bytes(std::string_view(head, static_cast<std::size_t>(n))) ==
                         ContentClass::kBinary) {
            InputReport report;
            report.input = display;
            return reject(std::move(report), "binary");
        }
    }

    const std::string relative =
        repair_utf8(root.is_directory ? entry.relative : root.argument.filename().string()).text;
    const std::string origin =
        (root.is_directory ? root.absolute / entry.relative : root.absolute).string();
    LineReader reader(opened.file.get(), m_options.max_file_size);
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
    }
}

}  // namespace dateline::detail
