// Metadata extraction as tables: input text -> expected title, date, provenance, source.
// The first table is the shipped corpus (issue 3's acceptance criteria); the others pin
// each rule with crafted texts.
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/normalize.hpp>
#include <dateline/stored_document.hpp>

#include "metadata_extractor.hpp"
#include "test_support.hpp"

using dateline::SourceOrigin;
using dateline::StoredDocument;
using dateline::TitleSource;
using dateline::detail::extract_metadata;
using dateline::detail::ExtractOptions;
using dateline::schema::DateSource;

namespace {

// The indexer's text pipeline: repair, normalize, extract.
StoredDocument extract(std::string_view raw, const ExtractOptions& options = {}) {
    return extract_metadata(dateline::normalize_text(dateline::repair_utf8(raw).text), options);
}

std::string read_shipped(const std::string& name) {
    std::ifstream in(dateline::test::shipped_data() / name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

bool has_warning_starting(const StoredDocument& doc, std::string_view prefix) {
    for (const auto& w : doc.warnings) {
        if (w.starts_with(prefix)) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("shipped corpus: dates, titles and sources") {
    struct Row {
        const char* file = nullptr;
        std::optional<std::string> date;
        DateSource date_source{};
        std::optional<std::string> title;
        TitleSource title_source{};
    };
    const Row rows[] = {
        {"000_7fb5b8740cff7664.txt", "2025-07-04", DateSource::kHeader, std::nullopt,
         TitleSource::kNone},
        {"001_c031bf12cc7e4d47.txt", "2025-07-04", DateSource::kHeader, std::nullopt,
         TitleSource::kNone},
        {"002_9cc9a15218a27157.txt", std::nullopt, DateSource::kNone, std::nullopt,
         TitleSource::kNone},
        {"003_f12a307bb183d36d.txt", "2025-07-04", DateSource::kDateline,
         "Trump, Putin Hold Tense Call as Ukraine War Rages On", TitleSource::kText},
        {"004_ac52df019be037b2.txt", "2025-07-04", DateSource::kDateline,
         "Trump says no progress made on Ukraine war during phone call with Putin - "
         "\"Prolonged war is not a happy situation\"",
         TitleSource::kText},
    };
    for (const auto& row : rows) {
        CAPTURE(row.file);
        const StoredDocument doc = extract(read_shipped(row.file));
        CHECK(doc.date == row.date);
        CHECK(doc.date_source == row.date_source);
        CHECK(doc.title == row.title);
        CHECK(doc.title_source == row.title_source);
        // The files sit directly in the data root and carry no source header.
        CHECK(doc.source == "unknown");
        CHECK(doc.source_origin == SourceOrigin::kNone);
        CHECK(doc.warnings.empty());
        CHECK_FALSE(doc.text.empty());
    }
}

TEST_CASE("shipped corpus: bodies") {
    SUBCASE("000 and 001: the header line is not part of the body") {
        const StoredDocument d0 = extract(read_shipped("000_7fb5b8740cff7664.txt"));
        CHECK(d0.text.starts_with("The Kremlin has sent the American government"));
        const StoredDocument d1 = extract(read_shipped("001_c031bf12cc7e4d47.txt"));
        CHECK(d1.text.starts_with("President Donald Trump called Russian President"));
    }
    SUBCASE("002 cites three hosts") {
        const StoredDocument doc = extract(read_shipped("002_9cc9a15218a27157.txt"));
        CHECK(doc.cited_hosts == std::vector<std::string>{"t.me", "tass.ru", "truthsocial.com"});
    }
    SUBCASE("003: the title line is removed, the dateline stays") {
        const StoredDocument doc = extract(read_shipped("003_f12a307bb183d36d.txt"));
        CHECK(doc.text.starts_with("July 4, 2025"));
        CHECK(doc.text.find("Rages On") == std::string::npos);
    }
    SUBCASE("004: the repeated title and paragraph are indexed once") {
        const StoredDocument doc = extract(read_shipped("004_ac52df019be037b2.txt"));
        CHECK(doc.duplicate_lines_removed >= 2);
        CHECK(doc.text.find("Prolonged war") == std::string::npos);
        const std::string paragraph = "President Donald Trump said Thursday that his phone";
        const auto first = doc.text.find(paragraph);
        REQUIRE(first != std::string::npos);
        CHECK(doc.text.find(paragraph, first + 1) == std::string::npos);
        CHECK(doc.text.find("Washington, July 4, 2025 -") != std::string::npos);
    }
}

TEST_CASE("dates: header, dateline, precedence and rejection") {
    struct Row {
        const char* name = nullptr;
        const char* text = nullptr;
        std::optional<std::string> date;
        DateSource source{};
        bool bad_date_warning = false;
    };
    const Row rows[] = {
        {"colon header, ISO", "Date: 2025-07-04\n\nBody text here.", "2025-07-04",
         DateSource::kHeader, false},
        {"colon header, written", "date: July 4, 2025\nBody text.", "2025-07-04",
         DateSource::kHeader, false},
        {"colon header, day first", "DATE: 4 July 2025\nBody text.", "2025-07-04",
         DateSource::kHeader, false},
        {"colon-less header shares the line", "date 2025-07-04 Body starts here.", "2025-07-04",
         DateSource::kHeader, false},
        {"impossible header date falls through to the dateline",
         "date: 2025-02-30\n\nJuly 4, 2025\n\nBody.", "2025-07-04", DateSource::kDateline, true},
        {"impossible header date, no dateline: undated", "date: February 30, 2025\n\nBody.",
         std::nullopt, DateSource::kNone, true},
        {"colon-less impossible date is a warning", "date 2025-13-01 Body text.", std::nullopt,
         DateSource::kNone, true},
        {"dateline: written date alone", "Title Line\n\nJuly 4, 2025\n\nBody.", "2025-07-04",
         DateSource::kDateline, false},
        {"dateline: place prefix", "Washington, July 4, 2025 - The president said.", "2025-07-04",
         DateSource::kDateline, false},
        {"dateline: day first", "4 July 2025\nBody text.", "2025-07-04", DateSource::kDateline,
         false},
        {"dateline: ISO", "2025-07-04\nBody text.", "2025-07-04", DateSource::kDateline, false},
        {"dateline: RFC 2822", "Fri, 04 Jul 2025 10:00:00 +0000\n\nBody text.", "2025-07-04",
         DateSource::kDateline, false},
        {"a date in running text is not a dateline",
         "The talks, which began on July 4, 2025 in Geneva according to several officials who "
         "asked not to be named, went on.",
         std::nullopt, DateSource::kNone, false},
        {"a date beyond the first six lines is ignored",
         "one\ntwo\nthree\nfour\nfive\nsix\nJuly 4, 2025\nseven", std::nullopt, DateSource::kNone,
         false},
        {"partial dates are ignored", "July 4\n\nOn Thursday the leaders spoke.", std::nullopt,
         DateSource::kNone, false},
        {"month and year only is partial", "July 2025\n\nBody.", std::nullopt, DateSource::kNone,
         false},
        {"weekday names are not dates", "Thursday\n\nThe call happened on Thursday.", std::nullopt,
         DateSource::kNone, false},
        {"long place prefix is not a place", "In a statement released late on Friday, July 4, 2025",
         std::nullopt, DateSource::kNone, false},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const StoredDocument doc = extract(row.text);
        CHECK(doc.date == row.date);
        CHECK(doc.date_source == row.source);
        CHECK(has_warning_starting(doc, "bad_date: ") == row.bad_date_warning);
    }
}

TEST_CASE("bad_date warning carries the raw value") {
    const StoredDocument doc = extract("date: 2025-02-30\nBody.");
    REQUIRE(doc.warnings.size() == 1);
    CHECK(doc.warnings[0] == "bad_date: 2025-02-30");
}

TEST_CASE("titles") {
    struct Row {
        const char* name = nullptr;
        const char* text = nullptr;
        std::optional<std::string> title;
        TitleSource source{};
    };
    const Row rows[] = {
        {"header title", "title: Talks Resume\n\nBody.", "Talks Resume", TitleSource::kHeader},
        {"colon-less header title takes the rest of the line",
         "title Talks Resume in Geneva\nsource Reuters\n\nBody.", "Talks Resume in Geneva",
         TitleSource::kHeader},
        {"short line followed by a blank line", "Talks Resume\n\nBody text here.", "Talks Resume",
         TitleSource::kText},
        {"short line repeated later", "Talks Resume\nBody text.\nTalks Resume\n", "Talks Resume",
         TitleSource::kText},
        {"a sentence is not a title", "The talks resumed today.\n\nMore.", std::nullopt,
         TitleSource::kNone},
        {"ends with a comma", "Talks resumed,\n\nMore.", std::nullopt, TitleSource::kNone},
        {"ends with a semicolon", "Talks resumed;\n\nMore.", std::nullopt, TitleSource::kNone},
        {"not followed by a blank line", "Talks Resume\nBody text.\n", std::nullopt,
         TitleSource::kNone},
        {"too many words",
         "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree "
         "twentyfour twentyfive twentysix\n\nBody.",
         std::nullopt, TitleSource::kNone},
        {"a bare dateline is not a title", "July 4, 2025\n\nBody.", std::nullopt,
         TitleSource::kNone},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const StoredDocument doc = extract(row.text);
        CHECK(doc.title == row.title);
        CHECK(doc.title_source == row.source);
    }
}

TEST_CASE("sources: header, folder, unknown") {
    ExtractOptions in_folder;
    in_folder.folder_source = "reuters";
    CHECK(extract("Body text.", in_folder).source == "reuters");
    CHECK(extract("Body text.", in_folder).source_origin == SourceOrigin::kFolder);

    const StoredDocument header = extract("source: The Moscow Times\n\nBody.", in_folder);
    CHECK(header.source == "The Moscow Times");
    CHECK(header.source_origin == SourceOrigin::kHeader);

    const StoredDocument none = extract("Body text.");
    CHECK(none.source == "unknown");
    CHECK(none.source_origin == SourceOrigin::kNone);
}

TEST_CASE("manifest overrides the file's own metadata") {
    dateline::detail::ManifestRow row;
    row.date = "4 July 2025";
    row.source = "TASS";
    row.title = "From the manifest";
    row.url = "https://www.tass.ru/x";
    row.author = "A. Writer";
    ExtractOptions options;
    options.manifest = &row;
    options.folder_source = "folder";
    const StoredDocument doc =
        extract("date: 2024-01-01\nsource: Header Source\ntitle: Header Title\n\nBody.", options);
    CHECK(doc.date == "2025-07-04");
    CHECK(doc.date_source == DateSource::kManifest);
    CHECK(doc.title == "From the manifest");
    CHECK(doc.title_source == TitleSource::kManifest);
    CHECK(doc.source == "TASS");
    CHECK(doc.source_origin == SourceOrigin::kManifest);
    CHECK(doc.url == "https://www.tass.ru/x");
    CHECK(doc.author == "A. Writer");

    SUBCASE("a bad manifest date falls through to the header") {
        row.date = "yesterday";
        const StoredDocument d = extract("date: 2024-01-01\n\nBody.", options);
        CHECK(d.date == "2024-01-01");
        CHECK(d.date_source == DateSource::kHeader);
        CHECK(has_warning_starting(d, "bad_date: yesterday"));
    }
}

TEST_CASE("JSON records: fields with provenance, no header parsing") {
    dateline::detail::JsonArticle article;
    article.title = "JSON Title";
    article.date = "2025-07-04T10:00:00Z";
    article.source = "Meduza";
    article.author = "Staff";
    article.url = "https://meduza.io/en/news";
    ExtractOptions options;
    options.parse_header = false;
    options.json = &article;
    const StoredDocument doc = extract("date: 2020-01-01\nBody text.", options);
    CHECK(doc.date == "2025-07-04");
    CHECK(doc.date_source == DateSource::kJson);
    CHECK(doc.title == "JSON Title");
    CHECK(doc.title_source == TitleSource::kJson);
    CHECK(doc.source == "Meduza");
    CHECK(doc.source_origin == SourceOrigin::kJson);
    CHECK(doc.author == "Staff");
    CHECK(doc.text == "date: 2020-01-01\nBody text.");  // not a header in a JSON body

    SUBCASE("a JSON record without a date falls back to its dateline") {
        article.date.reset();
        const StoredDocument d = extract("Kyiv, 3 July 2025\nBody.", options);
        CHECK(d.date == "2025-07-03");
        CHECK(d.date_source == DateSource::kDateline);
    }
}

TEST_CASE("duplicate lines are counted and dropped") {
    const StoredDocument doc = extract(
        "First line of the story.\nA repeated line here.\nMiddle.\nA repeated line here.\n"
        "  A repeated line here.  \nShort one\nShort one\n");
    CHECK(doc.duplicate_lines_removed == 2);
    CHECK(doc.text ==
          "First line of the story.\nA repeated line here.\nMiddle.\nShort one\nShort one");
}

TEST_CASE("header fields: url and author") {
    const StoredDocument doc =
        extract("url https://example.com/a Body begins.\n", ExtractOptions{});
    CHECK(doc.url == "https://example.com/a");
    CHECK(doc.text == "Body begins.");
    const StoredDocument d2 = extract("Author: Jane Doe\nURL: https://x.org\n\nText.");
    CHECK(d2.author == "Jane Doe");
    CHECK(d2.url == "https://x.org");
}
