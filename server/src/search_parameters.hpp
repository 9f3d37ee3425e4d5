/// @file
/// A URL's search parameters, mirroring index-search's options (q, any, sort, offset,
/// limit, recency, date_facet, facets, source, from, to; docs/SERVER.md), checked by the
/// library's make_search_request(), the same rules index-search applies.
#pragma once

#include <dateline/searcher.hpp>

#include "url.hpp"

namespace dateline::serve {

/// The request the parameters ask for.
/// @throws RequestArgumentError for an unknown or repeated parameter, a bad value, or
///         neither a query nor a filter.
[[nodiscard]] SearchRequest search_request(const Target& target, std::size_t max_page_size);

/// Whether the parameters ask for a search at all (a query or a filter): the page without
/// one shows only the search box.
[[nodiscard]] bool asks_for_search(const Target& target);

}  // namespace dateline::serve
