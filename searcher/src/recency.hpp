/// @file
/// The recency blend: an additive boost that halves every `half_life` days of age.
///
///   score = bm25 + B · 2^(−age / half_life)
///
/// age = days between the document's date and the newest dated document in the index
/// (slot::kDayNumber); B = the best BM25 score of the query (so the freshest document
/// gains as much as the best textual match scores; one half-life older, half that).
/// Undated documents get no boost.
#pragma once

#include <xapian.h>

namespace dateline::detail {

class RecencySource : public Xapian::ValuePostingSource {
  public:
    RecencySource(double newest_day, double half_life_days, double max_boost);

    void init(const Xapian::Database& database) override;
    [[nodiscard]] double get_weight() const override;
    [[nodiscard]] RecencySource* clone() const override;
    [[nodiscard]] std::string name() const override;

  private:
    double m_newest_day;
    double m_half_life;
    double m_max_boost;
};

/// `query` blended with recency (OP_AND_MAYBE with a RecencySource), or `query`
/// unchanged when the index holds no dated documents. `best_score` is B above.
[[nodiscard]] Xapian::Query blend_recency(const Xapian::Database& db, const Xapian::Query& query,
                                          double half_life_days, double best_score);

}  // namespace dateline::detail
