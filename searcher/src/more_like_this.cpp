#include "more_like_this.hpp"

#include <dateline/errors.hpp>
#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

// Plain words only: prefixed terms (ids, dates, sources, title copies) would make "like"
// mean "same outlet, same day", and stemmed Z-terms would double each word.
// A word only the report itself has cannot find another report: it needs two documents.
class PlainWords : public Xapian::ExpandDecider {
  public:
    explicit PlainWords(const Xapian::Database& db) : m_db(db) {}
    bool operator()(const std::string& term) const override {
        if (term.empty()) return false;
        const auto c = static_cast<unsigned char>(term[0]);
        if (c >= 'A' && c <= 'Z') return false;
        // Digits alone (years, counts) say little about what a report is about.
        return term.find_first_not_of("0123456789.,") != std::string::npos &&
               m_db.get_termfreq(term) >= 2;
    }

  private:
    const Xapian::Database& m_db;
};

}  // namespace

LikeQuery more_like_this(const Xapian::Database& db, const std::string& id, std::size_t max_terms) {
    const std::string id_term = schema::make_term(schema::prefix::kId, id);
    const auto posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term)) {
        throw QueryError("--like: no document has the id '" + id + "'", 0);
    }
    Xapian::RSet relevant;
    relevant.add_document(*posting);
    Xapian::Enquire enquire(db);
    const PlainWords decider(db);
    const Xapian::ESet eset =
        enquire.get_eset(static_cast<Xapian::termcount>(max_terms), relevant, &decider);

    LikeQuery like;
    std::vector<Xapian::Query> parts;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        like.terms.push_back(*it);
        parts.emplace_back(*it);
    }
    if (parts.empty()) throw QueryError("--like: the document '" + id + "' has no words", 0);
    like.query = Xapian::Query(Xapian::Query::OP_AND_NOT,
                               Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                               Xapian::Query(id_term));
    return like;
}

}  // namespace dateline::detail
