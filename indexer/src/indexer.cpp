// Orchestration of one build: resolve inputs, lock, walk, read, extract, write the new
// generation (incrementally or from scratch), verify, publish.
#include <chrono>
#include <ctime>
#include <new>
#include <sstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <dateline/indexer.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

#include "build_lock.hpp"
#include "content_hash.hpp"
#include "corpus_walker.hpp"
#include "document_builder.hpp"
#include "generation_store.hpp"
#include "generation_writer.hpp"
#include "input_reader.hpp"
#include "jsonl_reader.hpp"
#include "manifest.hpp"
#include "metadata_extractor.hpp"
#include "synonyms_loader.hpp"
#include "text_util.hpp"

namespace dateline {

std::string_view to_string(InputOutcome outcome) noexcept {
    switch (outcome) {
        case InputOutcome::kIndexed:
            return "indexed";
        case InputOutcome::kReplaced:
            return "replaced";
        case InputOutcome::kUnchanged:
            return "unchanged";
        case InputOutcome::kRejected:
            return "rejected";
        case InputOutcome::kSkipped:
            return "skipped";
    }
    return "unknown";
}

namespace detail {
namespace {

namespace fs = std::filesystem;

// Bump when extraction rules change, so that an incremental build re-extracts every
// document instead of keeping ones whose bytes did not change.
constexpr std::string_view kHashSalt = "dateline-indexer/1";
// Indexer-private metadata: fingerprint of the synonym table in the generation.
constexpr std::string_view kSynonymsMetadata = "dateline.synonyms";

struct Root {
    fs::path argument;  // as given
    fs::path absolute;  // absolute, lexically normal
    bool is_directory = false;
    bool is_stdin = false;
    Manifest manifest;
};

struct WorkItem {
    std::size_t root;
    CorpusEntry entry;
};

fs::path absolute_normal(const fs::path& p) {
    fs::path abs = fs::absolute(p).lexically_normal();
    if (!abs.has_filename() && abs.has_parent_path() && abs != abs.root_path()) {
        abs = abs.parent_path();
    }
    return abs;
}

bool is_under(const std::string& path, const std::string& dir) {
    return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
           (dir.back() == '/' || path[dir.size()] == '/');
}

std::string utc_now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

class Build {
  public:
    explicit Build(const BuildOptions& options) : m_options(options) {}

    BuildReport run();

  private:
    void resolve_inputs();
    void open_index_dir();
    void open_previous();
    void load_synonyms();
    std::vector<WorkItem> walk() const;
    void check_cancel() const;

    void process_entry(const Root& root, const CorpusEntry& entry);
    void process_text(const Root& root, const CorpusEntry& entry);
    void process_stdin();
    void process_jsonl(const Root& root, const CorpusEntry& entry);

    /// Shared tail of every document input: duplicate and unchanged detection, extraction,
    /// writing. `extract` is only called when the document has to be (re)written.
    template <typename Extract>
    void index_document(InputReport report, const std::string& id, const std::string& hash,
                        const std::optional<std::string>& origin, Extract&& extract);

    void reject(InputReport report, std::string reason, std::string detail = {});
    void add(InputReport report);
    void delete_vanished();
    bool in_scope(const std::string& origin) const;
    std::string totals_json(std::uint64_t documents, std::uint64_t generation) const;
    void report_progress();

    const BuildOptions& m_options;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::vector<Root> m_roots;
    fs::path m_index_abs;
    std::unique_ptr<GenerationStore> m_store;
    std::unique_ptr<BuildLock> m_lock;  // declared before m_writer: released after tmp cleanup
    std::optional<std::uint64_t> m_current;
    std::optional<Xapian::Database> m_previous;  // incremental base, read-only
    std::uint64_t m_previous_count = 0;
    std::optional<SynonymTable> m_synonyms;
    std::unique_ptr<GenerationWriter> m_writer;
    std::unordered_set<std::string> m_produced;  // ids indexed/replaced/unchanged this run
    BuildReport m_report;
    BuildProgress m_progress;
};

void Build::check_cancel() const {
    if (m_options.cancel_requested && m_options.cancel_requested()) {
        throw BuildCancelledError("build interrupted; nothing was published");
    }
}

void Build::resolve_inputs() {
    if (m_options.index_dir.empty()) throw Error("no index directory given");
    if (m_options.inputs.empty()) throw Error("no inputs given");
    if (m_options.max_file_size == 0) throw Error("the maximum file size must be positive");
    bool have_stdin = false;
    for (const auto& input : m_options.inputs) {
        Root root;
        root.argument = input;
        if (input == "-") {
            if (have_stdin) throw Error("standard input ('-') given more than once");
            if (!m_options.stdin_data) throw Error("'-' given but no standard input data supplied");
            have_stdin = true;
            root.is_stdin = true;
            m_roots.push_back(std::move(root));
            continue;
        }
        struct stat st {};
        if (::stat(input.c_str(), &st) != 0) {
            throw Error("input not found: " + input.string() + " (" +
                        std::error_code(errno, std::generic_category()).message() + ")");
        }
        root.absolute = absolute_normal(input);
        root.is_directory = S_ISDIR(st.st_mode);
        m_roots.push_back(std::move(root));
    }
}

void Build::open_index_dir() {
    const fs::path& dir = m_options.index_dir;
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw Error("index path exists and is not a directory: " + dir.string());
    }
    fs::create_directories(dir, ec);
    if (ec) throw IoError("cannot create index directory " + dir.string() + ": " + ec.message());
    if (fs::exists(dir / "iamglass", ec)) {
        throw Error(dir.string() +
                    " holds a plain Xapian database, not a Dateline index; choose another --index");
    }
    m_index_abs = absolute_normal(dir);
    m_store = std::make_unique<GenerationStore>(dir);
}

void Build::open_previous() {
    m_current = m_store->current();
    if (!m_current || m_options.rebuild) return;
    const fs::path path = m_store->path_of(*m_current);
    try {
        m_previous.emplace(path.string());
    } catch (const Xapian::Error& e) {
        throw IndexCorruptError("the current generation " + path.string() + " cannot be opened (" +
                                e.get_description() + "); run index-build --rebuild");
    }
    const std::string version =
        m_previous->get_metadata(std::string(schema::metadata::kSchemaVersion));
    if (version != std::to_string(schema::kSchemaVersion)) {
        throw SchemaVersionError(
            "the index at " + m_options.index_dir.string() + " has schema version " +
            (version.empty() ? "(none)" : version) + ", this index-build writes version " +
            std::to_string(schema::kSchemaVersion) + ": run index-build --rebuild");
    }
    m_previous_count = m_previous->get_doccount();
}

void Build::load_synonyms() {
    std::vector<fs::path> files;
    if (m_options.synonyms_file) {
        std::error_code ec;
        if (!fs::is_regular_file(*m_options.synonyms_file, ec)) {
            throw Error("synonyms file not found: " + m_options.synonyms_file->string());
        }
        files.push_back(*m_options.synonyms_file);
    } else {
        for (const auto& root : m_roots) {
            std::error_code ec;
            const fs::path candidate = root.argument / kSynonymsFile;
            if (root.is_directory && fs::is_regular_file(candidate, ec)) files.push_back(candidate);
        }
    }
    if (files.empty()) return;
    m_synonyms = detail::load_synonyms(files);
    for (const auto& notice : m_synonyms->notices) m_report.notices.push_back(notice);
    m_report.synonym_groups = m_synonyms->groups.size();
}

std::vector<WorkItem> Build::walk() const {
    std::vector<WorkItem> items;
    for (std::size_t i = 0; i < m_roots.size(); ++i) {
        const Root& root = m_roots[i];
        if (root.is_stdin) {
            CorpusEntry entry;
            entry.path = "-";
            entry.relative = "-";
            items.push_back({i, std::move(entry)});
            continue;
        }
        if (!root.is_directory) {
            items.push_back({i, classify_file_argument(root.argument)});
            continue;
        }
        const std::string index = m_index_abs.string();
        for (auto& entry : walk_directory(root.argument)) {
            // An index kept inside the corpus must not index itself.
            const std::string abs = (root.absolute / entry.relative).string();
            if (abs == index || is_under(abs, index)) continue;
            items.push_back({i, std::move(entry)});
        }
    }
    return items;
}

void Build::add(InputReport report) {
    switch (report.outcome) {
        case InputOutcome::kIndexed:
            ++m_report.indexed;
            break;
        case InputOutcome::kReplaced:
            ++m_report.replaced;
            break;
        case InputOutcome::kUnchanged:
            ++m_report.unchanged;
            break;
        case InputOutcome::kRejected:
            ++m_report.rejected;
            break;
        case InputOutcome::kSkipped:
            ++m_report.skipped;
            break;
    }
    m_report.warnings += report.warnings.size();
    if (report.outcome != InputOutcome::kSkipped) ++m_progress.documents;
    m_report.inputs.push_back(std::move(report));
}

void Build::reject(InputReport report, std::string reason, std::string detail) {
    report.outcome = InputOutcome::kRejected;
    report.reason = std::move(reason);
    report.detail = std::move(detail);
    add(std::move(report));
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
    const std::size_t long_words = count_long_words(
        doc->title.value_or("") + "\n" + doc->text + "\n" + doc->author.value_or(""),
        schema::kMaxWordBytes);
    if (long_words > 0)
        report.warnings.push_back("dropped_long_words: " + std::to_string(long_words));
    doc->warnings = report.warnings;

    const Xapian::Document xdoc = m_writer->builder().build(*doc, hash, origin);
    m_writer->put(id_term, xdoc, doc->text.size());
    m_produced.insert(id);
    report.outcome = existed ? InputOutcome::kReplaced : InputOutcome::kIndexed;
    add(std::move(report));
}

std::string folder_source(const Root& root, const std::string& relative) {
    if (!root.is_directory) return {};
    const auto slash = relative.find('/');
    return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

std::string content_hash_of(std::string_view bytes, const ManifestRow* row) {
    ContentHash hash;
    hash.feed_field(kHashSalt);
    hash.feed_field(bytes);
    hash.feed_field(row != nullptr ? row->canonical() : std::string());
    return hash.hex();
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

void Build::process_text(const Root& root, const CorpusEntry& entry) {
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

void Build::process_jsonl(const Root& root, const CorpusEntry& entry) {
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
        LineReader::Status status;
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

void Build::process_entry(const Root& root, const CorpusEntry& entry) {
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

bool Build::in_scope(const std::string& origin) const {
    if (origin.empty()) return false;
    for (const auto& root : m_roots) {
        if (root.is_stdin) continue;
        const std::string abs = root.absolute.string();
        if (root.is_directory ? is_under(origin, abs) : origin == abs) return true;
    }
    return false;
}

void Build::delete_vanished() {
    if (!m_previous) return;
    const std::string prefix(schema::prefix::kId);
    std::vector<std::pair<std::string, std::string>> doomed;  // (term, id)
    for (auto t = m_previous->allterms_begin(prefix); t != m_previous->allterms_end(prefix); ++t) {
        const std::string term = *t;
        const auto posting = m_previous->postlist_begin(term);
        if (posting == m_previous->postlist_end(term)) continue;
        const Xapian::Document doc = m_previous->get_document(*posting);
        const std::string id = doc.get_value(schema::slot::kId);
        if (m_produced.contains(id)) continue;
        if (!in_scope(doc.get_value(schema::slot::kOriginPath))) continue;
        doomed.emplace_back(term, id);
    }
    for (auto& [term, id] : doomed) {
        check_cancel();
        m_writer->remove(term);
        ++m_report.deleted;
        m_report.deleted_ids.push_back(std::move(id));
    }
}

std::string Build::totals_json(std::uint64_t documents, std::uint64_t generation) const {
    nlohmann::json j = {
        {"generation", generation},        {"rebuild", m_options.rebuild},
        {"documents", documents},          {"inputs", m_report.document_inputs()},
        {"indexed", m_report.indexed},     {"replaced", m_report.replaced},
        {"unchanged", m_report.unchanged}, {"deleted", m_report.deleted},
        {"rejected", m_report.rejected},   {"skipped", m_report.skipped},
        {"warnings", m_report.warnings},
    };
    return j.dump();
}

void Build::report_progress() {
    if (!m_options.progress) return;
    m_progress.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    m_options.progress(m_progress);
}

BuildReport Build::run() {
    resolve_inputs();
    open_index_dir();
    m_lock = std::make_unique<BuildLock>(m_options.index_dir);
    m_store->remove_abandoned_tmp_dirs();
    open_previous();
    for (auto& root : m_roots) {
        if (!root.is_directory) continue;
        root.manifest = load_manifest(root.argument);
        for (const auto& notice : root.manifest.notices) m_report.notices.push_back(notice);
    }
    load_synonyms();
    m_report.rebuild = m_options.rebuild;

    const std::vector<WorkItem> items = walk();
    for (const auto& item : items) {
        if (item.entry.kind == EntryKind::kText || item.entry.kind == EntryKind::kJsonl) {
            ++m_progress.files_total;
            m_progress.bytes_total += item.entry.size;
        }
    }
    m_writer = std::make_unique<GenerationWriter>(
        *m_store, m_previous ? std::optional<fs::path>(m_store->path_of(*m_current)) : std::nullopt,
        m_options.commit_bytes);

    for (const auto& item : items) {
        check_cancel();
        const Root& root = m_roots[item.root];
        const CorpusEntry& entry = item.entry;
        try {
            process_entry(root, entry);
        } catch (const Error&) {
            throw;
        } catch (const std::bad_alloc&) {
            throw;
        } catch (const std::exception& e) {
            // One input must never abort the build; engine (Xapian) errors are not
            // std::exceptions and do propagate: they concern the index, not the input.
            InputReport report;
            report.input = entry.path.string();
            reject(std::move(report), "internal", e.what());
        }
        if (entry.kind == EntryKind::kText || entry.kind == EntryKind::kJsonl) {
            ++m_progress.files_done;
            m_progress.bytes_done += entry.size;
            report_progress();
        }
    }
    delete_vanished();

    const bool synonyms_changed =
        m_synonyms && (!m_previous || m_previous->get_metadata(std::string(kSynonymsMetadata)) !=
                                          m_synonyms->fingerprint);
    const bool documents_changed = m_report.indexed + m_report.replaced + m_report.deleted > 0;
    if (m_previous && !documents_changed && !synonyms_changed) {
        // Nothing to publish: keep the current generation (no copy was ever made).
        m_report.published = false;
        m_report.generation = *m_current;
        m_report.documents = m_previous_count;
        m_report.index_bytes = directory_bytes(m_store->path_of(*m_current));
        m_report.elapsed_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        return std::move(m_report);
    }

    Xapian::WritableDatabase& db = m_writer->db();
    if (m_synonyms) apply_synonyms(db, *m_synonyms);
    m_writer->commit();
    const std::uint64_t expected = m_previous_count - m_report.deleted + m_report.indexed;
    const std::uint64_t documents = db.get_doccount();
    if (documents != expected) {
        throw IndexCorruptError("document count check failed: expected " +
                                std::to_string(expected) + ", the new generation has " +
                                std::to_string(documents) + "; nothing was published");
    }

    const std::uint64_t generation = m_store->next_generation();
    db.set_metadata(std::string(schema::metadata::kSchemaVersion),
                    std::to_string(schema::kSchemaVersion));
    db.set_metadata(std::string(schema::metadata::kGeneration), std::to_string(generation));
    db.set_metadata(std::string(schema::metadata::kBuiltAt), utc_now_iso());
    db.set_metadata(std::string(schema::metadata::kBuildReport),
                    totals_json(documents, generation));
    if (m_synonyms) db.set_metadata(std::string(kSynonymsMetadata), m_synonyms->fingerprint);
    m_writer->close();

    check_cancel();  // last point at which a signal still means "publish nothing"
    std::ostringstream check_output;
    const std::size_t errors =
        Xapian::Database::check(m_writer->tmp_dir().string(), 0, &check_output);
    if (errors > 0) {
        throw IndexCorruptError("the new generation failed its consistency check (" +
                                std::to_string(errors) + " errors); nothing was published");
    }
    m_store->publish(m_writer->tmp_dir(), generation);
    m_writer->release();
    m_store->remove_old_generations(generation, m_current);

    m_report.published = true;
    m_report.generation = generation;
    m_report.documents = documents;
    m_report.index_bytes = directory_bytes(m_store->path_of(generation));
    m_report.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    return std::move(m_report);
}

}  // namespace
}  // namespace detail

BuildReport build_index(const BuildOptions& options) {
    try {
        return detail::Build(options).run();
    } catch (const Error&) {
        throw;
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexCorruptError("index error: " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw IoError("index error: " + e.get_description());
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError(e.what());
    } catch (const std::system_error& e) {
        throw IoError(e.what());
    }
}

}  // namespace dateline
