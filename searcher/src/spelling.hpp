/// @file
/// "Did you mean": respellings of the words the index does not know, in the user's terms.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace dateline::detail {

/// True when `word` (as typed) is a term of `db`, or its stem is, or it has variants in
/// `terms`' synonym table (those find its other spellings already).
[[nodiscard]] bool known_word(const Xapian::Database& db, const Xapian::Database& terms,
                              std::string_view word);

/// `text` (the normalized query as typed) with each free-text word the index lacks (bare,
/// in a phrase, or in a free-text field such as `title:`) replaced by the spelling table's
/// suggestion, in the word's case (Socail → Social, SOCAIL → SOCIAL); operators, fields,
/// filters, wildcards and known words are left as typed. A suggestion must be a term of
/// `db` (the current generation), not only of the spelling table. nullopt when nothing
/// was replaced.
[[nodiscard]] std::optional<std::string> did_you_mean(const Xapian::Database& db,
                                                      const Xapian::Database& terms,
                                                      std::string_view text);

}  // namespace dateline::detail
