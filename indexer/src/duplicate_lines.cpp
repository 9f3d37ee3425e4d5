#include "duplicate_lines.hpp"

#include <unordered_set>
#include <vector>

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

}  // namespace dateline::detail
