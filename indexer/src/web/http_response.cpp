#include "web/http_response.hpp"

#include <array>
#include <charconv>
#include <zlib.h>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

std::string dechunk(std::string_view body, std::string& error) {
    std::string out;
    while (true) {
        const std::size_t eol = body.find('\n');
        if (eol == std::string_view::npos) {
            error = "chunked body truncated";
            return out;
        }
        std::string_view size_text = trim(body.substr(0, eol));
        size_text = size_text.substr(0, size_text.find(';'));
        std::uint64_t size = 0;
        const auto [end, ec] =
            std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (ec != std::errc() || end != size_text.data() + size_text.size()) {
            error = "bad chunk size";
            return out;
        }
        body.remove_prefix(eol + 1);
        if (size == 0) return out;
        if (size > body.size()) {
            error = "chunk truncated";
            return out;
        }
        out.append(body.substr(0, size));
        body.remove_prefix(size);
        if (body.starts_with("\r\n"))
            body.remove_prefix(2);
        else if (body.starts_with("\n"))
            body.remove_prefix(1);
    }
}

std::string inflate_body(std::string_view body, std::uint64_t cap, std::string& error) {
    z_stream stream{};
    // 32 + MAX_WBITS: detect gzip or zlib wrappers.
    if (inflateInit2(&stream, 32 + MAX_WBITS) != Z_OK) {
        error = "zlib could not be initialized";
        return {};
    }
    std::string out;
    std::array<char, std::size_t{64} * 1024> chunk{};
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(body.size());
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = static_cast<uInt>(chunk.size());
        const int status = inflate(&stream, Z_NO_FLUSH);
        const std::size_t produced = chunk.size() - stream.avail_out;
        if (out.size() + produced > cap) {
            error = "decompressed payload larger than " + std::to_string(cap) + " bytes";
            break;
        }
        out.append(chunk.data(), produced);
        if (status == Z_STREAM_END) break;
        if (status != Z_OK) {
            error = stream.msg != nullptr ? stream.msg : "bad compressed payload";
            break;
        }
    }
    inflateEnd(&stream);
    return out;
}

}  // namespace

bool is_html_media_type(std::string_view content_type) {
    const std::string type = ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
    return type == "text/html" || type == "application/xhtml+xml";
}

HttpParse parse_http_response(std::string_view block, std::uint64_t max_body_bytes) {
    HttpParse result;
    const std::size_t crlf = block.find("\r\n\r\n");
    const std::size_t lf = block.find("\n\n");
    std::size_t end = crlf;
    std::size_t separator = 4;
    if (end == std::string_view::npos || (lf != std::string_view::npos && lf < end)) {
        end = lf;
        separator = 2;
    }
    if (!block.starts_with("HTTP/") || end == std::string_view::npos) {
        result.error = "not an HTTP response";
        return result;
    }
    const auto lines = split_lines(block.substr(0, end));
    const std::string_view status_line = trim(lines.front());
    const std::size_t space = status_line.find(' ');
    if (space == std::string_view::npos ||
        std::from_chars(status_line.data() + space + 1, status_line.data() + status_line.size(),
                        result.response.status)
                .ec != std::errc()) {
        result.error = "bad status line";
        return result;
    }
    bool chunked = false;
    std::string coding;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::size_t colon = lines[i].find(':');
        if (colon == std::string_view::npos) continue;
        const std::string name = ascii_lower(trim(lines[i].substr(0, colon)));
        const std::string_view value = trim(lines[i].substr(colon + 1));
        if (name == "content-type") result.response.content_type = std::string(value);
        if (name == "transfer-encoding")
            chunked = ascii_lower(value).find("chunked") != std::string::npos;
        if (name == "content-encoding") coding = ascii_lower(value);
    }
    std::string_view body = block.substr(end + separator);
    std::string dechunked;
    if (chunked) {
        dechunked = dechunk(body, result.error);
        if (!result.error.empty()) return result;
        body = dechunked;
    }
    if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
        result.response.body = inflate_body(body, max_body_bytes, result.error);
        if (!result.error.empty()) return result;
    } else if (coding.empty() || coding == "identity") {
        result.response.body = std::string(body);
    } else {
        result.error = "unsupported Content-Encoding: " + coding;
        return result;
    }
    result.ok = true;
    return result;
}

}  // namespace dateline::detail
