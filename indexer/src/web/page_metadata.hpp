/// @file
/// The metadata precedence for HTML pages: which of a page's statements (OpenGraph,
/// JSON-LD, <h1>, <title>, <time>, <meta>, canonical link) fills which field.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "web/html_extract.hpp"
#include "web/jsonld.hpp"
#include "web/web_fields.hpp"

namespace dateline::detail {

/// Meta names that state a publication date (lower-case). Modified and crawl dates
/// (article:modified_time, og:updated_time, last-modified) are never among them.
[[nodiscard]] bool is_publication_date_meta(std::string_view name) noexcept;

/// `title` without the site name: split at " | ", " - ", " – ", " — ", " :: ", " · ";
/// the part equal to `site_name` (case-insensitive) is dropped, and of the rest the
/// longest is kept. Without separators, the title itself.
[[nodiscard]] std::string strip_site_name(std::string_view title, std::string_view site_name);

/// Candidates, in precedence order:
/// title: og:title, JSON-LD headline, the article's <h1>, <title> without the site name;
/// date: JSON-LD datePublished, article:published_time, <time datetime> in the article,
///       publication-date <meta> names (the dateline rule follows in extract_metadata);
/// source: og:site_name, JSON-LD publisher.name (the folder rule follows);
/// url: canonical link, og:url, JSON-LD url;
/// author: <meta name="author">, JSON-LD author, dc.creator, article:author (not a URL).
[[nodiscard]] WebFields page_fields(const HtmlFacts& facts,
                                    const std::optional<JsonLdArticle>& jsonld);

/// The page's language: <html lang>, JSON-LD inLanguage, og:locale, content-language.
[[nodiscard]] std::optional<std::string> page_language(const HtmlFacts& facts,
                                                       const std::optional<JsonLdArticle>& jsonld);

}  // namespace dateline::detail
