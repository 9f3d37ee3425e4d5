// The header block rule as a table: text -> fields and where the body starts.
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "header_parser.hpp"

using dateline::detail::parse_header_block;

TEST_CASE("header block: recognized forms") {
    struct Row {
        const char* name = nullptr;
        const char* text = nullptr;
        std::optional<std::string> date;  // ISO
        std::optional<std::string> source;
        std::optional<std::string> title;
        std::optional<std::string> url;
        std::optional<std::string> author;
        const char* body = nullptr;
    };
    const Row rows[] = {
        {"no header", "Plain body.", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         std::nullopt, "Plain body."},
        {"shipped form: leading space, date and body on one line",
         " date 2025-07-04 The Kremlin has sent", "2025-07-04", std::nullopt, std::nullopt,
         std::nullopt, std::nullopt, "The Kremlin has sent"},
        {"colon form, any key case, ends at blank line",
         "Title: A Headline\nSOURCE: Reuters\nDate: July 4, 2025\n\nBody.", "2025-07-04", "Reuters",
         "A Headline", std::nullopt, std::nullopt, "\nBody."},
        {"colon form ends at the first non-header line", "source: TASS\nBody line one.\n",
         std::nullopt, "TASS", std::nullopt, std::nullopt, std::nullopt, "Body line one.\n"},
        {"leading blank lines are skipped", "\n\n  author: Jane Doe\n\nText", std::nullopt,
         std::nullopt, std::nullopt, std::nullopt, "Jane Doe", "\nText"},
        {"colon-less url shares the line", "url https://x.org/a rest of body", std::nullopt,
         std::nullopt, std::nullopt, "https://x.org/a", std::nullopt, "rest of body"},
        {"colon-less date alone on its line, then more headers",
         "date 2025-07-04\nsource Interfax\nBody.", "2025-07-04", "Interfax", std::nullopt,
         std::nullopt, std::nullopt, "Body."},
        {"colon-less source takes the whole line", "source The Moscow Times\n\nBody", std::nullopt,
         "The Moscow Times", std::nullopt, std::nullopt, std::nullopt, "\nBody"},
        {"colon-less keys must be lower-case", "Source The Moscow Times\n\nBody", std::nullopt,
         std::nullopt, std::nullopt, std::nullopt, std::nullopt, "Source The Moscow Times\n\nBody"},
        {"a colon-less date needs a digit", "date night was fun.", std::nullopt, std::nullopt,
         std::nullopt, std::nullopt, std::nullopt, "date night was fun."},
        {"a colon-less url needs a scheme", "url shorteners hide links.", std::nullopt,
         std::nullopt, std::nullopt, std::nullopt, std::nullopt, "url shorteners hide links."},
        {"unknown colon key ends the block", "Update: ministry says\nMore.", std::nullopt,
         std::nullopt, std::nullopt, std::nullopt, std::nullopt, "Update: ministry says\nMore."},
        {"first occurrence of a key wins", "title: One\ntitle: Two\n\nB", std::nullopt,
         std::nullopt, "One", std::nullopt, std::nullopt, "\nB"},
        {"published: is the date", "Published: 2025-07-04\ntitle: T\n\nB", "2025-07-04",
         std::nullopt, "T", std::nullopt, std::nullopt, "\nB"},
        {"updated: is never the date", "updated: 2025-07-09\ntitle: T\n\nB", std::nullopt,
         std::nullopt, "T", std::nullopt, std::nullopt, "\nB"},
        {"published wins over a later updated", "updated: 2025-07-09\npublished: 2025-07-04\n\nB",
         "2025-07-04", std::nullopt, std::nullopt, std::nullopt, std::nullopt, "\nB"},
        {"colon-less published shares the line", "published 2025-07-04 Body", "2025-07-04",
         std::nullopt, std::nullopt, std::nullopt, std::nullopt, "Body"},
        {"colon-less updated alone on its line", "updated 2025-07-09\nsource TASS\nBody.",
         std::nullopt, "TASS", std::nullopt, std::nullopt, std::nullopt, "Body."},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const auto block = parse_header_block(row.text);
        CHECK((block.date ? std::optional<std::string>(block.date->iso()) : std::nullopt) ==
              row.date);
        CHECK(block.source == row.source);
        CHECK(block.title == row.title);
        CHECK(block.url == row.url);
        CHECK(block.author == row.author);
        CHECK(std::string(block.body) == row.body);
        CHECK(block.warnings.empty());
    }
}

TEST_CASE("header block: unparseable dates are warnings, not errors") {
    const auto colon = parse_header_block("date: 2025-02-30\ntitle: T\n\nBody");
    CHECK_FALSE(colon.date);
    CHECK(colon.title == "T");
    REQUIRE(colon.warnings.size() == 1);
    CHECK(colon.warnings[0] == "bad_date: 2025-02-30");

    const auto colonless = parse_header_block("date 2025-02-30 Body here");
    CHECK_FALSE(colonless.date);
    CHECK(std::string(colonless.body) == "Body here");
    REQUIRE(colonless.warnings.size() == 1);
    CHECK(colonless.warnings[0] == "bad_date: 2025-02-30");
}
