#include "snippet_cut.hpp"

#include <algorithm>
#include <string>

#include "snippet_boundaries.hpp"

namespace dateline::detail {

SnippetCut place_cut(std::string_view text, const std::vector<SnippetWord>& words,
                     bool region_at_text_start, std::size_t core_start, std::size_t core_end,
                     std::size_t bytes) {
    const auto gap_before = [&](std::size_t k) {
        const std::size_t from = k == 0 ? 0 : words[k - 1].end;
        return text.substr(from, words[k].start - from);
    };
    const auto sentence_starts_at = [&](std::size_t k) {
        // The text's first word; a region's first word is too far back to be a start.
        if (k == 0) return region_at_text_start;
        const auto prev = text.substr(words[k - 1].start, words[k - 1].end - words[k - 1].start);
        return ends_sentence(prev, gap_before(k), false);
    };
    const auto has_space = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return is_space(c); });
    };

    // Start: the sentence's own start if it is close before the first match, else a few
    // words of context; never inside a hyphenated or slashed compound.
    const std::size_t core_len = core_end - core_start;
    const std::size_t slack = bytes > core_len ? bytes - core_len : 0;
    const std::size_t first = static_cast<std::size_t>(
        std::lower_bound(words.begin(), words.end(), core_start,
                         [](const SnippetWord& w, std::size_t at) { return w.start < at; }) -
        words.begin());
    std::size_t k = first;
    bool sentence_start = false;
    for (std::size_t s = first;; --s) {
        if (sentence_starts_at(s)) {
            if (core_start - words[s].start <= slack / 2) {
                k = s;
                sentence_start = true;
            }
            break;
        }
        if (s == 0 || core_start - words[s - 1].start > slack / 2) break;
    }
    if (!sentence_start) {
        while (k > 0 && core_start - words[k - 1].start <= slack / 4 && !sentence_starts_at(k)) {
            --k;
        }
        while (k > 0 && !has_space(gap_before(k)) && !sentence_starts_at(k) &&
               core_end - words[k - 1].start <= bytes) {
            --k;
        }
        sentence_start = sentence_starts_at(k);
    }
    std::size_t start = words[k].start;
    // An opening quote or bracket right before the first word belongs to it.
    {
        std::size_t s = start;
        while (s > 0 && start - s < 4 && is_opening(text[s - 1])) --s;
        if (s < start && (s == 0 || is_space(text[s - 1])) && core_end - s <= bytes) start = s;
    }

    // End: as much as fits, at a word end, not inside a compound; the sentence's final
    // punctuation when it fits too.
    const std::size_t limit = start + bytes;
    std::size_t e = first;
    while (e + 1 < words.size() && words[e + 1].end <= limit) ++e;
    while (e > first && words[e].end > core_end && e + 1 < words.size() &&
           !has_space(text.substr(words[e].end, words[e + 1].start - words[e].end))) {
        --e;
    }
    std::size_t end = words[e].end;
    if (end - start > bytes) {
        // One word (or one phrase) longer than the whole snippet: cut it, whole characters.
        end = start + utf8_floor(text.substr(start), bytes);
        return {start, end, sentence_start, false, true};
    }
    const bool last_word = e + 1 == words.size();
    const std::size_t next_start = last_word ? text.size() : words[e + 1].start;
    const auto tail = text.substr(end, next_start - end);
    bool ended = last_word;
    if (const auto stop = sentence_end_length(tail, last_word); stop > 0) {
        if (end + stop <= limit) {
            end += stop;
            ended = true;
        }
    } else if (has_blank_line(tail) && tail.find_first_not_of(" \t\n") == std::string::npos) {
        ended = true;  // a paragraph (a heading) ends without punctuation
    } else {
        std::size_t c = 0;
        while (c < tail.size() && c < 4 && is_closing(tail[c])) ++c;
        if (c > 0 && (c == tail.size() || is_space(tail[c])) && end + c <= limit) end += c;
    }
    return {start, end, sentence_start, ended, false};
}

}  // namespace dateline::detail
