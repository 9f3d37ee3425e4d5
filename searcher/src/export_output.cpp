// Export rows: one hit per line as CSV (RFC 4180), TSV, a bare id or a bare path, for
// spreadsheets and shell pipelines. index-search --format and index-serve share them.
#include <cstdio>

#include <dateline/searcher.hpp>

namespace dateline {
namespace {

constexpr const char* kColumns[] = {"rank", "id",     "date",  "source", "title",
                                    "url",  "author", "score", "story"};

// RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// TSV (IANA text/tab-separated-values) cannot hold tabs or line breaks in a field:
// they become spaces, so that every row stays one line of exactly nine fields.
std::string tsv_field(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return out;
}

std::string score_text(double score) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", score);
    return buffer;
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view name) {
    if (name == "jsonl") return ExportFormat::kJsonl;
    if (name == "csv") return ExportFormat::kCsv;
    if (name == "tsv") return ExportFormat::kTsv;
    if (name == "ids") return ExportFormat::kIds;
    if (name == "paths") return ExportFormat::kPaths;
    return std::nullopt;
}

std::string export_header(ExportFormat format) {
    if (format != ExportFormat::kCsv && format != ExportFormat::kTsv) return {};
    const char separator = format == ExportFormat::kCsv ? ',' : '\t';
    std::string out;
    for (const char* column : kColumns) {
        if (!out.empty()) out += separator;
        out += column;
    }
    return out + (format == ExportFormat::kCsv ? "\r\n" : "\n");
}

std::string export_row(const Hit& hit, ExportFormat format) {
    switch (format) {
        case ExportFormat::kJsonl:
            return to_json_line(hit);
        case ExportFormat::kIds:
            return hit.id + '\n';
        case ExportFormat::kPaths:
            // A document read from standard input has no path: "-", as it was given.
            return hit.path.value_or("-") + '\n';
        case ExportFormat::kCsv:
        case ExportFormat::kTsv:
            break;
    }
    const bool csv = format == ExportFormat::kCsv;
    const auto field = [csv](std::string_view text) {
        return csv ? csv_field(text) : tsv_field(text);
    };
    // Unknown values are empty fields, never invented text.
    const std::string values[] = {std::to_string(hit.rank),
                                  field(hit.id),
                                  hit.date.value_or(""),
                                  field(hit.source),
                                  field(hit.title.value_or("")),
                                  field(hit.url.value_or("")),
                                  field(hit.author.value_or("")),
                                  score_text(hit.score),
                                  field(hit.story.id)};
    std::string out;
    for (const auto& value : values) {
        if (!out.empty() || &value != &values[0]) out += csv ? ',' : '\t';
        out += value;
    }
    return out + (csv ? "\r\n" : "\n");
}

}  // namespace dateline
