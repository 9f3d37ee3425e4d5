/// @file
/// One HTML document (a file, a WARC payload) to body text, metadata candidates and
/// extras: charset decoding, extraction, JSON-LD, the page's metadata precedence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/web_fields.hpp"

namespace dateline::detail {

struct WebPage {
    std::string body;  ///< UTF-8, not yet normalized
    WebFields fields;
    std::string extra_json;  ///< {"language":…, "charset":…, "body_from":"html"|"jsonld"}
    std::vector<std::string> warnings;
};

/// `transport_charset`: the HTTP Content-Type's charset, "" if none. The body is
/// JSON-LD articleBody when the page states one, else the extracted main text.
[[nodiscard]] WebPage read_web_page(std::string_view bytes, std::string_view transport_charset);

}  // namespace dateline::detail
