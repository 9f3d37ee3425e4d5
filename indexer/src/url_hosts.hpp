/// @file
/// Host names of URLs: the document's own url (H terms) and URLs cited in its text
/// (XCITE terms).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

/// The host of an http(s) URL (without user info or port) in its filter form,
/// schema::normalize_host(). nullopt if `url` is not an http(s) URL with a host.
[[nodiscard]] std::optional<std::string> url_host(std::string_view url);

/// Hosts of the http(s) URLs in `text`, each once, in order of first appearance.
[[nodiscard]] std::vector<std::string> cited_hosts(std::string_view text);

}  // namespace dateline::detail
