// Main-text extraction in the manner of Readability and Boilerpipe (see docs/INDEX_BUILD.md):
// an explicit article container when the page marks one, else the block holding the most
// paragraph text; inside it, furniture is dropped by tag, by class/id/role words and by
// link density.
#include "web/html_extract.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <gumbo.h>
#include <memory>
#include <span>
#include <unordered_map>

#include <dateline/input_limits.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

// Gumbo's child list as nodes; a range rather than indexing into its raw `void**`.
std::span<void* const> children_of(const GumboVector& children) {
    return {children.data, children.length};
}

// A text run shorter than this is a label, not a paragraph, for container scoring.
constexpr std::size_t kParagraphMinBytes = 25;
// A block whose text is more than this share link text is a list of links (related
// stories, tag clouds), not article prose.
constexpr double kMaxLinkDensity = 0.5;
// An explicit container (itemprop, class name, <article>) must hold this much text to
// be trusted over scoring: teaser cards also say "article".
constexpr std::size_t kExplicitMinBytes = 200;
// Blocks before the first paragraph shorter than this (in words) may be labels.
constexpr std::size_t kLabelMaxWords = 16;

constexpr std::array<std::string_view, 40> kFurnitureTags = {
    "nav",           "header",
    "footer",        "aside",
    "script",        "style",
    "noscript",      "template",
    "form",          "iframe",
    "svg",           "button",
    "select",        "textarea",
    "input",         "figure",
    "figcaption",    "object",
    "embed",         "canvas",
    "video",         "audio",
    "map",           "dialog",
    "menu",          "label",
    "amp-ad",        "amp-analytics",
    "amp-sidebar",   "amp-social-share",
    "amp-iframe",    "amp-embed",
    "amp-consent",   "amp-user-notification",
    "amp-sticky-ad", "amp-list",
    "amp-carousel",  "title",
    "head",          "link"};

// Words in class, id or role that mark page furniture (compared against the pieces of
// the attribute split at spaces, '-' and '_').
constexpr std::array<std::string_view, 56> kFurnitureWords = {
    "comment",       "comments",      "respond",     "reply",       "sidebar",    "widget",
    "widgets",       "share",         "sharing",     "social",      "newsletter", "subscribe",
    "subscription",  "signup",        "related",     "recommended", "recirc",     "promo",
    "advert",        "advertisement", "ad",          "ads",         "adslot",     "sponsor",
    "sponsored",     "cookie",        "cookies",     "consent",     "gdpr",       "banner",
    "popular",       "mostread",      "trending",    "nav",         "navbar",     "navigation",
    "menu",          "breadcrumb",    "breadcrumbs", "footer",      "masthead",   "byline",
    "meta",          "tags",          "tagcloud",    "pagination",  "skip",       "hidden",
    "modal",         "popup",         "outbrain",    "taboola",     "disqus",     "toolbar",
    "complementary", "contentinfo"};

constexpr std::array<std::string_view, 10> kArticleClassNames = {
    "article-body", "articlebody",     "article__body", "story-body",   "entry-content",
    "post-content", "article-content", "story-content", "article-text", "post-body"};

constexpr std::array<std::string_view, 20> kInlineTags = {
    "a",   "b",    "i",    "em", "strong", "span", "font", "small", "u",      "sub",
    "sup", "abbr", "cite", "q",  "mark",   "time", "code", "s",     "strike", "big"};

constexpr std::array<std::string_view, 14> kDateExclusionWords = {
    "comment", "comments", "respond",  "reply",    "related", "recommended", "sidebar",
    "widget",  "popular",  "mostread", "trending", "recirc",  "promo",       "nav"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view word) {
    return std::find(set.begin(), set.end(), word) != set.end();
}

std::string_view tag_name(const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
    GumboStringPiece original = element.original_tag;
    if (original.data == nullptr || original.length == 0) return {};
    gumbo_tag_from_original_text(&original);
    return {original.data, original.length};
}

std::string_view attribute(const GumboNode* node, const char* name) {
    const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
    return attr != nullptr ? std::string_view(attr->value) : std::string_view();
}

// Splits class/id/role values into lower-case words at spaces, '-' and '_'.
template <typename Visit>
bool any_word(const GumboNode* node, Visit&& visit) {
    for (const char* name : {"class", "id", "role"}) {
        const std::string value = ascii_lower(attribute(node, name));
        std::size_t start = 0;
        for (std::size_t i = 0; i <= value.size(); ++i) {
            if (i == value.size() || value[i] == ' ' || value[i] == '-' || value[i] == '_' ||
                value[i] == '\t' || value[i] == '\n') {
                if (i > start && visit(std::string_view(value).substr(start, i - start))) {
                    return true;
                }
                start = i + 1;
            }
        }
    }
    return false;
}

bool has_class_containing(const GumboNode* node, std::string_view needle) {
    for (const char* name : {"class", "id"}) {
        if (ascii_lower(attribute(node, name)).find(needle) != std::string::npos) return true;
    }
    return false;
}

// Elements whose class names describe the page, not a box in it (WordPress puts
// "has-sidebar comments-open" on <body>).
bool is_structural(std::string_view tag) {
    return tag == "html" || tag == "body" || tag == "main" || tag == "article";
}

bool is_hidden(const GumboNode* node) {
    if (gumbo_get_attribute(&node->v.element.attributes, "hidden") != nullptr) return true;
    if (attribute(node, "aria-hidden") == "true") return true;
    std::string style = ascii_lower(attribute(node, "style"));
    std::erase(style, ' ');
    return style.find("display:none") != std::string::npos ||
           style.find("visibility:hidden") != std::string::npos;
}

bool is_furniture(const GumboNode* node, std::string_view tag) {
    if (contains(kFurnitureTags, tag)) return true;
    if (is_hidden(node)) return true;
    if (is_structural(tag)) return false;
    if (has_class_containing(node, "most-read") || has_class_containing(node, "most_read")) {
        return true;
    }
    return any_word(node, [](std::string_view w) { return contains(kFurnitureWords, w); });
}

bool is_block(std::string_view tag) { return !contains(kInlineTags, tag) && tag != "br"; }

void append_collapsed(std::string& out, std::string_view text) {
    for (const char c : text) {
        if (is_space(c)) {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
}

void end_block(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty()) return;
    if (out.back() != '\n') out.push_back('\n');
    if (out.size() < 2 || out[out.size() - 2] != '\n') out.push_back('\n');
}

struct Stats {
    std::size_t text = 0;  // non-space bytes of text outside furniture
    std::size_t link = 0;  // of which inside <a>
};

class Extractor {
  public:
    Extractor(HtmlFacts& facts, HtmlMode mode) : m_facts(facts), m_mode(mode) {}

    void run(const GumboNode* root) {
        collect(root, 0, {});
        const GumboNode* container = choose_container(root);
        if (container != nullptr) emit(container, 0);
        if (m_mode == HtmlMode::kPage) drop_leading_labels();
        while (!m_facts.text.empty() &&
               (m_facts.text.back() == '\n' || m_facts.text.back() == ' ')) {
            m_facts.text.pop_back();
        }
    }

    // Pages without markup for them (table layouts) put the headline and the byline as
    // short lines before the first paragraph: drop those that repeat the title or
    // start with "By". Datelines and other short leads stay.
    void drop_leading_labels() {
        std::string_view text = m_facts.text;
        std::size_t cut = 0;
        std::string title_lower = ascii_lower(m_facts.html_title + "\n" + m_facts.h1);
        for (const auto& [key, value] : m_facts.metas) {
            if (key == "og:title") title_lower += "\n" + ascii_lower(value);
        }
        while (cut < text.size()) {
            std::size_t end = text.find('\n', cut);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view line = trim(text.substr(cut, end - cut));
            if (!line.empty()) {
                if (count_words(line) >= kLabelMaxWords) break;
                const std::string lower = ascii_lower(line);
                const bool byline = lower.starts_with("by ");
                const bool repeats_title = title_lower.find(lower) != std::string::npos;
                if (!byline && !repeats_title) break;
            }
            cut = std::min(text.size(), end + 1);
        }
        m_facts.text.erase(0, cut);
    }

  private:
    struct Context {
        const GumboNode* block = nullptr;  // nearest block ancestor that is not a <p>
        bool in_link = false;
        bool in_furniture = false;
        bool in_article = false;      // inside <article> or <main>
        bool dates_excluded = false;  // inside comments, related boxes, sidebars
        bool in_page_chrome = false;  // inside <header>/<nav>/<footer>/<aside>
    };

    Stats collect(const GumboNode* node, std::size_t depth, Context context) {
        Stats stats;
        if (depth > schema::kMaxInputNestingDepth) {
            m_facts.too_deep = true;
            return stats;
        }
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
            if (context.in_furniture) return stats;
            const std::string_view text(node->v.text.text);
            for (const char c : text) stats.text += is_space(c) ? 0 : 1;
            if (context.in_link) stats.link = stats.text;
            if (stats.text >= kParagraphMinBytes && context.block != nullptr && !context.in_link) {
                m_score[context.block] += stats.text;
            }
            return stats;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
            node->type != GUMBO_NODE_TEMPLATE) {
            return stats;
        }
        if (node->type != GUMBO_NODE_DOCUMENT) {
            const std::string_view tag = tag_name(node);
            note_facts(node, tag, context);
            if (is_furniture(node, tag)) context.in_furniture = true;
            if (tag == "a") context.in_link = true;
            if (tag == "article" || tag == "main") context.in_article = true;
            if (tag == "header" || tag == "nav" || tag == "footer" || tag == "aside") {
                context.in_page_chrome = true;
            }
            if (!is_structural(tag) && any_word(node, [](std::string_view w) {
                    return contains(kDateExclusionWords, w);
                })) {
                context.dates_excluded = true;
            }
            if (is_block(tag) && tag != "p") context.block = node;
        }
        const GumboVector& children = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                        : node->v.element.children;
        for (const void* node_child : children_of(children)) {
            const Stats child =
                collect(static_cast<const GumboNode*>(node_child), depth + 1, context);
            stats.text += child.text;
            stats.link += child.link;
        }
        if (node->type == GUMBO_NODE_ELEMENT) {
            m_stats[node] = stats;
            m_order.push_back(node);
        }
        return stats;
    }

    void note_facts(const GumboNode* node, std::string_view tag, const Context& context) {
        if (tag == "html") {
            m_facts.lang = std::string(attribute(node, "lang"));
        } else if (tag == "title" && m_facts.html_title.empty()) {
            m_facts.html_title = collapse_spaces(text_of(node, 0));
        } else if (tag == "meta") {
            std::string_view key = attribute(node, "property");
            if (key.empty()) key = attribute(node, "name");
            if (key.empty()) key = attribute(node, "itemprop");
            if (key.empty()) key = attribute(node, "http-equiv");
            const std::string_view content = attribute(node, "content");
            if (!key.empty() && !content.empty()) {
                m_facts.metas.emplace_back(ascii_lower(key), std::string(content));
            }
        } else if (tag == "link") {
            if (ascii_lower(attribute(node, "rel")) == "canonical" && m_facts.canonical.empty()) {
                m_facts.canonical = std::string(attribute(node, "href"));
            }
        } else if (tag == "script") {
            if (ascii_lower(attribute(node, "type")) == "application/ld+json") {
                m_facts.jsonld.push_back(text_of(node, 0));
            }
        } else if (tag == "h1" && m_facts.h1.empty() && !context.dates_excluded &&
                   (context.in_article || !context.in_page_chrome)) {
            m_h1_candidates.emplace_back(node, context.in_article);
        } else if (tag == "time" && context.in_article && !context.dates_excluded &&
                   m_facts.time_datetime.empty()) {
            m_facts.time_datetime = std::string(attribute(node, "datetime"));
        }
    }

    // Raw text of a node (script contents, <title>), depth-bounded.
    std::string text_of(const GumboNode* node, std::size_t depth) {
        std::string out;
        if (depth > schema::kMaxInputNestingDepth) return out;
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_WHITESPACE) {
            return node->v.text.text;
        }
        if (node->type != GUMBO_NODE_ELEMENT) return out;
        const GumboVector& children = node->v.element.children;
        for (const void* child : children_of(children)) {
            out += text_of(static_cast<const GumboNode*>(child), depth + 1);
        }
        return out;
    }

    [[nodiscard]] std::size_t text_bytes(const GumboNode* node) const {
        const auto it = m_stats.find(node);
        return it == m_stats.end() ? 0 : it->second.text;
    }

    const GumboNode* choose_container(const GumboNode* root) {
        // The h1: one inside <article>/<main> wins over one elsewhere.
        for (const auto& [node, in_article] : m_h1_candidates) {
            if (in_article) {
                m_facts.h1 = collapse_spaces(text_of(node, 0));
                break;
            }
        }
        if (m_facts.h1.empty() && !m_h1_candidates.empty()) {
            m_facts.h1 = collapse_spaces(text_of(m_h1_candidates.front().first, 0));
        }
        const GumboNode* body = find_body(root);
        if (m_mode == HtmlMode::kFragment) return body;

        const GumboNode* explicit_container = nullptr;
        std::size_t explicit_rank = 4;
        std::size_t explicit_text = 0;
        // Document order (m_order is post-order), so that ties go the same way every run.
        for (const GumboNode* node : m_order) {
            const Stats& stats = m_stats[node];
            if (stats.text < kExplicitMinBytes) continue;
            const std::string_view tag = tag_name(node);
            std::size_t rank = 4;
            if (attribute(node, "itemprop") == "articleBody") {
                rank = 0;
            } else if (std::any_of(
                           kArticleClassNames.begin(), kArticleClassNames.end(),
                           [&](std::string_view n) { return has_class_containing(node, n); })) {
                rank = 1;
            } else if (tag == "article") {
                rank = 2;
            } else {
                continue;
            }
            if (rank < explicit_rank || (rank == explicit_rank && stats.text > explicit_text)) {
                explicit_container = node;
                explicit_rank = rank;
                explicit_text = stats.text;
            }
        }
        if (explicit_container != nullptr && !inside_furniture(explicit_container)) {
            return explicit_container;
        }

        const GumboNode* best = nullptr;
        double best_score = 0;
        for (const GumboNode* node : m_order) {
            const auto scored = m_score.find(node);
            if (scored == m_score.end()) continue;
            const std::size_t score = scored->second;
            const auto it = m_stats.find(node);
            const double density =
                it == m_stats.end() || it->second.text == 0
                    ? 0
                    : static_cast<double>(it->second.link) / static_cast<double>(it->second.text);
            const double value = static_cast<double>(score) * (1.0 - density);
            if (value > best_score) {
                best_score = value;
                best = node;
            }
        }
        return best != nullptr ? best : body;
    }

    static bool inside_furniture(const GumboNode* node) {
        for (const GumboNode* up = node->parent; up != nullptr && up->type == GUMBO_NODE_ELEMENT;
             up = up->parent) {
            if (is_furniture(up, tag_name(up))) return true;
        }
        return false;
    }

    static const GumboNode* find_body(const GumboNode* root) {
        if (root == nullptr || root->type != GUMBO_NODE_ELEMENT) return root;
        const GumboVector& children = root->v.element.children;
        for (const void* entry : children_of(children)) {
            const auto* child = static_cast<const GumboNode*>(entry);
            if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) {
                return child;
            }
        }
        return root;
    }

    void emit(const GumboNode* node, std::size_t depth) {
        if (depth > schema::kMaxInputNestingDepth) {
            m_facts.too_deep = true;
            return;
        }
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_WHITESPACE) {
            append_collapsed(m_facts.text, node->v.text.text);
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT) return;
        const std::string_view tag = tag_name(node);
        if (depth > 0 && is_furniture(node, tag)) return;
        if (tag == "h1" && m_mode == HtmlMode::kPage) return;  // the title, stored apart
        if (tag == "br") {
            while (!m_facts.text.empty() && m_facts.text.back() == ' ') m_facts.text.pop_back();
            m_facts.text.push_back('\n');
            return;
        }
        const bool block = is_block(tag);
        if (block && depth > 0 && tag != "td" && tag != "th") {
            const auto it = m_stats.find(node);
            if (it != m_stats.end() && it->second.text > 0 &&
                static_cast<double>(it->second.link) >
                    kMaxLinkDensity * static_cast<double>(it->second.text)) {
                return;
            }
        }
        if (block) end_block(m_facts.text);
        const GumboVector& children = node->v.element.children;
        for (const void* child : children_of(children)) {
            emit(static_cast<const GumboNode*>(child), depth + 1);
        }
        if (block) end_block(m_facts.text);
    }

    HtmlFacts& m_facts;
    HtmlMode m_mode;
    std::unordered_map<const GumboNode*, Stats> m_stats;
    std::unordered_map<const GumboNode*, std::size_t> m_score;
    std::vector<const GumboNode*> m_order;
    std::vector<std::pair<const GumboNode*, bool>> m_h1_candidates;
};

constexpr std::array<std::string_view, 22> kNoDepthTags = {
    "br",     "img",   "meta", "link", "input", "hr", "area", "base", "col",    "embed", "param",
    "source", "track", "wbr",  "p",    "li",    "td", "tr",   "th",   "option", "dt",    "dd"};

// Gumbo's tree construction scans the stack of open elements, so a page nesting 100,000
// elements costs minutes. A byte scan estimates the nesting (start tags up, end tags
// down; void elements and those with implied end tags ignored) and returns where it
// first passes `max_depth`, so that only the part before is parsed.
std::size_t deep_nesting_cut(std::string_view html, std::size_t max_depth) {
    std::size_t depth = 0;
    std::size_t pos = 0;
    while ((pos = html.find('<', pos)) != std::string_view::npos) {
        const std::size_t start = pos++;
        if (pos >= html.size()) break;
        if (html.substr(start).starts_with("<!--")) {
            pos = html.find("-->", start + 4);
            if (pos == std::string_view::npos) break;
            continue;
        }
        const bool closing = html[pos] == '/';
        if (closing) ++pos;
        std::size_t end = pos;
        while (end < html.size() &&
               (std::isalnum(static_cast<unsigned char>(html[end])) != 0 || html[end] == '-')) {
            ++end;
        }
        if (end == pos) continue;
        const std::string name = ascii_lower(html.substr(pos, end - pos));
        const std::size_t close = html.find('>', end);
        if (close == std::string_view::npos) break;
        pos = close + 1;
        if (closing) {
            if (depth > 0 && !contains(kNoDepthTags, name)) --depth;
            continue;
        }
        if (name == "script" || name == "style") {
            const std::size_t after = html.find("</", pos);
            if (after == std::string_view::npos) break;
            pos = after;
            continue;
        }
        if (contains(kNoDepthTags, name) || html[close - 1] == '/') continue;
        if (++depth > max_depth) return start;
    }
    return std::string_view::npos;
}

// Four times the walk's bound: the estimate over-counts pages that leave elements open.
constexpr std::size_t kParseDepthEstimate = 4 * schema::kMaxInputNestingDepth;

struct OutputDeleter {
    void operator()(GumboOutput* output) const noexcept {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

}  // namespace

HtmlFacts extract_html(std::string_view utf8, HtmlMode mode) {
    HtmlFacts facts;
    if (const std::size_t cut = deep_nesting_cut(utf8, kParseDepthEstimate);
        cut != std::string_view::npos) {
        utf8 = utf8.substr(0, cut);
        facts.too_deep = true;
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // the error list is never read; don't grow it
    const std::unique_ptr<GumboOutput, OutputDeleter> output(
        gumbo_parse_with_options(&options, utf8.data(), utf8.size()));
    if (!output) return facts;
    Extractor(facts, mode).run(output->root);
    return facts;
}

}  // namespace dateline::detail
