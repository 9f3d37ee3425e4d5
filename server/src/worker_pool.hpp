/// @file
/// The threads that run searches: each owns its own Searcher (a Searcher serializes its
/// calls, so sharing one would serialize the server), opened at start and reopened on
/// demand after a failure. The network thread only queues work here, so a slow client
/// never holds a worker.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <dateline/searcher.hpp>

#include "routes.hpp"

namespace dateline::serve {

/// Thread-safety: submit() and stop() may be called from any thread.
class WorkerPool {
  public:
    using Job = std::function<void(const SearcherSource&)>;

    WorkerPool(unsigned workers, std::filesystem::path index, SearcherOptions options);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues `job` for the next free worker.
    void submit(Job job);

    /// Runs the jobs already queued, then joins the workers. Idempotent.
    void stop();

  private:
    void work();

    std::filesystem::path m_index;
    SearcherOptions m_options;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace dateline::serve
