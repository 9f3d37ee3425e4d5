/// @file
/// The synonyms file (name variants searched as one) and loading it into an index.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "table_file.hpp"

namespace Xapian {
class WritableDatabase;
}

namespace dateline::detail {

inline constexpr std::string_view kSynonymsFile = "synonyms.tsv";

struct SynonymTable {
    /// Groups of variants, each case-folded (fold_case) with inner spaces collapsed.
    std::vector<std::vector<std::string>> groups;
    std::vector<std::string> notices;  ///< problems with lines or files
    std::string fingerprint;           ///< hash of the groups; changes when the table does
};

/// Parses a synonyms file: one group per line, variants separated by tabs, '#' comments,
/// blank lines ignored. A line with fewer than two distinct variants is a notice; a group
/// keeps at most schema::kMaxSynonymVariants variants (the first ones), with a notice.
[[nodiscard]] SynonymTable parse_synonyms(std::string_view text, std::string_view file_name,
                                          const CancelPoll& poll = {});

/// Reads and merges the given files (in order). A file that cannot be read throws IoError.
[[nodiscard]] SynonymTable load_synonyms(const std::vector<std::filesystem::path>& files,
                                         const CancelPoll& poll = {});

struct SynonymPair {
    std::string term;
    std::string synonym;
};

/// Every ordered pair (a, b) of distinct variants of a group as (a, b), plus, for
/// single-word variants, the stemmed pair ("Z" + stem(a), "Z" + stem(b)) that
/// QueryParser looks up for stemmed query terms. Multi-word variants are space-joined keys.
/// Calls `add(term, synonym)` for each, key by key; synonym_pairs() collects them (tests).
void for_each_synonym_pair(const SynonymTable& table,
                           const std::function<void(const std::string&, const std::string&)>& add);
[[nodiscard]] std::vector<SynonymPair> synonym_pairs(const SynonymTable& table);

/// Replaces the synonym table of `db` with `table` (clears every existing key first),
/// calling `poll` every few thousand entries.
void apply_synonyms(Xapian::WritableDatabase& db, const SynonymTable& table,
                    const CancelPoll& poll = {});

}  // namespace dateline::detail
