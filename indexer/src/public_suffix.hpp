/// @file
/// Registrable domains ("eTLD+1") from the Public Suffix List, through libpsl.
#pragma once

#include <string>
#include <string_view>

namespace dateline::detail {

/// The registrable domain of a normalized host (schema::normalize_host): "reuters.com" for
/// "uk.reuters.com", "bbc.co.uk" for "news.bbc.co.uk". The host itself when it has none
/// (an IP address, "localhost", a public suffix such as "co.uk"). Thread-safe.
[[nodiscard]] std::string registrable_domain(std::string_view host);

}  // namespace dateline::detail
