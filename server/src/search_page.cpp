#include "search_page.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "html.hpp"

namespace dateline::serve {
namespace {

using Parameters = std::vector<std::pair<std::string, std::string>>;

// A link to the page with `changes` applied to the current parameters (an empty value
// removes the parameter); paging restarts unless the change is the offset itself.
std::string link(const Target& target, const Parameters& changes) {
    Parameters out;
    const auto changed = [&](const std::string& name) {
        return std::any_of(changes.begin(), changes.end(),
                           [&](const auto& c) { return c.first == name; });
    };
    for (const auto& p : target.parameters) {
        if (changed(p.first) || p.first == "offset") continue;
        out.push_back(p);
    }
    for (const auto& c : changes) {
        if (!c.second.empty()) out.push_back(c);
    }
    return "/" + query_string(out);
}

// Only web links become hrefs: a document's url could say "javascript:".
bool is_web_url(std::string_view url) {
    return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

void append_head(std::string& out, const Target& target) {
    const auto q = target.get("q").value_or("");
    out +=
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    if (!q.empty()) {
        append_escaped(out, q);
        out += " \u2014 ";
    }
    out +=
        "Dateline</title>\n<link rel=\"stylesheet\" href=\"/assets/dateline.css\">\n"
        "</head>\n<body>\n";
}

void append_form(std::string& out, const Target& target) {
    const auto sort = target.get("sort").value_or("relevance");
    out +=
        "<header>\n<a class=\"home\" href=\"/\">Dateline</a>\n"
        "<form id=\"search\" method=\"get\" action=\"/\" role=\"search\">\n"
        "<input id=\"q\" type=\"search\" name=\"q\" aria-label=\"Search the news\" value=\"";
    append_escaped(out, target.get("q").value_or(""));
    out += "\" autofocus>\n<select name=\"sort\" aria-label=\"Order\">";
    for (const auto& [value, label] :
         {std::pair{"relevance", "Best match"}, std::pair{"date", "Newest first"},
          std::pair{"date-asc", "Oldest first"}}) {
        out += "<option value=\"";
        out += value;
        out += sort == value ? "\" selected>" : "\">";
        out += label;
        out += "</option>";
    }
    const auto any = target.get("any");
    out += "</select>\n<label><input type=\"checkbox\" name=\"any\" value=\"1\"";
    if (any && *any != "0" && *any != "false" && *any != "off" && *any != "no") out += " checked";
    out += "> any word</label>\n";
    // Unchecked sends nothing (grouped, the default); checked sends collapse=0.
    const auto collapse = target.get("collapse");
    out += R"(<label><input type="checkbox" name="collapse" value="0")";
    if (collapse &&
        (*collapse == "0" || *collapse == "false" || *collapse == "off" || *collapse == "no")) {
        out += " checked";
    }
    out += "> every report</label>\n<button type=\"submit\">Search</button>\n</form>\n</header>\n";
}

void append_error(std::string& out, const Target& target, const PageError& error) {
    out += "<section class=\"error\" id=\"error\" role=\"alert\">\n<p>";
    append_escaped(out, error.message);
    out += "</p>\n";
    const auto q = target.get("q").value_or("");
    // The position counts characters (QueryError::position()): find its byte.
    std::optional<std::size_t> at;
    if (error.position) {
        std::size_t characters = 0;
        for (std::size_t i = 0; i <= q.size(); ++i) {
            if (i < q.size() && (static_cast<unsigned char>(q[i]) & 0xC0) == 0x80) continue;
            if (characters++ == *error.position) {
                at = i;
                break;
            }
        }
    }
    if (at) {
        // Mark the whole UTF-8 character at the position (or a gap at the end).
        auto end = *at;
        if (end < q.size()) {
            ++end;
            while (end < q.size() && (static_cast<unsigned char>(q[end]) & 0xC0) == 0x80) ++end;
        }
        out += "<p class=\"where\">at position ";
        out += std::to_string(*error.position);
        out += ":</p>\n<pre class=\"query\">";
        append_escaped(out, std::string_view(q).substr(0, *at));
        out += "<mark>";
        if (end > *at) {
            append_escaped(out, std::string_view(q).substr(*at, end - *at));
        } else {
            out += "&nbsp;";
        }
        out += "</mark>";
        append_escaped(out, std::string_view(q).substr(end));
        out += "</pre>\n";
    }
    out += "</section>\n";
}

void append_feedback(std::string& out, const Target& target, const SearchResults& r) {
    out += R"(<p class="summary" id="summary">)";
    out += r.total_exact ? "" : "About ";
    out += std::to_string(r.total_estimated);
    if (r.collapsed) {
        out += r.total_estimated == 1 ? " story" : " stories";
        out += " (" + std::to_string(r.reports_estimated);
        out += r.reports_estimated == 1 ? " report)" : " reports)";
    } else {
        out += r.total_estimated == 1 ? " result" : " results";
    }
    if (!r.query.empty()) {
        out += " for <q>";
        append_escaped(out, r.query);
        out += "</q>";
    }
    out += " <span class=\"took\">(";
    out += std::to_string(std::lround(r.took_ms));
    out += " ms, generation ";
    out += std::to_string(r.generation);
    out += ")</span></p>\n";
    if (r.corrected_query) {
        out += R"(<p class="did-you-mean" id="did-you-mean">Did you mean <a href=")";
        append_escaped(out, link(target, {{"q", *r.corrected_query}}));
        out += "\">";
        append_escaped(out, *r.corrected_query);
        out += "</a>?</p>\n";
    }
    const auto list = [&](const char* label, const std::vector<std::string>& items) {
        if (items.empty()) return;
        out += "<p class=\"feedback\">";
        out += label;
        for (std::size_t i = 0; i < items.size(); ++i) {
            out += i == 0 ? " " : ", ";
            append_escaped(out, items[i]);
        }
        out += "</p>\n";
    };
    if (!r.read_as.empty()) {
        out += R"(<p class="feedback" id="read-as">Read as: <code>)";
        append_escaped(out, r.read_as);
        out += "</code></p>\n";
    }
    list("Note:", r.notices);
    list("Synonyms:", r.synonyms_applied);
    list("Wildcards:", r.wildcard_expansions);
    if (r.partial) {
        out += R"(<p class="warning" role="alert">Partial answer: )";
        for (std::size_t i = 0; i < r.failed_shards.size(); ++i) {
            if (i > 0) out += "; ";
            append_escaped(out, r.failed_shards[i].shard);
            out += " (";
            append_escaped(out, r.failed_shards[i].error);
            out += ")";
        }
        out += " did not answer.</p>\n";
    }
    out += "<details class=\"parsed\"><summary>How the engine read it</summary><code>";
    append_escaped(out, r.parsed_query);
    out += "</code></details>\n";
}

void append_snippet(std::string& out, const Hit& hit) {
    out += "<p class=\"snippet\">";
    for (const auto& part : snippet_parts(hit)) {
        if (part.highlighted) out += "<mark>";
        append_escaped(out, part.text);
        if (part.highlighted) out += "</mark>";
    }
    out += "</p>\n";
}

// A grouped hit's other reports: how many, which outlets, and a link listing them all
// ("+4 more reports (2 matching): Meridian Wire, Capital Brief, …").
void append_story(std::string& out, const Hit& hit) {
    const auto& story = hit.story;
    out += R"(<p class="story" data-story=")";
    append_escaped(out, story.id);
    out += "\">";
    out += story_line(summarize_story(story), [](std::string_view name) { return escape(name); });
    out += R"( &middot; <a class="story-link" href=")";
    append_escaped(out, "/" + query_string({{"story", story.id}}));
    out += "\">every report of this story</a></p>\n";
}

void append_hit(std::string& out, const Target& target, const Hit& hit, bool collapsed) {
    out += R"(<li class="hit" data-rank=")";
    out += std::to_string(hit.rank);
    out += "\">\n<h2 class=\"title";
    out += hit.title_derived ? " derived\">" : "\">";
    const std::string title = hit.title.value_or(hit.id);
    if (hit.url && is_web_url(*hit.url)) {
        out += "<a href=\"";
        append_escaped(out, *hit.url);
        out += "\">";
        append_escaped(out, title);
        out += "</a>";
    } else {
        append_escaped(out, title);
    }
    out += "</h2>\n<p class=\"meta\"><span class=\"date\">";
    append_escaped(out, hit.date.value_or("undated"));
    out += "</span> \u00b7 ";
    if (hit.source == "unknown") {
        out += "<span class=\"source\">unknown</span>";  // no filter selects it
    } else {
        out += R"(<a class="source" href=")";
        append_escaped(out, link(target, {{"source", hit.source}}));
        out += "\">";
        append_escaped(out, hit.source);
        out += "</a>";
    }
    out += " \u00b7 <span class=\"id\">";
    append_escaped(out, hit.id);
    out += "</span></p>\n";
    if (!hit.snippet.empty()) append_snippet(out, hit);
    if (collapsed && hit.story.reports > 1) append_story(out, hit);
    out += "</li>\n";
}

// Bars for the dated facet values, each a link filtering to its period.
void append_histogram(std::string& out, const Target& target,
                      const std::vector<FacetValue>& dates) {
    std::vector<const FacetValue*> dated;
    std::uint64_t max = 0;
    for (const auto& v : dates) {
        if (v.value == "undated") continue;
        dated.push_back(&v);
        max = std::max(max, v.count);
    }
    if (dated.empty() || max == 0) return;
    constexpr int kBar = 12;
    constexpr int kGap = 2;
    constexpr int kHeight = 60;
    const auto width = static_cast<int>(dated.size()) * (kBar + kGap);
    out += R"(<svg class="histogram" id="histogram" viewBox="0 0 )" + std::to_string(width) + " " +
           std::to_string(kHeight) + "\" width=\"" + std::to_string(std::min(width, 480)) +
           "\" height=\"" + std::to_string(kHeight) +
           "\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Matches by date\">\n";
    for (std::size_t i = 0; i < dated.size(); ++i) {
        const auto h = std::max<std::uint64_t>(1, dated[i]->count * kHeight / max);
        out += "<a href=\"";
        append_escaped(out, link(target, {{"from", dated[i]->value}, {"to", dated[i]->value}}));
        out += "\"><rect x=\"" + std::to_string(static_cast<int>(i) * (kBar + kGap)) + "\" y=\"" +
               std::to_string(kHeight - static_cast<int>(h)) + "\" width=\"" +
               std::to_string(kBar) + "\" height=\"" + std::to_string(h) + "\"><title>";
        append_escaped(out, dated[i]->value);
        out += ": " + std::to_string(dated[i]->count) + "</title></rect></a>\n";
    }
    out += "</svg>\n";
}

void append_facet_list(std::string& out, const Target& target, const char* id,
                       const std::vector<FacetValue>& values, bool dates) {
    out += R"(<ul class="facet-list" id=")";
    out += id;
    out += "\">\n";
    for (const auto& v : values) {
        out += "<li>";
        if (dates && v.value == "undated") {
            out += "undated";  // no filter selects undated documents
        } else {
            const auto href = dates ? link(target, {{"from", v.value}, {"to", v.value}})
                                    : link(target, {{"source", v.value}});
            out += R"(<a class="facet" href=")";
            append_escaped(out, href);
            out += "\">";
            append_escaped(out, v.value);
            out += "</a>";
        }
        out += " <span class=\"count\">" + std::to_string(v.count) + "</span></li>\n";
    }
    out += "</ul>\n";
}

void append_filters(std::string& out, const Target& target) {
    const Parameters filters = {{"source", target.get("source").value_or("")},
                                {"from", target.get("from").value_or("")},
                                {"to", target.get("to").value_or("")},
                                {"story", target.get("story").value_or("")}};
    bool any = false;
    for (const auto& [name, value] : filters) {
        if (value.empty()) continue;
        if (!any) out += "<section class=\"filters\" id=\"filters\"><h3>Filters</h3><ul>\n";
        any = true;
        out += "<li>" + name + ": ";
        append_escaped(out, value);
        out += R"( <a class="remove" href=")";
        append_escaped(out, link(target, {{name, ""}}));
        out += "\" aria-label=\"remove\">\u00d7</a></li>\n";
    }
    if (any) out += "</ul></section>\n";
}

void append_facets(std::string& out, const Target& target, const SearchResults& r) {
    out += "<aside class=\"facets\">\n";
    append_filters(out, target);
    if (!r.date_facets.empty()) {
        out += "<section id=\"date-facets\"><h3>Dates</h3>\n";
        append_histogram(out, target, r.date_facets);
        append_facet_list(out, target, "dates", r.date_facets, true);
        out += "</section>\n";
    }
    if (!r.source_facets.empty()) {
        out += "<section id=\"source-facets\"><h3>Sources</h3>\n";
        append_facet_list(out, target, "sources", r.source_facets, false);
        out += "</section>\n";
    }
    out += "</aside>\n";
}

void append_pages(std::string& out, const Target& target, const SearchResults& r) {
    const bool has_prev = r.offset > 0;
    const bool has_next = r.offset + r.hits.size() < r.total_estimated && !r.hits.empty();
    if (!has_prev && !has_next) return;
    const auto page_link = [&](std::size_t offset) {
        Parameters ps;
        for (const auto& p : target.parameters) {
            if (p.first != "offset") ps.push_back(p);
        }
        if (offset > 0) ps.emplace_back("offset", std::to_string(offset));
        return "/" + query_string(ps);
    };
    out += R"(<nav class="pages" id="pages">)";
    if (has_prev) {
        out += R"(<a rel="prev" href=")";
        append_escaped(out, page_link(r.offset > r.limit ? r.offset - r.limit : 0));
        out += "\">\u2190 Previous</a> ";
    }
    out += "<span>" + std::to_string(r.offset + 1) + "\u2013" +
           std::to_string(r.offset + r.hits.size()) + "</span>";
    if (has_next) {
        out += R"( <a rel="next" href=")";
        append_escaped(out, page_link(r.offset + r.hits.size()));
        out += "\">Next \u2192</a>";
    }
    out += "</nav>\n";
}

}  // namespace

std::string render_page(const Target& target, const SearchResults* results,
                        const PageError* error) {
    std::string out;
    out.reserve(std::size_t{16} * 1024);
    append_head(out, target);
    append_form(out, target);
    out += "<main>\n";
    if (error != nullptr) append_error(out, target, *error);
    if (results != nullptr) {
        append_feedback(out, target, *results);
        out += "<div class=\"layout\">\n<ol class=\"hits\" id=\"hits\" start=\"";
        out += std::to_string(results->offset + 1);
        out += "\">\n";
        for (const auto& hit : results->hits) append_hit(out, target, hit, results->collapsed);
        out += "</ol>\n";
        append_facets(out, target, *results);
        out += "</div>\n";
        append_pages(out, target, *results);
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::string_view stylesheet() {
    return R"css(:root { color-scheme: light dark; --accent: #1a5fb4; --muted: #666; }
body { font: 16px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 0 1rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: 1rem 0;
         border-bottom: 1px solid #ccc; }
.home { font-weight: 700; font-size: 1.3rem; text-decoration: none; color: inherit; }
form { display: flex; flex: 1; gap: .5rem; align-items: center; flex-wrap: wrap; }
input[type=search] { flex: 1; min-width: 12rem; font-size: 1rem; padding: .4rem .6rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 16rem; gap: 2rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
.hits { padding-left: 1.5rem; }
.hit { margin: 0 0 1.2rem; }
.hit h2 { font-size: 1.1rem; margin: 0; }
.hit h2.derived { font-style: italic; }
.meta { color: var(--muted); font-size: .85rem; margin: .1rem 0; }
.snippet { margin: .2rem 0; }
mark { background: #ffe066; color: inherit; padding: 0 .1em; }
.summary, .feedback, .parsed { color: var(--muted); font-size: .9rem; }
.did-you-mean { font-size: 1rem; }
.error { border-left: 4px solid #c01c28; padding: .2rem 1rem; background: #c01c2814; }
.error .query mark { background: #c01c28; color: #fff; }
.warning { border-left: 4px solid #e5a50a; padding: .2rem 1rem; }
.facets h3 { font-size: .95rem; margin: 1rem 0 .3rem; }
.facet-list { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
.count { color: var(--muted); }
.histogram rect { fill: var(--accent); }
.histogram a:hover rect { fill: #c01c28; }
.story { border-left: 3px solid #ccc; margin: .3rem 0 0; padding-left: .8rem; font-size: .9rem; }
.pages { margin: 1rem 0 2rem; display: flex; gap: 1rem; }
a { color: var(--accent); }
)css";
}

}  // namespace dateline::serve
