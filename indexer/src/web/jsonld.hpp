/// @file
/// schema.org article facts from a page's JSON-LD scripts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dateline::detail {

/// The first Article-like object (@type NewsArticle, Article, BlogPosting, ReportageNewsArticle,
/// …) found in the scripts, searching arrays and @graph. Values are raw strings.
struct JsonLdArticle {
    std::optional<std::string> headline;
    std::optional<std::string> date_published;  ///< never dateModified
    std::optional<std::string> author;          ///< names joined with ", "
    std::optional<std::string> publisher;       ///< publisher.name
    std::optional<std::string> article_body;
    std::optional<std::string> url;       ///< url, else mainEntityOfPage (string or @id)
    std::optional<std::string> language;  ///< inLanguage
};

struct JsonLdResult {
    std::optional<JsonLdArticle> article;
    std::vector<std::string> warnings;  ///< "bad_jsonld: …", "jsonld_too_deep"
};

/// Reads the scripts in order; a script that does not parse, or nests deeper than
/// kMaxInputNestingDepth, is warned about and skipped.
[[nodiscard]] JsonLdResult read_jsonld(const std::vector<std::string>& scripts);

}  // namespace dateline::detail
