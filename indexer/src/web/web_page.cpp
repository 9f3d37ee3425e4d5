#include "web/web_page.hpp"

#include <nlohmann/json.hpp>

#include "web/charset.hpp"
#include "web/html_extract.hpp"
#include "web/jsonld.hpp"
#include "web/page_metadata.hpp"

namespace dateline::detail {

WebPage read_web_page(std::string_view bytes, std::string_view transport_charset) {
    WebPage page;
    DecodedHtml decoded = decode_html_bytes(bytes, transport_charset);
    page.warnings = std::move(decoded.warnings);
    HtmlFacts facts = extract_html(decoded.utf8, HtmlMode::kPage);
    if (facts.too_deep) page.warnings.emplace_back("html_too_deep: content below depth left out");
    JsonLdResult jsonld = read_jsonld(facts.jsonld);
    for (auto& w : jsonld.warnings) page.warnings.push_back(std::move(w));
    page.fields = page_fields(facts, jsonld.article);

    nlohmann::json extras = nlohmann::json::object();
    if (auto language = page_language(facts, jsonld.article)) extras["language"] = *language;
    extras["charset"] = decoded.charset;
    // The publisher's own statement of the body beats any extraction heuristic.
    if (jsonld.article && jsonld.article->article_body) {
        page.body = std::move(*jsonld.article->article_body);
        extras["body_from"] = "jsonld";
    } else {
        page.body = std::move(facts.text);
        extras["body_from"] = "html";
    }
    page.extra_json = extras.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return page;
}

}  // namespace dateline::detail
