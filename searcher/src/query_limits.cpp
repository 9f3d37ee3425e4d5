#include "query_limits.hpp"

#include <algorithm>
#include <string>

#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>

namespace dateline::detail {
namespace {

// Any byte that is not ASCII punctuation or space may be part of a word; this
// over-counts slightly (e.g. "U.S" is two words), which errs on the safe side. '_' is
// a word character for Xapian (connector punctuation): without it, "_ OR _ OR …" made
// thousands of terms while counting as none.
bool is_word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '_';
}

// Counts term leaves in query order; returns the synonym group (its first term) whose
// terms took the count past `max`, or "" when the count stays within it.
std::string first_term_over(const Xapian::Query& query, std::size_t max, std::size_t& count) {
    if (query.get_type() == Xapian::Query::LEAF_TERM) {
        ++count;
        return count > max ? std::string(*query.get_terms_begin()) : std::string();
    }
    const bool synonym = query.get_type() == Xapian::Query::OP_SYNONYM;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        std::string over = first_term_over(query.get_subquery(i), max, count);
        if (over.empty()) continue;
        if (synonym && query.get_terms_begin() != query.get_terms_end()) {
            return *query.get_terms_begin();
        }
        return over;
    }
    return {};
}

}  // namespace

void check_expanded_terms(const Xapian::Query& parsed, std::string_view text,
                          const QueryLimits& limits) {
    const std::size_t max = kExpandedTermsPerWord * limits.max_terms;
    std::size_t count = 0;
    std::string term = first_term_over(parsed, max, count);
    if (term.empty()) return;
    // Terms are case-folded, stemmed ones carry Xapian's "Z"; look the word up in the text.
    if (term.size() > 1 && term[0] == 'Z') term.erase(0, 1);
    const std::string folded = fold_case(text);
    std::size_t position = folded.find(term);
    if (position == std::string::npos || folded.size() != text.size()) position = 0;
    throw QueryLimitError("query has too many terms once synonyms are expanded (max " +
                              std::to_string(max) + "; a word of a large synonym group counts " +
                              "as all its variants)",
                          position);
}

void check_query_limits(std::string_view text, const QueryLimits& limits) {
    if (text.size() > limits.max_bytes) {
        throw QueryLimitError("query is too long (" + std::to_string(text.size()) + " bytes, max " +
                                  std::to_string(limits.max_bytes) + ")",
                              limits.max_bytes);
    }
    // Two depths: Xapian ignores brackets inside "quotes", but when a query fails to
    // parse it silently re-parses without phrase syntax, and then the quoted brackets
    // nest too. Only the larger of the two is a safe bound.
    std::size_t depth = 0;
    std::size_t depth_ignoring_quotes = 0;
    std::size_t terms = 0;
    bool in_quotes = false;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool word = is_word_byte(c);
        if (word && !in_word && ++terms > limits.max_terms) {
            throw QueryLimitError(
                "query has too many words (max " + std::to_string(limits.max_terms) + ")", i);
        }
        in_word = word;
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (c == '(') {
            if (!in_quotes) ++depth;
            if (std::max(depth, ++depth_ignoring_quotes) > limits.max_depth) {
                throw QueryLimitError(
                    "query nested too deeply (max " + std::to_string(limits.max_depth) + " levels)",
                    i);
            }
        } else if (c == ')') {
            if (!in_quotes && depth > 0) --depth;
            if (depth_ignoring_quotes > 0) --depth_ignoring_quotes;
        }
    }
}

}  // namespace dateline::detail
