#include "results.hpp"

#include <dateline/stored_document.hpp>

#include "snippets.hpp"

namespace dateline::detail {

Hit make_hit(const Xapian::MSet& mset, const Xapian::MSetIterator& item, std::size_t rank,
             std::size_t snippet_bytes, const Xapian::Stem& stem) {
    const auto doc = item.get_document();
    auto stored = StoredDocument::decode(doc.get_data());
    Hit hit;
    hit.rank = rank;
    hit.id = std::move(stored.id);
    hit.path = std::move(stored.path);
    hit.url = std::move(stored.url);
    if (stored.title && !stored.title->empty()) {
        hit.title = std::move(stored.title);
    } else if (auto sentence = first_sentence(stored.text); !sentence.empty()) {
        hit.title = std::move(sentence);
        hit.title_derived = true;
    }
    hit.date = std::move(stored.date);
    hit.date_source = std::string(schema::to_string(stored.date_source));
    hit.source = std::move(stored.source);
    hit.score = item.get_weight();
    if (snippet_bytes > 0) {
        auto snippet = make_snippet(mset, stored.text, snippet_bytes, stem);
        hit.snippet = std::move(snippet.text);
        hit.highlights = std::move(snippet.highlights);
    }
    return hit;
}

}  // namespace dateline::detail
