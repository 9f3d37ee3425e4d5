#include "snippet_query_terms.hpp"

#include <utility>

namespace dateline::detail {

namespace {

// A phrase is tight when it is the phrase of its own subqueries with the default window
// (their count): Xapian 1.4 has no accessor for the window, so the phrase is rebuilt with
// it and compared. QueryParser makes ADJ phrases with a wider window; those are loose.
bool is_tight_phrase(const Xapian::Query& phrase, const std::vector<Xapian::Query>& subqueries) {
    return Xapian::Query(Xapian::Query::OP_PHRASE, subqueries.begin(), subqueries.end())
               .serialise() == phrase.serialise();
}

// The leaf's first term, or nothing (an empty leaf: MatchAll).
const std::string* leaf_term(const Xapian::Query& leaf, std::string& storage) {
    const auto t = leaf.get_terms_begin();
    if (t == leaf.get_terms_end()) return nullptr;
    storage = *t;
    return &storage;
}

class Collector {
  public:
    Collector(const std::vector<WildcardPattern>& wildcards, SnippetQueryTerms& out)
        : m_wildcards(wildcards), m_out(out) {}

    void collect(const Xapian::Query& query) {
        const auto n = query.get_num_subqueries();
        switch (query.get_type()) {
            case Xapian::Query::LEAF_TERM: {
                std::string term;
                if (leaf_term(query, term) != nullptr) m_out.loose.push_back(std::move(term));
                return;
            }
            case Xapian::Query::OP_WILDCARD:
                // An unrecognised wildcard highlights nothing rather than everything.
                for (const auto& w : m_wildcards) {
                    if (w.serialised == query.serialise()) {
                        m_out.wildcards.push_back(w.pattern);
                        break;
                    }
                }
                return;
            case Xapian::Query::OP_PHRASE:
                if (collect_phrase(query, n)) return;
                break;  // a loose phrase (NEAR-like window): its terms highlight one by one
            case Xapian::Query::OP_AND_NOT:
                // What a hit must not contain cannot be in it.
                if (n > 0) collect(query.get_subquery(0));
                return;
            default:
                break;
        }
        for (std::size_t i = 0; i < n; ++i) collect(query.get_subquery(i));
    }

  private:
    bool collect_phrase(const Xapian::Query& phrase, std::size_t n) {
        if (n < 2) return false;
        std::vector<Xapian::Query> subqueries;
        std::vector<std::string> terms;
        for (std::size_t i = 0; i < n; ++i) {
            subqueries.push_back(phrase.get_subquery(i));
            std::string term;
            if (subqueries.back().get_type() != Xapian::Query::LEAF_TERM ||
                leaf_term(subqueries.back(), term) == nullptr) {
                return false;
            }
            terms.push_back(std::move(term));
        }
        if (!is_tight_phrase(phrase, subqueries)) return false;
        m_out.phrases.push_back(std::move(terms));
        return true;
    }

    const std::vector<WildcardPattern>& m_wildcards;
    SnippetQueryTerms& m_out;
};

}  // namespace

SnippetQueryTerms snippet_query_terms(const Xapian::Query& query,
                                      const std::vector<WildcardPattern>& wildcards) {
    SnippetQueryTerms out;
    Collector(wildcards, out).collect(query);
    return out;
}

}  // namespace dateline::detail
