/// @file
/// How text becomes terms: the one place that configures a Xapian TermGenerator (the
/// indexer's DocumentBuilder) and a QueryParser (the searcher's query builder) — stemming
/// language and strategy, word length limit, field prefixes and weights, the gap between
/// fields. A query finds a document only if both sides apply the same rules, so neither
/// sets any of these itself; a change here (case or accent folding, another stemmer)
/// changes what an index means on disk: bump kSchemaVersion.
///
/// Internal to Dateline (not installed; it names Xapian types). Stateless functions,
/// thread-safe; the objects they configure are not.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include <dateline/schema_export.hpp>

namespace dateline::schema::term_rules {

/// Term positions left empty between title, body and author, so that a phrase never
/// matches across two fields.
inline constexpr Xapian::termpos kFieldGap = 100;

/// Xapian's prefix for stemmed terms (STEM_SOME): "Z" + stem(word). Synonym keys for
/// stemmed query words use it too.
inline constexpr std::string_view kStemPrefix = "Z";

/// The stemmer both sides use (schema::kStemLanguage).
[[nodiscard]] DATELINE_SCHEMA_EXPORT Xapian::Stem stemmer();

/// "Z" + stem(word): the term a stemmed word is indexed and looked up as.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string stemmed_term(const Xapian::Stem& stem,
                                                              const std::string& word);

/// Configures `generator` for indexing: `stem` (the indexer passes a caching stemmer that
/// answers as stemmer() does), STEM_SOME, words over kMaxWordBytes dropped.
DATELINE_SCHEMA_EXPORT void configure(Xapian::TermGenerator& generator, const Xapian::Stem& stem);

/// Configures `generator` to split words exactly as configure() does but emit them
/// unstemmed (what FLAG_SPELLING adds to the spelling table).
DATELINE_SCHEMA_EXPORT void configure_unstemmed(Xapian::TermGenerator& generator);

/// Configures `parser` to look terms up as configure() indexed them: stemmer(), STEM_SOME,
/// and a prefix for every free-text field of schema::kFields. Boolean and date fields
/// need field processors, which are the query builder's.
DATELINE_SCHEMA_EXPORT void configure(Xapian::QueryParser& parser);

/// The text a QueryParser configured by configure() reads for `normalized` query text
/// (normalize_text): term_text() (diacritics and possessives folded, as index_text()
/// folds documents), with every word lower-cased but the operators AND OR NOT XOR NEAR
/// ADJ and initials (U.S.), which Xapian recognises in capitals only. Xapian stems only
/// words that start in lower case while the generator stems every word, so without this
/// `Films` would find fewer reports than `films`.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string query_text(std::string_view normalized);

/// Indexes a document's free text (normalized: normalize_text) with a configured generator
/// whose document is set: title words under the title prefix and unprefixed with
/// kTitleWeight, the body with kBodyWeight, author words under the author prefix,
/// kFieldGap between fields; each through term_text() (normalize.hpp).
DATELINE_SCHEMA_EXPORT void index_text(Xapian::TermGenerator& generator,
                                       const std::optional<std::string>& title,
                                       const std::string& body,
                                       const std::optional<std::string>& author);

}  // namespace dateline::schema::term_rules
