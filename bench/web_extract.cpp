// Web extraction figures (never assertions):
//   web_extract templates PAGES_DIR      word precision/recall of the body per template
//   web_extract warc FILE.warc.gz        MB/s of HTML through charset + parse + extraction +
//                                        JSON-LD + page metadata, on one core
// See bench/README.md ("Web inputs").
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <unistd.h>

#include <dateline/normalize.hpp>

#include "metadata_extractor.hpp"
#include "web/charset.hpp"
#include "web/http_response.hpp"
#include "web/warc_reader.hpp"
#include "web/web_page.hpp"
#include "word_overlap.hpp"

namespace fs = std::filesystem;
using namespace dateline;
using namespace dateline::detail;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int templates(const fs::path& dir) {
    std::printf("%-14s %9s %9s %6s  %s\n", "template", "precision", "recall", "extra", "body_from");
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".html") continue;
        const std::string name = entry.path().stem().string();
        const WebPage page = read_web_page(slurp(entry.path()), {});
        ExtractOptions options;
        options.parse_header = false;
        options.web = &page.fields;
        const StoredDocument doc =
            extract_metadata(normalize_text(repair_utf8(page.body).text), options);
        const auto overlap =
            test::word_overlap(doc.text, normalize_text(slurp(dir / (name + ".expected.txt"))));
        std::printf("%-14s %9.3f %9.3f %6zu  %s\n", name.c_str(), overlap.precision, overlap.recall,
                    overlap.extra.size(), page.extra_json.c_str());
    }
    return 0;
}

int warc(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY);
    if (fd < 0) return 2;
    WarcReader reader(fd, file.string().ends_with(".gz"), 32U << 20U);
    WarcRecord record;
    std::string detail;
    std::size_t pages = 0;
    std::size_t html_bytes = 0;
    std::size_t body_bytes = 0;
    std::chrono::nanoseconds spent{};
    while (reader.next(record, detail) != WarcStatus::kEnd) {
        if (record.type != "response") continue;
        HttpParse http = parse_http_response(record.block, 32U << 20U);
        if (!http.ok || !is_html_media_type(http.response.content_type)) continue;
        const auto start = std::chrono::steady_clock::now();
        const WebPage page =
            read_web_page(http.response.body, content_type_charset(http.response.content_type));
        spent += std::chrono::steady_clock::now() - start;
        ++pages;
        html_bytes += http.response.body.size();
        body_bytes += page.body.size();
    }
    ::close(fd);
    const double seconds = std::chrono::duration<double>(spent).count();
    std::printf(
        "RESULT web_extract pages=%zu html_mb=%.1f body_mb=%.1f seconds=%.2f "
        "mb_per_s_per_core=%.1f\n",
        pages, static_cast<double>(html_bytes) / 1e6, static_cast<double>(body_bytes) / 1e6,
        seconds, static_cast<double>(html_bytes) / 1e6 / seconds);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() == 3 && std::string(args[1]) == "templates") return templates(args[2]);
    if (args.size() == 3 && std::string(args[1]) == "warc") return warc(args[2]);
    std::fprintf(stderr, "usage: web_extract templates DIR | web_extract warc FILE\n");
    return 2;
}
