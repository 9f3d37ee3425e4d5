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
    std::optional<std::string> like;
    std::string sort = "relevance";
    std::string offset = "0";
    std::string limit = "10";
    bool limit_given = false;  ///< --limit was typed (not its default)
    bool all = false;
    std::optional<std::string> format;
    std::string color = "auto";
    std::optional<std::string> recency;
    std::string date_facet = "month";
    bool no_facets = false;
    std::vector<std::string> facets;  ///< --facet NAME[:N], as typed
    std::optional<std::string> filter_source;
    std::optional<std::string> from;
    std::optional<std::string> to;
    bool no_collapse = false;
    std::optional<std::string> story;
    bool count = false;
    bool json = false;
    bool stats = false;
    bool help = false;
    bool version = false;
    std::optional<std::string> timeout;          ///< remote shards: ms
    std::optional<std::string> connect_timeout;  ///< remote shards: ms
    bool allow_partial = false;
    std::vector<std::string> query_words;
};

enum class Mode { kSearch, kCount, kStats, kHelp, kVersion };

/// --format: text and json print one page; the export formats stream (Searcher::export_hits).
enum class OutputKind { kText, kJson, kExport };

/// --color: auto = bold only on a terminal and only when NO_COLOR is unset or empty.
enum class ColorMode { kAuto, kAlways, kNever };

/// A checked command.
struct Invocation {
    Mode mode = Mode::kSearch;
    std::filesystem::path index;
    SearchRequest request;
    SearcherOptions searcher;  ///< remote timeouts and the partial-answer policy
    bool json = false;         ///< output is JSON (--json, --format json, or --count --json)
    OutputKind output = OutputKind::kText;
    ExportFormat export_format = ExportFormat::kJsonl;  ///< with OutputKind::kExport
    /// Exports: hits to write in all (0 = every match, --all); pages of request.limit.
    std::uint64_t max_hits = 0;
    ColorMode color = ColorMode::kAuto;
};

/// Whether to print bold: `color`, whether stdout is a terminal, and $NO_COLOR (null or
/// empty when unset).
[[nodiscard]] bool use_color(ColorMode color, bool stdout_is_terminal, const char* no_color);

/// Throws UsageError on unknown options or missing values.
[[nodiscard]] CliOptions parse_command_line(int argc, const char* const argv[]);

/// Checks values and builds the request. `env_index` is $DATELINE_INDEX (or null).
/// Throws UsageError.
[[nodiscard]] Invocation validate(const CliOptions& options, const char* env_index);

[[nodiscard]] std::string help_text();

}  // namespace dateline::index_search
