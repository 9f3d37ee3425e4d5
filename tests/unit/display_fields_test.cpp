// A hit's display fields (value slot kDisplay): the encoding round-trips every field
// byte for byte, corrupt values are refused, and derived titles are the first sentence.
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/display_fields.hpp>
#include <dateline/errors.hpp>

using dateline::DisplayFields;
using dateline::first_sentence;
using dateline::StoredDocument;
namespace schema = dateline::schema;

namespace {

DisplayFields full() {
    DisplayFields f;
    f.id = "reuters/2025/a.txt";
    f.path = "reuters/2025/a.txt";
    f.url = "https://www.reuters.com/world/a";
    f.title = "Putin, Trump \u201chold\u201d call";
    f.date = "2025-07-04";
    f.date_source = schema::DateSource::kDateline;
    f.source = "Reuters";
    f.title_source = dateline::TitleSource::kHeader;
    f.source_origin = dateline::SourceOrigin::kFolder;
    f.source_as_found = "reuters-wire";
    f.author = "Jane Doe";
    f.cited_hosts = {"kremlin.ru", "whitehouse.gov"};
    return f;
}

}  // namespace

TEST_CASE("display fields round-trip, each optional field present or not") {
    const DisplayFields base = full();
    CHECK(DisplayFields::decode(base.encode()) == base);

    DisplayFields none;
    none.id = "feed.jsonl#3";
    CHECK(DisplayFields::decode(none.encode()) == none);
    CHECK(DisplayFields::decode(none.encode()).source == schema::kUnknownSource);

    DisplayFields other_path = base;
    other_path.id = "story-17";  // a JSONL id: the path is the file's, not the id
    other_path.path = "feeds/tass.jsonl";
    CHECK(DisplayFields::decode(other_path.encode()) == other_path);

    DisplayFields derived = base;
    derived.title = "Putin spoke.";
    derived.title_derived = true;
    derived.url.reset();
    derived.date.reset();
    derived.date_source = schema::DateSource::kNone;
    derived.title_source = dateline::TitleSource::kNone;
    derived.source_as_found.reset();
    derived.author.reset();
    derived.cited_hosts.clear();
    CHECK(DisplayFields::decode(derived.encode()) == derived);

    // Lengths past one LEB128 byte, and bytes a text format would trip on.
    DisplayFields odd = base;
    odd.title = std::string(300, 'x') + std::string("\0\n\x01", 3);
    odd.path = std::string("dir/\xff.txt");
    odd.source = "";
    CHECK(DisplayFields::decode(odd.encode()) == odd);

    // The path is stored once when it is the id.
    CHECK(base.encode().size() < other_path.encode().size());
}

TEST_CASE("a stored document's display fields carry its provenance, author and cited hosts") {
    StoredDocument stored;
    stored.id = "apnews/a.txt";
    stored.title = "Harbour";
    stored.title_source = dateline::TitleSource::kHeader;
    stored.source = "Associated Press";
    stored.source_origin = dateline::SourceOrigin::kFolder;
    stored.source_as_found = "apnews";
    stored.author = "Jane Doe";
    stored.cited_hosts = {"kremlin.ru"};
    stored.text = "Body.";
    const auto fields = DisplayFields::of(stored);
    CHECK(fields.title_source == dateline::TitleSource::kHeader);
    CHECK(fields.source_origin == dateline::SourceOrigin::kFolder);
    CHECK(fields.source_as_found == std::optional<std::string>("apnews"));
    CHECK(fields.author == std::optional<std::string>("Jane Doe"));
    CHECK(fields.cited_hosts == std::vector<std::string>{"kremlin.ru"});
    CHECK(DisplayFields::decode(fields.encode()) == fields);
}

TEST_CASE("corrupt display values are refused, never half-read") {
    const std::string good = full().encode();
    CHECK_THROWS_AS(DisplayFields::decode(""), dateline::IndexCorruptError);
    CHECK_THROWS_AS(DisplayFields::decode(good.substr(0, good.size() - 1)),
                    dateline::IndexCorruptError);
    CHECK_THROWS_AS(DisplayFields::decode(good + "x"), dateline::IndexCorruptError);
    std::string bad_flags = good;
    bad_flags[0] = static_cast<char>(0x02);  // "the path is the id" without a path
    CHECK_THROWS_AS(DisplayFields::decode(bad_flags), dateline::IndexCorruptError);
    std::string bad_source = good;
    bad_source[1] = static_cast<char>(schema::kDateSourceCount);
    CHECK_THROWS_AS(DisplayFields::decode(bad_source), dateline::IndexCorruptError);
    DisplayFields plain;  // no optional field: the two provenance bytes are near the end
    plain.id = "a";
    std::string bad_origin = plain.encode();
    bad_origin[bad_origin.size() - 2] = static_cast<char>(dateline::kSourceOriginCount);
    CHECK_THROWS_AS(DisplayFields::decode(bad_origin), dateline::IndexCorruptError);
    std::string many_hosts = plain.encode();
    many_hosts.back() = static_cast<char>(0x7f);  // 127 hosts announced, none there
    CHECK_THROWS_AS(DisplayFields::decode(many_hosts), dateline::IndexCorruptError);
    // A stored document is not a display value.
    StoredDocument stored;
    stored.id = "a.txt";
    stored.text = "Body.";
    CHECK_THROWS_AS(DisplayFields::decode(stored.encode()), dateline::IndexCorruptError);
}

TEST_CASE("display fields of a stored document: its title, else the first sentence") {
    StoredDocument doc;
    doc.id = "a.txt";
    doc.path = "a.txt";
    doc.url = "https://example.com/a";
    doc.title = "Kremlin sends wishes";
    doc.date = "2025-07-03";
    doc.date_source = schema::DateSource::kHeader;
    doc.source = "ZeroHedge";
    doc.author = "Not shown";
    doc.text = "The Kremlin sent wishes. Trump listened.";

    const auto titled = DisplayFields::of(doc);
    CHECK(titled.id == "a.txt");
    CHECK(titled.path == "a.txt");
    CHECK(titled.url == "https://example.com/a");
    CHECK(titled.title == "Kremlin sends wishes");
    CHECK_FALSE(titled.title_derived);
    CHECK(titled.date == "2025-07-03");
    CHECK(titled.date_source == schema::DateSource::kHeader);
    CHECK(titled.source == "ZeroHedge");

    for (const auto& missing : {std::optional<std::string>{}, std::optional<std::string>{""}}) {
        doc.title = missing;
        const auto derived = DisplayFields::of(doc);
        CHECK(derived.title == "The Kremlin sent wishes.");
        CHECK(derived.title_derived);
    }

    doc.text = " \n\t";
    const auto blank = DisplayFields::of(doc);
    CHECK_FALSE(blank.title);
    CHECK_FALSE(blank.title_derived);
}

TEST_CASE("derived titles are the first sentence, cut on a word and UTF-8 boundary") {
    CHECK(first_sentence("  Putin spoke. Trump listened.") == "Putin spoke.");
    // A blank line ends the sentence; a single line break is a hard wrap (issue 13: the
    // shipped 002's derived title stopped at "…held a phone call").
    CHECK(first_sentence("Line one\n\nline two") == "Line one");
    CHECK(first_sentence("Line one\n  \nline two") == "Line one");
    CHECK(first_sentence("Line one\nline two") == "Line one line two");
    CHECK(first_sentence("Trump held a phone call \n  Thursday, with the Kremlin. Next") ==
          "Trump held a phone call Thursday, with the Kremlin.");
    CHECK(first_sentence("U.S.A. is here. Next") == "U.S.A. is here.");
    CHECK(first_sentence("Mr. Lavrov wrote! Then") == "Mr. Lavrov wrote!");
    CHECK(first_sentence("No full stop at all") == "No full stop at all");
    // The sentence rule is the one of snippets and repeated sentences (sentence_rules.hpp):
    // a closing quote stays with its sentence, a number's point is no abbreviation.
    CHECK(first_sentence("He said \"no.\" Then he left.") == "He said \"no.\"");
    CHECK(first_sentence("Rates rose to 3.5. Then fell.") == "Rates rose to 3.5.");
    // Letters with inner dots are abbreviations, capitalized or not.
    CHECK(first_sentence("Leaders, e.g. the premier, came at 9 p.m. on Friday. Next") ==
          "Leaders, e.g. the premier, came at 9 p.m. on Friday.");
    CHECK(first_sentence("Gen. Gerasimov spoke (briefly.) Next") ==
          "Gen. Gerasimov spoke (briefly.)");
    CHECK(first_sentence("It ended. \u2014") == "It ended.");
    const std::string long_text(50, 'x');
    const auto cut = first_sentence(long_text + " " + long_text + " \u00e9\u00e9\u00e9", 60);
    CHECK(cut == long_text + "\u2026");
    // No space in the second half: cut inside the word, never inside a character.
    const std::string accents = std::string(59, 'a') + "\u00e9\u00e9";
    CHECK(first_sentence(accents, 60) == std::string(59, 'a') + "\u2026");
}
