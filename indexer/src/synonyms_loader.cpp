#include "synonyms_loader.hpp"

#include <algorithm>

#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/input_limits.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

#include "content_hash.hpp"
#include "text_util.hpp"

namespace dateline::detail {

namespace {

constexpr std::size_t kPollEvery = 4096;  // pairs between two cancellation polls

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

SynonymTable parse_synonyms(std::string_view text, std::string_view file_name,
                            const CancelPoll& poll) {
    SynonymTable table;
    for_each_table_line(
        text, poll, [&](std::size_t line_number, const std::vector<std::string_view>& fields) {
            std::vector<std::string> group;
            for (const std::string_view field : fields) {
                // Past the cap only count: the duplicate check below is quadratic in the group.
                if (group.size() == schema::kMaxSynonymVariants) break;
                std::string variant = collapse_spaces(term_text(fold_case(field)));
                if (!variant.empty() &&
                    std::find(group.begin(), group.end(), variant) == group.end()) {
                    group.push_back(std::move(variant));
                }
            }
            const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
            if (group.size() < 2) {
                table.notices.push_back(where +
                                        ": fewer than two variants (separate them with tabs)");
                return;
            }
            if (group.size() == schema::kMaxSynonymVariants && fields.size() > group.size()) {
                table.notices.push_back(where + ": a group of " + std::to_string(fields.size()) +
                                        " variants, only the first " +
                                        std::to_string(group.size()) + " kept (at most " +
                                        std::to_string(schema::kMaxSynonymVariants) +
                                        " per group)");
            }
            table.groups.push_back(std::move(group));
        });
    table.fingerprint = fingerprint_of(table.groups);
    return table;
}

SynonymTable load_synonyms(const std::vector<std::filesystem::path>& files,
                           const CancelPoll& poll) {
    SynonymTable table;
    for (const auto& file : files) {
        add_groups(table, parse_synonyms(read_table_file(file, "synonyms"),
                                         file.filename().string(), poll));
    }
    table.fingerprint = fingerprint_of(table.groups);
    return table;
}

void for_each_synonym_pair(const SynonymTable& table,
                           const std::function<void(const std::string&, const std::string&)>& add) {
    const Xapian::Stem stem = schema::term_rules::stemmer();
    std::vector<std::string> stems;
    for (const auto& group : table.groups) {
        // Key by key: Xapian rewrites a key's whole list each time the key changes, so
        // interleaving keys would make a group quadratic in bytes written.
        for (const auto& a : group) {
            for (const auto& b : group) {
                if (a != b) add(a, b);
            }
        }
        stems.clear();
        for (const auto& variant : group) {
            if (variant.find(' ') == std::string::npos)
                stems.push_back(schema::term_rules::stemmed_term(stem, variant));
        }
        for (std::size_t i = 0; i < stems.size(); ++i) {
            for (std::size_t j = 0; j < stems.size(); ++j) {
                if (i != j) add(stems[i], stems[j]);
            }
        }
    }
}

std::vector<SynonymPair> synonym_pairs(const SynonymTable& table) {
    std::vector<SynonymPair> pairs;
    for_each_synonym_pair(table, [&pairs](const std::string& term, const std::string& synonym) {
        pairs.push_back({term, synonym});
    });
    return pairs;
}

void apply_synonyms(Xapian::WritableDatabase& db, const SynonymTable& table,
                    const CancelPoll& poll) {
    std::vector<std::string> keys;
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) keys.push_back(*it);
    std::size_t done = 0;
    for (const auto& key : keys) {
        if (poll && ++done % kPollEvery == 0) poll();
        db.clear_synonyms(key);
    }
    // Streamed, never materialized: every pair of a large table at once once took 2 GB.
    for_each_synonym_pair(table, [&](const std::string& term, const std::string& synonym) {
        if (poll && ++done % kPollEvery == 0) poll();
        // Two variants may stem alike (zelensky/zelenskyy): a synonym equal to its key
        // would only make the query expand to itself.
        if (term != synonym) db.add_synonym(term, synonym);
    });
}

}  // namespace dateline::detail
