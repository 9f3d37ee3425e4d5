/// @file
/// Query-biased snippets with highlight spans, and derived titles.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

#include <dateline/searcher.hpp>

namespace dateline::detail {

struct Snippet {
    std::string text;
    std::vector<Highlight> highlights;
};

/// Cuts a snippet of about `bytes` bytes from `text` (the normalized stored body, the
/// same text the index saw, so every matched term can be found again).
[[nodiscard]] Snippet make_snippet(const Xapian::MSet& mset, const std::string& text,
                                   std::size_t bytes, const Xapian::Stem& stem);

/// Turns Xapian's HTML-escaped output with private markers into plain text and spans.
[[nodiscard]] Snippet decode_marked(std::string_view marked);

/// The first sentence of `text` (at most `max_bytes`, cut at a UTF-8 boundary), for
/// documents without a title.
[[nodiscard]] std::string first_sentence(std::string_view text, std::size_t max_bytes = 120);

}  // namespace dateline::detail
