#include "sort_key.hpp"

#include <dateline/schema.hpp>

namespace dateline::detail {
namespace {

// An empty value sorts before every date, which is "last" only when descending;
// ascending needs a key above every date instead.
class DateKey : public Xapian::KeyMaker {
  public:
    explicit DateKey(bool undated_high) : m_undated_high(undated_high) {}
    std::string operator()(const Xapian::Document& doc) const override {
        auto value = doc.get_value(schema::slot::kDate);
        if (value.empty() && m_undated_high) return "\xff";
        return value;
    }

  private:
    bool m_undated_high;
};

}  // namespace

void set_date_sort(Xapian::Enquire& enquire, bool descending) {
    enquire.set_sort_by_key_then_relevance((new DateKey(!descending))->release(), descending);
}

}  // namespace dateline::detail
