#include "generation_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <system_error>
#include <unordered_map>

#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {

namespace fs = std::filesystem;
namespace layout = schema::layout;

namespace {

std::string numbered(std::string_view stem, std::uint64_t a, unsigned b) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*s-%06llu-%u", static_cast<int>(stem.size()),
                  stem.data(), static_cast<unsigned long long>(a), b);
    return buffer;
}

/// Runs `task(i)` for i in [0, count) on up to `threads` threads; rethrows the first error.
template <typename Task>
void run_parallel(std::size_t count, unsigned threads, Task task) {
    std::mutex mutex;
    std::size_t next = 0;
    const auto worker = [&] {
        while (true) {
            std::size_t i = 0;
            {
                const std::lock_guard lock(mutex);
                if (next == count) return;
                i = next++;
            }
            task(i);
        }
    };
    std::vector<std::future<void>> helpers;
    const std::size_t extra = std::min<std::size_t>(count, std::max(1U, threads)) - 1;
    for (std::size_t t = 0; t < extra; ++t)
        helpers.push_back(std::async(std::launch::async, worker));
    std::exception_ptr failure;
    try {
        worker();
    } catch (...) {
        failure = std::current_exception();
    }
    for (auto& helper : helpers) {
        try {
            helper.get();
        } catch (...) {
            if (!failure) failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

GenerationWriter::GenerationWriter(const GenerationStore& store, std::optional<BaseGeneration> base,
                                   WriterSettings settings)
    : m_store(store), m_settings(settings) {
    m_settings.shards = std::max(1U, m_settings.shards);
    m_settings.threads = std::max(1U, m_settings.threads);
    const unsigned shards = m_settings.shards;
    for (unsigned shard = 0; shard < shards; ++shard) {
        Output output;
        if (shards > 1) output.relative = layout::shard_name(shard);
        if (base) output.base = shard_dir(base->dir, shard, shards);
        output.holds_terms = shards == 1;
        m_outputs.push_back(std::move(output));
    }
    if (shards == 1) return;
    Output terms;
    terms.relative = layout::kTermsName;
    if (base) terms.base = base->dir / terms.relative;
    terms.holds_terms = true;
    m_outputs.push_back(std::move(terms));
}

GenerationWriter::~GenerationWriter() {
    m_parts.reset();  // stops the writer threads before their directories go
    for (auto& output : m_outputs) {
        if (!output.copy) continue;
        try {
            output.copy->close();
        } catch (...) {
            // Best effort: the directory is about to be removed anyway.
        }
    }
    std::error_code ec;
    if (!m_work.empty()) fs::remove_all(m_work, ec);
    if (!m_out.empty() && !m_released) fs::remove_all(m_out, ec);
}

const fs::path& GenerationWriter::work_dir() {
    if (m_work.empty()) m_work = m_store.make_tmp_dir();
    return m_work;
}

Xapian::WritableDatabase& GenerationWriter::writable_base(Output& output) {
    if (!output.copy) {
        output.copy_dir = work_dir() / ("base-" + std::to_string(&output - m_outputs.data()));
        fs::create_directory(output.copy_dir);
        copy_generation(*output.base, output.copy_dir);
        output.copy.emplace(open_private_database(output.copy_dir, /*create=*/false));
    }
    return *output.copy;
}

void GenerationWriter::put(const std::string& id_term, const std::string& unique_id,
                           BuiltDocument doc, std::uint64_t text_bytes, bool replaces) {
    const unsigned shard = layout::shard_of(unique_id, m_settings.shards);
    if (replaces) remove(id_term, unique_id);
    if (!m_parts) {
        const fs::path work = work_dir();
        m_parts = std::make_unique<PartWriters>(
            m_settings.threads, m_settings.shards, m_settings.queue_bytes,
            [work](std::uint64_t batch, unsigned part_shard) {
                fs::path dir = work / numbered("part", batch, part_shard);
                fs::create_directory(dir);
                return dir;
            });
    }
    m_parts->add(shard, std::move(doc), text_bytes);
    m_pending_bytes += text_bytes;
    if (m_pending_bytes >= m_settings.batch_bytes) {
        m_parts->close_batch();
        m_pending_bytes = 0;
    }
}

void GenerationWriter::remove(const std::string& id_term, const std::string& unique_id) {
    Output& output = m_outputs[layout::shard_of(unique_id, m_settings.shards)];
    if (!output.base) return;
    writable_base(output).delete_document(id_term);
}

std::uint64_t GenerationWriter::flush() {
    if (m_parts) m_parts->finish();
    std::uint64_t documents = 0;
    for (std::size_t i = 0; i < m_outputs.size(); ++i) {
        Output& output = m_outputs[i];
        if (output.copy) {
            output.copy->commit();
            documents += output.copy->get_doccount();
        } else if (output.base) {
            documents += Xapian::Database(output.base->string()).get_doccount();
        }
        if (m_parts && i < m_settings.shards)
            documents += m_parts->documents(static_cast<unsigned>(i));
    }
    return documents;
}

namespace {

using Restamp = GenerationWriter::Restamp;
/// Pending restamps of one output database, by id term.
using RestampsByTerm = std::unordered_map<std::string, const Restamp*>;

/// Restamps the documents of `wanted` found in `db`; returns their id terms. A part is
/// small and most pending ids are in other parts: its own ids are read once, in term
/// order (`scan`), rather than every pending id looked up in it, a B-tree descent each
/// (parts x restamps: about 100 x 4,413 at 100k; bench/RESULTS.md, "Session 9"). The
/// base copy is large and its restamps few: each is looked up.
std::vector<std::string> restamp_in(Xapian::WritableDatabase& db, const RestampsByTerm& wanted,
                                    bool scan, DocumentBuilder& builder) {
    std::vector<std::pair<Xapian::docid, RestampsByTerm::const_iterator>> found;
    if (scan) {
        const std::string prefix(schema::prefix::kId);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            const auto it = wanted.find(*t);
            if (it != wanted.end()) found.emplace_back(*db.postlist_begin(it->first), it);
        }
    } else {
        for (auto it = wanted.begin(); it != wanted.end(); ++it) {
            const auto posting = db.postlist_begin(it->first);
            if (posting != db.postlist_end(it->first)) found.emplace_back(*posting, it);
        }
    }
    // Rewritten after the scan, not during it: Xapian does not say what an iterator sees of
    // changes made under it.
    std::vector<std::string> done;
    for (const auto& [docid, it] : found) {
        const Restamp& change = *it->second;
        db.replace_document(
            docid, builder.restamped(db.get_document(docid), change.old_story, change.story));
        done.push_back(it->first);
    }
    return done;
}

}  // namespace

void GenerationWriter::restamp(const std::vector<Restamp>& changes,
                               const std::function<std::unique_ptr<DocumentBuilder>()>& builders) {
    std::vector<RestampsByTerm> base(m_settings.shards);
    std::vector<RestampsByTerm> parts(m_settings.shards);
    for (const auto& change : changes) {
        const unsigned shard = layout::shard_of(change.id, m_settings.shards);
        (change.in_base ? base : parts)[shard].emplace(
            schema::make_term(schema::prefix::kId, change.id), &change);
    }
    const auto strike = [](RestampsByTerm& pending, const std::vector<std::string>& done) {
        for (const auto& term : done) pending.erase(term);
    };
    std::unique_ptr<DocumentBuilder> builder;
    for (unsigned shard = 0; shard < m_settings.shards; ++shard) {
        Output& output = m_outputs[shard];
        if (base[shard].empty() || !output.base) continue;
        if (!builder) builder = builders();
        Xapian::WritableDatabase& copy = writable_base(output);
        strike(base[shard], restamp_in(copy, base[shard], /*scan=*/false, *builder));
        copy.commit();
    }
    // The parts are databases of their own: restamped on the writer threads' count of
    // threads, a builder each (a TermGenerator is not thread-safe). They are read-only to
    // every task but their own.
    std::vector<std::pair<unsigned, fs::path>> tasks;
    for (unsigned shard = 0; shard < m_settings.shards && m_parts; ++shard) {
        if (parts[shard].empty()) continue;
        for (auto& part : m_parts->parts(shard)) tasks.emplace_back(shard, std::move(part));
    }
    std::vector<std::vector<std::string>> done(tasks.size());
    run_parallel(tasks.size(), m_settings.threads, [&](std::size_t i) {
        const auto& [shard, part] = tasks[i];
        const std::unique_ptr<DocumentBuilder> own = builders();
        Xapian::WritableDatabase db = open_private_database(part, /*create=*/false);
        done[i] = restamp_in(db, parts[shard], /*scan=*/true, *own);
        if (!done[i].empty()) db.commit();
        db.close();
    });
    for (std::size_t i = 0; i < tasks.size(); ++i) strike(parts[tasks[i].first], done[i]);
    for (unsigned shard = 0; shard < m_settings.shards; ++shard) {
        for (const auto* missing : {&base[shard], &parts[shard]}) {
            if (missing->empty()) continue;
            throw IndexCorruptError("story grouping: document " + missing->begin()->second->id +
                                    " was not found to record its story; nothing was published");
        }
    }
}

fs::path GenerationWriter::write_meta(
    std::size_t index, Output& output,
    const std::vector<std::pair<std::string, std::string>>& metadata, const SynonymTable* synonyms,
    SpellingTotals& spellings, const CancelPoll& poll) {
    fs::path dir = work_dir() / ("meta-" + std::to_string(index));  // returned: not const
    Xapian::WritableDatabase meta = open_private_database(dir, /*create=*/true);
    for (const auto& [key, value] : metadata) meta.set_metadata(key, value);
    if (output.holds_terms) {
        for (const auto& [word, count] : spellings) meta.add_spelling(word, count);
        if (synonyms) {
            // Compaction unites synonym tables: the base's old entries must go first.
            if (output.base) {
                const Xapian::Database base(output.base->string());
                if (base.synonym_keys_begin() != base.synonym_keys_end()) {
                    Xapian::WritableDatabase& copy = writable_base(output);
                    apply_synonyms(copy, SynonymTable{}, poll);
                    copy.commit();
                }
            }
            apply_synonyms(meta, *synonyms, poll);
        }
    }
    meta.commit();
    meta.close();
    return dir;
}

void GenerationWriter::merge(const std::vector<std::pair<std::string, std::string>>& metadata,
                             const SynonymTable* synonyms, const CancelPoll& poll) {
    SpellingTotals spellings;
    if (m_parts) spellings = m_parts->take_spellings();
    std::vector<std::vector<fs::path>> sources(m_outputs.size());
    for (std::size_t i = 0; i < m_outputs.size(); ++i) {
        Output& output = m_outputs[i];
        // The metadata database goes first: compaction keeps the first value of each key.
        sources[i].push_back(write_meta(i, output, metadata, synonyms, spellings, poll));
        if (output.copy) {
            output.copy->commit();
            output.copy->close();
            output.copy.reset();
            sources[i].push_back(output.copy_dir);
        } else if (output.base) {
            sources[i].push_back(*output.base);
        }
        if (m_parts && i < m_settings.shards) {
            for (auto& part : m_parts->parts(static_cast<unsigned>(i))) sources[i].push_back(part);
        }
    }
    m_out = m_store.make_tmp_dir();
    // Why compact rather than keep the parts: one database per output is what readers and
    // incremental builds open, and compaction writes full B-tree blocks (a generation
    // committed in batches is ~2x larger). Not DBCOMPACT_SINGLE_FILE, so that an
    // incremental build can copy and write it.
    run_parallel(m_outputs.size(), m_settings.threads, [&](std::size_t i) {
        Xapian::Database combined;
        for (const auto& source : sources[i])
            combined.add_database(Xapian::Database(source.string()));
        combined.compact(target_of(m_outputs[i]).string(), Xapian::Compactor::FULL);
    });
    m_parts.reset();
    std::error_code ec;
    fs::remove_all(m_work, ec);
    m_work.clear();
}

std::vector<fs::path> GenerationWriter::databases() const {
    std::vector<fs::path> out;
    for (const auto& output : m_outputs) out.push_back(target_of(output));
    return out;
}

fs::path GenerationWriter::target_of(const Output& output) const {
    return output.relative.empty() ? m_out : m_out / output.relative;
}

void GenerationWriter::release() noexcept { m_released = true; }

}  // namespace dateline::detail
