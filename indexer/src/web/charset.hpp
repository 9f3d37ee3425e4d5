/// @file
/// Decoding an HTML document's bytes to UTF-8: the WHATWG order (BOM, transport
/// charset, <meta> prescan of the first 1024 bytes), then a check of the bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

struct DecodedHtml {
    std::string utf8;                   ///< valid UTF-8
    std::string charset;                ///< the encoding used, lower-case ("utf-8", "windows-1252")
    std::string charset_from;           ///< "bom", "http", "meta", "bytes"
    std::vector<std::string> warnings;  ///< "charset_mismatch: …", "invalid_utf8: …"
};

/// The charset named in a <meta charset> or <meta http-equiv content="…; charset=…">
/// within the first 1024 bytes, lower-case; "" if none.
[[nodiscard]] std::string prescan_meta_charset(std::string_view bytes);

/// The charset parameter of a Content-Type value ("text/html; charset=ISO-8859-1"),
/// lower-case and unquoted; "" if none.
[[nodiscard]] std::string content_type_charset(std::string_view content_type);

/// Decodes `bytes`. `transport_charset` is the HTTP header's charset ("" if none).
/// Labels that browsers decode as windows-1252 (iso-8859-1, us-ascii, latin1) are
/// decoded as windows-1252. A declared UTF-8 that is not valid UTF-8 is decoded as
/// windows-1252 with a warning; an unknown label falls through to the next rule.
[[nodiscard]] DecodedHtml decode_html_bytes(std::string_view bytes,
                                            std::string_view transport_charset = {});

}  // namespace dateline::detail
