#include "source_aliases.hpp"

#include <algorithm>
#include <utility>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

#include "content_hash.hpp"
#include "text_util.hpp"

namespace dateline::detail {

namespace {

using GivenAt = std::unordered_map<std::string, std::string>;  // key → "file:line"

// Lines are read in file order: the first line to give a spelling keeps it.
void add_line(SourceAliases& into, const std::string& name,
              const std::vector<std::string>& spellings, const std::string& where,
              GivenAt& given_at) {
    const std::string name_key = schema::source_key(name);
    for (const auto& spelling : spellings) {
        const std::string key = schema::source_key(spelling);
        const auto [at, inserted] = into.name_of.emplace(key, name);
        if (inserted) {
            given_at[key] = where;
        } else if (schema::source_key(at->second) != name_key) {
            std::string notice = where;
            notice.append(": \"").append(spelling).append("\" is already a spelling of \"");
            notice.append(at->second)
                .append("\" (")
                .append(given_at[key])
                .append("); ignored here");
            into.notices.push_back(std::move(notice));
        }
    }
}

std::string fingerprint_of(const SourceAliases& table) {
    if (table.empty()) return {};
    std::vector<std::pair<std::string, std::string>> sorted(table.name_of.begin(),
                                                            table.name_of.end());
    std::sort(sorted.begin(), sorted.end());
    ContentHash hash;
    for (const auto& [key, name] : sorted) {
        hash.feed_field(key);
        hash.feed_field(name);
    }
    return hash.hex();
}

// keys_of from name_of, so that a merge of files gives the same table as one file.
void index_keys(SourceAliases& table) {
    table.keys_of.clear();
    std::vector<std::pair<std::string, std::string>> sorted(table.name_of.begin(),
                                                            table.name_of.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [key, name] : sorted) {
        const std::string name_key = schema::source_key(name);
        auto& keys = table.keys_of[name_key];
        if (key == name_key) {
            keys.insert(keys.begin(), key);
        } else {
            keys.push_back(key);
        }
    }
}

}  // namespace

namespace {

void parse_into(SourceAliases& table, GivenAt& given_at, std::string_view text,
                std::string_view file_name, const CancelPoll& poll) {
    for_each_table_line(
        text, poll, [&](std::size_t line_number, const std::vector<std::string_view>& fields) {
            const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
            std::vector<std::string> spellings;
            std::vector<std::string> keys;
            for (const std::string_view field : fields) {
                std::string spelling = collapse_spaces(normalize_text(field));
                std::string key = schema::source_key(spelling);
                if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
                keys.push_back(std::move(key));
                spellings.push_back(std::move(spelling));
            }
            if (spellings.size() < 2) {
                table.notices.push_back(where +
                                        ": fewer than two spellings (the name shown, then the "
                                        "spellings it replaces, separated by tabs)");
                return;
            }
            if (keys.front() == schema::kUnknownSource) {
                table.notices.push_back(where + ": \"" + spellings.front() +
                                        "\" is reserved for documents whose source is not known");
                return;
            }
            add_line(table, spellings.front(), spellings, where, given_at);
        });
}

void finish(SourceAliases& table) {
    index_keys(table);
    table.fingerprint = fingerprint_of(table);
}

}  // namespace

SourceAliases parse_source_aliases(std::string_view text, std::string_view file_name,
                                   const CancelPoll& poll) {
    SourceAliases table;
    GivenAt given_at;
    parse_into(table, given_at, text, file_name, poll);
    finish(table);
    return table;
}

SourceAliases load_source_aliases(const std::vector<std::filesystem::path>& files,
                                  const CancelPoll& poll) {
    SourceAliases table;
    GivenAt given_at;
    for (const auto& file : files) {
        parse_into(table, given_at, read_table_file(file, "sources"), file.filename().string(),
                   poll);
    }
    finish(table);
    return table;
}

void apply_source_alias(const SourceAliases& aliases, StoredDocument& doc) {
    if (aliases.empty() || doc.source_origin == SourceOrigin::kNone) return;
    const auto found = aliases.name_of.find(schema::source_key(doc.source));
    if (found == aliases.name_of.end() || found->second == doc.source) return;
    doc.source_as_found = std::move(doc.source);
    doc.source = found->second;
}

std::string hash_with_sources(std::string_view input_hash, const SourceAliases& aliases) {
    if (aliases.fingerprint.empty()) return std::string(input_hash);
    ContentHash hash;
    hash.feed_field(input_hash);
    hash.feed_field(aliases.fingerprint);
    return hash.hex();
}

}  // namespace dateline::detail
