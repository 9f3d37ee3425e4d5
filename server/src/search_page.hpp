/// @file
/// The search page, rendered on the server so that it works without JavaScript: the
/// search box, hits (title, date, source, highlighted snippet), source and date facets as
/// filter links, a date histogram (inline SVG), pagination, "did you mean" and errors with
/// their position. All text is escaped.
#pragma once

#include <optional>
#include <string>

#include <dateline/searcher.hpp>

#include "url.hpp"

namespace dateline::serve {

/// Why a search could not run, as the page shows it.
struct PageError {
    std::string message;
    std::optional<std::size_t> position{};  ///< byte offset in the query, for query errors
};

/// The whole page for `target` (its parameters fill the form and build the links):
/// with `results` when a search ran, `error` when it failed, neither for the empty page.
[[nodiscard]] std::string render_page(const Target& target, const SearchResults* results,
                                      const PageError* error);

/// The stylesheet the page links (/assets/dateline.css), served from the binary.
[[nodiscard]] std::string_view stylesheet();

}  // namespace dateline::serve
