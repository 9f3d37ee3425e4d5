// to_json(): the one JSON rendering of results and stats (docs/JSON_OUTPUT.md), shared by
// index-search --json and index-serve's API so that they cannot drift apart.
#include <cmath>

#include <nlohmann/json.hpp>

#include <dateline/build_totals_record.hpp>
#include <dateline/searcher.hpp>

namespace dateline {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json optional_json(const std::optional<T>& value) {
    return value ? Json(*value) : Json(nullptr);
}

// Scores are rounded so the output is stable across floating-point details.
double rounded(double score) { return std::round(score * 10000.0) / 10000.0; }

Json facet_list(const std::vector<FacetValue>& values) {
    Json out = Json::array();
    for (const auto& v : values) out.push_back({{"value", v.value}, {"count", v.count}});
    return out;
}

Json shard_failures(const std::vector<ShardFailure>& failed) {
    Json out = Json::array();
    for (const auto& f : failed) out.push_back({{"shard", f.shard}, {"error", f.error}});
    return out;
}

// Highlight markers inside the JSON "snippet" string.
constexpr std::string_view kMarkStart = "[[";
constexpr std::string_view kMarkEnd = "]]";

}  // namespace

std::vector<SnippetPart> snippet_parts(const Hit& hit) {
    std::vector<SnippetPart> parts;
    const std::string_view snippet = hit.snippet;
    std::size_t at = 0;
    for (const auto& h : hit.highlights) {
        if (h.offset < at || h.offset + h.length > snippet.size()) continue;
        if (h.offset > at) parts.push_back({snippet.substr(at, h.offset - at), false});
        parts.push_back({snippet.substr(h.offset, h.length), true});
        at = h.offset + h.length;
    }
    if (at < snippet.size()) parts.push_back({snippet.substr(at), false});
    return parts;
}

std::string mark_highlights(const Hit& hit, std::string_view start, std::string_view end) {
    std::string out;
    for (const auto& part : snippet_parts(hit)) {
        if (part.highlighted) out += start;
        out += part.text;
        if (part.highlighted) out += end;
    }
    return out;
}

std::string to_json(const SearchResults& r) {
    Json hits = Json::array();
    for (const auto& hit : r.hits) {
        Json highlights = Json::array();
        for (const auto& h : hit.highlights) highlights.push_back({h.offset, h.length});
        hits.push_back({
            {"rank", hit.rank},
            {"id", hit.id},
            {"path", optional_json(hit.path)},
            {"url", optional_json(hit.url)},
            {"title", optional_json(hit.title)},
            {"title_derived", hit.title_derived},
            {"title_source", hit.title_source},
            {"date", optional_json(hit.date)},
            {"date_source", hit.date_source},
            {"source", hit.source},
            {"source_origin", hit.source_origin},
            {"source_as_found", optional_json(hit.source_as_found)},
            {"author", optional_json(hit.author)},
            {"cited_hosts", hit.cited_hosts},
            {"score", rounded(hit.score)},
            {"snippet", mark_highlights(hit, kMarkStart, kMarkEnd)},
            {"snippet_text", hit.snippet},
            {"highlights", highlights},
            {"story",
             {{"id", hit.story.id},
              {"reports", hit.story.reports},
              {"matching", hit.story.matching},
              {"other_sources", hit.story.other_sources}}},
        });
    }
    const Json out{
        {"version", kJsonVersion},
        {"query", r.query},
        {"read_as", r.read_as},
        {"parsed", r.parsed_query},
        {"notices", r.notices},
        {"corrected_query", optional_json(r.corrected_query)},
        {"synonyms_applied", r.synonyms_applied},
        {"wildcard_expansions", r.wildcard_expansions},
        {"total",
         {{"estimated", r.total_estimated},
          {"exact", r.total_exact},
          {"counts", r.collapsed ? "stories" : "reports"},
          {"reports", r.reports_estimated}}},
        {"offset", r.offset},
        {"limit", r.limit},
        {"generation", r.generation},
        {"partial", r.partial},
        {"failed_shards", shard_failures(r.failed_shards)},
        {"hits", hits},
        {"facets", {{"date", facet_list(r.date_facets)}, {"source", facet_list(r.source_facets)}}},
        {"facets_exact", r.facets_exact},
        {"facets_count", "reports"},
        {"took_ms", r.took_ms},
    };
    // Invalid UTF-8 cannot reach here (all text is normalized), but never abort on it.
    return out.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n';
}

std::string to_json(const IndexStats& s) {
    // The recorded form itself (keys sorted), so that the two outputs cannot drift apart.
    const Json report =
        s.build_report ? Json::parse(schema::encode_build_totals(*s.build_report)) : Json(nullptr);
    Json largest = Json::array();
    for (const auto& story : s.largest_stories) {
        largest.push_back(
            {{"id", story.id}, {"reports", story.reports}, {"title", optional_json(story.title)}});
    }
    const Json out{
        {"version", kJsonVersion},
        {"path", s.path.string()},
        {"documents", s.documents},
        {"generation", s.generation},
        {"schema_version", s.schema_version},
        {"built_at", s.built_at},
        {"build_report", report},
        {"shards", s.shards},
        {"failed_shards", shard_failures(s.failed_shards)},
        {"stories", s.stories},
        {"largest_stories", largest},
    };
    return out.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n';
}

}  // namespace dateline
