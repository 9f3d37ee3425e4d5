#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

#include <dateline/build_totals_record.hpp>
#include <dateline/display_escape.hpp>
#include <dateline/display_width.hpp>

#include "output.hpp"

namespace dateline::index_search {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::size_t kBarWidth = 24;

// Document text on one line: line breaks and tabs read as spaces, any other control
// character escaped (one rule for both CLIs: escape_for_display).
std::string breaks_as_spaces(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    return text;
}

std::string one_line(std::string text) {
    return escape_for_display(breaks_as_spaces(std::move(text)));
}

// Echoed paths, ids, queries: escaped as they are (a newline shows as \n).
std::string shown(std::string_view text) { return escape_for_display(text); }

// A bar of `value / max` of kBarWidth cells, in eighths of a cell.
std::string bar(std::uint64_t value, std::uint64_t max) {
    static constexpr std::array<std::string_view, 8> kPartial{
        "", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589"};
    if (max == 0) return {};
    auto eighths = static_cast<std::size_t>((value * kBarWidth * 8 + max / 2) / max);
    if (eighths == 0 && value > 0) eighths = 1;  // a non-zero count is never invisible
    std::string out;
    for (std::size_t i = 0; i < eighths / 8; ++i) out += "\u2588";
    out += kPartial[eighths % 8];
    return out;
}

std::string_view facet_heading(FacetField field) {
    switch (field) {
        case FacetField::kDate:
            return "dates";
        case FacetField::kSource:
            return "sources";
        case FacetField::kSite:
            return "sites";
        case FacetField::kCites:
            return "cited domains";
        case FacetField::kAuthor:
            return "authors";
    }
    return "values";
}

void chart(std::string& out, const Facet& facet, bool exact) {
    const auto& values = facet.values;
    if (values.empty()) return;
    out += facet_heading(facet.field);
    out += exact ? "\n" : " (estimated)\n";
    std::size_t width = 0;
    std::uint64_t max = 0;
    for (const auto& v : values) {
        width = std::max(width, v.value.size());
        max = std::max(max, v.count);
    }
    width = std::min<std::size_t>(width, 32);
    for (const auto& v : values) {
        std::string label = shown(v.value).substr(0, width);
        label.resize(width, ' ');
        out += "  " + label + "  " + bar(v.count, max) + ' ' + std::to_string(v.count) + '\n';
    }
    // Never cut silently: say how many values the list leaves out, and how to see them.
    if (facet.more > 0) {
        out += "  +" + std::to_string(facet.more) + " more" + " (--facet " + facet.name +
               ":0 lists all)\n";
    }
}

// "+4 more reports (2 matching): Meridian Wire, Capital Brief, … · story 3b28cfc66e1684b8"
std::string more_reports(const StoryInfo& story) {
    return story_line(summarize_story(story), [](std::string_view name) { return shown(name); }) +
           " \u00b7 story " + story.id;
}

// "Associated Press (as apnews, folder name)": a folder name is not an outlet's, so it says
// so; a name the sources table gave says what it replaced.
std::string source_line(const Hit& hit) {
    std::string out = shown(hit.source);
    std::vector<std::string> notes;
    if (hit.source_as_found) notes.push_back("as " + shown(*hit.source_as_found));
    if (hit.source_origin == "folder") notes.emplace_back("folder name");
    for (std::size_t i = 0; i < notes.size(); ++i) out += (i == 0 ? " (" : ", ") + notes[i];
    return notes.empty() ? out : out + ")";
}

}  // namespace

std::string caret_under(std::string_view query, std::size_t position) {
    if (escape_for_display(query) != query) return {};
    std::size_t characters = 0;
    for (const char c : query) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
    }
    if (position > characters) return {};
    // The position counts characters; the caret needs columns (a CJK character takes two,
    // a combining accent none).
    std::size_t byte = 0;
    for (std::size_t seen = 0; byte < query.size(); ++byte) {
        if ((static_cast<unsigned char>(query[byte]) & 0xC0) != 0x80 && seen++ == position) break;
    }
    const std::size_t columns = display_columns(query.substr(0, byte));
    return "  " + std::string(query) + "\n  " + std::string(columns, ' ') + "^\n";
}

std::string paging_line(const SearchResults& r) {
    if (r.total_estimated == 0) return {};
    const bool one = r.total_estimated == 1;
    const std::string_view unit =
        r.collapsed ? (one ? " story" : " stories") : (one ? " match" : " matches");
    const std::string of = std::to_string(r.total_estimated) + std::string(unit) +
                           (r.total_exact ? " (exact)" : " (estimated)");
    if (r.hits.empty()) {
        if (r.limit == 0) return "showing none of " + of + " (--limit 0)\n";
        return "showing nothing: --offset " + std::to_string(r.offset) + " is past the last of " +
               of + '\n';
    }
    const auto first = r.hits.front().rank;
    const auto last = r.hits.back().rank;
    return "showing " + std::to_string(first) + "\u2013" + std::to_string(last) + " of " + of +
           (last < r.total_estimated ? "; --offset " + std::to_string(last) + " for more" : "") +
           '\n';
}

std::string partial_warning(const std::vector<ShardFailure>& failed) {
    std::string out = "warning: partial result, " + std::to_string(failed.size()) +
                      (failed.size() == 1 ? " shard" : " shards") + " unavailable:";
    for (std::size_t i = 0; i < failed.size(); ++i) {
        out +=
            (i == 0 ? " " : "; ") + shown(failed[i].shard) + " (" + one_line(failed[i].error) + ")";
    }
    return out + '\n';
}

std::string render_text(const SearchResults& r, bool bold) {
    std::string out;
    if (r.partial) out += partial_warning(r.failed_shards);
    const auto b = [&](std::string_view s) {
        return bold ? std::string(kBold) + std::string(s) + std::string(kReset) : std::string(s);
    };
    if (r.collapsed) {
        out += std::to_string(r.total_estimated) + (r.total_exact ? "" : " (estimated)") +
               (r.total_estimated == 1 ? " story" : " stories") + " (" +
               std::to_string(r.reports_estimated) +
               (r.reports_estimated == 1 ? " report" : " reports") + ") for: " + shown(r.query) +
               '\n';
    } else {
        out += std::to_string(r.total_estimated) + (r.total_exact ? "" : " (estimated)") +
               (r.total_estimated == 1 ? " match" : " matches") + " for: " + shown(r.query) + '\n';
    }
    if (!r.read_as.empty()) out += "read as: " + shown(r.read_as) + '\n';
    for (const auto& n : r.notices) out += "note: " + shown(n) + '\n';
    if (r.corrected_query) out += "did you mean: " + shown(*r.corrected_query) + '\n';
    for (const auto& s : r.synonyms_applied) out += "synonyms: " + shown(s) + '\n';
    for (const auto& w : r.wildcard_expansions) out += "wildcard: " + shown(w) + '\n';
    if (r.like) {
        std::string terms;
        for (const auto& term : r.like_terms) terms += (terms.empty() ? "" : ", ") + term;
        out += "like " + shown(*r.like) + ", by its words: " + shown(terms) + '\n';
    }
    out += paging_line(r);
    for (const auto& hit : r.hits) {
        out += '\n';
        std::string title = hit.title ? one_line(*hit.title) : "(untitled)";
        if (hit.title_derived) title += " [first sentence]";
        out += std::to_string(hit.rank) + ". " + b(title) + '\n';
        out += "   " + shown(hit.date.value_or("undated")) + " \u00b7 " + source_line(hit);
        if (hit.author) out += " \u00b7 by " + one_line(*hit.author);
        out += " \u00b7 " + shown(hit.path.value_or(hit.id)) + '\n';
        if (hit.url) out += "   " + shown(*hit.url) + '\n';
        if (!hit.snippet.empty()) {
            // Highlights are byte offsets into the snippet, so they are marked only when
            // escaping changes nothing; otherwise the snippet is shown plain, escaped.
            const std::string plain = one_line(hit.snippet);
            if (bold && plain.size() == hit.snippet.size()) {
                out += "   " + breaks_as_spaces(mark_highlights(hit, kBold, kReset));
            } else {
                out += "   " + plain;
            }
            out += '\n';
        }
        if (r.collapsed && hit.story.reports > 1) out += "   " + more_reports(hit.story) + '\n';
    }
    const bool any_values = std::any_of(r.facets.begin(), r.facets.end(),
                                        [](const Facet& f) { return !f.values.empty(); });
    if (any_values) {
        out += '\n';
        for (const auto& facet : r.facets) chart(out, facet, r.facets_exact);
    }
    return out;
}

std::string render_stats_text(const IndexStats& s) {
    std::string out;
    out += "index:          " + shown(s.path.string()) + '\n';
    out += "documents:      " + std::to_string(s.documents) + '\n';
    out += "generation:     " + std::to_string(s.generation) + '\n';
    out += "schema version: " + std::to_string(s.schema_version) + '\n';
    out += "built at:       " + (s.built_at.empty() ? std::string("(unknown)") : s.built_at) + '\n';
    if (s.build_report) {
        out += "build report:   " + schema::encode_build_totals(*s.build_report) + '\n';
    }
    if (s.shards.size() > 1) {
        out += "shards:         " + std::to_string(s.shards.size()) + '\n';
        for (const auto& shard : s.shards) out += "  " + shown(shard) + '\n';
    }
    out += "stories:        " + std::to_string(s.stories) + '\n';
    if (!s.largest_stories.empty()) {
        out += "largest stories:\n";
        for (const auto& story : s.largest_stories) {
            out += "  " + story.id + "  " + std::to_string(story.reports) +
                   (story.reports == 1 ? " report   " : " reports  ") +
                   shown(story.title.value_or("(untitled)")) + '\n';
        }
    }
    if (!s.failed_shards.empty()) out += partial_warning(s.failed_shards);
    return out;
}

}  // namespace dateline::index_search
