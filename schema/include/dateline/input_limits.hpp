/// @file
/// Bounds on what input may make the indexer do, shared by every reader of input files
/// (JSON Lines, manifests, synonyms; and every format added later: HTML, feeds, WARC).
///
/// The rule: **no input may drive an unbounded recursion or an unbounded allocation.**
/// A reader that builds or walks a tree from input (a JSON value, an HTML/XML element
/// tree, nested archives, directories) counts nesting as it goes and rejects the input
/// (with a reason naming the bound) once it is deeper than kMaxInputNestingDepth, before
/// anything recursive (a DOM copy, a serializer, a destructor, a tree walk) can overflow
/// the stack. Parsers with a depth limit of their own are set to this one.
#pragma once

#include <cstddef>
#include <string>

namespace dateline::schema {

/// Deepest nesting of input structure (JSON arrays/objects, HTML/XML elements, directory
/// levels under a data root) any reader accepts. Real news never comes close; 70,000
/// nested arrays once crashed index-build by stack overflow.
inline constexpr std::size_t kMaxInputNestingDepth = 256;

/// The detail text of a rejection for input nested past kMaxInputNestingDepth (one
/// wording for every format, so that reports can be grepped alike).
[[nodiscard]] inline std::string nesting_too_deep_detail() {
    return "nested deeper than " + std::to_string(kMaxInputNestingDepth) + " levels";
}

/// Most variants one synonym group keeps. Xapian's synonym table maps each variant to all
/// others (n² entries, twice with stems); a larger group is cut to its first variants,
/// with a notice, so that one line can never make the table quadratic.
inline constexpr std::size_t kMaxSynonymVariants = 64;

}  // namespace dateline::schema
