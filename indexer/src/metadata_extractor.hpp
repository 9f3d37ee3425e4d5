/// @file
/// Metadata extraction: title, date, source, url and author of one document, each with
/// its provenance, plus the cleaned body text. Never invents a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dateline/stored_document.hpp>

#include "jsonl_reader.hpp"
#include "manifest.hpp"
#include "web/web_fields.hpp"

namespace dateline::detail {

struct ExtractOptions {
    /// Text files: parse a leading header block. JSON records: no.
    bool parse_header = true;
    /// The file's manifest row, if any. Its fields override everything else.
    const ManifestRow* manifest = nullptr;
    /// The JSON record the text came from, if any.
    const JsonArticle* json = nullptr;
    /// What a web page, feed item or WARC record states, if the text came from one.
    const WebFields* web = nullptr;
    /// Name of the top-level folder under the data root holding the file, if any.
    std::optional<std::string> folder_source;
};

/// Fills title, date, source, url, author (with provenance), cited_hosts,
/// duplicate_lines_removed, duplicate_sentences_removed, warnings and text from `normalized_text`
/// (the output of normalize_text()). Precedence, per field: manifest, then header (text files) or
/// JSON field (records) or the web candidates in their order (pages, feeds, WARC), then what the
/// text itself shows (dateline, title line, folder), then nothing (undated, no title,
/// schema::kUnknownSource). A date that does not parse adds a warning "bad_date: <raw>" and falls
/// through to the next rule. id, path and extra_json are left for the caller.
[[nodiscard]] StoredDocument extract_metadata(std::string_view normalized_text,
                                              const ExtractOptions& options);

}  // namespace dateline::detail
