// read_hit_fields() is a shortcut past StoredDocument::decode(): it must give decode()'s
// answers on everything encode() writes, and decode()'s error on anything malformed.
#include "hit_fields.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/errors.hpp>
#include <dateline/stored_document.hpp>

namespace {

using dateline::StoredDocument;
using dateline::detail::read_hit_fields;

void check_same(const std::string& data) {
    CAPTURE(data);
    const auto expected = StoredDocument::decode(data);
    for (const bool with_text : {true, false}) {
        CAPTURE(with_text);
        const auto got = read_hit_fields(data, with_text);
        CHECK(got.id == expected.id);
        CHECK(got.path == expected.path);
        CHECK(got.url == expected.url);
        CHECK(got.title == expected.title);
        CHECK(got.date == expected.date);
        CHECK(got.date_source == expected.date_source);
        CHECK(got.source == expected.source);
        const bool needs_text = with_text || !expected.title || expected.title->empty();
        CHECK(got.text == (needs_text ? expected.text : std::string()));
    }
}

}  // namespace

TEST_CASE("read_hit_fields agrees with decode on what encode writes") {
    StoredDocument full;
    full.id = "000_a \"quoted\" \\ id.txt";
    full.path = "dir/000.txt";
    full.url = "https://example.com/a?b=c&d=\u00e9";
    full.title = "Putin\u2019s call \U0001F600 \t tab";
    full.title_source = dateline::TitleSource::kHeader;
    full.date = "2025-07-04";
    full.date_source = dateline::schema::DateSource::kHeader;
    full.source = "The Moscow Times";
    full.author = "A. Writer";
    full.cited_hosts = {"tass.ru", "kremlin.ru"};
    full.duplicate_lines_removed = 3;
    full.warnings = {"invalid_utf8: 3 sequences replaced"};
    full.text = "First line.\nSecond \"line\" with \\ and \x01 control, \u00e9\u4e2d \U0001F600.\n";
    full.extra_json = R"({"k":[1,2.5e3,-0,true,false,null,{"x":"\u00e9"}]})";
    check_same(full.encode());

    StoredDocument untitled;
    untitled.id = "jsonl-7";
    untitled.text = "No title here. The first sentence is the title.";
    check_same(untitled.encode());

    StoredDocument empty_title = untitled;
    empty_title.title = "";
    check_same(empty_title.encode());

    StoredDocument bare;
    bare.id = "x";
    check_same(bare.encode());
}

TEST_CASE("read_hit_fields agrees with decode on hand-written JSON") {
    const std::vector<std::string> documents = {
        R"({"text":"b\u00e9\ud83d\ude00\n","id":"z","title":null,"source":"S"})",
        R"( { "id" : "a" , "title" : "t" , "text" : "x\/y" , "extra" : { "a" : [ ] } } )",
        R"({"id":"a","id":"b","title":"first","title":"second"})",  // the last one wins
        R"({"id":"a","date_source":"json","date":"2024-01-02","n":1.5E-3})",
        R"({"id":"a","date_source":"no-such-source"})",
        R"({"id":"a","path":null,"url":null,"date":null})",
    };
    for (const auto& data : documents) check_same(data);
}

TEST_CASE("read_hit_fields refuses what decode refuses, with decode's error") {
    const std::vector<std::string> malformed = {
        "",
        "[]",
        R"({"title":"no id"})",
        R"({"id":7})",
        R"({"id":"a","text":"bad \x escape"})",
        R"({"id":"a","text":"lone \udc00 low"})",
        R"({"id":"a","text":"lone \ud83d high"})",
        std::string(R"({"id":"a","text":")") + "\x01" + R"("})",
        std::string(R"({"id":"a","text":")") + "\xff\xfe" + R"("})",
        R"({"id":"a"} trailing)",
        R"({"id":"a","title":5})",
        R"({"id":"a","source":null})",
        R"({"id":"a","x":01})",
        R"({"id":"a","x":tru})",
        R"({"id":"a",})",
    };
    for (const auto& data : malformed) {
        CAPTURE(data);
        CHECK_THROWS_AS(static_cast<void>(StoredDocument::decode(data)),
                        dateline::IndexCorruptError);
        CHECK_THROWS_AS(static_cast<void>(read_hit_fields(data, true)),
                        dateline::IndexCorruptError);
    }
}
