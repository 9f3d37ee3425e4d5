// Setup, bookkeeping and the finish of a build: what happens around the inputs.
#include "build.hpp"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <new>
#include <sstream>
#include <system_error>
#include <thread>
#include <unistd.h>

#include <dateline/build_totals_record.hpp>
#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/schema.hpp>
#include <dateline/schema_version.hpp>

#include "generation_verifier.hpp"
#include "index_permissions.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

std::string utc_now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace

void Build::check_cancel() const {
    if (m_options.cancel_requested && m_options.cancel_requested()) {
        throw BuildCancelledError("build interrupted; nothing was published");
    }
}

void Build::open_index_dir() {
    const fs::path& dir = m_options.index_dir;
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw Error("index path exists and is not a directory: " + dir.string());
    }
    if (auto notice = create_index_directory(dir)) m_report.notices.push_back(std::move(*notice));
    if (fs::exists(dir / "iamglass", ec)) {
        throw Error(dir.string() +
                    " holds a plain Xapian database, not a Dateline index; choose another --index");
    }
    m_index_abs = absolute_normal(dir);
    m_store = std::make_unique<GenerationStore>(dir);
}

void Build::open_previous() {
    const auto published = m_store->published();
    if (published) {
        m_current = published->generation;
        m_current_shards = published->shards;
    }
    m_shards = m_options.shards != 0 ? m_options.shards : (published ? published->shards : 1U);
    if (m_shards > schema::layout::kMaxShards) {
        throw Error("at most " + std::to_string(schema::layout::kMaxShards) + " shards");
    }
    if (!m_current) return;
    const fs::path path = m_store->path_of(*m_current);
    // The shard databases (not the terms database): their documents are the index's.
    const auto open_documents = [&] {
        Xapian::Database all;
        for (unsigned shard = 0; shard < m_current_shards; ++shard) {
            all.add_database(Xapian::Database(shard_dir(path, shard, m_current_shards).string()));
        }
        return all;
    };
    if (m_options.rebuild) {
        // Only the shrink guard needs the current generation; an unreadable one is what a
        // rebuild is for, so it is not an error here.
        try {
            m_current_count = open_documents().get_doccount();
        } catch (const Xapian::Error&) {
        }
        return;
    }
    if (m_shards != m_current_shards) {
        throw Error("the index has " + std::to_string(m_current_shards) +
                    " shard(s); an incremental build keeps that count: use --shards " +
                    std::to_string(m_current_shards) + ", or --rebuild to reshard");
    }
    // Xapian reports an unreadable directory as "Couldn't detect type of database"; say
    // what it is. (Root passes access() whatever the modes, as it passes open().)
    if (::access(path.c_str(), R_OK | X_OK) != 0 && errno == EACCES) {
        throw IoError("permission denied: " + path.string());
    }
    try {
        m_previous.emplace(open_documents());
    } catch (const Xapian::Error& e) {
        verify_generation_files(path, m_current_shards);  // names a missing file, if that's it
        throw IndexCorruptError("the current generation " + path.string() + " cannot be opened (" +
                                e.get_description() + "); run index-build --rebuild");
    }
    schema::require_schema_version(
        m_previous->get_metadata(std::string(schema::metadata::kSchemaVersion)),
        "the index at " + m_options.index_dir.string());
    // Xapian reads a missing lazy table (position, termlist, docdata, spelling, synonym)
    // as an empty one: a new generation derived from it would publish the loss.
    verify_generation_files(path, m_current_shards);
    verify_documents_decodable(*m_previous, path);
    m_previous_count = m_previous->get_doccount();
    m_current_count = m_previous_count;
    load_stories();
}

void Build::load_synonyms() {
    const auto files =
        find_table_files(m_options.synonyms_file, kSynonymsFile, "synonyms", m_roots);
    if (files.empty()) return;
    m_synonyms = detail::load_synonyms(files, [this] { check_cancel(); });
    for (const auto& notice : m_synonyms->notices) m_report.notices.push_back(notice);
    m_report.synonym_groups = m_synonyms->groups.size();
}

void Build::load_sources() {
    const auto files = find_table_files(m_options.sources_file, kSourcesFile, "sources", m_roots);
    if (files.empty()) return;
    m_sources = detail::load_source_aliases(files, [this] { check_cancel(); });
    for (const auto& notice : m_sources.notices) m_report.notices.push_back(notice);
    m_builder.use_source_aliases(&m_sources);
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
        if (!in_scope(m_roots, doc.get_value(schema::slot::kOriginPath))) continue;
        doomed.emplace_back(term, id);
    }
    for (auto& [term, id] : doomed) {
        check_cancel();
        m_stories.forget(id);
        if (m_writer) m_writer->remove(term, id);
        ++m_report.deleted;
        m_report.deleted_ids.push_back(std::move(id));
    }
}

void Build::report_progress() {
    if (!m_options.progress) return;
    m_progress.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    m_options.progress(m_progress);
}

BuildReport Build::run() {
    if (m_options.index_dir.empty()) throw Error("no index directory given");
    if (m_options.max_file_size == 0) throw Error("the maximum file size must be positive");
    if (m_options.memory_budget < kMinimumMemoryBudget) {
        throw Error("the memory budget must be at least " +
                    std::to_string(kMinimumMemoryBudget >> 20) + " MiB");
    }
    m_roots = resolve_inputs(m_options.inputs);
    for (const auto& root : m_roots) {
        if (root.is_stdin && !m_options.stdin_data) {
            throw Error("'-' given but no standard input data supplied");
        }
    }
    const fs::path index_abs = absolute_normal(m_options.index_dir);
    for (const auto& root : m_roots) {
        // Indexing the index (or a corpus inside it) would walk its own generations.
        const std::string abs = root.absolute.string();
        if (!root.is_stdin && (abs == index_abs.string() || is_under(abs, index_abs.string()))) {
            throw Error("the input " + root.argument.string() + " is inside the index directory " +
                        m_options.index_dir.string());
        }
    }
    if (m_options.dry_run) {
        open_index_dir_for_reading();
    } else {
        open_index_dir();
        m_lock = std::make_unique<BuildLock>(m_options.index_dir);
        m_store->remove_abandoned_tmp_dirs();
    }
    if (m_store) open_previous();
    for (auto& root : m_roots) {
        if (!root.is_directory) continue;
        root.manifest = load_manifest(root.argument);
        for (const auto& notice : root.manifest.notices) m_report.notices.push_back(notice);
    }
    load_synonyms();
    load_sources();
    m_report.rebuild = m_options.rebuild;
    m_report.dry_run = m_options.dry_run;

    const std::vector<WorkItem> items = walk_inputs(m_roots, m_index_abs);
    check_manifest_rows(items);
    reserve_generated_ids(items);
    for (const auto& item : items) {
        if (is_document_kind(item.entry.kind)) {
            ++m_progress.files_total;
            m_progress.bytes_total += item.entry.size;
        }
    }
    // The budget bounds what is in memory at once: each writer thread's uncommitted part
    // (Xapian keeps it all until commit, ~24 bytes per byte of text) and the built documents
    // queued for the writers (positions and term maps: more than that per byte). A queue
    // of one batch per writer keeps every writer busy; small batches keep both small.
    const unsigned threads = m_options.threads != 0
                                 ? m_options.threads
                                 : std::max(1U, std::thread::hardware_concurrency());
    WriterSettings settings;
    settings.shards = m_shards;
    settings.threads = threads;
    settings.batch_bytes = std::max<std::uint64_t>(
        1, std::min(m_options.commit_bytes,
                    m_options.memory_budget / kMemoryPerTextByte / (2 * threads + 2)));
    settings.queue_bytes = settings.batch_bytes * threads;
    std::optional<BaseGeneration> base;
    if (m_previous) base = BaseGeneration{m_store->path_of(*m_current), m_current_shards};
    if (!m_options.dry_run) m_writer = std::make_unique<GenerationWriter>(*m_store, base, settings);

    for (const auto& item : items) {
        check_cancel();
        const CorpusEntry& entry = item.entry;
        try {
            process_entry(m_roots[item.root], entry);
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
        if (is_document_kind(entry.kind)) {
            ++m_progress.files_done;
            m_progress.bytes_done += entry.size;
            report_progress();
        }
    }
    delete_vanished();
    refuse_empty_generation();

    if (m_options.dry_run) {
        finish_dry_run();
        m_report.elapsed_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        return std::move(m_report);
    }
    const bool documents_changed = m_report.indexed + m_report.replaced + m_report.deleted > 0;
    if (m_previous && !documents_changed && !synonyms_changed()) {
        finish_without_publishing();
    } else {
        verify_and_publish();
    }
    m_report.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    return std::move(m_report);
}

void Build::open_index_dir_for_reading() {
    // A dry run writes nothing: no directory is created and no lock taken. An existing
    // index is read (without the lock, like a searcher) to classify unchanged inputs.
    m_index_abs = absolute_normal(m_options.index_dir);
    m_shards = m_options.shards != 0 ? m_options.shards : 1U;
    std::error_code ec;
    if (fs::is_directory(m_options.index_dir, ec)) {
        m_store = std::make_unique<GenerationStore>(m_options.index_dir);
    }
}

std::uint64_t Build::new_document_count() const {
    return m_previous_count - m_report.deleted + m_report.indexed;
}

void Build::refuse_empty_generation() {
    const std::uint64_t documents = new_document_count();
    if (documents > 0 && m_report.document_inputs() > 0) return;
    check_shrink_guard(documents);  // the more specific refusal, when it applies
    if (m_options.force) return;
    // An empty generation would make every search answer "no hits" as if the corpus had
    // none; that is almost always a wrong path, an unmounted disk or a filter gone wrong.
    std::string where;
    for (const auto& root : m_roots) {
        where += (where.empty() ? "" : ", ") + root.argument.string();
    }
    std::string message;
    if (m_report.document_inputs() == 0) {
        message = "no document found in " + where;
        if (m_report.skipped > 0) {
            message += " (" + std::to_string(m_report.skipped) + " entries skipped: not text " +
                       "or JSON Lines; see the list above)";
        }
    } else {
        message = "every document found in " + where + " was rejected (" +
                  std::to_string(m_report.rejected) + ")";
    }
    message += m_options.dry_run ? "; a build would publish nothing" : "; nothing was published";
    m_report.rebuild = m_options.rebuild;
    m_report.dry_run = m_options.dry_run;
    if (m_current) m_report.generation = *m_current;
    throw NoDocumentsError(message, std::move(m_report));
}

void Build::finish_dry_run() {
    m_report.published = false;
    (void)m_stories.finish();  // the stories the documents would form; nothing is restamped
    m_report.stories = m_stories.stories();
    m_report.documents = new_document_count();
    m_report.shards = m_shards;
    if (m_current) m_report.generation = *m_current;
}

bool Build::synonyms_changed() const {
    return m_synonyms && (!m_previous || m_previous->get_metadata(std::string(kSynonymsMetadata)) !=
                                             m_synonyms->fingerprint);
}

void Build::finish_without_publishing() {
    // The current generation stays; no copy of it was ever made (the writer is lazy).
    m_report.published = false;
    (void)m_stories.finish();  // nothing new was placed: only the counts
    m_report.stories = m_stories.stories();
    m_report.generation = *m_current;
    m_report.documents = m_previous_count;
    m_report.shards = m_current_shards;
    m_report.index_bytes = directory_bytes(m_store->path_of(*m_current));
}

void Build::step(std::string_view name) const {
    if (m_hooks.after_step) m_hooks.after_step(name);
}

void Build::check_shrink_guard(std::uint64_t documents) const {
    if (m_options.force || !m_current_count) return;
    const std::uint64_t current = *m_current_count;
    // An empty or unmounted source directory looks exactly like "every document was
    // deleted"; losing most of a sizeable index is almost never what the user meant.
    if (current < kShrinkGuardMinimum || documents * 2 >= current) return;
    throw IndexShrinkError("refusing to publish: the new generation would have " +
                               std::to_string(documents) + " documents, the current one has " +
                               std::to_string(current) +
                               " (is the source directory empty or "
                               "unmounted?); nothing was published. Use --force to publish anyway",
                           current, documents);
}

void Build::verify_and_publish() {
    const std::uint64_t expected = new_document_count();
    const std::uint64_t documents = m_writer->flush();
    if (documents != expected) {
        throw IndexCorruptError("document count check failed: expected " +
                                std::to_string(expected) + ", the new generation has " +
                                std::to_string(documents) + "; nothing was published");
    }
    check_shrink_guard(documents);
    settle_stories();

    const std::uint64_t generation = m_store->next_generation();
    std::vector<std::pair<std::string, std::string>> metadata = {
        {std::string(schema::metadata::kSchemaVersion), std::to_string(schema::kSchemaVersion)},
        {std::string(schema::metadata::kGeneration), std::to_string(generation)},
        {std::string(schema::metadata::kBuiltAt), utc_now_iso()},
        {std::string(schema::metadata::kBuildReport),
         schema::encode_build_totals(detail::totals_of(m_report, documents, generation))},
    };
    if (m_synonyms) metadata.emplace_back(std::string(kSynonymsMetadata), m_synonyms->fingerprint);
    check_cancel();
    step("before-merge");
    m_writer->merge(metadata, synonyms_changed() ? &*m_synonyms : nullptr,
                    [this] { check_cancel(); });
    step("after-commit");

    check_cancel();  // the last point at which a signal still means "publish nothing"
    std::uint64_t merged = 0;
    for (const auto& database : m_writer->databases()) {
        std::ostringstream check_output;
        const std::size_t errors = Xapian::Database::check(database.string(), 0, &check_output);
        if (errors > 0) {
            throw IndexCorruptError("the new generation failed its consistency check (" +
                                    std::to_string(errors) + " errors in " + database.string() +
                                    "); nothing was published");
        }
        merged += Xapian::Database(database.string()).get_doccount();
    }
    if (merged != documents) {
        throw IndexCorruptError("document count check failed after merging: expected " +
                                std::to_string(documents) + ", found " + std::to_string(merged) +
                                "; nothing was published");
    }
    seal_generation(m_writer->databases());
    remove_group_other_write(m_writer->generation_dir());
    step("after-check");
    std::string warning =
        m_store->publish(m_writer->generation_dir(), generation, m_hooks.after_step, m_shards);
    if (!warning.empty()) m_report.notices.push_back(std::move(warning));
    m_writer->release();
    m_store->remove_old_generations(generation, m_current);
    step("after-cleanup");

    m_report.published = true;
    m_report.generation = generation;
    m_report.documents = documents;
    m_report.shards = m_shards;
    m_report.index_bytes = directory_bytes(m_store->path_of(generation));
}

}  // namespace dateline::detail
