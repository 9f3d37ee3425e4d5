/// @file
/// Streaming WARC (ISO 28500) records from a .warc or a .warc.gz (one gzip member per
/// record) with bounded memory: one record at a time, each capped in size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <zlib.h>

namespace dateline::detail {

struct WarcRecord {
    std::uint64_t offset = 0;  ///< where the record (or its gzip member) starts in the file
    std::string type;          ///< WARC-Type, lower-case ("response", "request", …)
    std::string target_uri;    ///< WARC-Target-URI
    std::string record_id;     ///< WARC-Record-ID
    std::string content_type;  ///< Content-Type of the block
    std::string block;
};

enum class WarcStatus : std::uint8_t {
    kRecord,    ///< `record` holds the next record
    kTooLarge,  ///< the record's block is over the cap; skipped (record.offset set)
    kCorrupt,   ///< a bad header, a bad or truncated gzip member; skipped (detail says why)
    kEnd,
};

/// Reads records in file order. A corrupt or oversized record costs only itself: the
/// reader resynchronizes at the next gzip member (or "WARC/" version line). Not
/// thread-safe. Throws std::system_error on read errors.
class WarcReader {
  public:
    /// `max_record_bytes` caps a record's decompressed size (gzip bombs) and its block.
    WarcReader(int fd, bool gzipped, std::uint64_t max_record_bytes);
    ~WarcReader();
    WarcReader(const WarcReader&) = delete;
    WarcReader& operator=(const WarcReader&) = delete;
    WarcReader(WarcReader&&) = delete;
    WarcReader& operator=(WarcReader&&) = delete;

    WarcStatus next(WarcRecord& record, std::string& detail);

  private:
    bool refill();
    bool ensure(std::size_t bytes);
    void resync(std::string_view marker);
    [[nodiscard]] std::uint64_t position() const noexcept { return m_buffer_offset + m_pos; }
    WarcStatus next_gzip(WarcRecord& record, std::string& detail);
    WarcStatus next_plain(WarcRecord& record, std::string& detail);

    int m_fd;
    bool m_gzipped;
    std::uint64_t m_cap;
    std::string m_buffer;  // unconsumed input starts at m_pos
    std::size_t m_pos = 0;
    std::uint64_t m_buffer_offset = 0;  // file offset of m_buffer[0]
    bool m_eof = false;
    bool m_resyncing = false;  // candidate members after a failure are not reported again
    z_stream m_zstream{};
    bool m_zstream_ready = false;
    std::string m_member;  // decompressed bytes of the current member
};

/// Parses one record ("WARC/1.x" line, header fields, blank line, block) from `data`.
/// Returns "" on success, else why not.
[[nodiscard]] std::string parse_warc_record(std::string_view data, WarcRecord& record);

}  // namespace dateline::detail
