/// @file
/// What every Dateline command shares: index-build, index-search and any server built on
/// the libraries. These are conventions of the commands, not of the index on disk
/// (schema/index_layout.hpp) nor of the libraries, which never read the environment.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <dateline/version.hpp>

namespace dateline::command_line {

/// The environment variable naming the index when no --index is given.
inline constexpr const char* kIndexEnvVar = "DATELINE_INDEX";
/// The index when neither --index nor kIndexEnvVar says: relative to the working directory.
inline constexpr std::string_view kDefaultIndexDir = "index";

/// The index directory to use without --index: `env_value` (what getenv(kIndexEnvVar)
/// returned, possibly null) when set and non-empty, else kDefaultIndexDir.
[[nodiscard]] inline std::string default_index_dir(const char* env_value) {
    const std::string_view value = env_value != nullptr ? env_value : "";
    return std::string(value.empty() ? kDefaultIndexDir : value);
}

/// A command line that cannot be run (unknown option, malformed value, missing argument);
/// each command's main() prints it and exits with status 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What `--version` prints: "index-search (Dateline) 0.1.0" and a newline (the GNU form,
/// which help2man reads for the man pages).
[[nodiscard]] inline std::string version_text(std::string_view command) {
    return std::string(command) + " (Dateline) " + std::string(dateline::version()) + '\n';
}

}  // namespace dateline::command_line
