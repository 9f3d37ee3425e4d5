/// @file
/// The writable database of a new generation, in a private tmp-* directory, created on
/// first use and removed again unless it gets published.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <xapian.h>

#include "document_builder.hpp"
#include "generation_store.hpp"

namespace dateline::detail {

/// Opening is lazy, so that an incremental run in which nothing changed never copies
/// the current generation. Never opens a published generation writable: an incremental
/// build copies the base generation's files into the tmp directory first.
class GenerationWriter {
  public:
    /// `base`: the published generation to start from (incremental), or nullopt for an
    /// empty database (rebuild, first build).
    GenerationWriter(const GenerationStore& store, std::optional<std::filesystem::path> base,
                     std::uint64_t commit_bytes);
    /// Closes the database and removes the tmp directory unless release() was called.
    ~GenerationWriter();
    GenerationWriter(const GenerationWriter&) = delete;
    GenerationWriter& operator=(const GenerationWriter&) = delete;

    [[nodiscard]] bool is_open() const noexcept { return m_db != nullptr; }
    /// Opens (creating the tmp directory) on first call.
    Xapian::WritableDatabase& db();
    DocumentBuilder& builder();
    [[nodiscard]] const std::filesystem::path& tmp_dir() const noexcept { return m_tmp; }

    /// Adds or replaces the document with unique term `id_term`; commits once
    /// `commit_bytes` of text have accumulated.
    void put(const std::string& id_term, const Xapian::Document& doc, std::uint64_t text_bytes);
    void remove(const std::string& id_term);
    void commit();
    /// Commits and closes the database (it can then be checked and published).
    void close();
    /// The tmp directory was published (renamed): do not remove it.
    void release() noexcept;

  private:
    const GenerationStore& m_store;
    std::optional<std::filesystem::path> m_base;
    std::uint64_t m_commit_bytes;
    std::uint64_t m_pending_bytes = 0;
    std::filesystem::path m_tmp;
    std::unique_ptr<Xapian::WritableDatabase> m_db;
    std::unique_ptr<DocumentBuilder> m_builder;
    bool m_released = false;
};

}  // namespace dateline::detail
