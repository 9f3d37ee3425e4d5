/// @file
/// HTML5 parsing (gumbo) and main-text extraction: the article's paragraphs without page
/// furniture, plus the raw facts a page states about itself (meta tags, JSON-LD
/// scripts, <title>, the article's <h1> and <time>, canonical link, language).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::detail {

/// A page's text and the facts it states, unparsed.
struct HtmlFacts {
    std::string text;  ///< main text; paragraphs separated by blank lines
    std::string html_title;
    std::string h1;  ///< the first <h1> of the article (or of the page outside furniture)
    std::string time_datetime;  ///< datetime of the first <time> in the article
    std::string canonical;      ///< <link rel="canonical" href>
    std::string lang;           ///< <html lang>
    /// <meta> name, property or itemprop (lower-case) and its content, in page order.
    std::vector<std::pair<std::string, std::string>> metas;
    std::vector<std::string> jsonld;  ///< <script type="application/ld+json"> texts
    bool too_deep = false;  ///< content nested deeper than kMaxInputNestingDepth was left out
};

enum class HtmlMode : std::uint8_t {
    kPage,      ///< a whole page: find the article, drop furniture
    kFragment,  ///< a feed item's content: keep all text but scripts, styles and furniture
};

/// Parses `utf8` (valid UTF-8) and extracts its main text and facts. Never throws for
/// malformed HTML (HTML5 parsing has no errors, only recoveries).
[[nodiscard]] HtmlFacts extract_html(std::string_view utf8, HtmlMode mode);

}  // namespace dateline::detail
