#include "query_synonyms.hpp"

#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

// A term's parts: "Z" when stemmed, the free-text field prefix, the word.
struct TermParts {
    bool stemmed = false;
    std::string prefix;
    std::string word;
};

TermParts split_term(const std::string& term) {
    TermParts parts;
    std::string_view rest(term);
    if (rest.starts_with('Z')) {
        parts.stemmed = true;
        rest.remove_prefix(1);
    }
    for (const auto& field : schema::kFields) {
        if (field.kind == schema::FieldKind::kFreeText && !field.prefix.empty() &&
            rest.starts_with(field.prefix)) {
            parts.prefix = std::string(field.prefix);
            rest.remove_prefix(field.prefix.size());
            break;
        }
    }
    parts.word = std::string(rest);
    return parts;
}

std::vector<std::string> variants_of(const Xapian::Database& terms, const TermParts& parts) {
    const std::string key = (parts.stemmed ? "Z" : "") + parts.word;
    std::vector<std::string> out;
    for (auto s = terms.synonyms_begin(key); s != terms.synonyms_end(key); ++s) {
        const std::string synonym = *s;
        if (synonym.find(' ') != std::string::npos) continue;  // a multi-word variant
        const bool stemmed = synonym.starts_with('Z');
        out.push_back((stemmed ? "Z" : "") + parts.prefix + synonym.substr(stemmed ? 1 : 0));
    }
    return out;
}

std::string shown(const std::string& term) {
    const auto parts = split_term(term);
    return parts.word;
}

Xapian::Query expand_leaf(const Xapian::Query& query, const Xapian::Database& terms,
                          bool positional, std::vector<std::string>& applied) {
    const auto t = query.get_terms_begin();
    if (t == query.get_terms_end()) return query;
    const std::string term = *t;
    const auto parts = split_term(term);
    if (!positional && parts.prefix.empty()) return query;
    const auto variants = variants_of(terms, parts);
    if (variants.empty()) return query;
    std::vector<Xapian::Query> alternatives{query};
    std::string line = shown(term) + " \u2192 ";
    for (std::size_t i = 0; i < variants.size(); ++i) {
        alternatives.emplace_back(variants[i]);
        line += (i > 0 ? ", " : "") + shown(variants[i]);
    }
    applied.push_back(std::move(line));
    // A phrase matches over an OR of terms (Xapian 1.4), not over a SYNONYM.
    return {positional ? Xapian::Query::OP_OR : Xapian::Query::OP_SYNONYM, alternatives.begin(),
            alternatives.end()};
}

Xapian::Query map_leaves(const Xapian::Query& query, bool positional, const LeafMapper& map) {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) return map(query, positional);
    switch (type) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR:
            break;
        default:
            return query;  // synonyms, wildcards, value ranges, weights: as parsed
    }
    const bool inner_positional =
        positional || type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR;
    std::vector<Xapian::Query> subqueries;
    bool changed = false;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const auto sub = query.get_subquery(i);
        subqueries.push_back(map_leaves(sub, inner_positional, map));
        changed = changed || subqueries.back().get_description() != sub.get_description();
    }
    if (!changed) return query;
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {
        return {type, subqueries.begin(), subqueries.end(), positional_window(query)};
    }
    return {type, subqueries.begin(), subqueries.end()};
}

}  // namespace

Xapian::Query map_leaves(const Xapian::Query& query, const LeafMapper& map) {
    return map_leaves(query, false, map);
}

Xapian::termcount positional_window(const Xapian::Query& query) {
    const auto d = query.get_description();
    for (const std::string_view op : {" PHRASE ", " NEAR "}) {
        const auto at = d.find(op);
        if (at == std::string::npos) continue;
        Xapian::termcount window = 0;
        for (auto i = at + op.size(); i < d.size() && d[i] >= '0' && d[i] <= '9'; ++i) {
            window = window * 10 + static_cast<Xapian::termcount>(d[i] - '0');
        }
        return window;
    }
    return 0;
}

Xapian::Query expand_synonyms(const Xapian::Query& query, const Xapian::Database& terms,
                              std::vector<std::string>& applied) {
    return map_leaves(query, false, [&](const Xapian::Query& leaf, bool positional) {
        return expand_leaf(leaf, terms, positional, applied);
    });
}

}  // namespace dateline::detail
