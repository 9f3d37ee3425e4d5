#include "part_writers.hpp"

#include <algorithm>
#include <optional>

#include "generation_store.hpp"

namespace dateline::detail {

PartWriters::PartWriters(unsigned threads, unsigned shards, std::uint64_t queue_bytes,
                         MakePartDir make_part_dir)
    : m_shards(std::max(1U, shards)),
      m_queue_limit(queue_bytes),
      m_make_part_dir(std::move(make_part_dir)) {
    const unsigned count = std::max(1U, threads);
    for (unsigned i = 0; i < count; ++i) m_spellings.push_back(std::make_unique<SpellingTotals>());
    for (unsigned i = 0; i < count; ++i) {
        m_threads.emplace_back([this, i] { writer_loop(*m_spellings[i]); });
    }
}

PartWriters::~PartWriters() { stop(); }

void PartWriters::stop() noexcept {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    for (auto& thread : m_threads) {
        if (thread.joinable()) thread.join();
    }
}

void PartWriters::add(unsigned shard, BuiltDocument doc, std::uint64_t text_bytes) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] {
        return m_failure || m_queued_bytes == 0 || m_queued_bytes + text_bytes <= m_queue_limit;
    });
    if (m_failure) {
        lock.unlock();
        rethrow_failure();
    }
    if (!m_open) {
        m_open = std::make_shared<Batch>();
        m_open->index = m_batches.size();
        m_batches.push_back(m_open);
        m_waiting.push_back(m_open);
    }
    m_open->items.push_back(Item{shard, std::move(doc), text_bytes});
    m_queued_bytes += text_bytes;
    lock.unlock();
    m_changed.notify_all();
}

void PartWriters::close_batch() {
    {
        const std::lock_guard lock(m_mutex);
        if (!m_open) return;
        m_open->closed = true;
        m_open.reset();
    }
    m_changed.notify_all();
}

void PartWriters::finish() {
    close_batch();
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || (m_waiting.empty() && m_running == 0); });
    if (m_failure) {
        lock.unlock();
        rethrow_failure();
    }
}

void PartWriters::rethrow_failure() {
    std::exception_ptr failure;
    {
        const std::lock_guard lock(m_mutex);
        failure = m_failure;
    }
    std::rethrow_exception(failure);
}

void PartWriters::writer_loop(SpellingTotals& spellings) {
    while (true) {
        std::shared_ptr<Batch> batch;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stop || m_failure || !m_waiting.empty(); });
            if (m_stop || m_failure) return;
            batch = std::move(m_waiting.front());
            m_waiting.pop_front();
            ++m_running;
        }
        std::exception_ptr failure;
        try {
            write_batch(*batch, spellings);
        } catch (...) {
            // Xapian errors are not std::exceptions: keep whatever was thrown, so the
            // caller sees the same error a single-threaded writer would have raised.
            failure = std::current_exception();
        }
        {
            const std::lock_guard lock(m_mutex);
            --m_running;
            if (failure && !m_failure) m_failure = failure;
        }
        m_changed.notify_all();
        if (failure) return;
    }
}

void PartWriters::write_batch(Batch& batch, SpellingTotals& spellings) {
    std::vector<std::optional<Xapian::WritableDatabase>> dbs(m_shards);
    batch.part_of_shard.assign(m_shards, {});
    batch.documents_of_shard.assign(m_shards, 0);
    while (true) {
        Item item{};
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(
                lock, [&] { return m_stop || m_failure || !batch.items.empty() || batch.closed; });
            if (m_stop || m_failure) return;
            if (batch.items.empty()) break;  // closed and fully written
            item = std::move(batch.items.front());
            batch.items.pop_front();
        }
        auto& db = dbs[item.shard];
        if (!db) {
            batch.part_of_shard[item.shard] = m_make_part_dir(batch.index, item.shard);
            db.emplace(open_private_database(batch.part_of_shard[item.shard], /*create=*/true));
        }
        db->add_document(item.doc.document);
        ++batch.documents_of_shard[item.shard];
        for (auto& [word, count] : item.doc.spellings) spellings[word] += count;
        const std::uint64_t bytes = item.text_bytes;
        item = Item{};  // free the document before waking the producer
        {
            const std::lock_guard lock(m_mutex);
            m_queued_bytes -= std::min(m_queued_bytes, bytes);
        }
        m_changed.notify_all();
    }
    for (auto& db : dbs) {
        if (db) {
            db->commit();
            db->close();
        }
    }
}

std::vector<std::filesystem::path> PartWriters::parts(unsigned shard) const {
    std::vector<std::filesystem::path> out;
    for (const auto& batch : m_batches) {
        if (shard < batch->part_of_shard.size() && !batch->part_of_shard[shard].empty()) {
            out.push_back(batch->part_of_shard[shard]);
        }
    }
    return out;
}

std::uint64_t PartWriters::documents(unsigned shard) const {
    std::uint64_t total = 0;
    for (const auto& batch : m_batches) {
        if (shard < batch->documents_of_shard.size()) total += batch->documents_of_shard[shard];
    }
    return total;
}

SpellingTotals PartWriters::take_spellings() {
    SpellingTotals total = std::move(*m_spellings.front());
    for (std::size_t i = 1; i < m_spellings.size(); ++i) {
        for (auto& [word, count] : *m_spellings[i]) total[word] += count;
        m_spellings[i]->clear();
    }
    return total;
}

}  // namespace dateline::detail
