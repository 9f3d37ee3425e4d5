#include "query_limits.hpp"

#include <string>

#include <dateline/errors.hpp>

namespace dateline::detail {
namespace {

// Any byte that is not ASCII punctuation or space may be part of a word; this
// over-counts slightly (e.g. "U.S" is two words), which errs on the safe side.
bool is_word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

void check_query_limits(std::string_view text, const QueryLimits& limits) {
    if (text.size() > limits.max_bytes) {
        throw QueryLimitError("query is too long (" + std::to_string(text.size()) + " bytes, max " +
                                  std::to_string(limits.max_bytes) + ")",
                              limits.max_bytes);
    }
    std::size_t depth = 0;
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
        } else if (!in_quotes && c == '(') {
            if (++depth > limits.max_depth) {
                throw QueryLimitError(
                    "query nested too deeply (max " + std::to_string(limits.max_depth) + " levels)",
                    i);
            }
        } else if (!in_quotes && c == ')' && depth > 0) {
            --depth;
        }
    }
}

}  // namespace dateline::detail
