/// @file
/// Host names as filters: the one rule that turns a host into the value of its H (`site:`)
/// and XCITE (`cites:`) terms, applied by the indexer to the hosts it finds and by the
/// searcher to the host a query names, so that `site:WWW.Reuters.com.` and a document at
/// https://www.reuters.com/ meet on the same term.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dateline/schema_export.hpp>

namespace dateline::schema {

/// The filter form of a host name: lower-case (ASCII; other letters by Unicode case
/// folding), without trailing dots or one leading "www.". nullopt when it is not a host:
/// empty, or holding a character other than letters, digits, '.', '-', '_' (IPv6 literals
/// in brackets are kept as they are, lower-cased).
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::optional<std::string> normalize_host(
    std::string_view host);

/// The parents of a normalized host up to and including `registrable` (its registrable
/// domain, which the indexer finds in the Public Suffix List), the host itself first:
/// ("uk.reuters.com", "reuters.com") → {"uk.reuters.com", "reuters.com"}. Just {host} when
/// `registrable` is not a suffix of it at a label boundary.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::vector<std::string> host_and_parents(
    std::string_view host, std::string_view registrable);

/// Cited domains in one value slot (slot::kCitedDomains): sorted, distinct, separated by
/// spaces (a space is never part of a host), so that documents citing the same set share
/// one value.
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::string join_domains(std::vector<std::string> domains);
[[nodiscard]] DATELINE_SCHEMA_EXPORT std::vector<std::string_view> split_domains(
    std::string_view value);

}  // namespace dateline::schema
