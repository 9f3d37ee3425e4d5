/// @file
/// The inputs of one build: the command-line paths resolved into roots, the work list
/// the corpus walk makes of them, and which stored documents they cover.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "corpus_walker.hpp"
#include "manifest.hpp"

namespace dateline::detail {

/// One input path: a data root (directory), a single file, or standard input.
struct InputRoot {
    std::filesystem::path argument;  ///< as given
    std::filesystem::path absolute;  ///< absolute, lexically normal (empty for stdin)
    bool is_directory = false;
    bool is_stdin = false;
    Manifest manifest;  ///< directory roots only
};

/// One entry to process, with the root it was found under.
struct WorkItem {
    std::size_t root{};
    CorpusEntry entry;
};

/// Absolute and lexically normal, without a trailing separator.
[[nodiscard]] std::filesystem::path absolute_normal(const std::filesystem::path& path);

/// True if `path` lies strictly below directory `dir` (both absolute, normal).
[[nodiscard]] bool is_under(const std::string& path, const std::string& dir);

/// Resolves input paths ("-" is standard input). Throws Error for an empty list, a
/// repeated "-", or a path that does not exist.
[[nodiscard]] std::vector<InputRoot> resolve_inputs(
    const std::vector<std::filesystem::path>& inputs);

/// Walks every root, in order. Entries at or below `exclude` (the index directory, when
/// it is kept inside the corpus) are left out.
[[nodiscard]] std::vector<WorkItem> walk_inputs(const std::vector<InputRoot>& roots,
                                                const std::filesystem::path& exclude);

/// Whether a stored document whose input was `origin` (an absolute path) belongs to
/// what these roots cover: below a directory root, or equal to a file root.
[[nodiscard]] bool in_scope(const std::vector<InputRoot>& roots, const std::string& origin);

/// The top-level folder under a directory root that holds `relative`, or "".
[[nodiscard]] std::string folder_source(const InputRoot& root, const std::string& relative);

}  // namespace dateline::detail
