#include "input_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

#include "text_util.hpp"

namespace dateline::detail {

FileHandle::~FileHandle() {
    if (m_fd >= 0) ::close(m_fd);
}

FileHandle::FileHandle(FileHandle&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

OpenResult open_input(const std::filesystem::path& path) {
    OpenResult result;
    // O_NONBLOCK: a FIFO that replaced a file after the walk must not hang the build.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        const int err = errno;
        result.status = err == ENOENT ? ReadStatus::kVanished : ReadStatus::kUnreadable;
        result.detail = std::strerror(err);
        return result;
    }
    result.file = FileHandle(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        result.status = ReadStatus::kUnreadable;
        result.detail = std::strerror(errno);
        return result;
    }
    if (!S_ISREG(st.st_mode)) {
        result.status = ReadStatus::kNotRegular;
        result.detail = "not a regular file";
        return result;
    }
    result.size = static_cast<std::uint64_t>(st.st_size);
    return result;
}

std::string read_capped(int fd, std::uint64_t max_bytes, bool& too_large) {
    too_large = false;
    std::string out;
    char buffer[65536];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category());
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() > max_bytes) {
            // The file grew past the cap after fstat, or the cap is checked only here (stdin).
            too_large = true;
            break;
        }
    }
    return out;
}

ReadResult read_input_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    ReadResult result;
    OpenResult opened = open_input(path);
    result.size = opened.size;
    if (opened.status != ReadStatus::kOk) {
        result.status = opened.status;
        result.detail = std::move(opened.detail);
        return result;
    }
    if (opened.size > max_bytes) {
        result.status = ReadStatus::kTooLarge;
        result.detail = std::to_string(opened.size) + " bytes > limit " + std::to_string(max_bytes);
        return result;
    }
    try {
        bool too_large = false;
        result.bytes = read_capped(opened.file.get(), max_bytes, too_large);
        if (too_large) {
            result.status = ReadStatus::kTooLarge;
            result.detail = "more than " + std::to_string(max_bytes) + " bytes";
            result.bytes.clear();
        }
        result.size = result.bytes.size();
    } catch (const std::system_error& e) {
        result.status = ReadStatus::kUnreadable;
        result.detail = std::strerror(e.code().value());
        result.bytes.clear();
    }
    return result;
}

ContentClass classify_bytes(std::string_view bytes) noexcept {
    if (bytes.find('\0') != std::string_view::npos) return ContentClass::kBinary;
    const std::string_view head = bytes.substr(0, kBinarySniffBytes);
    std::size_t control = 0;
    for (const char c : head) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\x1b') ||
            u == 0x7F) {
            ++control;
        }
    }
    if (control * 10 > head.size()) return ContentClass::kBinary;
    if (is_blank(bytes)) return ContentClass::kEmpty;
    return ContentClass::kText;
}

}  // namespace dateline::detail
