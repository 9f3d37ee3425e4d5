// Fuzz target for the date parsers (reliability matrix FZ-3).
// Invariants: never crash; every date found is valid; parse(format(d)) == d.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <dateline/calendar_date.hpp>
#include <dateline/normalize.hpp>

namespace {
void require(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text =
        dateline::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size)).text;
    for (const auto& parsed :
         {dateline::parse_written_date(text), dateline::parse_iso_date(text)}) {
        if (!parsed) continue;
        require(dateline::CalendarDate::is_valid(parsed->year, parsed->month, parsed->day));
        require(dateline::parse_iso_date(parsed->iso()) == parsed);
        require(dateline::parse_compact_date(parsed->compact()) == parsed);
    }
    if (const auto found = dateline::find_date_in_line(text)) {
        require(
            dateline::CalendarDate::is_valid(found->date.year, found->date.month, found->date.day));
        require(found->offset + found->length <= text.size());
    }
    return 0;
}
