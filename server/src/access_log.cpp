#include "access_log.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace dateline::serve {
namespace {

// Quotes and control bytes in a logged target would let a client forge log lines.
void append_logged(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
}

}  // namespace

std::string format_access_line(const AccessEntry& e, long long unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char when[40];
    std::strftime(when, sizeof when, "[%d/%b/%Y:%H:%M:%S +0000]", &tm);
    char took[32];
    std::snprintf(took, sizeof took, "%.3f", e.milliseconds);
    std::string line;
    append_logged(line, e.client);
    line += " - - ";
    line += when;
    line += " \"";
    append_logged(line, e.method);
    line += ' ';
    append_logged(line, e.target);
    line += e.version == 10 ? " HTTP/1.0\" " : " HTTP/1.1\" ";
    line += std::to_string(e.status);
    line += ' ';
    line += std::to_string(e.bytes);
    line += ' ';
    line += took;
    return line;
}

AccessLog::AccessLog(const std::string& destination) {
    if (destination.empty()) return;
    if (destination == "-") {
        m_fd = STDOUT_FILENO;
        return;
    }
    m_fd = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw std::runtime_error("cannot open access log " + destination + ": " +
                                 std::strerror(errno));
    }
    m_owned = true;
}

AccessLog::~AccessLog() {
    if (m_owned) ::close(m_fd);
}

void AccessLog::write(const AccessEntry& entry) const {
    if (m_fd < 0) return;
    const auto line = format_access_line(entry, static_cast<long long>(std::time(nullptr))) + '\n';
    // O_APPEND and one write per line: concurrent lines never mix. A full disk or a
    // closed pipe loses log lines, never answers.
    [[maybe_unused]] const auto written = ::write(m_fd, line.data(), line.size());
}

}  // namespace dateline::serve
