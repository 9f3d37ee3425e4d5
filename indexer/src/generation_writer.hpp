/// @file
/// Writes a new generation in private tmp-* directories: documents into part databases on
/// writer threads, deletions into a copy of the previous generation, then one compaction per
/// output database (the whole index, or each shard and the terms database).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "document_builder.hpp"
#include "generation_store.hpp"
#include "part_writers.hpp"
#include "synonyms_loader.hpp"

namespace dateline::detail {

/// How a generation is written.
struct WriterSettings {
    unsigned shards = 1;   ///< output databases holding documents (1: the generation itself)
    unsigned threads = 1;  ///< writer threads (parts written in parallel)
    std::uint64_t batch_bytes = std::uint64_t{8} << 20;  ///< text per part database
    std::uint64_t queue_bytes = std::uint64_t{1} << 20;  ///< text added but not yet written
};

/// The published generation an incremental build starts from.
struct BaseGeneration {
    std::filesystem::path dir;  ///< gen-NNNNNN
    unsigned shards = 1;        ///< must equal WriterSettings::shards
};

/// Never opens a published generation writable: documents of the base generation are
/// deleted in a private copy, made only when the first deletion needs it, and an
/// incremental run that only adds documents merges the published files read-only.
///
/// Why merging changes nothing a reader can see: parts are merged in the order their
/// documents were given, after the base, so a rebuild gives every document the docid a
/// single writer would have (tie order in rankings), and compaction sums spelling
/// frequencies and keeps the first database's metadata (ours). A replaced document gets
/// a new docid at the end instead of its old one. Used from one thread; Xapian errors of
/// the writer threads are rethrown by put() or finish().
class GenerationWriter {
  public:
    GenerationWriter(const GenerationStore& store, std::optional<BaseGeneration> base,
                     WriterSettings settings);
    /// Stops the writer threads and removes every tmp directory not released.
    ~GenerationWriter();
    GenerationWriter(const GenerationWriter&) = delete;
    GenerationWriter& operator=(const GenerationWriter&) = delete;

    /// Queues document `doc` with unique id `unique_id` (its term is `id_term`).
    /// `replaces`: a document with that id is in the base generation; it is deleted.
    void put(const std::string& id_term, const std::string& unique_id, BuiltDocument doc,
             std::uint64_t text_bytes, bool replaces);
    /// Deletes the base generation's document with this id.
    void remove(const std::string& id_term, const std::string& unique_id);

    /// Waits for every document to be written; returns how many the generation will hold.
    std::uint64_t flush();
    /// A document whose story changed after it was written (StoryIndex::finish()).
    struct Restamp {
        std::string id;
        std::string old_story;
        std::string story;
        bool in_base;  ///< in the base generation, else in this build's parts
    };
    /// After flush(), before merge(): rewrites those documents' story value and term, in the
    /// base copy or in the parts (DocumentBuilder::restamped), with builders made by
    /// `builders` (one per thread; the parts are restamped on `threads` threads).
    void restamp(const std::vector<Restamp>& changes,
                 const std::function<std::unique_ptr<DocumentBuilder>()>& builders);
    /// After flush(): merges everything into the new generation's directory (tmp-*):
    /// `metadata` goes into every output database; `synonyms`, when given, replaces the
    /// synonym table (otherwise the base generation's is kept).
    void merge(const std::vector<std::pair<std::string, std::string>>& metadata,
               const SynonymTable* synonyms, const CancelPoll& poll = {});
    /// After merge(): the generation directory, and the databases in it (to check).
    [[nodiscard]] const std::filesystem::path& generation_dir() const noexcept { return m_out; }
    [[nodiscard]] std::vector<std::filesystem::path> databases() const;
    /// The generation directory was published (renamed): do not remove it.
    void release() noexcept;

  private:
    /// One database of the generation: a shard (or the whole index) or the terms database.
    struct Output {
        std::optional<std::filesystem::path> base;     ///< the published database, if any
        std::optional<Xapian::WritableDatabase> copy;  ///< the base's private copy, once written
        std::filesystem::path copy_dir;
        std::filesystem::path relative;  ///< inside the generation ("" when unsharded)
        bool holds_terms = false;        ///< spelling and synonyms go here
    };
    const std::filesystem::path& work_dir();
    /// Where `output` goes in the new generation directory.
    [[nodiscard]] std::filesystem::path target_of(const Output& output) const;
    Xapian::WritableDatabase& writable_base(Output& output);
    std::filesystem::path write_meta(
        std::size_t index, Output& output,
        const std::vector<std::pair<std::string, std::string>>& metadata,
        const SynonymTable* synonyms, SpellingTotals& spellings, const CancelPoll& poll);

    const GenerationStore& m_store;
    WriterSettings m_settings;
    std::vector<Output> m_outputs;  // shards first, then the terms database when sharded
    std::filesystem::path m_work;   // tmp-*: parts, base copies, metadata databases
    std::filesystem::path m_out;    // tmp-*: the generation being made
    std::unique_ptr<PartWriters> m_parts;
    std::uint64_t m_pending_bytes = 0;  // text in the open batch
    bool m_released = false;
};

}  // namespace dateline::detail
