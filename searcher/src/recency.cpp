#include "recency.hpp"

#include <algorithm>
#include <cmath>

#include <dateline/schema.hpp>

namespace dateline::detail {

RecencySource::RecencySource(double newest_day, double half_life_days, double max_boost)
    : Xapian::ValuePostingSource(schema::slot::kDayNumber),
      m_newest_day(newest_day),
      m_half_life(half_life_days),
      m_max_boost(max_boost) {}

void RecencySource::init(const Xapian::Database& database) {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(m_max_boost);
}

double RecencySource::get_weight() const {
    const double day = Xapian::sortable_unserialise(get_value());
    const double age = std::max(0.0, m_newest_day - day);
    return m_max_boost * std::exp2(-age / m_half_life);
}

RecencySource* RecencySource::clone() const {
    return new RecencySource(m_newest_day, m_half_life, m_max_boost);
}

std::string RecencySource::name() const { return "dateline::RecencySource"; }

Xapian::Query blend_recency(const Xapian::Database& db, const Xapian::Query& query,
                            double half_life_days, double best_score) {
    const auto newest = db.get_value_upper_bound(schema::slot::kDayNumber);
    if (newest.empty() || half_life_days <= 0) return query;
    // A purely boolean query scores 0; give recency a unit scale so it still orders.
    const double boost = best_score > 0 ? best_score : 1.0;
    auto* source = new RecencySource(Xapian::sortable_unserialise(newest), half_life_days, boost);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

}  // namespace dateline::detail
