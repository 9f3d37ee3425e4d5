/// @file
/// The writable database of a new generation, in a private tmp-* directory, created on
/// first use and removed again unless it gets published.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <xapian.h>

#include "document_builder.hpp"
#include "generation_store.hpp"

namespace dateline::detail {

/// Opening is lazy, so that an incremental run in which nothing changed never copies
/// the current generation. Never opens a published generation writable: an incremental
/// build copies the base generation's files into the tmp directory first.
///
/// Documents given to put() are written by a background thread (Xapian's inverter and
/// commits are the larger half of a build), in the order given, so that the caller can
/// prepare the next documents meanwhile. Every other member waits for that queue to drain
/// first, and rethrows (once) any error the writer thread met, so callers see the same
/// sequence of effects and errors as with a synchronous writer. Used from one thread.
class GenerationWriter {
  public:
    /// `base`: the published generation to start from (incremental), or nullopt for an
    /// empty database (rebuild, first build). `queue_bytes`: documents queued for the
    /// writer thread hold at most about this much text.
    GenerationWriter(const GenerationStore& store, std::optional<std::filesystem::path> base,
                     std::uint64_t commit_bytes, std::uint64_t queue_bytes = 1u << 20);
    /// Stops the writer thread, closes the database and removes the tmp directory unless
    /// release() was called.
    ~GenerationWriter();
    GenerationWriter(const GenerationWriter&) = delete;
    GenerationWriter& operator=(const GenerationWriter&) = delete;

    [[nodiscard]] bool is_open() const noexcept { return m_db != nullptr; }
    /// Opens (creating the tmp directory) on first call; waits for queued documents.
    Xapian::WritableDatabase& db();
    [[nodiscard]] const std::filesystem::path& tmp_dir() const noexcept { return m_tmp; }

    /// Queues the document (the caller must hold no other handle to `doc.document`) with unique
    /// term `id_term`: replaces any document with that term, or, when `is_new` (the caller knows no
    /// document has it), adds it. Its spelling increments are added too. Commits once
    /// `commit_bytes` of text have accumulated.
    void put(const std::string& id_term, BuiltDocument doc, std::uint64_t text_bytes,
             bool is_new = false);
    /// Synchronous: returns once `doc` is written (the caller keeps its handle, and Xapian's
    /// handles are not safe to share between threads).
    void put(const std::string& id_term, const Xapian::Document& doc, std::uint64_t text_bytes) {
        put(id_term, BuiltDocument{doc, {}}, text_bytes);
        drain();
    }
    void remove(const std::string& id_term);
    void commit();
    /// Commits and closes the database (it can then be checked and published).
    void close();
    /// After close(): replaces the tmp directory by a compacted copy of it (a new tmp-*
    /// directory; same documents and docids, B-tree blocks full). The result is still a
    /// writable glass database. On failure both directories are removed.
    void compact();
    /// The tmp directory was published (renamed): do not remove it.
    void release() noexcept;

  private:
    struct Item {
        std::string id_term;
        BuiltDocument doc;
        std::uint64_t text_bytes;
        bool is_new;
    };
    void open();
    void write(Item& item);  // writer thread
    void writer_loop();
    /// Waits until the writer thread has written everything queued; rethrows its error.
    void drain();
    void rethrow_failure();
    void stop_thread() noexcept;

    const GenerationStore& m_store;
    std::optional<std::filesystem::path> m_base;
    std::uint64_t m_commit_bytes;
    std::uint64_t m_queue_limit;
    std::uint64_t m_pending_bytes = 0;  // writer thread (or the caller after drain())
    std::filesystem::path m_tmp;
    std::unique_ptr<Xapian::WritableDatabase> m_db;
    bool m_released = false;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Item> m_queue;          // guarded by m_mutex
    std::uint64_t m_queued_bytes = 0;  // guarded by m_mutex
    bool m_busy = false;               // guarded: the writer thread holds an item
    bool m_stop = false;               // guarded
    std::exception_ptr m_failure;      // guarded: first error of the writer thread
    std::thread m_thread;
};

}  // namespace dateline::detail
