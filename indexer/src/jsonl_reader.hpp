/// @file
/// JSON Lines input: streaming the lines of a .jsonl file and parsing one article record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

/// One article record. Strings are valid UTF-8 (repaired); absent fields are nullopt.
struct JsonArticle {
    std::optional<std::string> id;  ///< a string id, or an integer id in decimal
    std::optional<std::string> title;
    std::optional<std::string> body;  ///< "body", else "text"
    std::optional<std::string> date;  ///< raw; parsed by the extractor
    std::optional<std::string> source;
    std::optional<std::string> url;
    std::optional<std::string> author;
    std::string extra_json;             ///< the other fields as a JSON object ("" if none)
    std::vector<std::string> warnings;  ///< "invalid_utf8: …", "bad_field: <name>"
};

struct JsonRecordResult {
    std::optional<JsonArticle> article;
    std::string error;  ///< why the line is not an article (set when article is empty)
};

/// Parses one line as a JSON object. Known fields with the wrong type are warned about
/// and dropped; unknown fields are kept in extra_json.
[[nodiscard]] JsonRecordResult parse_jsonl_record(std::string_view line);

/// Reads newline-separated records from a file descriptor without holding the whole file.
class LineReader {
  public:
    enum class Status : std::uint8_t { kLine, kTooLong, kEnd };

    /// `max_line` bytes per record; longer records are skipped and reported as kTooLong.
    LineReader(int fd, std::uint64_t max_line) noexcept : m_fd(fd), m_max(max_line) {}

    /// The next record (without its '\n', '\r\n' trimmed). Throws std::system_error on
    /// read errors.
    Status next(std::string& line);
    /// 1-based number of the line last returned.
    [[nodiscard]] std::size_t line_number() const noexcept { return m_line; }

  private:
    bool fill();

    int m_fd;
    std::uint64_t m_max;
    std::string m_buffer;
    std::size_t m_pos = 0;
    bool m_eof = false;
    std::size_t m_line = 0;
};

}  // namespace dateline::detail
