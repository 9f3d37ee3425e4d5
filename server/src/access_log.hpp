/// @file
/// The access log: one line per answered request, in the Common Log Format with the
/// time taken appended (ms), written with one write(2) per line so lines never interleave.
#pragma once

#include <string>
#include <string_view>

namespace dateline::serve {

/// One logged request.
struct AccessEntry {
    std::string_view client;  ///< the peer's address
    std::string_view method;  ///< "-" when the request could not be read
    std::string_view target;
    unsigned version = 11;  ///< 10 or 11
    int status = 0;
    std::size_t bytes = 0;    ///< body bytes sent
    double milliseconds = 0;  ///< from the whole request read to the answer queued
};

/// Thread-safety: write() may be called from any thread. Lifetime: owns its file.
class AccessLog {
  public:
    /// `destination`: "" for no log, "-" for standard output, else a file appended to.
    /// @throws std::runtime_error if the file cannot be opened.
    explicit AccessLog(const std::string& destination);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void write(const AccessEntry& entry) const;

  private:
    int m_fd = -1;
    bool m_owned = false;
};

/// The log line for `entry` at `unix_seconds` (without the newline); for the tests.
[[nodiscard]] std::string format_access_line(const AccessEntry& entry, long long unix_seconds);

}  // namespace dateline::serve
