// The public entry point: runs a Build and translates engine and library exceptions
// into the documented dateline::Error types.
#include <filesystem>
#include <system_error>

#include <xapian.h>

#include <dateline/indexer.hpp>

#include "build.hpp"

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
    try {
        return detail::Build(options).run();
    } catch (const Error&) {
        throw;
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexCorruptError("index error: " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw IoError("index error: " + e.get_description());
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError(e.what());
    } catch (const std::system_error& e) {
        throw IoError(e.what());
    }
}

}  // namespace dateline
