/// @file
/// Name variants (the index's synonym table) where Xapian's parser does not apply them:
/// inside phrases, NEAR and ADJ, and in free-text fields (`title:kyiv`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

namespace dateline::detail {

/// `query` with each term inside a phrase, NEAR or ADJ, and each term of a free-text field,
/// widened to an OR (inside positional operators) or SYNONYM (elsewhere) of itself and its
/// single-word variants in `terms`' synonym table. Bare unprefixed words are left alone:
/// the parser's FLAG_AUTO_SYNONYMS already expanded them. Appends what it applied to
/// `applied` ("kiev → kyiv"). Returns `query` itself when nothing changed.
[[nodiscard]] Xapian::Query expand_synonyms(const Xapian::Query& query,
                                            const Xapian::Database& terms,
                                            std::vector<std::string>& applied);

/// Maps each term of `query` (leaf) through `map`, told whether the term stands inside a
/// phrase, NEAR or ADJ; rebuilds AND, OR, AND_NOT, XOR, AND_MAYBE, FILTER, PHRASE and NEAR
/// nodes around changed terms and keeps every other node as parsed.
using LeafMapper = std::function<Xapian::Query(const Xapian::Query& leaf, bool positional)>;
[[nodiscard]] Xapian::Query map_leaves(const Xapian::Query& query, const LeafMapper& map);

/// The window of an OP_PHRASE or OP_NEAR query (Xapian 1.4 has no accessor for it; its
/// description is "(a@1 NEAR 4 b@2)"), or 0.
[[nodiscard]] Xapian::termcount positional_window(const Xapian::Query& query);

}  // namespace dateline::detail
