/// @file
/// The totals a build records in the generation it publishes, which
/// `dateline::Searcher::stats()` reads back (IndexStats::build_report): what both the indexer
/// and the searcher see of a build, as a plain struct.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace dateline {

/// One build's counts, as recorded in its generation. Counts reconcile as in BuildReport:
/// inputs == indexed + replaced + unchanged + rejected; skipped entries are extra.
struct BuildTotals {
    std::uint64_t generation{};  ///< the generation this build published
    bool rebuild = false;        ///< built from scratch (index-build --rebuild)
    std::uint64_t documents{};   ///< documents in the generation
    std::uint64_t inputs{};      ///< document inputs of the build
    std::uint64_t indexed{};
    std::uint64_t replaced{};
    std::uint64_t unchanged{};
    std::uint64_t deleted{};  ///< documents removed because their inputs were gone
    std::uint64_t rejected{};
    std::uint64_t skipped{};
    std::uint64_t warnings{};
    std::uint64_t stories{};  ///< stories the generation's documents form
    /// Rejected and skipped inputs by reason code (docs/INDEX_BUILD.md), so that a reader
    /// of the generation can reconcile them without the build's output.
    std::map<std::string, std::uint64_t> rejected_reasons{};
    std::map<std::string, std::uint64_t> skipped_reasons{};

    friend bool operator==(const BuildTotals&, const BuildTotals&) = default;
};

}  // namespace dateline
