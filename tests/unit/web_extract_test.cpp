// The page templates of tests/web/pages: body recall and precision against the article
// text, and each metadata field with its provenance, as the page states them.
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

#include "metadata_extractor.hpp"
#include "test_support.hpp"
#include "web/charset.hpp"
#include "web/page_metadata.hpp"
#include "web/web_page.hpp"
#include "word_overlap.hpp"

namespace {

using namespace dateline;
using namespace dateline::detail;

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::filesystem::path pages() { return test::source_dir() / "tests" / "web" / "pages"; }

StoredDocument extract_template(const std::string& name) {
    const WebPage page = read_web_page(slurp(pages() / (name + ".html")), {});
    ExtractOptions options;
    options.parse_header = false;
    options.web = &page.fields;
    options.folder_source = name;  // as if the page sat in a folder of its name
    StoredDocument doc = extract_metadata(normalize_text(repair_utf8(page.body).text), options);
    doc.extra_json = page.extra_json;
    return doc;
}

// field -> (value, provenance name)
std::map<std::string, std::pair<std::string, std::string>> expected_meta(const std::string& name) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    std::istringstream in(slurp(pages() / (name + ".meta.tsv")));
    std::string line;
    while (std::getline(in, line)) {
        const auto a = line.find('\t');
        const auto b = line.find('\t', a + 1);
        out[line.substr(0, a)] = {line.substr(a + 1, b - a - 1), line.substr(b + 1)};
    }
    return out;
}

}  // namespace

TEST_CASE("page templates: the article body, and no page furniture") {
    for (const std::string name :
         {"wordpress", "jsonld_boxes", "legacy_table", "amp", "jsonld_only"}) {
        CAPTURE(name);
        const StoredDocument doc = extract_template(name);
        const std::string expected = normalize_text(slurp(pages() / (name + ".expected.txt")));
        const test::WordOverlap overlap = test::word_overlap(doc.text, expected);
        CAPTURE(doc.text);
        CHECK(overlap.recall >= 0.95);
        CHECK(overlap.extra == std::vector<std::string>{});
    }
}

TEST_CASE("page templates: title, date, source, url and author with provenance") {
    for (const std::string name :
         {"wordpress", "jsonld_boxes", "legacy_table", "amp", "jsonld_only"}) {
        CAPTURE(name);
        const StoredDocument doc = extract_template(name);
        const auto meta = expected_meta(name);
        CHECK(doc.title.value_or("") == meta.at("title").first);
        CHECK(to_string(doc.title_source) == meta.at("title").second);
        CHECK(doc.date.value_or("") == meta.at("date").first);
        CHECK(schema::to_string(doc.date_source) == meta.at("date").second);
        CHECK(doc.source == meta.at("source").first);
        CHECK(to_string(doc.source_origin) == meta.at("source").second);
        if (meta.contains("url")) {
            CHECK(doc.url.value_or("") == meta.at("url").first);
            CHECK(to_string(doc.url_origin) == meta.at("url").second);
        }
        if (meta.contains("author")) {
            CHECK(doc.author.value_or("") == meta.at("author").first);
            CHECK(to_string(doc.author_origin) == meta.at("author").second);
        }
    }
}

TEST_CASE("the legacy page is decoded from windows-1252 named in http-equiv") {
    const DecodedHtml decoded = decode_html_bytes(slurp(pages() / "legacy_table.html"));
    CHECK(decoded.charset == "windows-1252");
    CHECK(decoded.charset_from == "meta");
    CHECK(decoded.utf8.find("Ren\u00e9e Dubois") != std::string::npos);
    CHECK(decoded.utf8.find("\u201ca fair deal") != std::string::npos);
}

TEST_CASE("charset: BOM, transport, meta, then the bytes") {
    CHECK(decode_html_bytes("\xEF\xBB\xBF<p>caf\xC3\xA9</p>").charset_from == "bom");
    // The transport wins over <meta>.
    const DecodedHtml http = decode_html_bytes("<meta charset=utf-8><p>caf\xE9</p>", "iso-8859-1");
    CHECK(http.charset == "windows-1252");
    CHECK(http.charset_from == "http");
    CHECK(http.utf8.find("caf\u00e9") != std::string::npos);
    // A page that says UTF-8 but is not: decoded as windows-1252, with a warning.
    const DecodedHtml liar =
        decode_html_bytes("<meta charset=\"utf-8\"><p>na\xEFve \x93quoted\x94</p>");
    CHECK(liar.charset == "windows-1252");
    CHECK(liar.utf8.find("na\u00efve \u201cquoted\u201d") != std::string::npos);
    CHECK(liar.warnings.size() == 1);
    // No label: valid UTF-8 stays UTF-8.
    CHECK(decode_html_bytes("<p>\xC3\xA9t\xC3\xA9</p>").charset == "utf-8");
    CHECK(prescan_meta_charset(
              "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">") ==
          "iso-8859-2");
}

TEST_CASE("<title> without the site name") {
    CHECK(strip_site_name("Rail strike off | National Daily", "National Daily") ==
          "Rail strike off");
    CHECK(strip_site_name("National Daily - Rail strike off", "national daily") ==
          "Rail strike off");
    CHECK(strip_site_name("Valley Courier - Mill Workers Vote", "") == "Mill Workers Vote");
    CHECK(strip_site_name("No separator here", "X") == "No separator here");
}

TEST_CASE("modified dates are never publication dates") {
    CHECK(is_publication_date_meta("pubdate"));
    CHECK(is_publication_date_meta("dc.date.issued"));
    CHECK_FALSE(is_publication_date_meta("article:modified_time"));
    CHECK_FALSE(is_publication_date_meta("og:updated_time"));
    CHECK_FALSE(is_publication_date_meta("last-modified"));
}
