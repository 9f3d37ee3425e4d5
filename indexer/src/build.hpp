/// @file
/// One run of build_index(): the state shared by its steps.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include <dateline/detail/build_hooks.hpp>
#include <dateline/indexer.hpp>
#include <dateline/stored_document.hpp>

#include "build_lock.hpp"
#include "document_builder.hpp"
#include "generation_store.hpp"
#include "generation_writer.hpp"
#include "input_reader.hpp"
#include "input_set.hpp"
#include "source_aliases.hpp"
#include "story_index.hpp"
#include "synonyms_loader.hpp"
#include "web/web_fields.hpp"

namespace dateline::detail {

/// Indexer-private metadata key: fingerprint of the synonym table in a generation.
inline constexpr std::string_view kSynonymsMetadata = "dateline.synonyms";

/// The totals of `report` as a generation of `documents` documents numbered `generation`
/// records them (before the report itself says which generation is published).
[[nodiscard]] BuildTotals totals_of(const BuildReport& report, std::uint64_t documents,
                                    std::uint64_t generation);

/// A build: lock, walk, process every input, delete what vanished, verify, publish.
/// Single use; not thread-safe.
class Build {
  public:
    Build(const BuildOptions& options, const BuildHooks& hooks)
        : m_options(options), m_hooks(hooks) {}
    BuildReport run();

  private:
    // build.cpp: setup, bookkeeping, finishing.
    void open_index_dir();
    void open_previous();
    void load_synonyms();
    void load_sources();
    void check_cancel() const;
    void add(InputReport report);
    void reject(InputReport report, std::string reason, std::string detail = {});
    void report_progress();
    void delete_vanished();
    /// A synonyms file was loaded and differs from the current generation's table.
    [[nodiscard]] bool synonyms_changed() const;
    void finish_without_publishing();
    void check_shrink_guard(std::uint64_t documents) const;
    void step(std::string_view name) const;
    void verify_and_publish();

    // build_stories.cpp: story grouping around the inputs.
    void load_stories();
    [[nodiscard]] StoryFields place_story(const StoredDocument& doc);
    void settle_stories();

    // build_inputs.cpp: one input each.
    void check_manifest_rows(const std::vector<WorkItem>& items);
    void reserve_generated_ids(const std::vector<WorkItem>& items);
    void process_entry(const InputRoot& root, const CorpusEntry& entry);
    void process_text(const InputRoot& root, const CorpusEntry& entry);
    void process_stdin();
    void process_jsonl(const InputRoot& root, const CorpusEntry& entry);
    /// The whole file, or nullopt after reporting why not (too large, vanished, …).
    std::optional<std::string> read_whole(const CorpusEntry& entry, InputReport& report);
    /// An open file to stream, or nullopt after reporting why not.
    std::optional<FileHandle> open_stream(const CorpusEntry& entry);
    /// The first kBinarySniffBytes of an open file.
    static std::string head_bytes(int fd);

    // build_web_inputs.cpp: web pages, feeds, web archives.
    void process_html(const InputRoot& root, const CorpusEntry& entry);
    void process_feed(const InputRoot& root, const CorpusEntry& entry);
    void process_warc(const InputRoot& root, const CorpusEntry& entry);
    /// extract_metadata() for a page, feed item or WARC record; nullopt after rejecting
    /// it as empty.
    std::optional<StoredDocument> web_document(const InputRoot& root, const CorpusEntry& entry,
                                               std::string_view body, const WebFields& fields,
                                               const ManifestRow* row, InputReport& report);
    /// Shared tail of every document input: duplicate-id and unchanged detection, then
    /// (only if the document must be written) `extract`, long-word counting and writing.
    /// `extract` returns nullopt after rejecting the input itself.
    template <typename Extract>
    void index_document(InputReport report, const std::string& id, const std::string& hash,
                        const std::optional<std::string>& origin, Extract&& extract);

    const BuildOptions& m_options;
    const BuildHooks& m_hooks;
    const std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::vector<InputRoot> m_roots;
    std::filesystem::path m_index_abs;
    std::unique_ptr<GenerationStore> m_store;
    std::unique_ptr<BuildLock> m_lock;           // before m_writer: released after the tmp cleanup
    std::optional<std::uint64_t> m_current;      // published generation, if any
    unsigned m_current_shards = 1;               // its shard count
    unsigned m_shards = 1;                       // the new generation's
    std::optional<Xapian::Database> m_previous;  // incremental base, opened read-only
    std::uint64_t m_previous_count = 0;
    std::optional<std::uint64_t> m_current_count;  // documents published now, if readable
    std::optional<SynonymTable> m_synonyms;
    SourceAliases m_sources;  // empty unless a sources file was found
    // Ids the indexer generates for this run's text files and stdin: a JSON id may not
    // take them (it would, in walk order, and the real document would be rejected).
    std::unordered_set<std::string> m_generated_ids;
    DocumentBuilder m_builder;  // runs on this thread; the writer's thread does the writing
    std::unique_ptr<GenerationWriter> m_writer;
    StoryIndex m_stories;                        // every report's story (docs/STORIES.md)
    std::unordered_set<std::string> m_produced;  // ids indexed, replaced or unchanged
    BuildReport m_report;
    BuildProgress m_progress;
};

}  // namespace dateline::detail
