/// @file
/// Turns a StoredDocument into a Xapian document following the indexing contract
/// (docs in schema.hpp): terms, boolean filter terms, value slots and document data.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include <dateline/stored_document.hpp>

namespace dateline::detail {

/// Counts the words (runs of Xapian word characters) longer than `max_bytes`: the
/// TermGenerator drops them silently, the build reports them as dropped_long_words.
[[nodiscard]] std::size_t count_long_words(std::string_view text, std::size_t max_bytes);

/// Builds documents for one database. Not thread-safe (one TermGenerator).
class DocumentBuilder {
  public:
    /// With `spelling_db`, words of titles and bodies feed its spelling table.
    explicit DocumentBuilder(Xapian::WritableDatabase* spelling_db);

    /// The Xapian document for `doc`. `origin_path` is the absolute input path (none for stdin).
    [[nodiscard]] Xapian::Document build(const StoredDocument& doc, std::string_view content_hash,
                                         const std::optional<std::string>& origin_path);

  private:
    Xapian::TermGenerator m_generator;
};

}  // namespace dateline::detail
