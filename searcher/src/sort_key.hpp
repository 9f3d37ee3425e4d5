/// @file
/// Date sort keys that put undated documents last in both directions.
#pragma once

#include <xapian.h>

namespace dateline::detail {

/// Newest first (`descending`) or oldest first; ties by relevance; undated last.
void set_date_sort(Xapian::Enquire& enquire, bool descending);

}  // namespace dateline::detail
