#include "query_near.hpp"

#include <optional>

#include <dateline/errors.hpp>

#include "query_synonyms.hpp"

namespace dateline::detail {
namespace {

// Lower-case letters only, so the parser neither splits nor stems it differently; the
// final letter numbers the group.
constexpr std::string_view kPlaceholder = "qxnearzzz";
constexpr std::size_t kMaxGroups = 26;
constexpr Xapian::termcount kDefaultDistance = 10;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

struct Operand {
    std::size_t begin = 0;  // in the text, brackets included
    std::size_t end = 0;
    std::string inner;  // what to parse
    bool grouped = false;
};

// The operand ending just before `at` (a word, or a bracketed group).
std::optional<Operand> operand_before(std::string_view text, std::size_t at) {
    std::size_t end = at;
    while (end > 0 && is_space(text[end - 1])) --end;
    if (end == 0) return std::nullopt;
    Operand op;
    op.end = end;
    if (text[end - 1] == ')') {
        int depth = 0;
        std::size_t i = end;
        while (i > 0) {
            --i;
            if (text[i] == ')') ++depth;
            if (text[i] == '(' && --depth == 0) break;
        }
        if (depth != 0) return std::nullopt;
        // A field applied to the group (`title:(a OR b)`) belongs to it.
        if (i > 0 && text[i - 1] == ':') {
            while (i > 0 && text[i - 1] != '(' && !is_space(text[i - 1])) --i;
        }
        op.begin = i;
        op.inner = std::string(text.substr(i, end - i));
        op.grouped = true;
        return op;
    }
    std::size_t begin = end;
    while (begin > 0 && !is_space(text[begin - 1]) && text[begin - 1] != '(') --begin;
    op.begin = begin;
    op.inner = std::string(text.substr(begin, end - begin));
    op.grouped = op.inner.find('*') != std::string::npos;
    return op;
}

// The operand starting at or after `at`.
std::optional<Operand> operand_after(std::string_view text, std::size_t at) {
    std::size_t begin = at;
    while (begin < text.size() && is_space(text[begin])) ++begin;
    if (begin >= text.size()) return std::nullopt;
    Operand op;
    op.begin = begin;
    // `title:(a OR b)`: the field and its group.
    std::size_t open = begin;
    while (open < text.size() && text[open] >= 'a' && text[open] <= 'z') ++open;
    if (open > begin && open + 1 < text.size() && text[open] == ':' && text[open + 1] == '(') {
        ++open;
    } else {
        open = begin;
    }
    if (text[open] == '(') {
        int depth = 0;
        std::size_t i = open;
        for (; i < text.size(); ++i) {
            if (text[i] == '(') ++depth;
            if (text[i] == ')' && --depth == 0) break;
        }
        if (depth != 0) return std::nullopt;
        op.end = i + 1;
        op.inner = std::string(text.substr(begin, op.end - begin));
        op.grouped = true;
        return op;
    }
    std::size_t end = begin;
    while (end < text.size() && !is_space(text[end]) && text[end] != ')') ++end;
    op.end = end;
    op.inner = std::string(text.substr(begin, end - begin));
    op.grouped = op.inner.find('*') != std::string::npos;
    return op;
}

// What an operand may not hold, as the user would name it, or empty.
std::string forbidden_in(const Xapian::Query& q) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::OP_WILDCARD:
            return {};
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM:
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                if (auto bad = forbidden_in(q.get_subquery(i)); !bad.empty()) return bad;
            }
            return {};
        case Xapian::Query::OP_AND:
            return "AND";
        case Xapian::Query::OP_AND_NOT:
            return "NOT";
        case Xapian::Query::OP_XOR:
            return "XOR";
        case Xapian::Query::OP_AND_MAYBE:
            return "+/-";
        case Xapian::Query::OP_PHRASE:
            return "a phrase";
        case Xapian::Query::OP_NEAR:
            return "NEAR";
        default:
            return "a filter";
    }
}

// The root of an OP_WILDCARD query, from its description "Query(WILDCARD SYNONYM film)".
std::string wildcard_root(const Xapian::Query& wildcard) {
    auto d = wildcard.get_description();
    if (!d.empty() && d.back() == ')') d.pop_back();
    const auto space = d.rfind(' ');
    return space == std::string::npos ? std::string() : d.substr(space + 1);
}

// An operand as NEAR and PHRASE can match it: terms and ORs of terms.
Xapian::Query positional(const Xapian::Query& q, const WildcardExpander& expand) {
    switch (q.get_type()) {
        case Xapian::Query::OP_WILDCARD: {
            const auto terms = expand(wildcard_root(q));
            return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
        }
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM: {
            std::vector<Xapian::Query> subs;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                subs.push_back(positional(q.get_subquery(i), expand));
            }
            return {Xapian::Query::OP_OR, subs.begin(), subs.end()};
        }
        default:
            return q;
    }
}

}  // namespace

NearGroups extract_near_groups(std::string_view text, Xapian::QueryParser& qp, unsigned flags,
                               const WildcardExpander& expand) {
    NearGroups out;
    std::size_t copied = 0;
    std::size_t search = 0;
    while (true) {
        std::size_t at = std::string_view::npos;
        std::string_view op;
        for (const std::string_view name : {"NEAR", "ADJ"}) {
            for (auto p = text.find(name, search); p != std::string_view::npos;
                 p = text.find(name, p + 1)) {
                const bool alone_before = p == 0 || is_space(text[p - 1]) || text[p - 1] == ')';
                const auto after = p + name.size();
                const bool alone_after = after == text.size() || is_space(text[after]) ||
                                         text[after] == '/' || text[after] == '(';
                if (alone_before && alone_after) {
                    if (p < at) {
                        at = p;
                        op = name;
                    }
                    break;
                }
            }
        }
        if (at == std::string_view::npos) break;
        std::size_t end = at + op.size();
        Xapian::termcount distance = kDefaultDistance;
        if (end < text.size() && text[end] == '/') {
            distance = 0;
            while (++end < text.size() && text[end] >= '0' && text[end] <= '9') {
                distance = distance * 10 + static_cast<Xapian::termcount>(text[end] - '0');
            }
        }
        search = end;
        const auto left = operand_before(text, at);
        const auto right = operand_after(text, end);
        if (!left || !right || (!left->grouped && !right->grouped) || left->begin < copied) {
            continue;
        }
        if (out.queries.size() == kMaxGroups) {
            throw QueryError("too many " + std::string(op) + " groups in one query", at);
        }
        std::vector<Xapian::Query> operands;
        for (const auto* side : {&*left, &*right}) {
            Xapian::Query q;
            qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
            try {
                q = qp.parse_query(side->inner, flags);
            } catch (const Xapian::QueryParserError& e) {
                qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
                throw QueryError(std::string(op) + ": cannot read this side (" + e.get_msg() + ")",
                                 side->begin);
            }
            qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
            if (auto bad = forbidden_in(q); !bad.empty() || q.empty()) {
                throw QueryError(std::string(op) +
                                     " can only join words, OR-groups and "
                                     "wildcards; this side holds " +
                                     (bad.empty() ? "nothing" : bad),
                                 side->begin);
            }
            operands.push_back(positional(q, expand));
        }
        const bool phrase = op == "ADJ";
        out.queries.emplace_back(phrase ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR,
                                 operands.begin(), operands.end(), distance + 1);
        out.text.append(text.substr(copied, left->begin - copied));
        out.text.append(kPlaceholder);
        out.text.push_back(static_cast<char>('a' + out.queries.size() - 1));
        copied = right->end;
        search = copied;
    }
    out.text.append(text.substr(copied));
    return out;
}

Xapian::Query substitute_near_groups(const Xapian::Query& query,
                                     const std::vector<Xapian::Query>& groups) {
    if (groups.empty()) return query;
    return map_leaves(query, [&](const Xapian::Query& leaf, bool) {
        const auto t = leaf.get_terms_begin();
        if (t == leaf.get_terms_end()) return leaf;
        const std::string whole = *t;
        std::string_view term = whole;
        if (term.starts_with('Z')) term.remove_prefix(1);
        if (!term.starts_with(kPlaceholder) || term.size() != kPlaceholder.size() + 1) {
            return leaf;
        }
        const auto index = static_cast<std::size_t>(term.back() - 'a');
        return index < groups.size() ? groups[index] : leaf;
    });
}

}  // namespace dateline::detail
