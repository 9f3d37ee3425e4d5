/// @file
/// Turns matched Xapian documents into Hits that own their data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

class SnippetGenerator;
struct StoryDatabase;

/// Builds the hit for `doc` of `weight` (1-based `rank`) from its display fields (value
/// slot schema::slot::kDisplay), with a snippet of `snippet_bytes` (0 = none: the document
/// data is then not read at all). Throws IndexCorruptError if the display fields or,
/// for a snippet, the stored data do not decode.
/// `matching`: the reports of its story the hit stands for (1 if not grouped); `stories`:
/// the database searched (for the story's size and outlets); `story_reports`: see story_of.
[[nodiscard]] Hit make_hit(const StoryDatabase& stories, const Xapian::Document& doc, double weight,
                           std::uint64_t matching, std::size_t rank, std::size_t snippet_bytes,
                           SnippetGenerator& snippets,
                           std::vector<Xapian::docid>* story_reports = nullptr);

}  // namespace dateline::detail
