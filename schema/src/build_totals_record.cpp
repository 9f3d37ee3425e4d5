#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include <dateline/build_totals_record.hpp>

namespace dateline::schema {

namespace {

using Json = nlohmann::json;

// Keys in one table, so that the encoder and the decoder cannot disagree about them.
struct CountKey {
    const char* name;
    std::uint64_t BuildTotals::*member;
};
constexpr CountKey kCounts[] = {
    {"generation", &BuildTotals::generation}, {"documents", &BuildTotals::documents},
    {"inputs", &BuildTotals::inputs},         {"indexed", &BuildTotals::indexed},
    {"replaced", &BuildTotals::replaced},     {"unchanged", &BuildTotals::unchanged},
    {"deleted", &BuildTotals::deleted},       {"rejected", &BuildTotals::rejected},
    {"skipped", &BuildTotals::skipped},       {"warnings", &BuildTotals::warnings},
    {"stories", &BuildTotals::stories},
};
constexpr const char* kRebuild = "rebuild";
constexpr const char* kRejectedReasons = "rejected_reasons";
constexpr const char* kSkippedReasons = "skipped_reasons";

std::optional<std::map<std::string, std::uint64_t>> reason_counts(const Json& value) {
    if (!value.is_object()) return std::nullopt;
    std::map<std::string, std::uint64_t> counts;
    for (const auto& [reason, count] : value.items()) {
        if (!count.is_number_unsigned()) return std::nullopt;
        counts.emplace(reason, count.get<std::uint64_t>());
    }
    return counts;
}

}  // namespace

std::string encode_build_totals(const BuildTotals& totals) {
    // nlohmann::json objects are ordered maps: the keys come out sorted, so the text is
    // deterministic.
    Json json = Json::object();
    for (const auto& key : kCounts) json[key.name] = totals.*key.member;
    json[kRebuild] = totals.rebuild;
    json[kRejectedReasons] = totals.rejected_reasons;
    json[kSkippedReasons] = totals.skipped_reasons;
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<BuildTotals> decode_build_totals(std::string_view text) {
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object()) return std::nullopt;
    BuildTotals totals;
    for (const auto& key : kCounts) {
        const auto found = json.find(key.name);
        if (found == json.end() || !found->is_number_unsigned()) return std::nullopt;
        totals.*key.member = found->get<std::uint64_t>();
    }
    const auto rebuild = json.find(kRebuild);
    if (rebuild == json.end() || !rebuild->is_boolean()) return std::nullopt;
    totals.rebuild = rebuild->get<bool>();
    const auto rejected = json.find(kRejectedReasons);
    const auto skipped = json.find(kSkippedReasons);
    if (rejected == json.end() || skipped == json.end()) return std::nullopt;
    auto rejected_counts = reason_counts(*rejected);
    auto skipped_counts = reason_counts(*skipped);
    if (!rejected_counts || !skipped_counts) return std::nullopt;
    totals.rejected_reasons = std::move(*rejected_counts);
    totals.skipped_reasons = std::move(*skipped_counts);
    return totals;
}

}  // namespace dateline::schema
