/// @file
/// What index-build prints: the progress line, problem lines, the human summary and
/// the --json summary (format documented in docs/INDEX_BUILD.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <dateline/indexer.hpp>

namespace dateline::index_build {

/// Version of the --json summary format.
inline constexpr int kJsonFormatVersion = 1;

/// "indexing: 120/5000 files, 118 docs, 45.2 docs/s, 2% , ETA 1m48s" (no newline).
[[nodiscard]] std::string progress_line(const BuildProgress& progress);

/// One line per rejected input ("rejected: <input>: <reason> (<detail>)"); with
/// `verbose`, also skipped inputs and warnings.
[[nodiscard]] std::vector<std::string> problem_lines(const BuildReport& report, bool verbose);

/// The final multi-line summary for stderr.
[[nodiscard]] std::string human_summary(const BuildReport& report,
                                        const std::filesystem::path& index_dir);

/// The --json summary object.
[[nodiscard]] nlohmann::json summary_json(const BuildReport& report,
                                          const std::filesystem::path& index_dir);

/// kExitOk, or kExitRejected when any input was rejected.
[[nodiscard]] int exit_code_for(const BuildReport& report) noexcept;

}  // namespace dateline::index_build
