/// @file
/// The sources file (spellings of one outlet shown as one name) and applying it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <dateline/stored_document.hpp>

#include "table_file.hpp"

namespace dateline::detail {

inline constexpr std::string_view kSourcesFile = "sources.tsv";

struct SourceAliases {
    /// source_key(spelling) → the name shown (the line's first field), for every spelling
    /// of every line, the name's own included.
    std::unordered_map<std::string, std::string> name_of;
    /// source_key(name) → the keys of all its spellings, its own first (the XSRC terms a
    /// document of that source gets, so `source:AP` finds what was renamed).
    std::unordered_map<std::string, std::vector<std::string>> keys_of;
    std::vector<std::string> notices;  ///< problems with lines, each naming file:line
    std::string fingerprint;           ///< hash of the table; "" when it is empty

    [[nodiscard]] bool empty() const noexcept { return name_of.empty(); }
};

/// Parses a sources file: one outlet per line, its name then its other spellings,
/// separated by tabs; '#' comments, blank lines ignored. Spellings match as source_key()
/// does (case, diacritics, spaces). A line with fewer than two distinct spellings, a
/// spelling already given to another name, and the reserved name "unknown" are notices;
/// the rest of the line is kept.
[[nodiscard]] SourceAliases parse_source_aliases(std::string_view text, std::string_view file_name,
                                                 const CancelPoll& poll = {});

/// Reads and merges the given files (in order). A file that cannot be read throws IoError.
[[nodiscard]] SourceAliases load_source_aliases(const std::vector<std::filesystem::path>& files,
                                                const CancelPoll& poll = {});

/// Renames `doc`'s source to its table name, keeping the spelling found in
/// source_as_found (when it differs) and the provenance as it was. A document without a
/// source (SourceOrigin::kNone) is left alone.
void apply_source_alias(const SourceAliases& aliases, StoredDocument& doc);

/// An input's content hash under `aliases`: the input hash itself with no table, else
/// both hashed together, so that a changed table re-indexes every document (any
/// document's source may be one it renames) and an unchanged one re-indexes none.
[[nodiscard]] std::string hash_with_sources(std::string_view input_hash,
                                            const SourceAliases& aliases);

}  // namespace dateline::detail
