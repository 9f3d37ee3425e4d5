/// @file
/// RSS 2.0 / RSS 1.0 (RDF) and Atom feeds: the channel and its items, parsed with
/// libxml2 in recovery mode, without network access or entity expansion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

struct FeedItem {
    std::size_t number = 0;             ///< 1-based position in the feed
    std::optional<std::string> id;      ///< RSS guid, Atom id
    std::optional<std::string> title;   ///< raw (may hold entities decoded to markup)
    std::optional<std::string> link;    ///< RSS link, Atom link rel="alternate"
    std::optional<std::string> date;    ///< pubDate, dc:date, Atom published (never updated)
    std::optional<std::string> author;  ///< author, dc:creator, Atom author/name
    std::string content;                ///< HTML (or text) of the item's body
    bool content_is_html = true;
    bool excerpt = false;  ///< from description/summary, not content:encoded/content
};

struct Feed {
    std::string format;  ///< "rss", "rdf", "atom"
    std::optional<std::string> title;
    std::vector<FeedItem> items;
};

enum class FeedStatus : std::uint8_t {
    kOk,
    kNotXml,   ///< nothing parsed, even in recovery mode (detail: the first error)
    kNotFeed,  ///< XML whose root is not rss, rdf:RDF or feed (detail: the root name)
};

struct FeedResult {
    FeedStatus status = FeedStatus::kOk;
    Feed feed;
    std::string detail;
    std::vector<std::string> warnings;  ///< "xml_recovered: …"
};

/// Parses a whole feed document. Elements below libxml2's depth limit (256) are not
/// parsed; the walk over the tree is bounded by kMaxInputNestingDepth.
[[nodiscard]] FeedResult parse_feed(std::string_view bytes);

}  // namespace dateline::detail
