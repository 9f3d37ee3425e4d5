#include "portable_recency.hpp"

#include <algorithm>
#include <cmath>

#include <dateline/schema.hpp>

namespace dateline::detail {

Xapian::Query blend_recency_portable(const Xapian::Database& db, const Xapian::Query& query,
                                     double half_life_days, double best_score) {
    const auto newest_value = db.get_value_upper_bound(schema::slot::kDayNumber);
    if (newest_value.empty() || half_life_days <= 0) return query;
    const double newest = Xapian::sortable_unserialise(newest_value);
    const double oldest =
        Xapian::sortable_unserialise(db.get_value_lower_bound(schema::slot::kDayNumber));
    // As RecencySource: a purely boolean query scores 0; give recency a unit scale.
    const double boost = best_score > 0 ? best_score : 1.0;
    const double horizon =
        std::min(32.0 * half_life_days, static_cast<double>(kMaxRecencyDays - 1));
    const double last_age = std::max(0.0, std::min(newest - oldest, std::floor(horizon)));

    auto* source = new Xapian::ValueMapPostingSource(schema::slot::kDayNumber);
    source->set_default_weight(0.0);
    // Ages are whole days, so newest - age is exactly the stored day number and the
    // weight is bit for bit what RecencySource computes for it.
    for (double age = 0; age <= last_age; age += 1) {
        source->add_mapping(Xapian::sortable_serialise(newest - age),
                            boost * std::exp2(-age / half_life_days));
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

}  // namespace dateline::detail
