/// @file
/// A memoizing wrapper around a Xapian stemmer: news vocabulary is Zipfian, so most
/// words reaching the TermGenerator have been stemmed before.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include <xapian.h>

namespace dateline::detail {

/// Same answers as the wrapped Xapian::Stem, from a cache when the word was seen.
/// The cache is cleared when it reaches `max_entries`, which bounds its memory.
/// Not thread-safe: one per TermGenerator.
class CachingStemmer : public Xapian::StemImplementation {
  public:
    explicit CachingStemmer(Xapian::Stem stem, std::size_t max_entries = 1u << 17);

    std::string operator()(const std::string& word) override;
    [[nodiscard]] std::string get_description() const override;

  private:
    Xapian::Stem m_stem;
    std::size_t m_max_entries;
    std::unordered_map<std::string, std::string> m_cache;
};

/// A Xapian::Stem answering as `stem` does, backed by a CachingStemmer.
[[nodiscard]] Xapian::Stem make_caching_stem(Xapian::Stem stem);

}  // namespace dateline::detail
