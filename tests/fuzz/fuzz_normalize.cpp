// Fuzz target for text normalization. Invariants: never crash; the output is valid
// UTF-8; normalization is idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <dateline/normalize.hpp>

namespace {
void require(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto repaired =
        dateline::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
    require(dateline::repair_utf8(repaired.text).replaced_sequences == 0);
    const std::string once = dateline::normalize_text(repaired.text);
    require(dateline::repair_utf8(once).replaced_sequences == 0);
    require(dateline::normalize_text(once) == once);
    const std::string folded = dateline::fold_case(repaired.text);
    require(dateline::fold_case(folded) == folded);
    return 0;
}
