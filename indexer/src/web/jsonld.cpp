#include "web/jsonld.hpp"

#include <nlohmann/json.hpp>

#include <dateline/input_limits.hpp>

#include "json_depth.hpp"

namespace dateline::detail {

namespace {

using nlohmann::json;

bool is_article_type(const json& type) {
    const auto matches = [](const json& t) {
        if (!t.is_string()) return false;
        const auto& s = t.get_ref<const std::string&>();
        return s.ends_with("Article") || s == "BlogPosting" || s == "LiveBlogPosting" ||
               s == "Report";
    };
    if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
    return matches(type);
}

std::optional<std::string> string_field(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (it->is_string() && !it->get_ref<const std::string&>().empty())
        return it->get<std::string>();
    return std::nullopt;
}

// A Person/Organization, a plain name, or a list of them.
std::optional<std::string> name_of(const json& value) {
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        return s.empty() ? std::nullopt : std::optional<std::string>(s);
    }
    if (value.is_object()) return string_field(value, "name");
    if (value.is_array()) {
        std::string joined;
        for (const auto& element : value) {
            if (auto name = name_of(element.is_array() ? json() : element)) {
                if (!joined.empty()) joined += ", ";
                joined += *name;
            }
        }
        if (!joined.empty()) return joined;
    }
    return std::nullopt;
}

JsonLdArticle article_from(const json& object) {
    JsonLdArticle article;
    article.headline = string_field(object, "headline");
    if (!article.headline) article.headline = string_field(object, "name");
    article.date_published = string_field(object, "datePublished");
    if (const auto it = object.find("author"); it != object.end()) article.author = name_of(*it);
    if (const auto it = object.find("publisher"); it != object.end() && it->is_object()) {
        article.publisher = string_field(*it, "name");
    }
    article.article_body = string_field(object, "articleBody");
    article.url = string_field(object, "url");
    if (!article.url) {
        if (const auto it = object.find("mainEntityOfPage"); it != object.end()) {
            if (it->is_string()) {
                article.url = it->get<std::string>();
            } else if (it->is_object()) {
                article.url = string_field(*it, "@id");
            }
        }
    }
    if (const auto it = object.find("inLanguage"); it != object.end()) {
        article.language = it->is_string() ? string_field(object, "inLanguage") : name_of(*it);
    }
    return article;
}

// Depth-first over arrays and @graph only (an article's own fields are not searched),
// bounded by the pre-parse nesting check.
std::optional<JsonLdArticle> find_article(const json& value) {
    if (value.is_array()) {
        for (const auto& element : value) {
            if (auto found = find_article(element)) return found;
        }
        return std::nullopt;
    }
    if (!value.is_object()) return std::nullopt;
    if (const auto type = value.find("@type"); type != value.end() && is_article_type(*type)) {
        return article_from(value);
    }
    if (const auto graph = value.find("@graph"); graph != value.end()) return find_article(*graph);
    return std::nullopt;
}

}  // namespace

JsonLdResult read_jsonld(const std::vector<std::string>& scripts) {
    JsonLdResult result;
    for (const auto& script : scripts) {
        if (json_too_deep_at(script, schema::kMaxInputNestingDepth)) {
            result.warnings.emplace_back("jsonld_too_deep");
            continue;
        }
        const json parsed = json::parse(script, nullptr, /*allow_exceptions=*/false);
        if (parsed.is_discarded()) {
            result.warnings.emplace_back("bad_jsonld: does not parse");
            continue;
        }
        if (auto article = find_article(parsed)) {
            result.article = std::move(article);
            return result;
        }
    }
    return result;
}

}  // namespace dateline::detail
