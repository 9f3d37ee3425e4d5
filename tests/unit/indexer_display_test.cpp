// The display fields the builder writes into value slot kDisplay are exactly what the
// searcher used to derive from the stored data: a plain search reads only the slot.
#include <optional>
#include <string>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/display_fields.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "document_builder.hpp"

using dateline::DisplayFields;
using dateline::StoredDocument;
namespace schema = dateline::schema;

namespace {

DisplayFields display_of(const Xapian::Document& xdoc) {
    return DisplayFields::decode(xdoc.get_value(schema::slot::kDisplay));
}

// What a hit showed before the slot existed: the fields decoded from the document data.
DisplayFields from_data(const Xapian::Document& xdoc) {
    return DisplayFields::of(StoredDocument::decode(xdoc.get_data()));
}

}  // namespace

TEST_CASE("document builder: display fields in their slot, title derived when missing") {
    StoredDocument doc;
    doc.id = "tass/b.txt";
    doc.path = "tass/b.txt";
    doc.url = "https://tass.com/b";
    doc.title = "Kremlin sends wishes";
    doc.date = "2025-07-03";
    doc.date_source = schema::DateSource::kHeader;
    doc.source = "TASS";
    doc.text = "Lavrov sent a message. Trump will speak to Zelensky.";

    dateline::detail::DocumentBuilder builder;
    const auto titled = builder.build(doc, "0123456789abcdef", "/abs/tass/b.txt").document;
    const auto shown = display_of(titled);
    CHECK(shown.id == "tass/b.txt");
    CHECK(shown.path == "tass/b.txt");
    CHECK(shown.url == "https://tass.com/b");
    CHECK(shown.title == "Kremlin sends wishes");
    CHECK_FALSE(shown.title_derived);
    CHECK(shown.date == "2025-07-03");
    CHECK(shown.date_source == schema::DateSource::kHeader);
    CHECK(shown.source == "TASS");
    CHECK(shown == from_data(titled));

    doc.title.reset();
    doc.url.reset();
    doc.date.reset();
    doc.date_source = schema::DateSource::kNone;
    const auto untitled = builder.build(doc, "h", std::nullopt).document;
    const auto derived = display_of(untitled);
    CHECK(derived.title == "Lavrov sent a message.");
    CHECK(derived.title_derived);
    CHECK_FALSE(derived.url);
    CHECK_FALSE(derived.date);
    CHECK(derived == from_data(untitled));
}

TEST_CASE("document builder: display fields are the stored data's, invalid UTF-8 included") {
    // A file name with invalid bytes reaches StoredDocument::path as-is; the stored data's
    // JSON header replaces them, and the hit has always shown the replaced form.
    StoredDocument doc;
    doc.id = "bad\xef\xbf\xbdname.txt";
    doc.path = "bad\xffname.txt";
    doc.title = "Title";
    doc.text = "Body.";

    dateline::detail::DocumentBuilder builder;
    const auto xdoc = builder.build(doc, "h", "/abs/bad\xffname.txt").document;
    const auto shown = display_of(xdoc);
    CHECK(shown == from_data(xdoc));
    CHECK(shown.path != doc.path);
}
