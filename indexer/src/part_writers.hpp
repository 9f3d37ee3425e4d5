/// @file
/// Writer threads that turn batches of built documents into small "part" databases,
/// which GenerationWriter later merges into the generation with Xapian's compaction.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "document_builder.hpp"

namespace dateline::detail {

/// Spelling increments summed over many documents: word → frequency.
using SpellingTotals = std::unordered_map<std::string, Xapian::termcount>;

/// Why parts: Xapian allows one writer per database, and its in-memory inverter and commits
/// are most of a build's work. Several writers, each filling its own fresh database, use
/// every core; a fresh database commits by appending, never merging into a big B-tree; and
/// one compaction at the end merges the parts in batch order, so documents keep the docids
/// (hence the tie order) a single writer would have given them.
///
/// The calling thread opens a batch, adds documents to it and closes it; a writer thread
/// takes each batch as soon as it is opened and writes its documents as they arrive, one
/// part database per shard, then commits it. Documents added but not yet written are
/// capped at `queue_bytes` of text (add() waits): memory stays bounded whichever side is
/// faster. Errors of a writer thread are rethrown by the next add(), close_batch() or
/// finish() on the calling thread. Used from one calling thread.
class PartWriters {
  public:
    /// `make_part_dir(batch, shard)` creates the empty directory for a part (called on a
    /// writer thread; must be thread-safe).
    using MakePartDir = std::function<std::filesystem::path(std::uint64_t batch, unsigned shard)>;

    PartWriters(unsigned threads, unsigned shards, std::uint64_t queue_bytes,
                MakePartDir make_part_dir);
    /// Stops the threads without finishing (an abandoned build); parts stay on disk for
    /// the owner of their directory to remove.
    ~PartWriters();
    PartWriters(const PartWriters&) = delete;
    PartWriters& operator=(const PartWriters&) = delete;

    /// Adds a document to the open batch (opening one if none is). `shard` < shards.
    void add(unsigned shard, BuiltDocument doc, std::uint64_t text_bytes);
    /// Closes the open batch, if any: its part databases are committed once written.
    void close_batch();
    /// Closes the open batch and waits for every batch to be written.
    void finish();

    /// After finish(): the part databases of `shard`, in batch order (batches without a
    /// document for that shard have none).
    [[nodiscard]] std::vector<std::filesystem::path> parts(unsigned shard) const;
    /// After finish(): documents written into parts of `shard`.
    [[nodiscard]] std::uint64_t documents(unsigned shard) const;
    /// After finish(): the spelling increments of every document written, summed.
    [[nodiscard]] SpellingTotals take_spellings();

  private:
    struct Item {
        unsigned shard = 0;
        BuiltDocument doc;
        std::uint64_t text_bytes = 0;
    };
    struct Batch {
        std::uint64_t index = 0;
        std::deque<Item> items;  // guarded by m_mutex
        bool closed = false;     // guarded
        // Written by the one thread that took the batch:
        std::vector<std::filesystem::path> part_of_shard;
        std::vector<std::uint64_t> documents_of_shard;
    };
    void writer_loop(SpellingTotals& spellings);
    void write_batch(Batch& batch, SpellingTotals& spellings);
    void rethrow_failure();
    void stop() noexcept;

    const unsigned m_shards;
    const std::uint64_t m_queue_limit;
    MakePartDir m_make_part_dir;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::shared_ptr<Batch>> m_waiting;              // guarded: opened, not yet taken
    std::vector<std::shared_ptr<Batch>> m_batches;             // every batch, in order (caller)
    std::shared_ptr<Batch> m_open;                             // caller: the batch being filled
    std::uint64_t m_queued_bytes = 0;                          // guarded: added, not yet written
    std::size_t m_running = 0;                                 // guarded: batches being written
    bool m_stop = false;                                       // guarded
    std::exception_ptr m_failure;                              // guarded: first writer error
    std::vector<std::unique_ptr<SpellingTotals>> m_spellings;  // one per thread
    std::vector<std::thread> m_threads;
};

}  // namespace dateline::detail
