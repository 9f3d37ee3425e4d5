#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/errors.hpp>
#include <dateline/host_names.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>
#include <dateline/version.hpp>

namespace schema = dateline::schema;

TEST_CASE("make_term keeps short terms and hashes long ones under Xapian's limit") {
    CHECK(schema::make_term("XSRC", "reuters") == "XSRCreuters");

    const std::string long_url(400, 'a');
    const std::string term = schema::make_term("XCITE", long_url);
    CHECK(term.size() <= schema::kMaxTermBytes);
    CHECK(term.starts_with("XCITEaaaa"));
    // Distinct long values stay distinct; equal values hash alike.
    CHECK(schema::make_term("XCITE", long_url + "b") != term);
    CHECK(schema::make_term("XCITE", long_url) == term);

    SUBCASE("exactly at the limit is kept verbatim") {
        const std::string value(schema::kMaxTermBytes - 1, 'x');
        CHECK(schema::make_term("Q", value) == "Q" + value);
        CHECK(schema::make_term("Q", value + "x").size() <= schema::kMaxTermBytes);
    }
    SUBCASE("NUL bytes never reach a term") {
        const std::string t = schema::make_term("Q", std::string("a\0b", 3));
        CHECK(t.find('\0') == std::string::npos);
        CHECK(t != schema::make_term("Q", "ab"));
    }
    SUBCASE("hashing never splits a UTF-8 sequence") {
        std::string value;
        while (value.size() < 300) value += "\u00E9";  // 2-byte sequences
        const std::string t = schema::make_term("S", value);
        const auto head = t.substr(1, t.find('#') - 1);
        CHECK(head.size() % 2 == 0);
    }
}

TEST_CASE("source_key folds case and spacing") {
    CHECK(schema::source_key("The  Moscow\tTimes ") == "the moscow times");
    CHECK(schema::source_key("REUTERS") == schema::source_key("Reuters"));
}

TEST_CASE("the field table names every query field once") {
    REQUIRE(schema::find_field("title") != nullptr);
    CHECK(schema::find_field("title")->prefix == schema::prefix::kTitle);
    CHECK(schema::find_field("source")->kind == schema::FieldKind::kBoolean);
    CHECK(schema::find_field("date")->kind == schema::FieldKind::kDate);
    CHECK(schema::find_field("Title") == nullptr);
    CHECK(schema::find_field("foo") == nullptr);
    CHECK(schema::kTitleWeight > schema::kBodyWeight);
}

TEST_CASE("date source names round-trip") {
    using schema::DateSource;
    for (auto s : {DateSource::kHeader, DateSource::kJson, DateSource::kManifest,
                   DateSource::kDateline, DateSource::kNone}) {
        CHECK(schema::parse_date_source(schema::to_string(s)) == s);
    }
    CHECK_FALSE(schema::parse_date_source("mtime"));
}

TEST_CASE("StoredDocument encodes and decodes every field") {
    dateline::StoredDocument doc;
    doc.id = "nested/a.txt";
    doc.path = "nested/a.txt";
    doc.title = "A \"quoted\" title";
    doc.title_source = dateline::TitleSource::kText;
    doc.date = "2025-07-04";
    doc.date_source = schema::DateSource::kDateline;
    doc.source = "The Moscow Times";
    doc.source_origin = dateline::SourceOrigin::kFolder;
    doc.cited_hosts = {"tass.ru", "t.me"};
    doc.duplicate_lines_removed = 3;
    doc.warnings = {"invalid_utf8: 1 sequence replaced"};
    doc.text = "Body\nwith lines";
    doc.extra_json = R"({"section":"world"})";

    const auto back = dateline::StoredDocument::decode(doc.encode());
    CHECK(back.id == doc.id);
    CHECK(back.path == doc.path);
    CHECK_FALSE(back.url);
    CHECK(back.title == doc.title);
    CHECK(back.title_source == doc.title_source);
    CHECK(back.date == doc.date);
    CHECK(back.date_source == doc.date_source);
    CHECK(back.source == doc.source);
    CHECK(back.source_origin == doc.source_origin);
    CHECK(back.cited_hosts == doc.cited_hosts);
    CHECK(back.duplicate_lines_removed == 3);
    CHECK(back.warnings == doc.warnings);
    CHECK(back.text == doc.text);
    CHECK(back.extra_json == R"({"section":"world"})");
}

TEST_CASE("StoredDocument::decode rejects what is not a stored document") {
    CHECK_THROWS_AS((void)dateline::StoredDocument::decode("not json"),
                    dateline::IndexCorruptError);
    CHECK_THROWS_AS((void)dateline::StoredDocument::decode("{}"), dateline::IndexCorruptError);
    CHECK_THROWS_AS((void)dateline::StoredDocument::decode(R"({"id":5})"),
                    dateline::IndexCorruptError);
}

TEST_CASE("StoredDocument keeps the body raw after the header and extras lines") {
    dateline::StoredDocument doc;
    doc.id = "a";
    doc.text = "Line one \"quoted\"\n\nLine {two} \\ \u00E9";
    const std::string data = doc.encode();
    // A header line and an extras line, then the body byte for byte: no escaping to undo.
    const auto body_start = data.find('\n', data.find('\n') + 1) + 1;
    CHECK(data.substr(body_start) == doc.text);
    CHECK(dateline::StoredDocument::decode(data).text == doc.text);

    SUBCASE("a truncated body is corruption, not a shorter document") {
        CHECK_THROWS_AS((void)dateline::StoredDocument::decode(data.substr(0, data.size() - 1)),
                        dateline::IndexCorruptError);
    }
    SUBCASE("a header without a body separator is corruption") {
        CHECK_THROWS_AS((void)dateline::StoredDocument::decode(data.substr(0, data.find('\n'))),
                        dateline::IndexCorruptError);
    }
    SUBCASE("an empty body") {
        doc.text.clear();
        CHECK(dateline::StoredDocument::decode(doc.encode()).text.empty());
    }
}

TEST_CASE("version(): the linked library's version is the headers' DATELINE_VERSION_*") {
    const std::string expected = std::to_string(DATELINE_VERSION_MAJOR) + '.' +
                                 std::to_string(DATELINE_VERSION_MINOR) + '.' +
                                 std::to_string(DATELINE_VERSION_PATCH);
    CHECK(dateline::version() == expected);
    CHECK(dateline::version() == DATELINE_VERSION_STRING);
    // project(Dateline VERSION ...) in CMakeLists.txt; the package tests compare it with
    // pkg-config's --modversion and the installed library's answer.
    CHECK(expected == DATELINE_TEST_PROJECT_VERSION);
}

TEST_CASE("normalize_host: the one host rule of site: and cites:, both sides") {
    using dateline::schema::normalize_host;
    CHECK(normalize_host("WWW.Reuters.COM.") == "reuters.com");
    CHECK(normalize_host("uk.reuters.com") == "uk.reuters.com");
    CHECK(normalize_host("www.www.example.com") == "www.example.com");
    CHECK(normalize_host("[::1]") == "[::1]");
    CHECK_FALSE(normalize_host(""));
    CHECK_FALSE(normalize_host("bad host"));
    CHECK_FALSE(normalize_host("-x.com"));
    // The searcher's filter keys apply it to site: and cites:, and only to them.
    using dateline::schema::filter_key;
    namespace prefix = dateline::schema::prefix;
    CHECK(filter_key(prefix::kUrlHost, "WWW.Reuters.com") == "reuters.com");
    CHECK(filter_key(prefix::kCitedHost, "www.TruthSocial.com") == "truthsocial.com");
    CHECK(filter_key(prefix::kSource, "The  Moscow Times") == "the moscow times");
    CHECK(filter_key(prefix::kDateSource, "Header") == "header");
}

TEST_CASE("host_and_parents: every parent down to the registrable domain") {
    using dateline::schema::host_and_parents;
    using Names = std::vector<std::string>;
    CHECK(host_and_parents("a.b.reuters.com", "reuters.com") ==
          Names{"a.b.reuters.com", "b.reuters.com", "reuters.com"});
    CHECK(host_and_parents("reuters.com", "reuters.com") == Names{"reuters.com"});
    CHECK(host_and_parents("news.bbc.co.uk", "bbc.co.uk") == Names{"news.bbc.co.uk", "bbc.co.uk"});
    // Only at a label boundary, and never above the registrable domain.
    CHECK(host_and_parents("notreuters.com", "reuters.com") == Names{"notreuters.com"});
    CHECK(host_and_parents("co.uk", "co.uk") == Names{"co.uk"});
    CHECK(host_and_parents("localhost", "") == Names{"localhost"});
}

TEST_CASE("cited domains share one slot value per set") {
    using dateline::schema::join_domains;
    using dateline::schema::split_domains;
    CHECK(join_domains({"y.org", "x.com", "y.org"}) == "x.com y.org");
    CHECK(join_domains({}).empty());
    CHECK(split_domains("x.com y.org") == std::vector<std::string_view>{"x.com", "y.org"});
    CHECK(split_domains("").empty());
}
