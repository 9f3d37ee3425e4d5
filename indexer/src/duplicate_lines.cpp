#include "duplicate_lines.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include <dateline/sentence_rules.hpp>
#include <dateline/word_splitter.hpp>

#include "text_util.hpp"

namespace dateline::detail {

DeduplicatedText remove_duplicate_lines(std::string_view text,
                                        std::optional<std::string_view> seen_first) {
    std::unordered_set<std::string_view> seen;
    const std::optional<std::string_view> title =
        seen_first ? std::optional<std::string_view>(trim(*seen_first)) : std::nullopt;

    DeduplicatedText result;
    std::vector<std::string_view> kept;
    for (const std::string_view line : split_lines(text)) {
        const std::string_view key = trim(line);
        // Repeats of a title taken from the text go whatever their length: the title is
        // already indexed (with its weight) and shown as the title.
        if ((title && key == *title) ||
            (count_words(key) >= kDuplicateMinWords && !seen.insert(key).second)) {
            ++result.removed;
            continue;
        }
        kept.push_back(line);
    }
    result.text = join_lines(kept);
    return result;
}

namespace {

// Where the next sentence's text begins after a sentence whose last word ends at
// `word_end`: past the whitespace of the gap, so that an opening quote goes with the next
// sentence.
std::size_t region_end(std::string_view text, std::size_t word_end, std::size_t next_start) {
    const std::string_view gap = text.substr(word_end, next_start - word_end);
    const auto last_space = gap.find_last_of(" \t\n");
    return last_space == std::string_view::npos ? next_start : word_end + last_space + 1;
}

}  // namespace

DeduplicatedText remove_duplicate_sentences(std::string_view text) {
    struct Word {
        std::size_t start;
        std::size_t end;
        std::size_t term_end;  // in all_terms, where this word's term and its space end
    };
    std::vector<Word> words;
    std::string all_terms;  // every word's term followed by a space: one allocation, not n
    std::string term;
    (void)words::for_each_word(
        text, 0, term, words::AllTerms{},
        [&](const std::string& t, std::size_t /*bytes*/, std::size_t start, std::size_t end) {
            all_terms.append(t).push_back(' ');
            words.push_back({start, end, all_terms.size()});
            return true;
        });

    DeduplicatedText result;
    std::unordered_set<std::string_view> seen;  // views into all_terms
    std::size_t region_start = 0;               // where the current sentence's text begins
    std::size_t first_word = 0;
    result.text.reserve(text.size());
    for (std::size_t k = 0; k < words.size(); ++k) {
        const bool last = k + 1 == words.size();
        const std::size_t next_start = last ? text.size() : words[k + 1].start;
        const std::string_view word = text.substr(words[k].start, words[k].end - words[k].start);
        const std::string_view gap = text.substr(words[k].end, next_start - words[k].end);
        if (!last && !sentences::ends_sentence(word, gap, false)) continue;
        const std::size_t end = last ? text.size() : region_end(text, words[k].end, next_start);
        const std::size_t key_start = first_word == 0 ? 0 : words[first_word - 1].term_end;
        const std::string_view key =
            std::string_view(all_terms).substr(key_start, words[k].term_end - key_start);
        const bool repeat =
            k + 1 - first_word >= kDuplicateSentenceMinWords && !seen.insert(key).second;
        if (!repeat) {
            result.text.append(text.substr(region_start, end - region_start));
        } else {
            ++result.removed;
            // The line structure stays: the text keeps as many line breaks here as either
            // side of the dropped sentence had (a paragraph break after it survives).
            const std::string_view after = text.substr(words[k].end, end - words[k].end);
            const auto wanted =
                static_cast<std::size_t>(std::count(after.begin(), after.end(), '\n'));
            if (wanted > 0) {
                while (!result.text.empty() &&
                       (result.text.back() == ' ' || result.text.back() == '\t')) {
                    result.text.pop_back();
                }
                std::size_t have = 0;
                while (have < result.text.size() &&
                       result.text[result.text.size() - 1 - have] == '\n') {
                    ++have;
                }
                if (wanted > have) result.text.append(wanted - have, '\n');
            }
        }
        region_start = end;
        first_word = k + 1;
    }
    if (words.empty()) result.text = text;
    return result;
}

}  // namespace dateline::detail
