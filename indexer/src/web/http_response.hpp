/// @file
/// The HTTP response inside a WARC response record: status, Content-Type and the
/// payload, de-chunked and decompressed (capped).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dateline::detail {

struct HttpResponse {
    int status = 0;
    std::string content_type;  ///< as sent ("text/html; charset=utf-8"), "" if none
    std::string body;          ///< payload after Transfer-Encoding and Content-Encoding
};

struct HttpParse {
    bool ok = false;
    HttpResponse response;
    std::string error;  ///< when !ok
};

/// Parses a response block. Chunked transfer coding is undone; gzip and deflate
/// content codings are decompressed up to `max_body_bytes` (more is an error).
[[nodiscard]] HttpParse parse_http_response(std::string_view block, std::uint64_t max_body_bytes);

/// True for text/html and application/xhtml+xml (parameters ignored).
[[nodiscard]] bool is_html_media_type(std::string_view content_type);

}  // namespace dateline::detail
