#include "synonyms_loader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

#include "content_hash.hpp"
#include "text_util.hpp"

namespace dateline::detail {

namespace {

void add_groups(SynonymTable& into, SynonymTable&& from) {
    for (auto& group : from.groups) into.groups.push_back(std::move(group));
    for (auto& notice : from.notices) into.notices.push_back(std::move(notice));
}

std::string fingerprint_of(const std::vector<std::vector<std::string>>& groups) {
    ContentHash hash;
    for (const auto& group : groups) {
        hash.feed_field("group");
        for (const auto& variant : group) hash.feed_field(variant);
    }
    return hash.hex();
}

}  // namespace

SynonymTable parse_synonyms(std::string_view text, std::string_view file_name) {
    SynonymTable table;
    std::size_t line_number = 0;
    const std::string repaired = repair_utf8(text).text;  // the lines below view into it
    for (std::string_view line : split_lines(repaired)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (is_blank(line) || trim(line).front() == '#') continue;
        std::vector<std::string> group;
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t tab = line.find('\t', start);
            if (tab == std::string_view::npos) tab = line.size();
            std::string variant =
                collapse_spaces(term_text(fold_case(line.substr(start, tab - start))));
            if (!variant.empty() && std::find(group.begin(), group.end(), variant) == group.end()) {
                group.push_back(std::move(variant));
            }
            start = tab + 1;
        }
        if (group.size() < 2) {
            table.notices.push_back(std::string(file_name) + ":" + std::to_string(line_number) +
                                    ": fewer than two variants (separate them with tabs)");
            continue;
        }
        table.groups.push_back(std::move(group));
    }
    table.fingerprint = fingerprint_of(table.groups);
    return table;
}

SynonymTable load_synonyms(const std::vector<std::filesystem::path>& files) {
    SynonymTable table;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw IoError("cannot read synonyms file " + file.string());
        std::ostringstream buffer;
        buffer << in.rdbuf();
        add_groups(table, parse_synonyms(buffer.str(), file.filename().string()));
    }
    table.fingerprint = fingerprint_of(table.groups);
    return table;
}

std::vector<SynonymPair> synonym_pairs(const SynonymTable& table) {
    const Xapian::Stem stem = schema::term_rules::stemmer();
    std::vector<SynonymPair> pairs;
    for (const auto& group : table.groups) {
        for (const auto& a : group) {
            for (const auto& b : group) {
                if (a == b) continue;
                pairs.push_back({a, b});
                if (a.find(' ') == std::string::npos && b.find(' ') == std::string::npos) {
                    pairs.push_back({schema::term_rules::stemmed_term(stem, a),
                                     schema::term_rules::stemmed_term(stem, b)});
                }
            }
        }
    }
    return pairs;
}

void apply_synonyms(Xapian::WritableDatabase& db, const SynonymTable& table) {
    std::vector<std::string> keys;
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) keys.push_back(*it);
    for (const auto& key : keys) db.clear_synonyms(key);
    for (const auto& pair : synonym_pairs(table)) {
        // Two variants may stem alike (zelensky/zelenskyy): a synonym equal to its key
        // would only make the query expand to itself.
        if (pair.term != pair.synonym) db.add_synonym(pair.term, pair.synonym);
    }
}

}  // namespace dateline::detail
