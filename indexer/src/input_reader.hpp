/// @file
/// Reading one input file safely: never blocking on FIFOs or devices, capped in size,
/// with binary and empty content recognized before anything is indexed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dateline::detail {

enum class ReadStatus : std::uint8_t {
    kOk,
    kTooLarge,    ///< larger than the cap (detail: sizes)
    kVanished,    ///< listed by the walk, gone when opened
    kUnreadable,  ///< open/read failed (detail: errno text)
    kNotRegular,  ///< replaced by a FIFO, device, … since the walk
};

/// An open file descriptor, closed on destruction.
class FileHandle {
  public:
    FileHandle() = default;
    explicit FileHandle(int fd) noexcept : m_fd(fd) {}
    ~FileHandle();
    FileHandle(FileHandle&& other) noexcept;
    FileHandle& operator=(FileHandle&& other) noexcept;
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    [[nodiscard]] int get() const noexcept { return m_fd; }
    [[nodiscard]] bool valid() const noexcept { return m_fd >= 0; }

  private:
    int m_fd = -1;
};

struct OpenResult {
    ReadStatus status = ReadStatus::kOk;
    FileHandle file;
    std::uint64_t size{};  ///< st_size at open
    std::string detail;
};

/// Opens `path` for reading without blocking (O_NONBLOCK) and checks with fstat that it is
/// a regular file.
[[nodiscard]] OpenResult open_input(const std::filesystem::path& path);

/// Reads at most `max_bytes` + 1 bytes from `fd`; sets `too_large` if there were more
/// than `max_bytes`. Throws std::system_error on read errors.
[[nodiscard]] std::string read_capped(int fd, std::uint64_t max_bytes, bool& too_large);

struct ReadResult {
    ReadStatus status = ReadStatus::kOk;
    std::string bytes;
    std::uint64_t size{};  ///< bytes in the file (as far as known)
    std::string detail;
};

/// open_input() + read_capped() for a whole text document.
[[nodiscard]] ReadResult read_input_file(const std::filesystem::path& path,
                                         std::uint64_t max_bytes);

/// How raw bytes are treated before decoding.
enum class ContentClass : std::uint8_t { kText, kBinary, kEmpty };

/// Bytes inspected for the control-character heuristic.
inline constexpr std::size_t kBinarySniffBytes = 8192;

/// kBinary if the bytes contain a NUL anywhere, or if more than 10% of the first
/// kBinarySniffBytes are control bytes other than tab, newline, CR, form feed and ESC;
/// kEmpty if they are empty or only ASCII whitespace; else kText.
[[nodiscard]] ContentClass classify_bytes(std::string_view bytes) noexcept;

}  // namespace dateline::detail
