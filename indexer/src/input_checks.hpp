/// @file
/// Checks and conversions every document input shares: the content hash that decides
/// whether an incremental build re-extracts, the binary/empty verdict, UTF-8 repair.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dateline/indexer.hpp>
#include <dateline/stored_document.hpp>

#include "content_hash.hpp"
#include "corpus_walker.hpp"
#include "input_set.hpp"
#include "manifest.hpp"

namespace dateline::detail {

/// The hash of a whole-file input and its manifest row (input_hash()).
[[nodiscard]] std::string content_hash_of(std::string_view bytes, const ManifestRow* row);

/// "binary" or "empty" if the bytes are not a text document. Binary and empty inputs are
/// rejected before hashing; decoding is left until a document has to be written, so an
/// unchanged file costs a hash.
[[nodiscard]] std::optional<std::string> classify_reason(std::string_view bytes);

/// repair_utf8 + normalize_text, warning "invalid_utf8: N sequences replaced".
[[nodiscard]] std::string decode_text(std::string_view bytes, InputReport& report);

/// The id index-build gives a whole-file input: its path under the root (the file name for a
/// file given by itself), as valid UTF-8 (ids are JSON and terms shown to users; invalid
/// bytes become U+FFFD, like text).
[[nodiscard]] std::string text_document_id(const InputRoot& root, const CorpusEntry& entry);

/// The id index-build gives record N of a file of records without an id of its own
/// ("<file>#N": a JSON Lines line, a feed item).
[[nodiscard]] std::string line_id(const std::string& relative, std::size_t n);

/// Neither text nor a title: nothing to index.
[[nodiscard]] bool empty_document(const StoredDocument& doc);

}  // namespace dateline::detail
