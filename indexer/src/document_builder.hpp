/// @file
/// Turns a StoredDocument into a Xapian document following the indexing contract
/// (docs in schema.hpp): terms, boolean filter terms, value slots and document data.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include <dateline/stored_document.hpp>

namespace dateline::detail {

struct SourceAliases;

/// Spelling-table increments of one document: (word, times the TermGenerator would have
/// called add_spelling(word) with FLAG_SPELLING).
using SpellingCounts = std::vector<std::pair<std::string, Xapian::termcount>>;

/// A built document and what it adds to the spelling table.
struct BuiltDocument {
    Xapian::Document document;
    SpellingCounts spellings;
};

/// A report's story: its id (slot::kStory and the XSTORY term) and signature bytes.
struct StoryFields {
    std::string id;
    std::string signature;
};

/// Builds documents. Needs no database, so it can run on another thread than the writer:
/// the spelling data FLAG_SPELLING would write is returned with the document and added
/// by whoever owns the database (add_spellings). Not thread-safe (one TermGenerator).
class DocumentBuilder {
  public:
    DocumentBuilder();

    /// The Xapian document for `doc` and its spelling increments; never touches a
    /// database. `origin_path` is the absolute input path (none for stdin); `story`, when
    /// it has an id, the report's story (StoryIndex decides it).
    [[nodiscard]] BuiltDocument build(const StoredDocument& doc, std::string_view content_hash,
                                      const std::optional<std::string>& origin_path,
                                      const StoryFields& story = {});

    /// `written`, a document read from a database, with its story changed from `old_story`
    /// to `story`. Built again from its stored data when that gives back the same data,
    /// values and terms (story aside): to change one term of a stored document Xapian 1.4
    /// first loads every term's position list (a block read each), and it checks a rebuilt
    /// one's with fewer reads (docs/STORIES.md, section 7). Otherwise (a document another
    /// version wrote, a title whose invalid UTF-8 the stored header replaced) `written`
    /// itself with its story term and value swapped.
    [[nodiscard]] Xapian::Document restamped(const Xapian::Document& written,
                                             const std::string& old_story,
                                             const std::string& story);

    /// From now on, a document whose source is a name of `aliases` also gets the XSRC term
    /// of each of its spellings, so that `source:AP` finds "Associated Press". `aliases`
    /// must outlive the builder's use of it; null stops it.
    void use_source_aliases(const SourceAliases* aliases) noexcept { m_aliases = aliases; }

  private:
    [[nodiscard]] SpellingCounts spellings_of(const StoredDocument& doc,
                                              const Xapian::Document& xdoc);

    Xapian::TermGenerator m_generator;
    Xapian::TermGenerator m_counter;  // fallback spelling count, see spellings_of()
    const SourceAliases* m_aliases = nullptr;
};

/// Sets the story of a built or stored document (value and term), replacing `old_story`'s.
void set_story(Xapian::Document& doc, const std::string& old_story, const std::string& story);

/// Adds `spellings` to `db`'s spelling table.
void add_spellings(Xapian::WritableDatabase& db, const SpellingCounts& spellings);

}  // namespace dateline::detail
