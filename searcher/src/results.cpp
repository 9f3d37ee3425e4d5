#include "results.hpp"

#include <dateline/display_fields.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "snippets.hpp"
#include "stories.hpp"

namespace dateline::detail {

Hit make_hit(const StoryDatabase& stories, const Xapian::Document& doc, double weight,
             std::uint64_t matching, std::size_t rank, std::size_t snippet_bytes,
             SnippetGenerator& snippets, std::vector<Xapian::docid>* story_reports) {
    // The display fields live in a value slot so that a page without snippets never reads
    // the document data: decompressing it (the body, mostly) was half of a plain search.
    auto fields = DisplayFields::decode(doc.get_value(schema::slot::kDisplay));
    Hit hit;
    hit.rank = rank;
    hit.id = std::move(fields.id);
    hit.path = std::move(fields.path);
    hit.url = std::move(fields.url);
    hit.title = std::move(fields.title);
    hit.title_derived = fields.title_derived;
    hit.date = std::move(fields.date);
    hit.date_source = std::string(schema::to_string(fields.date_source));
    hit.source = std::move(fields.source);
    hit.title_source = std::string(to_string(fields.title_source));
    hit.source_origin = std::string(to_string(fields.source_origin));
    hit.source_as_found = std::move(fields.source_as_found);
    hit.author = std::move(fields.author);
    hit.cited_hosts = std::move(fields.cited_hosts);
    hit.score = weight;
    hit.story = story_of(stories, doc, matching, story_reports);
    if (snippet_bytes > 0) {
        const auto stored = StoredDocument::decode(doc.get_data());
        auto snippet = snippets.make(stored.text, snippet_bytes);
        hit.snippet = std::move(snippet.text);
        hit.highlights = std::move(snippet.highlights);
    }
    return hit;
}

}  // namespace dateline::detail
