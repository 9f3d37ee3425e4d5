#include "generation_writer.hpp"

#include <system_error>

namespace dateline::detail {

GenerationWriter::GenerationWriter(const GenerationStore& store,
                                   std::optional<std::filesystem::path> base,
                                   std::uint64_t commit_bytes)
    : m_store(store), m_base(std::move(base)), m_commit_bytes(commit_bytes) {}

GenerationWriter::~GenerationWriter() {
    m_builder.reset();
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

Xapian::WritableDatabase& GenerationWriter::db() {
    if (m_db) return *m_db;
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
    return *m_db;
}

DocumentBuilder& GenerationWriter::builder() {
    if (!m_builder) m_builder = std::make_unique<DocumentBuilder>(&db());
    return *m_builder;
}

void GenerationWriter::put(const std::string& id_term, const Xapian::Document& doc,
                           std::uint64_t text_bytes) {
    db().replace_document(id_term, doc);
    // Xapian's own auto-commit counts documents (XAPIAN_FLUSH_THRESHOLD); memory use
    // follows text volume, so batch by bytes.
    m_pending_bytes += text_bytes;
    if (m_pending_bytes >= m_commit_bytes) commit();
}

void GenerationWriter::remove(const std::string& id_term) { db().delete_document(id_term); }

void GenerationWriter::commit() {
    db().commit();
    m_pending_bytes = 0;
}

void GenerationWriter::close() {
    commit();
    m_builder.reset();
    m_db->close();
    m_db.reset();
}

void GenerationWriter::release() noexcept { m_released = true; }

}  // namespace dateline::detail
