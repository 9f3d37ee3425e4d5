/// @file
/// The tab-separated tables at the top of a data root (synonyms.tsv, sources.tsv): how they
/// are found, read and split into lines and fields, so that every table follows one set of
/// rules.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input_set.hpp"

namespace dateline::detail {

/// Called now and then by long loops; throws (BuildCancelledError) to stop them.
using CancelPoll = std::function<void()>;

/// Calls `on_line(number, fields)` for every line of `text` (1-based numbers) that is not
/// blank or a '#' comment, with its tab-separated fields that are not blank. Invalid UTF-8
/// is repaired first; a trailing CR is dropped. The views live during the call only.
/// Calls `poll` every few thousand lines.
void for_each_table_line(
    std::string_view text, const CancelPoll& poll,
    const std::function<void(std::size_t, const std::vector<std::string_view>&)>& on_line);

/// The whole file. Throws IoError ("cannot read <what> file <path>").
[[nodiscard]] std::string read_table_file(const std::filesystem::path& file, std::string_view what);

/// The files of one table for a build: `given` (Error "<what> file not found: <path>" if it
/// is not a regular file), else `name` at the top of each directory root that has one.
[[nodiscard]] std::vector<std::filesystem::path> find_table_files(
    const std::optional<std::filesystem::path>& given, std::string_view name, std::string_view what,
    const std::vector<InputRoot>& roots);

}  // namespace dateline::detail
