#include "web/page_metadata.hpp"

#include <algorithm>
#include <array>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

constexpr std::array<std::string_view, 13> kDateMetaNames = {
    "date",           "pubdate",           "publishdate",    "publish-date",    "publish_date",
    "dc.date.issued", "dc.date",           "dcterms.issued", "dcterms.created", "parsely-pub-date",
    "sailthru.date",  "article.published", "datepublished"};

std::optional<std::string> meta(const HtmlFacts& facts, std::string_view name) {
    for (const auto& [key, value] : facts.metas) {
        if (key == name && !trim(value).empty()) return value;
    }
    return std::nullopt;
}

template <typename Origin>
void add(std::vector<SourcedValue<Origin>>& list, const std::optional<std::string>& value,
         Origin origin) {
    if (value && !trim(*value).empty()) list.push_back({*value, origin});
}

bool looks_like_url(std::string_view s) {
    return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//");
}

}  // namespace

bool is_publication_date_meta(std::string_view name) noexcept {
    return std::find(kDateMetaNames.begin(), kDateMetaNames.end(), name) != kDateMetaNames.end();
}

std::string strip_site_name(std::string_view title, std::string_view site_name) {
    static constexpr std::array<std::string_view, 6> kSeparators = {" | ",      " - ",  " \u2013 ",
                                                                    " \u2014 ", " :: ", " \u00b7 "};
    std::vector<std::string_view> parts{title};
    for (const auto separator : kSeparators) {
        std::vector<std::string_view> split;
        for (const auto part : parts) {
            std::size_t start = 0;
            std::size_t at = 0;
            while ((at = part.find(separator, start)) != std::string_view::npos) {
                split.push_back(part.substr(start, at - start));
                start = at + separator.size();
            }
            split.push_back(part.substr(start));
        }
        parts = std::move(split);
    }
    if (parts.size() == 1) return collapse_spaces(title);
    const std::string site = ascii_lower(collapse_spaces(site_name));
    std::string_view best;
    for (const auto part : parts) {
        if (!site.empty() && ascii_lower(collapse_spaces(part)) == site) continue;
        if (trim(part).size() > trim(best).size()) best = part;
    }
    return collapse_spaces(best);
}

WebFields page_fields(const HtmlFacts& facts, const std::optional<JsonLdArticle>& jsonld) {
    const JsonLdArticle none;
    const JsonLdArticle& ld = jsonld ? *jsonld : none;
    WebFields fields;

    add(fields.titles, meta(facts, "og:title"), TitleSource::kOpenGraph);
    add(fields.titles, ld.headline, TitleSource::kJsonLd);
    add(fields.titles, std::optional<std::string>(facts.h1), TitleSource::kH1);
    if (!facts.html_title.empty()) {
        const std::string site =
            meta(facts, "og:site_name").value_or(ld.publisher.value_or(std::string()));
        add(fields.titles, std::optional<std::string>(strip_site_name(facts.html_title, site)),
            TitleSource::kHtmlTitle);
    }

    add(fields.dates, ld.date_published, schema::DateSource::kJsonLd);
    add(fields.dates, meta(facts, "article:published_time"), schema::DateSource::kOpenGraph);
    add(fields.dates, std::optional<std::string>(facts.time_datetime), schema::DateSource::kTime);
    for (const auto& [key, value] : facts.metas) {
        if (is_publication_date_meta(key)) {
            add(fields.dates, std::optional<std::string>(value), schema::DateSource::kMeta);
        }
    }

    add(fields.sources, meta(facts, "og:site_name"), SourceOrigin::kOpenGraph);
    add(fields.sources, ld.publisher, SourceOrigin::kJsonLd);

    add(fields.urls, std::optional<std::string>(facts.canonical), FieldOrigin::kCanonical);
    add(fields.urls, meta(facts, "og:url"), FieldOrigin::kOpenGraph);
    add(fields.urls, ld.url, FieldOrigin::kJsonLd);

    add(fields.authors, meta(facts, "author"), FieldOrigin::kMeta);
    add(fields.authors, ld.author, FieldOrigin::kJsonLd);
    add(fields.authors, meta(facts, "dc.creator"), FieldOrigin::kMeta);
    if (auto author = meta(facts, "article:author"); author && !looks_like_url(*author)) {
        add(fields.authors, author, FieldOrigin::kOpenGraph);
    }
    return fields;
}

std::optional<std::string> page_language(const HtmlFacts& facts,
                                         const std::optional<JsonLdArticle>& jsonld) {
    if (!trim(facts.lang).empty()) return std::string(trim(facts.lang));
    if (jsonld && jsonld->language) return jsonld->language;
    if (auto locale = meta(facts, "og:locale")) return locale;
    return meta(facts, "content-language");
}

}  // namespace dateline::detail
