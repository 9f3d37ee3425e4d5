// The public entry point: runs a Build and translates engine and library exceptions
// into the documented dateline::Error types.
#include <filesystem>
#include <system_error>

#include <xapian.h>

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

BuildReport build_index(const BuildOptions& options) {
    // Engine messages name a block or a table, not where the index is; add the index
    // directory so that "No space left on device" says which disk.
    const std::string where = " (index " + options.index_dir.string() + ")";
    try {
        return detail::Build(options).run();
    } catch (const Error&) {
        throw;
    } catch (const Xapian::Error&) {
        detail::translate_engine_error(where);
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError(e.what());
    } catch (const std::system_error& e) {
        throw IoError(e.what());
    }
}

}  // namespace dateline
