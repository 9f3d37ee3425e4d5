// The public entry point: runs a Build and translates engine and library exceptions
// into the documented dateline::Error types.
#include <filesystem>
#include <system_error>

#include <xapian.h>

#include <dateline/detail/build_hooks.hpp>
#include <dateline/indexer.hpp>

#include "build.hpp"
#include "engine_errors.hpp"

namespace dateline {

std::string_view to_string(InputOutcome outcome) noexcept {
    switch (outcome) {
        case InputOutcome::kIndexed:
            return "indexed";
        case InputOutcome::kReplaced:
            return "replaced";
        case InputOutcome::kUnchanged:
            return "unchanged";
        case InputOutcome::kRejected:
            return "rejected";
        case InputOutcome::kSkipped:
            return "skipped";
    }
    return "unknown";
}

BuildTotals totals_of(const BuildReport& report) {
    return detail::totals_of(report, report.documents, report.generation);
}

BuildReport build_index(const BuildOptions& options) {
    return detail::build_index_with_hooks(options, {});
}

namespace detail {

BuildTotals totals_of(const BuildReport& report, std::uint64_t documents,
                      std::uint64_t generation) {
    BuildTotals totals{.generation = generation,
                       .rebuild = report.rebuild,
                       .documents = documents,
                       .inputs = report.document_inputs(),
                       .indexed = report.indexed,
                       .replaced = report.replaced,
                       .unchanged = report.unchanged,
                       .deleted = report.deleted,
                       .rejected = report.rejected,
                       .skipped = report.skipped,
                       .warnings = report.warnings,
                       .stories = report.stories};
    for (const auto& input : report.inputs) {
        if (input.outcome == InputOutcome::kRejected) ++totals.rejected_reasons[input.reason];
        if (input.outcome == InputOutcome::kSkipped) ++totals.skipped_reasons[input.reason];
    }
    return totals;
}

BuildReport build_index_with_hooks(const BuildOptions& options, const BuildHooks& hooks) {
    // Engine messages name a block or a table, not where the index is; add the index
    // directory so that "No space left on device" says which disk.
    const std::string where = " (index " + options.index_dir.string() + ")";
    try {
        return Build(options, hooks).run();
    } catch (const Error&) {
        throw;
    } catch (const Xapian::Error&) {
        translate_engine_error(where);
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError(e.what());
    } catch (const std::system_error& e) {
        throw IoError(e.what());
    }
}

}  // namespace detail

}  // namespace dateline
