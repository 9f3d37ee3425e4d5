/// @file
/// Word-level precision and recall of an extracted body against the article text:
/// the measure tests/unit/web_extract_test.cpp asserts on and bench/web_extract reports.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::test {

/// Lower-case runs of letters and digits (bytes >= 0x80 count as letters, so UTF-8
/// words stay whole).
inline std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || u >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(u)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

struct WordOverlap {
    double precision = 0;            ///< share of extracted words (multiset) that are article words
    double recall = 0;               ///< share of article words (multiset) that were extracted
    std::vector<std::string> extra;  ///< extracted words that the article never uses
};

inline WordOverlap word_overlap(std::string_view extracted, std::string_view expected) {
    std::map<std::string, long> want;
    for (auto& w : words_of(expected)) ++want[w];
    std::map<std::string, long> got;
    for (auto& w : words_of(extracted)) ++got[w];
    long common = 0;
    long got_total = 0;
    long want_total = 0;
    WordOverlap out;
    for (const auto& [w, n] : got) {
        got_total += n;
        const auto it = want.find(w);
        if (it == want.end()) {
            out.extra.push_back(w);
        } else {
            common += std::min(n, it->second);
        }
    }
    for (const auto& [w, n] : want) want_total += n;
    out.precision =
        got_total == 0 ? 0 : static_cast<double>(common) / static_cast<double>(got_total);
    out.recall =
        want_total == 0 ? 1 : static_cast<double>(common) / static_cast<double>(want_total);
    return out;
}

}  // namespace dateline::test
