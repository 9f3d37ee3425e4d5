/// @file
/// index-build's command line, in two stages: Boost.ProgramOptions into a plain
/// CliOptions, then validate() into the typed request the build runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace dateline::index_build {

/// Exit codes (documented in --help and docs/INDEX_BUILD.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitFatal = 2;
inline constexpr int kExitRefused = 3;        ///< shrink guard; --force overrides
inline constexpr int kExitNoDocuments = 66;   ///< EX_NOINPUT: no document found, or all rejected
inline constexpr int kExitIoError = 74;       ///< EX_IOERR: disk full, read-only, EIO, EACCES
inline constexpr int kExitLocked = 75;        ///< EX_TEMPFAIL
inline constexpr int kExitInterrupted = 130;  ///< 128 + SIGINT
inline constexpr int kExitTerminated = 143;   ///< 128 + SIGTERM

/// Publish steps accepted by the hidden test options --debug-crash-at/--debug-pause-at
/// (detail::BuildHooks::after_step names them; docs/GUARANTEES.md, "Test hooks").
inline constexpr const char* kDebugSteps[] = {
    "before-merge",     "after-commit",      "after-check",     "after-tree-fsync", "after-rename",
    "after-stub-write", "after-stub-rename", "after-dir-fsync", "after-cleanup"};

using command_line::UsageError;

/// What was typed, before validation.
struct CliOptions {
    bool help = false;
    bool version = false;
    std::optional<std::string> index;
    bool rebuild = false;
    std::optional<std::string> synonyms;
    std::optional<std::string> sources;
    std::optional<std::string> max_file_size;
    std::optional<std::string> memory_budget;
    std::optional<unsigned> threads;
    std::optional<unsigned> shards;
    bool quiet = false;
    bool json = false;
    bool no_progress = false;
    bool force = false;
    bool dry_run = false;
    std::optional<std::string> debug_crash_at;  ///< hidden test hook
    std::optional<std::string> debug_pause_at;  ///< hidden test hook
    std::vector<std::string> paths;
};

/// The validated request.
struct CliRequest {
    std::filesystem::path index_dir;
    std::vector<std::filesystem::path> inputs;
    bool reads_stdin = false;
    bool rebuild = false;
    std::optional<std::filesystem::path> synonyms_file;
    std::optional<std::filesystem::path> sources_file;
    std::uint64_t max_file_size{};
    std::uint64_t memory_budget{};
    unsigned threads = 0;  ///< 0: one per core
    unsigned shards = 0;   ///< 0: as the current generation
    bool quiet = false;
    bool json = false;
    bool progress = true;  ///< wanted; main() shows it only on a terminal
    bool force = false;
    bool dry_run = false;  ///< walk, read and extract; write nothing
    /// Test hooks: SIGKILL / SIGSTOP the process itself when the publish step of that
    /// name completes. Not in --help; documented in docs/GUARANTEES.md.
    std::optional<std::string> debug_crash_at;
    std::optional<std::string> debug_pause_at;
};

inline constexpr const char* kDefaultCorpus = "data";
inline constexpr unsigned kMaxThreads = 256;
inline constexpr std::uint64_t kDefaultMaxFileSize = std::uint64_t{32} * 1024 * 1024;
inline constexpr std::uint64_t kDefaultMemoryBudget = std::uint64_t{1024} * 1024 * 1024;

/// Stage 1. Throws UsageError for unknown options or malformed values.
[[nodiscard]] CliOptions parse_command_line(int argc, const char* const* argv);

/// Stage 2. `env_index` is $DATELINE_INDEX (or nullopt). Defaults: index = env_index if
/// set and non-empty, else ./index; paths = ./data. Throws UsageError.
[[nodiscard]] CliRequest validate(const CliOptions& options,
                                  const std::optional<std::string>& env_index);

/// Parses "1048576", "64K", "32M", "1G" (binary units) given to `option` (named in the
/// error messages). Throws UsageError.
[[nodiscard]] std::uint64_t parse_byte_size(const std::string& text,
                                            const std::string& option = "--max-file-size");

/// The --help text.
[[nodiscard]] std::string help_text();

}  // namespace dateline::index_build
