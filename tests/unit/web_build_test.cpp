// index-build's library on web inputs: feeds and WARC files become one document per
// item/record with ids and provenance; every record is accounted for; incremental runs
// re-index per item; the hostile set is reported, never crashes or hangs.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <zlib.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/indexer.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using dateline::build_index;
using dateline::BuildReport;
using dateline::InputOutcome;
using dateline::StoredDocument;
namespace schema = dateline::schema;

namespace {

fs::path web_fixtures() { return dateline::test::source_dir() / "tests" / "web"; }

// One gzip member, as .warc.gz writers emit per record.
std::string gzip_member(std::string_view data) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
            Z_OK);
    std::string out(deflateBound(&z, data.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string warc_record(std::string_view type, std::string_view uri, std::string_view block,
                        std::string_view content_type = "application/http; msgtype=response") {
    std::string r = "WARC/1.1\r\nWARC-Type: " + std::string(type) +
                    "\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(block.size()) + ">\r\n";
    if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
    r += "WARC-Date: 2024-06-01T00:00:00Z\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n";
    r += block;
    r += "\r\n\r\n";
    return r;
}

std::string http(int status, std::string_view type, std::string_view body) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + std::string(type) +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::string page(std::string_view title, std::string_view text) {
    return "<html><head><title>" + std::string(title) +
           "</title></head><body><nav>Home News Sport</nav><article><h1>" + std::string(title) +
           "</h1><p>" + std::string(text) +
           "</p></article><footer>Copyright</footer></body></html>";
}

// The records of the test archive, in order.
std::vector<std::string> archive_records(bool with_third) {
    std::vector<std::string> records = {
        warc_record("warcinfo", "", "software: test\r\n", "application/warc-fields"),
        warc_record("request", "https://news.example/a", "GET /a HTTP/1.1\r\n\r\n",
                    "application/http; msgtype=request"),
        warc_record("response", "https://news.example/a",
                    http(200, "text/html; charset=utf-8",
                         page("Storm closes schools",
                              "Schools across the county closed on "
                              "Thursday as the storm brought down trees."))),
        warc_record("metadata", "https://news.example/a", "fetchTimeMs: 12\r\n",
                    "application/warc-fields"),
        warc_record("response", "https://news.example/missing", http(404, "text/html", "gone")),
        warc_record("response", "https://news.example/logo.png", http(200, "image/png", "PNG")),
        warc_record("revisit", "https://news.example/a", "HTTP/1.1 304\r\n\r\n"),
        warc_record("response", "https://news.example/b",
                    http(200, "text/html",
                         page("Library extends opening hours",
                              "The central library will open on Sundays from next month."))),
    };
    if (with_third) {
        records.push_back(
            warc_record("response", "https://news.example/c",
                        http(200, "text/html",
                             page("Market day moves", "The weekly market moves to Friday."))));
    }
    return records;
}

std::string gz_archive(const std::vector<std::string>& records) {
    std::string out;
    for (const auto& r : records) out += gzip_member(r);
    return out;
}

std::map<std::string, std::string> outcomes(const BuildReport& report) {
    std::map<std::string, std::string> out;
    for (const auto& input : report.inputs) {
        std::string value = input.outcome == InputOutcome::kIndexed     ? "indexed"
                            : input.outcome == InputOutcome::kReplaced  ? "replaced"
                            : input.outcome == InputOutcome::kUnchanged ? "unchanged"
                            : input.outcome == InputOutcome::kSkipped   ? "skipped"
                                                                        : "rejected";
        if (!input.reason.empty()) value += ":" + input.reason;
        out[fs::path(input.input).filename().string()] = value;
    }
    return out;
}

StoredDocument stored(const fs::path& index, const std::string& id) {
    Xapian::Database db(index.string());
    const std::string term = schema::make_term(schema::prefix::kId, id);
    auto it = db.postlist_begin(term);
    REQUIRE(it != db.postlist_end(term));
    return StoredDocument::decode(db.get_document(*it).get_data());
}

}  // namespace

TEST_CASE("feeds: one document per item, with the feed's provenance") {
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    fs::copy_file(web_fixtures() / "feeds" / "rss2.xml", data / "rss2.xml");
    fs::copy_file(web_fixtures() / "feeds" / "news.atom", data / "news.atom");
    dir.write("data/config.xml", "<?xml version=\"1.0\"?><config><a/></config>");
    const fs::path index = dir.path() / "index";
    const BuildReport report = build_index({.index_dir = index, .inputs = {data}});
    CHECK(report.indexed == 4);
    const auto got = outcomes(report);
    CHECK(got.at("config.xml") == "skipped:unsupported_type");

    const StoredDocument ferry = stored(index, "hh-2024-0211");
    CHECK(ferry.title == "Ferry service resumes after storm");
    CHECK(ferry.title_source == dateline::TitleSource::kFeed);
    CHECK(ferry.date == "2024-02-11");
    CHECK(ferry.date_source == schema::DateSource::kFeed);
    CHECK(ferry.source == "Harbour Herald");
    CHECK(ferry.source_origin == dateline::SourceOrigin::kFeed);
    CHECK(ferry.url == "https://harbourherald.example/ferry-resumes");
    CHECK(ferry.author == "Ines Moreau");
    CHECK(ferry.text.find("extra sailings") != std::string::npos);
    CHECK(ferry.text.find("track()") == std::string::npos);
    CHECK(ferry.extra_json.find("excerpt") == std::string::npos);

    // No guid: the link is the id; the description is flagged as an excerpt.
    const StoredDocument parking = stored(index, "https://harbourherald.example/parking");
    CHECK(parking.text == "Councillors will debate a rise in harbour parking fees next week.");
    CHECK(parking.extra_json.find("\"excerpt\":true") != std::string::npos);

    const StoredDocument bridge = stored(index, "tag:valleywire.example,2024:bridge");
    CHECK(bridge.title == "Bridge reopens & traffic eases");
    CHECK(bridge.date == "2024-04-01");
    CHECK(bridge.url == "https://valleywire.example/bridge");
    CHECK(bridge.author == "Kai Tanaka");
    CHECK(bridge.source == "Valley Wire");
    CHECK(bridge.text.find("twenty minutes shorter") != std::string::npos);
    // Atom's <updated> is a modification date: never the publication date.
    const StoredDocument updated = stored(index, "tag:valleywire.example,2024:updated-only");
    CHECK_FALSE(updated.date.has_value());
}

TEST_CASE("WARC: HTML responses become documents, every other record is counted by reason") {
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    dir.write("data/crawl.warc.gz", gz_archive(archive_records(false)));
    std::string plain;
    for (const auto& r : archive_records(false)) plain += r;
    dir.write("data/plain/crawl.warc", plain);
    const fs::path index = dir.path() / "index";
    const BuildReport report =
        build_index({.index_dir = index, .inputs = {data / "crawl.warc.gz"}});
    std::map<std::string, int> reasons;
    for (const auto& input : report.inputs)
        ++reasons[input.reason.empty() ? "indexed" : input.reason];
    CHECK(reasons == std::map<std::string, int>{{"indexed", 2},
                                                {"warc_warcinfo", 1},
                                                {"warc_request", 1},
                                                {"warc_metadata", 1},
                                                {"warc_revisit", 1},
                                                {"http_status", 1},
                                                {"not_html", 1}});
    CHECK(report.inputs.size() == 8);
    const StoredDocument a = stored(index, "https://news.example/a");
    CHECK(a.url == "https://news.example/a");
    CHECK(a.url_origin == dateline::FieldOrigin::kWarc);
    CHECK(a.title == "Storm closes schools");
    CHECK(a.title_source == dateline::TitleSource::kH1);
    CHECK_FALSE(a.date.has_value());  // the WARC-Date is a crawl date
    CHECK(a.text ==
          "Schools across the county closed on Thursday as the storm brought down trees.");

    // The same records uncompressed give the same accounting.
    const BuildReport plain_report =
        build_index({.index_dir = dir.path() / "index2", .inputs = {data / "plain"}});
    CHECK(plain_report.indexed == 2);
    CHECK(plain_report.skipped == 6);

    // The archive gains one record: one document is indexed, the others are unchanged.
    dir.write("data/crawl.warc.gz", gz_archive(archive_records(true)));
    const BuildReport again = build_index({.index_dir = index, .inputs = {data / "crawl.warc.gz"}});
    CHECK(again.indexed == 1);
    CHECK(again.unchanged == 2);
    CHECK(again.replaced == 0);
}

TEST_CASE("hostile web inputs: each file or record gets a reason, nothing crashes or hangs") {
    dateline::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    // Deep nesting: far beyond any bound, with text at the bottom.
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<div>";
    deep += "deepest words";
    dir.write("data/deep.html", "<html><body><p>Top paragraph of a deeply nested page.</p>" + deep +
                                    "</body></html>");
    // Huge script-only page.
    dir.write("data/script_only.html", "<html><head><script>" +
                                           std::string(std::size_t{8} * 1024 * 1024, 'x') +
                                           "</script></head><body></body></html>");
    // Invalid bytes in a page that claims UTF-8.
    dir.write("data/invalid.html",
              "<meta charset=utf-8><article><p>Caf\xE9 cr\xFF\xFEme talks resumed on Monday "
              "between the two delegations in the capital.</p></article>");
    // Broken XML: recovered up to the break.
    dir.write("data/broken.rss",
              "<rss><channel><title>Broken</title><item><title>First</title><description>Kept "
              "text.</description></item><item><title>Second &bogus; <b></description>");
    dir.write("data/not_xml.rss", "this is not xml at all <<<");
    // Deeply nested XML and JSON-LD.
    std::string xml_deep = "<rss><channel><title>T</title><item><title>Deep</title><description>";
    for (int i = 0; i < 5000; ++i) xml_deep += "<x>";
    dir.write("data/deep.rss", xml_deep);
    std::string ld_deep = "<script type=\"application/ld+json\">";
    for (int i = 0; i < 100000; ++i) ld_deep += "[";
    dir.write("data/deep_jsonld.html", "<html><head><title>Deep JSON-LD</title>" + ld_deep +
                                           "</script></head><body><p>Body text.</p></body></html>");
    // A binary file with an .html name.
    std::string binary(4096, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7);
    dir.write("data/binary.html", binary);
    // Truncated gzip: the second member is cut in half.
    const auto records = archive_records(false);
    std::string truncated = gzip_member(records[2]);
    const std::string second = gzip_member(records[7]);
    truncated += second.substr(0, second.size() / 2);
    dir.write("data/truncated.warc.gz", truncated);
    // A gzip bomb: one member that inflates to 64 MiB of zeros, then a good record.
    {
        std::string bomb_record =
            "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 67108864\r\n\r\n";
        bomb_record += std::string(std::size_t{64} * 1024 * 1024, '\0');
        dir.write("data/bomb.warc.gz", gzip_member(bomb_record) + gzip_member(records[2]));
    }
    // Garbage between members costs only itself.
    dir.write("data/garbage.warc.gz",
              gzip_member(records[2]) + "garbage bytes here" + gzip_member(records[7]));

    const fs::path index = dir.path() / "index";
    const BuildReport report = build_index(
        {.index_dir = index, .inputs = {data}, .max_file_size = std::uint64_t{16} * 1024 * 1024});
    std::multimap<std::string, std::string> got;
    for (const auto& input : report.inputs) {
        const std::string name = fs::path(input.input).filename().string();
        got.emplace(name.substr(0, name.find_first_of("@#")),
                    input.reason.empty() ? "ok" : input.reason);
    }
    const std::multimap<std::string, std::string> expected = {
        {"binary.html", "binary"},
        {"bomb.warc.gz", "too_large"},
        {"bomb.warc.gz", "ok"},
        {"broken.rss", "ok"},
        {"broken.rss", "ok"},
        {"deep.html", "ok"},
        {"deep.rss", "ok"},
        {"deep_jsonld.html", "ok"},
        {"garbage.warc.gz", "duplicate_id"},  // bomb.warc.gz's good record has its URI
        {"garbage.warc.gz", "corrupt_record"},
        {"garbage.warc.gz", "ok"},
        {"invalid.html", "ok"},
        {"not_xml.rss", "bad_xml"},
        {"script_only.html", "empty"},
        {"truncated.warc.gz", "duplicate_id"},
        {"truncated.warc.gz", "corrupt_record"},
    };
    std::string listing;
    for (const auto& [name, reason] : got) listing.append(name).append(" ").append(reason) += '\n';
    INFO(listing);
    CHECK(got == expected);
    const StoredDocument deep_doc = stored(index, "deep.html");
    CHECK(deep_doc.text.find("Top paragraph") != std::string::npos);
    CHECK(std::find(deep_doc.warnings.begin(), deep_doc.warnings.end(),
                    "html_too_deep: content below depth left out") != deep_doc.warnings.end());
    const StoredDocument ld = stored(index, "deep_jsonld.html");
    CHECK(std::find(ld.warnings.begin(), ld.warnings.end(), "jsonld_too_deep") !=
          ld.warnings.end());
}
