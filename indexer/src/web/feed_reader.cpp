#include "web/feed_reader.hpp"

#include <climits>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <memory>

#include <dateline/input_limits.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";

struct DocFree {
    void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};

std::string_view name_of(const xmlNode* node) {
    return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

std::string_view ns_of(const xmlNode* node) {
    return node->ns != nullptr && node->ns->href != nullptr
               ? reinterpret_cast<const char*>(node->ns->href)
               : "";
}

bool is(const xmlNode* node, std::string_view name, std::string_view ns = {}) {
    return node->type == XML_ELEMENT_NODE && name_of(node) == name &&
           (ns.empty() || ns_of(node) == ns);
}

// Text and CDATA only: entity references are never followed, so no entity is expanded.
void text_into(const xmlNode* node, std::string& out, std::size_t depth) {
    if (depth > schema::kMaxInputNestingDepth) return;
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
        if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
            child->content != nullptr) {
            out += reinterpret_cast<const char*>(child->content);
        } else if (child->type == XML_ELEMENT_NODE) {
            text_into(child, out, depth + 1);
        }
    }
}

std::optional<std::string> text(const xmlNode* node) {
    std::string out;
    text_into(node, out, 0);
    if (trim(out).empty()) return std::nullopt;
    return std::string(trim(out));
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (value == nullptr) return std::nullopt;
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

// Atom xhtml content: the markup of its children, for the HTML extractor.
std::string markup_of_children(const xmlNode* node) {
    std::string out;
    const std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(),
                                                                      &xmlBufferFree);
    if (!buffer) return out;
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
        xmlBufferEmpty(buffer.get());
        if (xmlNodeDump(buffer.get(), node->doc, child, 0, 0) >= 0) {
            out += reinterpret_cast<const char*>(xmlBufferContent(buffer.get()));
        }
    }
    return out;
}

void set_if_empty(std::optional<std::string>& field, std::optional<std::string> value) {
    if (!field && value) field = std::move(value);
}

FeedItem rss_item(const xmlNode* item) {
    FeedItem out;
    std::optional<std::string> description;
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const std::string_view ns = ns_of(c);
        if (is(c, "title")) {
            set_if_empty(out.title, text(c));
        } else if (is(c, "link") && ns.empty()) {
            set_if_empty(out.link, text(c));
        } else if (is(c, "guid")) {
            set_if_empty(out.id, text(c));
        } else if (is(c, "pubDate") || is(c, "date", kDcNs)) {
            set_if_empty(out.date, text(c));
        } else if ((is(c, "author") && ns.empty()) || is(c, "creator", kDcNs)) {
            set_if_empty(out.author, text(c));
        } else if (is(c, "encoded", kContentNs)) {
            if (auto body = text(c); body && out.content.empty()) out.content = *body;
        } else if (is(c, "description")) {
            set_if_empty(description, text(c));
        }
    }
    if (out.content.empty() && description) {
        out.content = *description;
        out.excerpt = true;
    }
    if (!out.id) out.id = out.link;
    return out;
}

FeedItem atom_entry(const xmlNode* entry) {
    FeedItem out;
    std::optional<std::string> summary;
    bool have_content = false;
    for (const xmlNode* c = entry->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || ns_of(c) != kAtomNs) continue;
        if (is(c, "title")) {
            set_if_empty(out.title, text(c));
        } else if (is(c, "id")) {
            set_if_empty(out.id, text(c));
        } else if (is(c, "link")) {
            const std::string rel = attribute(c, "rel").value_or("alternate");
            if (rel == "alternate") set_if_empty(out.link, attribute(c, "href"));
        } else if (is(c, "published")) {
            set_if_empty(out.date, text(c));
        } else if (is(c, "author")) {
            for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
                if (is(a, "name", kAtomNs)) set_if_empty(out.author, text(a));
            }
        } else if (is(c, "content") && !have_content) {
            const std::string type = attribute(c, "type").value_or("text");
            if (type == "xhtml") {
                out.content = markup_of_children(c);
            } else {
                out.content = text(c).value_or("");
                out.content_is_html = type == "html";
            }
            have_content = !out.content.empty();
        } else if (is(c, "summary")) {
            set_if_empty(summary, text(c));
        }
    }
    if (!have_content && summary) {
        out.content = *summary;
        out.excerpt = true;
    }
    if (!out.id) out.id = out.link;
    return out;
}

void silence(void* /*context*/, const char* /*message*/, ...) {}

}  // namespace

FeedResult parse_feed(std::string_view bytes) {
    FeedResult result;
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        result.status = FeedStatus::kNotXml;
        result.detail = "larger than 2 GiB";
        return result;
    }
    // No network (no DTD or entity fetched), no entity substitution, no DTD loading;
    // recovery keeps what a broken feed still holds.
    xmlSetGenericErrorFunc(nullptr, silence);
    const std::unique_ptr<xmlDoc, DocFree> doc(
        xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                      XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                          XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
    const xmlError* error = xmlGetLastError();
    const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (root == nullptr) {
        result.status = FeedStatus::kNotXml;
        result.detail =
            error != nullptr && error->message != nullptr
                ? std::string(trim(error->message)) + " (line " + std::to_string(error->line) + ")"
                : "no root element";
        xmlResetLastError();
        return result;
    }
    if (error != nullptr && error->level >= XML_ERR_ERROR && error->message != nullptr) {
        result.warnings.push_back("xml_recovered: " + std::string(trim(error->message)) +
                                  " (line " + std::to_string(error->line) + ")");
    }
    xmlResetLastError();

    Feed& feed = result.feed;
    std::size_t number = 0;
    if (is(root, "rss") || is(root, "RDF")) {
        feed.format = is(root, "rss") ? "rss" : "rdf";
        for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
            if (is(c, "channel")) {
                for (const xmlNode* e = c->children; e != nullptr; e = e->next) {
                    if (is(e, "title")) set_if_empty(feed.title, text(e));
                    if (is(e, "item")) {
                        feed.items.push_back(rss_item(e));
                        feed.items.back().number = ++number;
                    }
                }
            } else if (is(c, "item")) {  // RSS 1.0 puts items beside the channel
                feed.items.push_back(rss_item(c));
                feed.items.back().number = ++number;
            }
        }
    } else if (is(root, "feed", kAtomNs)) {
        feed.format = "atom";
        for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
            if (is(c, "title", kAtomNs)) set_if_empty(feed.title, text(c));
            if (is(c, "entry", kAtomNs)) {
                feed.items.push_back(atom_entry(c));
                feed.items.back().number = ++number;
            }
        }
    } else {
        result.status = FeedStatus::kNotFeed;
        result.detail = "root element <" + std::string(name_of(root)) + "> is not a feed";
    }
    return result;
}

}  // namespace dateline::detail
