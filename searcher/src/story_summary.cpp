#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>

#include <dateline/searcher.hpp>

namespace dateline {

namespace {

constexpr std::size_t kOutletsShown = 3;

}  // namespace

StorySummary summarize_story(const StoryInfo& story) {
    StorySummary summary;
    const std::uint64_t more = story.reports > 0 ? story.reports - 1 : 0;
    summary.counts = "+" + std::to_string(more) + (more == 1 ? " more report" : " more reports");
    if (story.matching > 1) {
        summary.counts += " (" + std::to_string(story.matching - 1) + " matching)";
    }
    const std::size_t shown = std::min(story.other_sources.size(), kOutletsShown);
    summary.outlets.assign(story.other_sources.begin(),
                           story.other_sources.begin() + static_cast<std::ptrdiff_t>(shown));
    summary.more_outlets = story.other_sources.size() > kOutletsShown;
    return summary;
}

std::string story_line(const StorySummary& summary,
                       const std::function<std::string(std::string_view)>& escape) {
    std::string out = summary.counts;
    for (std::size_t i = 0; i < summary.outlets.size(); ++i) {
        out += (i == 0 ? ": " : ", ") + escape(summary.outlets[i]);
    }
    if (summary.more_outlets) out += ", \u2026";
    return out;
}

}  // namespace dateline
