#include "title_detector.hpp"

#include "dateline_detector.hpp"
#include "text_util.hpp"

namespace dateline::detail {

std::optional<TextTitle> detect_title(std::string_view body) {
    const auto lines = split_lines(body);
    std::size_t i = 0;
    while (i < lines.size() && is_blank(lines[i])) ++i;
    if (i >= lines.size()) return std::nullopt;

    const std::string_view candidate = trim(lines[i]);
    if (candidate.size() > kTitleMaxBytes || count_words(candidate) > kTitleMaxWords) {
        return std::nullopt;
    }
    const char last = candidate.back();
    if (last == '.' || last == ',' || last == ';') return std::nullopt;
    // A bare dateline ("July 4, 2025") at the top is a date, not a headline.
    if (dateline_date(candidate)) return std::nullopt;

    bool stands_alone = i + 1 < lines.size() && is_blank(lines[i + 1]);
    for (std::size_t j = i + 1; !stands_alone && j < lines.size(); ++j) {
        // Some feeds repeat the headline (004 does, three times): a strong title signal.
        if (trim(lines[j]) == candidate) stands_alone = true;
    }
    if (!stands_alone) return std::nullopt;
    return TextTitle{std::string(candidate), i};
}

}  // namespace dateline::detail
