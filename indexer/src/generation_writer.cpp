#include "generation_writer.hpp"

#include <algorithm>
#include <system_error>

namespace dateline::detail {

GenerationWriter::GenerationWriter(const GenerationStore& store,
                                   std::optional<std::filesystem::path> base,
                                   std::uint64_t commit_bytes, std::uint64_t queue_bytes)
    : m_store(store),
      m_base(std::move(base)),
      m_commit_bytes(commit_bytes),
      m_queue_limit(queue_bytes) {}

GenerationWriter::~GenerationWriter() {
    stop_thread();
    if (m_db) {
        try {
            m_db->close();
        } catch (...) {
            // Best effort: the directory is about to be removed anyway.
        }
        m_db.reset();
    }
    if (!m_tmp.empty() && !m_released) {
        std::error_code ec;
        std::filesystem::remove_all(m_tmp, ec);
    }
}

void GenerationWriter::stop_thread() noexcept {
    if (!m_thread.joinable()) return;
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
        m_queue.clear();  // a build being abandoned: nothing queued matters any more
    }
    m_changed.notify_all();
    m_thread.join();
}

void GenerationWriter::open() {
    if (m_db) return;
    if (m_tmp.empty()) m_tmp = m_store.make_tmp_dir();
    // DB_NO_SYNC: the whole directory is fsynced before it is published, so syncing on
    // every intermediate commit buys nothing. DB_CREATE (never CREATE_OR_OVERWRITE): the
    // directory is fresh and private.
    int flags = Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
    if (m_base) {
        copy_generation(*m_base, m_tmp);
        flags |= Xapian::DB_OPEN;
    } else {
        flags |= Xapian::DB_CREATE;
    }
    m_db = std::make_unique<Xapian::WritableDatabase>(m_tmp.string(), flags);
}

Xapian::WritableDatabase& GenerationWriter::db() {
    drain();
    open();
    return *m_db;
}

void GenerationWriter::put(const std::string& id_term, BuiltDocument doc, std::uint64_t text_bytes,
                           bool is_new) {
    open();
    if (!m_thread.joinable()) m_thread = std::thread([this] { writer_loop(); });
    std::unique_lock lock(m_mutex);
    // Back-pressure: a bounded queue keeps memory flat whichever side is faster.
    m_changed.wait(lock, [&] {
        return m_failure || m_queue.empty() || m_queued_bytes + text_bytes <= m_queue_limit;
    });
    if (m_failure) {
        lock.unlock();
        rethrow_failure();
    }
    m_queued_bytes += text_bytes;
    m_queue.push_back(Item{id_term, std::move(doc), text_bytes, is_new});
    lock.unlock();
    m_changed.notify_all();
}

void GenerationWriter::write(Item& item) {
    if (item.is_new) {
        // No document has this id term (the caller checked the base generation and its own
        // run): add_document gives the same docid as replace_document would, without the
        // posting-list lookup.
        m_db->add_document(item.doc.document);
    } else {
        m_db->replace_document(item.id_term, item.doc.document);
    }
    add_spellings(*m_db, item.doc.spellings);
    // Xapian's own auto-commit counts documents (XAPIAN_FLUSH_THRESHOLD); memory use
    // follows text volume, so batch by bytes.
    m_pending_bytes += item.text_bytes;
    if (m_pending_bytes >= m_commit_bytes) {
        m_db->commit();
        m_pending_bytes = 0;
    }
}

void GenerationWriter::writer_loop() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [&] { return m_stop || !m_queue.empty(); });
        if (m_stop) return;
        Item item = std::move(m_queue.front());
        m_queue.pop_front();
        m_busy = true;
        lock.unlock();
        std::exception_ptr failure;
        try {
            write(item);
        } catch (...) {
            // Xapian errors are not std::exceptions; the caller's thread rethrows whatever
            // it was, so error handling is the same as with a synchronous writer.
            failure = std::current_exception();
        }
        const std::uint64_t bytes = item.text_bytes;
        item = Item{};  // free the document outside the lock
        lock.lock();
        m_busy = false;
        m_queued_bytes -= std::min(m_queued_bytes, bytes);
        if (failure) {
            m_failure = failure;
            m_queue.clear();
            m_queued_bytes = 0;
            m_changed.notify_all();
            return;
        }
        if (m_queue.empty()) m_queued_bytes = 0;
        m_changed.notify_all();
    }
}

void GenerationWriter::drain() {
    if (!m_thread.joinable()) return;
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || (m_queue.empty() && !m_busy); });
    const bool failed = m_failure != nullptr;
    lock.unlock();
    if (failed) rethrow_failure();
}

void GenerationWriter::rethrow_failure() {
    std::exception_ptr failure;
    {
        const std::lock_guard lock(m_mutex);
        failure = m_failure;
    }
    // The thread has ended; the database is in whatever state the error left it, and the
    // build is abandoned by the exception (the destructor removes the tmp directory).
    if (m_thread.joinable()) m_thread.join();
    std::rethrow_exception(failure);
}

void GenerationWriter::remove(const std::string& id_term) { db().delete_document(id_term); }

void GenerationWriter::commit() {
    db().commit();
    m_pending_bytes = 0;
}

void GenerationWriter::close() {
    commit();
    m_db->close();
    m_db.reset();
}

void GenerationWriter::compact() {
    // Why: a generation committed in several batches has half-empty blocks (10k documents:
    // 183 MB in 8 MiB batches, 112 MB in one, 91 MB compacted), and a published generation
    // is never written in place; compacting costs ~2% of the build and makes every search
    // read fewer blocks. DBCOMPACT_NO_RENUMBER keeps the docids, so the copy is the same
    // database; not DBCOMPACT_SINGLE_FILE, so that an incremental build can still copy
    // and write it. The copy goes into a fresh tmp-* directory, which every cleanup path
    // (this destructor, the next build's abandoned-tmp sweep) already covers.
    drain();
    const std::filesystem::path compacted = m_store.make_tmp_dir();
    try {
        Xapian::Database(m_tmp.string())
            .compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove_all(compacted, ec);
        throw;
    }
    std::error_code ec;
    std::filesystem::remove_all(m_tmp, ec);
    m_tmp = compacted;
}

void GenerationWriter::release() noexcept { m_released = true; }

}  // namespace dateline::detail
