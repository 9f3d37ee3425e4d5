#include "worker_pool.hpp"

#include <optional>
#include <utility>

namespace dateline::serve {

WorkerPool::WorkerPool(unsigned workers, std::filesystem::path index, SearcherOptions options)
    : m_index(std::move(index)), m_options(options) {
    for (unsigned i = 0; i < workers; ++i) m_threads.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::submit(Job job) {
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_ready.notify_one();
}

void WorkerPool::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_ready.notify_all();
    for (auto& thread : m_threads) {
        if (thread.joinable()) thread.join();
    }
}

void WorkerPool::work() {
    std::optional<Searcher> searcher;
    try {
        searcher.emplace(m_index, m_options);
    } catch (const std::exception&) {
        // Opened again by the first job, which reports the error to its client (an
        // unreachable shard may come back).
    }
    const SearcherSource source = [&]() -> Searcher& {
        if (!searcher) searcher.emplace(m_index, m_options);
        return *searcher;
    };
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [&] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty()) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job(source);
    }
}

}  // namespace dateline::serve
