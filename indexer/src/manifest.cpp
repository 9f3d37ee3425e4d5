#include "manifest.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include <dateline/input_limits.hpp>
#include <dateline/normalize.hpp>

#include "json_depth.hpp"
#include "text_util.hpp"

namespace dateline::detail {

namespace {

enum class Column { kPath, kDate, kSource, kTitle, kUrl, kAuthor, kIgnored };

Column column_named(std::string_view name) {
    const std::string key = ascii_lower(trim(name));
    if (key == "path") return Column::kPath;
    if (key == "date") return Column::kDate;
    if (key == "source") return Column::kSource;
    if (key == "title") return Column::kTitle;
    if (key == "url") return Column::kUrl;
    if (key == "author") return Column::kAuthor;
    return Column::kIgnored;
}

std::optional<std::string> clean_value(std::string_view raw) {
    std::string value = collapse_spaces(normalize_text(repair_utf8(raw).text));
    if (value.empty()) return std::nullopt;
    return value;
}

std::string normalize_key(std::string_view raw) {
    std::string key =
        std::filesystem::path(std::string(trim(raw))).lexically_normal().generic_string();
    if (key.starts_with("./")) key.erase(0, 2);
    return key;
}

void set_field(ManifestRow& row, Column column, std::string_view raw) {
    auto value = clean_value(raw);
    switch (column) {
        case Column::kDate:
            row.date = std::move(value);
            break;
        case Column::kSource:
            row.source = std::move(value);
            break;
        case Column::kTitle:
            row.title = std::move(value);
            break;
        case Column::kUrl:
            row.url = std::move(value);
            break;
        case Column::kAuthor:
            row.author = std::move(value);
            break;
        case Column::kPath:
        case Column::kIgnored:
            break;
    }
}

void add_row(Manifest& manifest, std::string key, ManifestRow row, std::string_view where) {
    // Rows are keyed by paths below the data root; anything else could never match and
    // would be dropped without a word.
    if (key.starts_with('/')) {
        manifest.notices.push_back(std::string(where) + ": absolute path " + key +
                                   " ignored (paths are relative to the data root)");
        return;
    }
    if (key == ".." || key.starts_with("../")) {
        manifest.notices.push_back(std::string(where) + ": path " + key +
                                   " is outside the data root, ignored");
        return;
    }
    manifest.row_origin[key] = std::string(where);
    if (manifest.rows.contains(key)) {
        manifest.notices.push_back(std::string(where) + ": duplicate path " + key +
                                   " (the later row wins)");
    }
    manifest.rows[std::move(key)] = std::move(row);
}

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return fields;
}

std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot be read";
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void merge(Manifest& into, Manifest&& from) {
    for (auto& [key, row] : from.rows) into.rows[key] = std::move(row);
    for (auto& [key, where] : from.row_origin) into.row_origin[key] = std::move(where);
    for (auto& notice : from.notices) into.notices.push_back(std::move(notice));
}

}  // namespace

std::string ManifestRow::canonical() const {
    std::string out;
    auto put = [&out](std::string_view name, const std::optional<std::string>& value) {
        if (!value) return;
        out += name;
        out += '=';
        out += *value;
        out += '\x1f';
    };
    put("date", date);
    put("source", source);
    put("title", title);
    put("url", url);
    put("author", author);
    return out;
}

const ManifestRow* Manifest::find(std::string_view relative_path) const {
    const auto it = rows.find(std::string(relative_path));
    return it == rows.end() ? nullptr : &it->second;
}

std::vector<std::string> Manifest::unmatched_rows(
    const std::unordered_set<std::string>& text_files) const {
    std::vector<std::pair<std::string, std::string>> unmatched;  // (where, key)
    for (const auto& [key, row] : rows) {
        if (text_files.contains(key)) continue;
        const auto origin = row_origin.find(key);
        unmatched.emplace_back(
            origin == row_origin.end() ? std::string("manifest") : origin->second, key);
    }
    std::sort(unmatched.begin(), unmatched.end());
    std::vector<std::string> out;
    out.reserve(unmatched.size());
    for (const auto& [where, key] : unmatched) {
        std::string line = where;
        line.append(": no text document ").append(key).append(" under the data root, ignored");
        out.push_back(std::move(line));
    }
    return out;
}

Manifest parse_manifest_tsv(std::string_view text, std::string_view file_name) {
    Manifest manifest;
    std::vector<Column> columns = {Column::kPath,  Column::kDate, Column::kSource,
                                   Column::kTitle, Column::kUrl,  Column::kAuthor};
    bool first_row = true;
    std::size_t line_number = 0;
    for (std::string_view line : split_lines(text)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (is_blank(line) || trim(line).front() == '#') continue;
        const auto fields = split_tabs(line);
        const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
        if (first_row && column_named(fields.front()) == Column::kPath) {
            first_row = false;
            columns.clear();
            for (const auto field : fields) {
                columns.push_back(column_named(field));
                if (columns.back() == Column::kIgnored) {
                    manifest.notices.push_back(where + ": unknown column '" +
                                               std::string(trim(field)) + "' ignored");
                }
            }
            continue;
        }
        first_row = false;
        ManifestRow row;
        std::string key;
        for (std::size_t i = 0; i < fields.size() && i < columns.size(); ++i) {
            if (columns[i] == Column::kPath) {
                key = normalize_key(fields[i]);
            } else {
                set_field(row, columns[i], fields[i]);
            }
        }
        if (key.empty() || key == ".") {
            manifest.notices.push_back(where + ": row without a path ignored");
            continue;
        }
        add_row(manifest, std::move(key), std::move(row), where);
    }
    return manifest;
}

Manifest parse_manifest_jsonl(std::string_view text, std::string_view file_name) {
    Manifest manifest;
    std::size_t line_number = 0;
    for (const std::string_view line : split_lines(text)) {
        ++line_number;
        if (is_blank(line)) continue;
        const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
        if (json_too_deep_at(line, schema::kMaxInputNestingDepth)) {
            manifest.notices.push_back(where + ": " + schema::nesting_too_deep_detail() +
                                       ", ignored");
            continue;
        }
        const auto json = nlohmann::json::parse(repair_utf8(line).text, nullptr, false);
        if (json.is_discarded() || !json.is_object()) {
            manifest.notices.push_back(where + ": not a JSON object, ignored");
            continue;
        }
        const auto path = json.find("path");
        if (path == json.end() || !path->is_string()) {
            manifest.notices.push_back(where + ": row without a path ignored");
            continue;
        }
        ManifestRow row;
        for (const auto& [name, value] : json.items()) {
            const Column column = column_named(name);
            if (column == Column::kPath) continue;
            if (column == Column::kIgnored) {
                manifest.notices.push_back(where + ": unknown field '" + std::string(name) +
                                           "' ignored");
                continue;
            }
            if (!value.is_string()) {
                manifest.notices.push_back(where + ": field '" + std::string(name) +
                                           "' is not a string");
                continue;
            }
            set_field(row, column, value.get<std::string>());
        }
        add_row(manifest, normalize_key(path->get<std::string>()), std::move(row), where);
    }
    return manifest;
}

Manifest load_manifest(const std::filesystem::path& root) {
    Manifest manifest;
    const std::pair<std::string_view, Manifest (*)(std::string_view, std::string_view)> kinds[] = {
        {kManifestTsv, &parse_manifest_tsv}, {kManifestJsonl, &parse_manifest_jsonl}};
    for (const auto& [name, parse] : kinds) {
        const std::filesystem::path path = root / name;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) continue;
        std::string error;
        const auto text = read_file(path, error);
        if (!text) {
            manifest.notices.push_back(std::string(name) + ": " + error);
            continue;
        }
        merge(manifest, parse(*text, name));
    }
    return manifest;
}

}  // namespace dateline::detail
