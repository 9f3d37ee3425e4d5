// Fuzz target for JSON Lines records and manifest rows (issue 12: nesting depth).
// Invariants: never crash (70,000 nested arrays once overflowed the stack while the
// extra fields were re-serialized); a record nested deeper than kMaxInputNestingDepth is
// rejected with the nesting reason; an accepted record's extra fields parse back as a
// JSON object; every string out is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <dateline/input_limits.hpp>
#include <dateline/normalize.hpp>

#include "json_depth.hpp"
#include "jsonl_reader.hpp"
#include "manifest.hpp"

namespace {
void require(bool ok) {
    if (!ok) std::abort();
}

bool valid_utf8(std::string_view s) { return dateline::repair_utf8(s).replaced_sequences == 0; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    const auto result = dateline::detail::parse_jsonl_record(line);
    const bool too_deep =
        dateline::detail::json_too_deep_at(line, dateline::schema::kMaxInputNestingDepth)
            .has_value();
    if (too_deep) {
        require(!result.article);
        require(result.error.find(dateline::schema::nesting_too_deep_detail()) == 0);
    }
    if (result.article) {
        const auto& article = *result.article;
        if (!article.extra_json.empty()) {
            const auto extra = nlohmann::json::parse(article.extra_json, nullptr, false);
            require(!extra.is_discarded() && extra.is_object());
        }
        for (const auto* field : {&article.id, &article.title, &article.body, &article.date,
                                  &article.source, &article.url, &article.author}) {
            if (*field) require(valid_utf8(**field));
        }
    }
    const auto manifest = dateline::detail::parse_manifest_jsonl(line, "manifest.jsonl");
    for (const auto& [key, row] : manifest.rows) {
        require(!key.starts_with('/') && !key.starts_with("../"));
    }
    return 0;
}
