/// @file
/// index-serve's command line, in two stages like index-search's: parse_command_line()
/// reads argv into a plain CliOptions, validate() checks it into ServerOptions.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "command_line.hpp"
#include "http_server.hpp"

namespace dateline::serve::cli {

/// Bad usage: unknown option, bad value. Exit status 2.
using command_line::UsageError;

/// What the user typed, unchecked.
struct CliOptions {
    std::optional<std::string> index;
    std::string listen = "127.0.0.1:8080";
    std::optional<std::string> workers;
    std::string max_connections = "256";
    std::string max_header_bytes = "8192";
    std::string request_timeout = "10";
    std::string drain_timeout = "10";
    std::optional<std::string> cors;
    std::optional<std::string> access_log;
    std::optional<std::string> timeout;          ///< remote shards: ms
    std::optional<std::string> connect_timeout;  ///< remote shards: ms
    bool allow_partial = false;
    bool help = false;
};

/// Throws UsageError on unknown options or missing values.
[[nodiscard]] CliOptions parse_command_line(int argc, const char* const argv[]);

/// Checks values. `env_index` is getenv(command_line::kIndexEnvVar), possibly null;
/// `cores` the default number of workers.
/// Throws UsageError.
[[nodiscard]] ServerOptions validate(const CliOptions& options, const char* env_index,
                                     unsigned cores);

/// Splits "HOST:PORT" or "[V6]:PORT". Throws UsageError.
[[nodiscard]] std::pair<std::string, std::uint16_t> parse_listen(const std::string& text);

[[nodiscard]] std::string help_text();

}  // namespace dateline::serve::cli
