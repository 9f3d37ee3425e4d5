#include "dateline_detector.hpp"

#include "text_util.hpp"

namespace dateline::detail {

namespace {

bool is_place_prefix(std::string_view prefix) noexcept {
    prefix = trim(prefix);
    if (prefix.empty()) return true;
    if (prefix.size() > kPlacePrefixMaxBytes || prefix.back() != ',') return false;
    if (count_words(prefix) > kPlacePrefixMaxWords) return false;
    for (const char c : prefix) {
        // A prefix with digits is more likely another date or a number in running text.
        if (c >= '0' && c <= '9') return false;
    }
    return true;
}

}  // namespace

std::optional<CalendarDate> dateline_date(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.size() > kDatelineMaxBytes) return std::nullopt;
    const auto found = find_date_in_line(line);
    if (!found || found->offset > line.size()) return std::nullopt;
    if (!is_place_prefix(line.substr(0, found->offset))) return std::nullopt;
    return found->date;
}

std::optional<CalendarDate> find_dateline(std::string_view body) {
    std::size_t seen = 0;
    for (const std::string_view line : split_lines(body)) {
        if (is_blank(line)) continue;
        if (auto date = dateline_date(line)) return date;
        if (++seen >= kDatelineMaxLines) break;
    }
    return std::nullopt;
}

std::optional<CalendarDate> find_lead_dateline(std::string_view body) {
    for (const std::string_view line : split_lines(body)) {
        if (is_blank(line)) continue;
        const std::size_t dash = line.find(" - ");
        if (dash == std::string_view::npos) return std::nullopt;
        return dateline_date(line.substr(0, dash));
    }
    return std::nullopt;
}

}  // namespace dateline::detail
