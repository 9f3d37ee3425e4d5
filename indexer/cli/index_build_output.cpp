#include "index_build_output.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <sstream>

#include <dateline/display_escape.hpp>

#include "index_build_options.hpp"

namespace dateline::index_build {

namespace {

std::string duration(double seconds) {
    char buffer[48];
    if (seconds < 60) {
        std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
    } else {
        const auto total = static_cast<long long>(seconds);
        if (total >= 3600) {
            std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", total / 3600, (total % 3600) / 60);
        } else {
            std::snprintf(buffer, sizeof buffer, "%lldm%02llds", total / 60, total % 60);
        }
    }
    return buffer;
}

std::string bytes_human(std::uint64_t bytes) {
    char buffer[48];
    const auto b = static_cast<double>(bytes);
    if (bytes < 1024) {
        std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
    } else if (bytes < std::uint64_t{1024} * 1024) {
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", b / 1024);
    } else if (bytes < 1024ULL * 1024 * 1024) {
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", b / (1024 * 1024));
    } else {
        std::snprintf(buffer, sizeof buffer, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    }
    return buffer;
}

std::string reason_list(const std::map<std::string, std::uint64_t>& counts) {
    std::string out;
    for (const auto& [reason, count] : counts) {
        if (!out.empty()) out += ", ";
        out += std::to_string(count) + " " + reason;
    }
    return out;
}

}  // namespace

std::string progress_line(const BuildProgress& p) {
    std::ostringstream out;
    out << "indexing: " << p.files_done << "/" << p.files_total << " files, " << p.documents
        << " docs";
    if (p.elapsed_seconds > 0) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%.1f",
                      static_cast<double>(p.documents) / p.elapsed_seconds);
        out << ", " << rate << " docs/s";
    }
    if (p.bytes_total > 0) {
        const double fraction =
            static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
        out << ", " << static_cast<int>(std::floor(fraction * 100)) << "%";
        if (fraction > 0 && fraction < 1 && p.elapsed_seconds > 0.5) {
            out << ", ETA " << duration(p.elapsed_seconds * (1 - fraction) / fraction);
        }
    }
    return out.str();
}

std::vector<std::string> problem_lines(const BuildReport& report, bool verbose) {
    std::vector<std::string> lines;
    for (const auto& input : report.inputs) {
        const bool rejected = input.outcome == InputOutcome::kRejected;
        if (rejected || (verbose && input.outcome == InputOutcome::kSkipped)) {
            std::string line =
                std::string(to_string(input.outcome)) + ": " + input.input + ": " + input.reason;
            if (!input.detail.empty()) line += " (" + input.detail + ")";
            lines.push_back(std::move(line));
        }
        if (verbose) {
            for (const auto& warning : input.warnings) {
                lines.push_back("warning: " + input.input + ": " + warning);
            }
        }
    }
    if (verbose) {
        for (const auto& notice : report.notices) lines.push_back("warning: " + notice);
    }
    return lines;
}

std::string human_summary(const BuildReport& report, const std::filesystem::path& index_dir) {
    const BuildTotals totals = totals_of(report);
    std::ostringstream out;
    out << (report.rebuild ? "Rebuilt " : "Updated ") << escape_for_display(index_dir.string())
        << ": " << report.indexed << " indexed, " << report.replaced << " replaced, "
        << report.unchanged << " unchanged, " << report.deleted << " deleted, " << report.rejected
        << " rejected";
    if (report.rejected > 0) out << " (" << reason_list(totals.rejected_reasons) << ")";
    out << ", " << report.skipped << " skipped";
    if (report.skipped > 0) out << " (" << reason_list(totals.skipped_reasons) << ")";
    out << ".\n";
    if (report.warnings > 0) out << report.warnings << " warnings.\n";
    if (report.published) {
        out << "Published generation " << report.generation << ": ";
    } else {
        out << "Nothing changed; generation " << report.generation << " stays published: ";
    }
    out << report.documents << " documents";
    if (report.shards > 1) out << " in " << report.shards << " shards";
    out << " (" << report.documents << " reports in " << report.stories << " stories)";
    out << ", " << bytes_human(report.index_bytes) << ", " << duration(report.elapsed_seconds)
        << ".\n";
    return out.str();
}

nlohmann::json summary_json(const BuildReport& report, const std::filesystem::path& index_dir) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& input : report.inputs) {
        const bool notable = input.outcome == InputOutcome::kRejected ||
                             input.outcome == InputOutcome::kSkipped || !input.warnings.empty();
        if (!notable) continue;
        nlohmann::json p = {{"input", input.input},
                            {"outcome", std::string(to_string(input.outcome))},
                            {"warnings", input.warnings}};
        p["id"] = input.id.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.id);
        p["reason"] = input.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.reason);
        p["detail"] = input.detail.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.detail);
        problems.push_back(std::move(p));
    }
    const BuildTotals totals = totals_of(report);
    return {
        {"format", "dateline.index_build"},
        {"version", kJsonFormatVersion},
        {"index", index_dir.string()},
        {"rebuild", report.rebuild},
        {"published", report.published},
        {"generation", report.generation},
        {"documents", report.documents},
        {"stories", report.stories},
        {"shards", report.shards},
        {"index_bytes", report.index_bytes},
        {"seconds", report.elapsed_seconds},
        {"counts",
         {{"inputs", report.document_inputs()},
          {"indexed", report.indexed},
          {"replaced", report.replaced},
          {"unchanged", report.unchanged},
          {"deleted", report.deleted},
          {"rejected", report.rejected},
          {"skipped", report.skipped},
          {"warnings", report.warnings}}},
        {"rejected_reasons", totals.rejected_reasons},
        {"skipped_reasons", totals.skipped_reasons},
        {"deleted_ids", report.deleted_ids},
        {"synonym_groups", report.synonym_groups},
        {"notices", report.notices},
        {"problems", problems},
    };
}

int exit_code_for(const BuildReport& report) noexcept {
    return report.rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace dateline::index_build
