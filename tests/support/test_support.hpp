/// @file
/// Helpers shared by the test binaries: temporary directories, running the real
/// command-line tools, and where the built binaries and shipped corpus are.
#pragma once

#include <filesystem>
#include <spawn.h>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace dateline::test {

/// True in an AddressSanitizer build, where memory bounds asserted on children are larger.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

/// True in a ThreadSanitizer build (scripts/check tsan), where everything runs 5-15 times
/// slower: bounds on elapsed time allow for it.
#if defined(__SANITIZE_THREAD__)
inline constexpr bool kThreadSanitized = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
inline constexpr bool kThreadSanitized = true;
#else
inline constexpr bool kThreadSanitized = false;
#endif
#else
inline constexpr bool kThreadSanitized = false;
#endif

/// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
    /// Writes `content` to path()/relative (creating parent folders) and returns the full path.
    std::filesystem::path write(const std::filesystem::path& relative,
                                std::string_view content) const;

  private:
    std::filesystem::path m_path;
};

/// What a finished child process did.
struct CommandResult {
    int exit_code = -1;  ///< exit status, or 128 + signal number if killed
    std::string out;     ///< everything written to stdout
    std::string err;     ///< everything written to stderr
};

/// Runs `argv` (argv[0] is a path, not looked up in PATH) with `stdin_data` on its
/// standard input, waits for it, and captures both output streams. `env` entries
/// ("NAME=value") are added to the inherited environment.
CommandResult run(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                  const std::vector<std::string>& env = {});

/// Starts `argv` (argv[0] is a path) with `env` entries added to the inherited
/// environment and the given file actions (redirections); returns the child's pid.
/// Throws std::runtime_error if it cannot be started. run() is built on it; tests that
/// must signal a running child (kill -9 tests) call it directly.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const posix_spawn_file_actions_t& actions);

/// Built binaries and source-tree data, as configured by CMake.
std::filesystem::path index_build_exe();
std::filesystem::path index_search_exe();
std::filesystem::path source_dir();    ///< the repository root
std::filesystem::path shipped_data();  ///< source_dir() / "data"

}  // namespace dateline::test
