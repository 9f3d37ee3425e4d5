/// @file
/// Helpers of the adversarial tests (issue 12): run the real index-build / index-search,
/// read the --json report, and build a small index to damage or probe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace dateline::test {

CommandResult index_build(std::vector<std::string> args, const std::vector<std::string>& env = {});
CommandResult index_search(std::vector<std::string> args);

/// The --json summary of a finished index-build (fails the test if it is not JSON).
nlohmann::json build_summary(const CommandResult& result);

/// Writes `count` small dated news texts under `dir` (a.txt, b.txt, ...) whose words
/// include "kremlin talks" as a phrase, so that phrase queries have answers.
void write_small_corpus(const std::filesystem::path& dir, int count);

/// The published generation directory (`<index>/gen-NNNNNN`), from the stub.
std::filesystem::path published_generation(const std::filesystem::path& index);

/// Peak RSS in MiB of the largest child process waited for so far.
long children_peak_rss_mib();

}  // namespace dateline::test
