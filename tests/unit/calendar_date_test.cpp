#include <optional>
#include <string>

#include <doctest/doctest.h>

#include <dateline/calendar_date.hpp>

using dateline::CalendarDate;
using dateline::find_date_in_line;
using dateline::parse_iso_date;
using dateline::parse_written_date;

TEST_CASE("CalendarDate validity, forms and day numbers") {
    CHECK(CalendarDate::is_valid(2024, 2, 29));
    CHECK_FALSE(CalendarDate::is_valid(2025, 2, 29));
    CHECK_FALSE(CalendarDate::is_valid(1900, 2, 29));
    CHECK(CalendarDate::is_valid(2000, 2, 29));
    CHECK_FALSE(CalendarDate::is_valid(2025, 13, 1));
    CHECK_FALSE(CalendarDate::is_valid(2025, 4, 31));
    CHECK_FALSE(CalendarDate::is_valid(0, 1, 1));
    const CalendarDate d{2025, 7, 4};
    CHECK(d.iso() == "2025-07-04");
    CHECK(d.compact() == "20250704");
    CHECK(CalendarDate{1970, 1, 1}.days_since_epoch() == 0);
    CHECK(d.days_since_epoch() == 20273);
    CHECK(CalendarDate{1969, 12, 31}.days_since_epoch() == -1);
    CHECK(CalendarDate{2025, 7, 3} < d);
}

TEST_CASE("parse_iso_date accepts only complete, possible dates") {
    CHECK(parse_iso_date("2025-07-04") == CalendarDate{2025, 7, 4});
    CHECK(parse_iso_date("20250704") == CalendarDate{2025, 7, 4});
    CHECK_FALSE(parse_iso_date("2025-02-30"));
    CHECK_FALSE(parse_iso_date("2025-7-4"));
    CHECK_FALSE(parse_iso_date("2025-07"));
    CHECK_FALSE(parse_iso_date("2025-07-04x"));
    CHECK_FALSE(parse_iso_date(""));
}

TEST_CASE("parse_written_date: the forms news text uses") {
    struct Row {
        const char* text = nullptr;
        std::optional<CalendarDate> expected;
    };
    const CalendarDate jul4{2025, 7, 4};
    const Row rows[] = {
        {"2025-07-04", jul4},
        {" 2025-07-04 ", jul4},
        {"2025-07-04T10:00:00Z", jul4},
        {"2025-07-04T23:59:59+02:00", jul4},
        {"July 4, 2025", jul4},
        {"july 4, 2025", jul4},
        {"Jul 4, 2025", jul4},
        {"Jul. 4, 2025", jul4},
        {"4 July 2025", jul4},
        {"Friday, July 4, 2025", jul4},
        {"Fri, 04 Jul 2025 10:00:00 +0000", jul4},
        {"Fri, 04 Jul 2025 23:30:00 -0500", jul4},  // the date as written, not as UTC
        {"February 29, 2024", CalendarDate{2024, 2, 29}},
        // Rejected: impossible, partial, two-digit years, junk.
        {"February 30, 2025", std::nullopt},
        {"2025-02-30", std::nullopt},
        {"July 4", std::nullopt},
        {"July 2025", std::nullopt},
        {"July 4, 25", std::nullopt},
        {"Thursday", std::nullopt},
        {"July 4, 2025 and more", std::nullopt},
        {"", std::nullopt},
        {"yesterday", std::nullopt},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        CHECK(parse_written_date(row.text) == row.expected);
    }
}

TEST_CASE("find_date_in_line locates datelines") {
    const CalendarDate jul4{2025, 7, 4};
    SUBCASE("after a place name") {
        const std::string line = "Washington, July 4, 2025 \u2014";
        const auto found = find_date_in_line(line);
        REQUIRE(found);
        CHECK(found->date == jul4);
        CHECK(line.substr(found->offset, found->length) == "July 4, 2025");
    }
    SUBCASE("alone on its line") {
        const auto found = find_date_in_line("July 4, 2025");
        REQUIRE(found);
        CHECK(found->offset == 0);
    }
    SUBCASE("ISO inside text") {
        const auto found = find_date_in_line("Updated 2025-07-04 at noon");
        REQUIRE(found);
        CHECK(found->date == jul4);
        CHECK(found->offset == 8);
    }
    SUBCASE("day-month-year") {
        const auto found = find_date_in_line("LONDON, 4 July 2025 -");
        REQUIRE(found);
        CHECK(found->date == jul4);
    }
    SUBCASE("no full date") {
        CHECK_FALSE(find_date_in_line("Ushakov said Putin congratulated Trump on July 4."));
        CHECK_FALSE(find_date_in_line("Thursday, with the Kremlin describing the call"));
        CHECK_FALSE(find_date_in_line("since 2022, the war"));
        CHECK_FALSE(find_date_in_line(""));
    }
    SUBCASE("impossible date is not a date") {
        CHECK_FALSE(find_date_in_line("Moscow, February 30, 2025 -"));
    }
}
