#include "web/warc_reader.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <limits>
#include <optional>
#include <system_error>
#include <unistd.h>

#include "text_util.hpp"

namespace dateline::detail {

namespace {

constexpr std::size_t kReadChunk = std::size_t{256} * 1024;
constexpr std::size_t kInflateChunk = std::size_t{64} * 1024;
constexpr std::size_t kMaxHeaderBytes = std::size_t{64} * 1024;
constexpr std::string_view kGzipMagic = "\x1f\x8b\x08";

std::size_t header_end(std::string_view data, std::size_t& separator) {
    const std::size_t crlf = data.find("\r\n\r\n");
    const std::size_t lf = data.find("\n\n");
    if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
        separator = 4;
        return crlf;
    }
    separator = 2;
    return lf;
}

std::optional<std::uint64_t> parse_length(std::string_view text) {
    text = trim(text);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Header fields into the record; returns Content-Length if present.
std::optional<std::uint64_t> read_fields(std::string_view headers, WarcRecord& record) {
    std::optional<std::uint64_t> length;
    for (const auto line : split_lines(headers)) {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string name = ascii_lower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "warc-type") {
            record.type = ascii_lower(value);
        } else if (name == "warc-target-uri") {
            record.target_uri = std::string(value);
            // WARC 1.0 examples wrap the URI in angle brackets.
            if (record.target_uri.starts_with('<') && record.target_uri.ends_with('>')) {
                record.target_uri = record.target_uri.substr(1, record.target_uri.size() - 2);
            }
        } else if (name == "warc-record-id") {
            record.record_id = std::string(value);
        } else if (name == "content-type") {
            record.content_type = std::string(value);
        } else if (name == "content-length") {
            length = parse_length(value);
        }
    }
    return length;
}

}  // namespace

std::string parse_warc_record(std::string_view data, WarcRecord& record) {
    while (!data.empty() && (data.front() == '\r' || data.front() == '\n')) data.remove_prefix(1);
    if (!data.starts_with("WARC/")) return "no WARC version line";
    std::size_t separator = 0;
    const std::size_t end = header_end(data, separator);
    if (end == std::string_view::npos) return "header not terminated";
    const auto length = read_fields(data.substr(0, end), record);
    if (!length) return "no valid Content-Length";
    const std::string_view rest = data.substr(end + separator);
    if (*length > rest.size()) {
        return "block truncated: Content-Length " + std::to_string(*length) + ", " +
               std::to_string(rest.size()) + " bytes present";
    }
    record.block = std::string(rest.substr(0, *length));
    return {};
}

WarcReader::WarcReader(int fd, bool gzipped, std::uint64_t max_record_bytes)
    : m_fd(fd), m_gzipped(gzipped), m_cap(max_record_bytes) {
    if (m_gzipped) {
        // 16 + MAX_WBITS: a gzip wrapper, not zlib's.
        m_zstream_ready = inflateInit2(&m_zstream, 16 + MAX_WBITS) == Z_OK;
    }
}

WarcReader::~WarcReader() {
    if (m_zstream_ready) inflateEnd(&m_zstream);
}

bool WarcReader::refill() {
    if (m_eof) return false;
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_buffer_offset += m_pos;
        m_pos = 0;
    }
    const std::size_t old = m_buffer.size();
    m_buffer.resize(old + kReadChunk);
    ssize_t n = 0;
    do {
        n = ::read(m_fd, &m_buffer[old], kReadChunk);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        const int error = errno;
        m_buffer.resize(old);
        throw std::system_error(error, std::generic_category(), "read");
    }
    m_buffer.resize(old + static_cast<std::size_t>(n));
    if (n == 0) m_eof = true;
    return n > 0;
}

bool WarcReader::ensure(std::size_t bytes) {
    while (m_buffer.size() - m_pos < bytes) {
        if (!refill()) return false;
    }
    return true;
}

void WarcReader::resync(std::string_view marker) {
    m_resyncing = true;
    if (m_pos < m_buffer.size()) ++m_pos;  // never find the failed start again
    while (true) {
        const std::size_t at = m_buffer.find(marker, m_pos);
        if (at != std::string::npos) {
            m_pos = at;
            return;
        }
        // Keep a tail that could be the start of a split marker.
        if (m_buffer.size() - m_pos >= marker.size()) m_pos = m_buffer.size() - marker.size() + 1;
        if (!refill()) {
            m_pos = m_buffer.size();
            return;
        }
    }
}

WarcStatus WarcReader::next(WarcRecord& record, std::string& detail) {
    record = WarcRecord{};
    detail.clear();
    return m_gzipped ? next_gzip(record, detail) : next_plain(record, detail);
}

WarcStatus WarcReader::next_gzip(WarcRecord& record, std::string& detail) {
    while (true) {
        if (!ensure(1)) return WarcStatus::kEnd;
        record.offset = position();
        if (!m_zstream_ready) {
            detail = "zlib could not be initialized";
            m_pos = m_buffer.size();
            m_eof = true;
            return WarcStatus::kCorrupt;
        }
        ensure(kGzipMagic.size());
        if (std::string_view(m_buffer).substr(m_pos, kGzipMagic.size()) != kGzipMagic) {
            const bool report = !m_resyncing;
            resync(kGzipMagic);
            if (!report) continue;
            detail = "not a gzip member";
            return WarcStatus::kCorrupt;
        }
        inflateReset(&m_zstream);
        m_member.clear();
        std::array<char, kInflateChunk> chunk{};
        std::string failure;
        bool too_large = false;
        while (true) {
            if (m_pos == m_buffer.size() && !refill()) {
                failure = "truncated gzip member";
                break;
            }
            m_zstream.next_in = reinterpret_cast<Bytef*>(&m_buffer[m_pos]);
            m_zstream.avail_in = static_cast<uInt>(
                std::min<std::size_t>(m_buffer.size() - m_pos, std::numeric_limits<uInt>::max()));
            m_zstream.next_out = reinterpret_cast<Bytef*>(chunk.data());
            m_zstream.avail_out = static_cast<uInt>(chunk.size());
            const uInt before = m_zstream.avail_in;
            const int status = inflate(&m_zstream, Z_NO_FLUSH);
            m_pos += before - m_zstream.avail_in;
            const std::size_t produced = chunk.size() - m_zstream.avail_out;
            if (m_member.size() + produced > m_cap) {
                too_large = true;
                break;
            }
            m_member.append(chunk.data(), produced);
            if (status == Z_STREAM_END) break;
            if (status != Z_OK && status != Z_BUF_ERROR) {
                failure = m_zstream.msg != nullptr ? m_zstream.msg : "inflate failed";
                break;
            }
        }
        if (too_large || !failure.empty()) {
            const bool report = !m_resyncing;
            resync(kGzipMagic);
            if (!report) continue;
            if (too_large) {
                detail = "decompressed record larger than " + std::to_string(m_cap) + " bytes";
                return WarcStatus::kTooLarge;
            }
            detail = failure;
            return WarcStatus::kCorrupt;
        }
        m_resyncing = false;
        const std::string error = parse_warc_record(m_member, record);
        if (!error.empty()) {
            detail = error;
            return WarcStatus::kCorrupt;
        }
        return WarcStatus::kRecord;
    }
}

WarcStatus WarcReader::next_plain(WarcRecord& record, std::string& detail) {
    while (true) {
        while (ensure(1) && (m_buffer[m_pos] == '\r' || m_buffer[m_pos] == '\n')) ++m_pos;
        if (!ensure(1)) return WarcStatus::kEnd;
        record.offset = position();
        std::size_t separator = 0;
        std::size_t end = std::string::npos;
        while ((end = header_end(std::string_view(m_buffer).substr(m_pos), separator)) ==
                   std::string::npos &&
               m_buffer.size() - m_pos < kMaxHeaderBytes) {
            if (!refill()) break;
        }
        const std::string_view head = std::string_view(m_buffer).substr(m_pos);
        std::optional<std::uint64_t> length;
        if (head.starts_with("WARC/") && end != std::string::npos && end <= kMaxHeaderBytes) {
            length = read_fields(head.substr(0, end), record);
        }
        if (!length) {
            const bool report = !m_resyncing;
            resync("WARC/");
            if (!report) continue;
            detail = !head.starts_with("WARC/") ? "no WARC version line"
                     : end == std::string::npos ? "header not terminated"
                                                : "no valid Content-Length";
            return WarcStatus::kCorrupt;
        }
        m_resyncing = false;
        m_pos += end + separator;
        if (*length > m_cap) {
            std::uint64_t left = *length;
            while (left > 0) {
                if (!ensure(1)) break;
                const std::uint64_t take = std::min<std::uint64_t>(left, m_buffer.size() - m_pos);
                m_pos += static_cast<std::size_t>(take);
                left -= take;
            }
            detail = "block of " + std::to_string(*length) + " bytes, larger than " +
                     std::to_string(m_cap);
            return WarcStatus::kTooLarge;
        }
        if (!ensure(static_cast<std::size_t>(*length))) {
            detail = "block truncated: Content-Length " + std::to_string(*length) + ", " +
                     std::to_string(m_buffer.size() - m_pos) + " bytes present";
            m_pos = m_buffer.size();
            return WarcStatus::kCorrupt;
        }
        record.block = m_buffer.substr(m_pos, static_cast<std::size_t>(*length));
        m_pos += static_cast<std::size_t>(*length);
        return WarcStatus::kRecord;
    }
}

}  // namespace dateline::detail
