/// @file
/// Turns matched Xapian documents into Hits that own their data.
#pragma once

#include <cstddef>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

class SnippetGenerator;

/// Builds the hit for `item` (1-based `rank`) from its display fields (value slot
/// schema::slot::kDisplay), with a snippet of `snippet_bytes` (0 = none: the document
/// data is then not read at all). Throws IndexCorruptError if the display fields or,
/// for a snippet, the stored data do not decode.
/// `grouped`: the match collapsed stories, so the hit stands for its story's matching
/// reports; `db` is the database searched (for the story's size and outlets).
[[nodiscard]] Hit make_hit(const Xapian::Database& db, const Xapian::MSetIterator& item,
                           std::size_t rank, std::size_t snippet_bytes, SnippetGenerator& snippets,
                           bool grouped);

}  // namespace dateline::detail
