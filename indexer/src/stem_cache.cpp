#include "stem_cache.hpp"

#include <utility>

namespace dateline::detail {

CachingStemmer::CachingStemmer(Xapian::Stem stem, std::size_t max_entries)
    : m_stem(std::move(stem)), m_max_entries(max_entries) {
    m_cache.reserve(max_entries);
}

std::string CachingStemmer::operator()(const std::string& word) {
    if (const auto it = m_cache.find(word); it != m_cache.end()) return it->second;
    // Clearing everything (rather than evicting one entry) keeps the common path a single
    // hash lookup; the frequent words come back within a few documents.
    if (m_cache.size() >= m_max_entries) m_cache.clear();
    return m_cache.emplace(word, m_stem(word)).first->second;
}

std::string CachingStemmer::get_description() const { return m_stem.get_description(); }

Xapian::Stem make_caching_stem(Xapian::Stem stem) {
    // Xapian::Stem takes ownership (reference counted) of the implementation.
    return Xapian::Stem(new CachingStemmer(std::move(stem)));
}

}  // namespace dateline::detail
