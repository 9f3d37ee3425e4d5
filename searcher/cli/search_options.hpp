/// @file
/// index-search's command line, in two stages: parse_command_line() reads argv into
/// a plain CliOptions; validate() checks it and builds the typed Invocation.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <dateline/searcher.hpp>

#include "command_line.hpp"

namespace dateline::index_search {

using command_line::UsageError;

/// What the user typed, unchecked.
struct CliOptions {
    std::optional<std::string> index;
    bool any = false;
    std::string sort = "relevance";
    std::string offset = "0";
    std::string limit = "10";
    std::optional<std::string> recency;
    std::string date_facet = "month";
    bool no_facets = false;
    std::optional<std::string> filter_source;
    std::optional<std::string> from;
    std::optional<std::string> to;
    bool no_collapse = false;
    std::optional<std::string> story;
    bool count = false;
    bool json = false;
    bool stats = false;
    bool help = false;
    std::optional<std::string> timeout;          ///< remote shards: ms
    std::optional<std::string> connect_timeout;  ///< remote shards: ms
    bool allow_partial = false;
    std::vector<std::string> query_words;
};

enum class Mode { kSearch, kCount, kStats, kHelp };

/// A checked command.
struct Invocation {
    Mode mode = Mode::kSearch;
    std::filesystem::path index;
    SearchRequest request;
    SearcherOptions searcher;  ///< remote timeouts and the partial-answer policy
    bool json = false;
};

/// Throws UsageError on unknown options or missing values.
[[nodiscard]] CliOptions parse_command_line(int argc, const char* const argv[]);

/// Checks values and builds the request. `env_index` is $DATELINE_INDEX (or null).
/// Throws UsageError.
[[nodiscard]] Invocation validate(const CliOptions& options, const char* env_index);

[[nodiscard]] std::string help_text();

}  // namespace dateline::index_search
