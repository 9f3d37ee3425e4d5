// The small text rules: datelines, title lines, duplicate lines, URL hosts and the content
// hash. (Long words: word_splitter_test.cpp.)
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/schema.hpp>

#include "content_hash.hpp"
#include "dateline_detector.hpp"
#include "document_builder.hpp"
#include "duplicate_lines.hpp"
#include "title_detector.hpp"
#include "url_hosts.hpp"

using namespace dateline::detail;

TEST_CASE("dateline_date: which lines are datelines") {
    struct Row {
        const char* line = nullptr;
        std::optional<std::string> iso;
    };
    const Row rows[] = {
        {"July 4, 2025", "2025-07-04"},
        {"  July 4, 2025  ", "2025-07-04"},
        {"Washington, July 4, 2025 -", "2025-07-04"},
        {"KYIV, Ukraine, 3 July 2025", "2025-07-03"},
        {"2025-07-04", "2025-07-04"},
        {"Published 2025-07-04", std::nullopt},  // prefix without a comma
        {"July 4", std::nullopt},
        {"Thursday", std::nullopt},
        {"February 30, 2025", std::nullopt},
        {"In Washington on a hot summer day, July 4, 2025", std::nullopt},  // too many words
        {"Room 12, July 4, 2025", std::nullopt},                            // digits in the prefix
        {"", std::nullopt},
    };
    for (const auto& row : rows) {
        CAPTURE(row.line);
        const auto date = dateline_date(row.line);
        CHECK((date ? std::optional<std::string>(date->iso()) : std::nullopt) == row.iso);
    }
    // The byte limit: the same dateline followed by a long tail is running text.
    const std::string long_line = "July 4, 2025 " + std::string(kDatelineMaxBytes, 'x');
    CHECK_FALSE(dateline_date(long_line));
}

TEST_CASE("find_dateline looks at the first six non-blank lines only") {
    CHECK(find_dateline("\n\na\n\nb\nc\nd\ne\nf\nJuly 4, 2025\n") == std::nullopt);
    CHECK(find_dateline("a\nb\nc\nd\ne\nJuly 4, 2025\n"));  // the sixth line still counts
    const auto found = find_dateline("\n\na\n\nb\nc\nd\nJuly 4, 2025\n");
    REQUIRE(found);
    CHECK(found->iso() == "2025-07-04");
}

TEST_CASE("detect_title returns the line index") {
    const auto title = detect_title("\n \nHeadline Here\n\nBody.");
    REQUIRE(title);
    CHECK(title->title == "Headline Here");
    CHECK(title->line_index == 2);
    CHECK_FALSE(detect_title(""));
    CHECK_FALSE(detect_title("\n\n"));
    CHECK_FALSE(detect_title(std::string(kTitleMaxBytes + 1, 'x') + "\n\nBody"));
}

TEST_CASE("remove_duplicate_lines") {
    const auto result = remove_duplicate_lines("a b c\nx\na b c\nx\n a b c \n");
    CHECK(result.removed == 2);
    CHECK(result.text == "a b c\nx\nx\n");
    const auto seeded = remove_duplicate_lines("Headline\nBody text here\nHeadline\n", "Headline");
    CHECK(seeded.removed == 2);
    CHECK(seeded.text == "Body text here\n");
}

TEST_CASE("remove_duplicate_sentences: repeats inside a paragraph go, once each") {
    struct Row {
        const char* text;
        const char* kept;
        unsigned removed;
    };
    const Row rows[] = {
        // Three times in one paragraph (issue 13): indexed once.
        {"The talks resumed in Geneva today. The talks resumed in Geneva today. Oil fell. "
         "The talks resumed in Geneva today.",
         "The talks resumed in Geneva today. Oil fell. ", 2},
        // Case, spacing and a hard wrap do not make a sentence new.
        {"The talks resumed in Geneva today.\nBut the talks\nresumed in GENEVA  today!",
         "The talks resumed in Geneva today.\nBut the talks\nresumed in GENEVA  today!", 0},
        {"The talks resumed in Geneva today. Next.\nthe talks resumed in\ngeneva today.\nEnd.",
         "The talks resumed in Geneva today. Next.\nEnd.", 1},
        // A paragraph break after a dropped sentence stays.
        {"One two three four five.\n\nOne two three four five.\n\nSix.",
         "One two three four five.\n\nSix.", 1},
        {"One two three four five.\nOne two three four five.\n\nSix.",
         "One two three four five.\n\nSix.", 1},
        // Short sentences legitimately repeat; an abbreviation does not end a sentence.
        {"He said no. He said no. He said no.", "He said no. He said no. He said no.", 0},
        {"Mr. Smith met Gen. Jones there. Mr. Smith met Gen. Lee there.",
         "Mr. Smith met Gen. Jones there. Mr. Smith met Gen. Lee there.", 0},
        {"", "", 0},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        const auto result = remove_duplicate_sentences(row.text);
        CHECK(result.text == row.kept);
        CHECK(result.removed == row.removed);
    }
}

TEST_CASE("url_host normalizes hosts") {
    struct Row {
        const char* url = nullptr;
        std::optional<std::string> host;
    };
    const Row rows[] = {
        {"https://t.me/news_kremlin/5984", "t.me"},
        {"http://WWW.Example.COM:8080/path?q#f", "example.com"},
        {"https://user:pw@tass.ru/x", "tass.ru"},
        {"https://example.org.", "example.org"},
        {"https://[::1]:80/", "[::1]"},
        {"ftp://example.com", std::nullopt},
        {"https://", std::nullopt},
        {"https://bad host/", std::nullopt},
    };
    for (const auto& row : rows) {
        CAPTURE(row.url);
        CHECK(url_host(row.url) == row.host);
    }
}

TEST_CASE("cited_hosts finds URLs in prose, once each, in order") {
    const std::string text =
        "See https://truthsocial.com/@x/posts/1, and (http://www.tass.ru/a). Also "
        "https://t.me/a and again https://tass.ru/b. Not xhttps://evil.com nor ftp://f.org.";
    CHECK(cited_hosts(text) == std::vector<std::string>{"truthsocial.com", "tass.ru", "t.me"});
}

TEST_CASE("ContentHash is stable FNV-1a and field-separated") {
    ContentHash empty;
    CHECK(empty.hex() == "cbf29ce484222325");  // the FNV-1a 64 offset basis
    ContentHash a;
    a.feed("a");
    CHECK(a.hex() == "af63dc4c8601ec8c");  // published FNV-1a 64 test vector for "a"
    ContentHash x, y;
    x.feed_field("ab");
    x.feed_field("c");
    y.feed_field("a");
    y.feed_field("bc");
    CHECK(x.hex() != y.hex());
    CHECK(x.hex().size() == 16);
}
