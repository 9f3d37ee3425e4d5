/// @file
/// The Dateline indexer: turns a news corpus (text files, JSON Lines, standard input)
/// into an on-disk index that `dateline::Searcher` opens.
///
/// @code
///   dateline::BuildOptions options{.index_dir = "index", .inputs = {"data"}};
///   dateline::BuildReport report = dateline::build_index(options);
///   std::cout << report.indexed << " indexed, " << report.rejected << " rejected\n";
/// @endcode
///
/// A build takes the index's build lock, writes a new generation in a private
/// temporary directory, checks it, and publishes it atomically; readers never see a
/// half-built index, and a failed or cancelled build leaves the previous one intact.
/// See docs/INDEX_BUILD.md for the on-disk layout and the per-input outcomes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/build_totals.hpp>
#include <dateline/errors.hpp>
#include <dateline/indexer_export.hpp>

namespace dateline {

/// What happened to one input (a text file, one JSON Lines record, stdin, or a
/// directory entry that was not indexed).
enum class InputOutcome : std::uint8_t {
    kIndexed,    ///< new document added
    kReplaced,   ///< document with this id existed and its content changed
    kUnchanged,  ///< document with this id and content hash already indexed
    kRejected,   ///< a document input that could not be indexed (reason says why)
    kSkipped,    ///< not a document input by policy (unsupported type, hidden, …)
};

/// "indexed", "replaced", "unchanged", "rejected", "skipped".
[[nodiscard]] DATELINE_INDEXER_EXPORT std::string_view to_string(InputOutcome outcome) noexcept;

/// The outcome of one input. Only inputs that were not simply indexed or unchanged
/// carry a reason; warnings may accompany any indexed or replaced document.
struct InputReport {
    /// The path as reached from the argument ("data/a.txt"), "<file>:<line>" for a JSON
    /// Lines record, "-" for standard input.
    std::string input{};
    std::string id{};  ///< the document's unique id; empty when none was determined
    InputOutcome outcome = InputOutcome::kIndexed;
    /// Reason code for kRejected/kSkipped: binary, empty, too_large, unreadable, vanished,
    /// duplicate_id, dangling_symlink, bad_json, bad_xml, not_a_feed, not_warc,
    /// corrupt_record, bad_http, internal (rejected); unsupported_type, hidden,
    /// not_regular_file, symlink_loop, duplicate_file, duplicate_directory, warc_<type>,
    /// http_status, not_html (skipped). See docs/INDEX_BUILD.md.
    std::string reason{};
    std::string detail{};  ///< human detail for the reason (errno text, sizes)
    /// "invalid_utf8: N sequences replaced", "bad_date: <raw>", "dropped_long_words: N", …
    std::vector<std::string> warnings{};
};

/// Progress of a running build, passed to BuildOptions::progress.
struct BuildProgress {
    std::size_t files_done{};     ///< input files (or stdin) finished
    std::size_t files_total{};    ///< input files found by the corpus walk
    std::size_t documents{};      ///< document inputs processed so far (all outcomes)
    std::uint64_t bytes_done{};   ///< bytes of input files finished
    std::uint64_t bytes_total{};  ///< bytes of all input files found
    double elapsed_seconds{};
};

/// What to build. A plain aggregate; fill it with designated initializers.
struct BuildOptions {
    /// The index directory (created if missing). Holds XAPIANDB, gen-NNNNNN/, build.lock.
    std::filesystem::path index_dir{};
    /// Directories (walked recursively), files, or "-" for `stdin_data`. Must not be empty.
    std::vector<std::filesystem::path> inputs{};
    /// The document read for the input "-" (the library never reads standard input).
    std::optional<std::string> stdin_data{};
    /// true: build a new index from these inputs only. false (default): incremental update
    /// of the current generation: unchanged documents skipped, changed ones replaced,
    /// documents from the scanned paths whose inputs are gone deleted.
    bool rebuild = false;
    /// Synonyms file (tab-separated groups). Unset: `synonyms.tsv` at the top of each
    /// directory input, if present; with none found the current synonyms are kept.
    std::optional<std::filesystem::path> synonyms_file{};
    /// Sources file (an outlet's name, then its other spellings, tab-separated). Unset:
    /// `sources.tsv` at the top of each directory input, if present; with none found,
    /// sources are indexed as found. Changing the table re-indexes every document.
    std::optional<std::filesystem::path> sources_file{};
    /// Inputs (files, JSONL records, stdin) larger than this are rejected as too_large.
    std::uint64_t max_file_size = std::uint64_t{32} * 1024 * 1024;
    /// Text per part database (a batch written and committed by one writer thread; or less,
    /// when `memory_budget` requires it). Small parts are faster with Xapian 1.4 (its
    /// in-memory inverter slows down as it grows) and keep memory low; they are merged by
    /// one compaction before publishing, so they cost no disk space.
    std::uint64_t commit_bytes = std::uint64_t{2} * 1024 * 1024;
    /// What the build may use in memory, roughly (peak RSS of index-build stays below it
    /// for corpora of any size): parts are committed every
    /// memory_budget / kMemoryPerTextByte / (2 * threads + 2) bytes of text at most, and
    /// documents waiting for the writer threads are capped at one part per thread. Must be
    /// at least kMinimumMemoryBudget (Error otherwise).
    std::uint64_t memory_budget = std::uint64_t{1024} * 1024 * 1024;
    /// Writer threads, each filling its own part databases (merged by one compaction before
    /// publishing). 0: one per core. The calling thread reads and tokenizes meanwhile.
    unsigned threads = 0;
    /// Shard databases the generation is split into by a stable hash of each document's
    /// unique id (schema/index_layout.hpp), for searching across machines. 0: as many as
    /// the current generation has (1 for a new index). An incremental build must keep the
    /// count: a different one throws Error unless `rebuild` is set. At most 64.
    unsigned shards = 0;
    /// Called after every input file; may be empty. Runs on the calling thread.
    std::function<void(const BuildProgress&)> progress{};
    /// Polled between inputs and before publishing; returning true cancels the build
    /// (BuildCancelledError). Safe to back with a flag set by a signal handler.
    std::function<bool()> cancel_requested{};
    /// Publish a new generation even when it holds fewer than half the documents of the
    /// current one (which has at least kShrinkGuardMinimum). Without it such a build
    /// throws IndexShrinkError: an empty or unmounted source must not wipe a good index.
    bool force = false;
};

/// Memory (bytes) an uncommitted batch costs per byte of document text, measured with
/// Xapian 1.4.22 (positions, spelling, two title copies): about 24, rounded up for margin.
inline constexpr std::uint64_t kMemoryPerTextByte = 32;
/// The smallest BuildOptions::memory_budget accepted (the process itself needs ~20 MiB).
inline constexpr std::uint64_t kMinimumMemoryBudget = std::uint64_t{64} * 1024 * 1024;

/// The shrink guard applies only when the current generation has at least this many documents.
inline constexpr std::uint64_t kShrinkGuardMinimum = 10;

/// The result of a build. Counts reconcile:
/// document_inputs() == indexed + replaced + unchanged + rejected; skipped entries are extra.
struct BuildReport {
    std::vector<InputReport> inputs{};  ///< one entry per input, in walk order
    std::size_t indexed{};
    std::size_t replaced{};
    std::size_t unchanged{};
    std::size_t rejected{};
    std::size_t skipped{};
    std::size_t deleted{};                   ///< documents removed: their inputs are gone
    std::vector<std::string> deleted_ids{};  ///< ids of the deleted documents
    std::size_t warnings{};                  ///< warnings over all inputs
    std::vector<std::string> notices{};      ///< build-level warnings (manifest/synonyms lines)
    bool rebuild = false;
    bool published = false;        ///< false when nothing changed (the current generation stays)
    std::uint64_t generation{};    ///< the generation now published (0 if none exists)
    std::uint64_t documents{};     ///< documents in that generation
    std::uint64_t stories{};       ///< stories those documents form (docs/STORIES.md)
    unsigned shards = 1;           ///< shard databases of that generation
    std::uint64_t index_bytes{};   ///< bytes on disk of that generation
    std::size_t synonym_groups{};  ///< synonym groups loaded (0 if no file was loaded)
    double elapsed_seconds{};

    /// indexed + replaced + unchanged + rejected.
    [[nodiscard]] std::size_t document_inputs() const noexcept {
        return indexed + replaced + unchanged + rejected;
    }
};

/// The report's counts with rejected and skipped inputs counted by reason: what the published
/// generation records (Searcher::stats() reads it back as IndexStats::build_report).
[[nodiscard]] DATELINE_INDEXER_EXPORT BuildTotals totals_of(const BuildReport& report);

/// Runs one build as described by `options`. Bad inputs never abort the build; they
/// are reported in BuildReport::inputs.
///
/// Throws IndexLockedError if another build holds the index's lock; SchemaVersionError if
/// an incremental build meets an index of another schema version (rebuild it);
/// IndexCorruptError if the current generation is unreadable or the new one fails its
/// check; IoError on file-system and engine I/O failures (disk full, read-only location,
/// I/O error, permission denied on the index; the message names the cause and the path);
/// IndexShrinkError when the shrink guard refuses; Error for invalid options or missing
/// inputs; BuildCancelledError when cancelled. In every error case the previously published
/// index is left unchanged.
///
/// Thread-safety: independent builds of different indexes may run concurrently; builds of
/// the same index exclude each other through the lock (also across processes).
[[nodiscard]] DATELINE_INDEXER_EXPORT BuildReport build_index(const BuildOptions& options);

}  // namespace dateline
