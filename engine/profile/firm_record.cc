#include "engine/profile/firm_record.h"

#include <algorithm>
#include <utility>
#include <variant>

namespace duixian::engine {

void FirmRecord::MarkPresent(size_t index) {
  // Presence is tracked only once something has been marked: a record built
  // by hand without MarkPresent treats every slot as given.
  if (present_.size() < values_.size()) present_.resize(values_.size(), false);
  if (index < present_.size()) present_[index] = true;
}

const Scalar& FirmRecord::SeriesValue(size_t index, int year) const {
  // Never destroyed (trivially safe at exit); shared by every record.
  static const Scalar* const kMissingValue = new Scalar(std::monostate());
  const Scalar& missing = *kMissingValue;
  if (index >= values_.size()) return missing;
  const YearSeries* series = std::get_if<YearSeries>(&values_[index]);
  if (series == nullptr) return missing;
  auto it =
      std::lower_bound(series->begin(), series->end(), year,
                       [](const std::pair<int, Scalar>& entry, int y) { return entry.first < y; });
  if (it == series->end() || it->first != year) return missing;
  return it->second;
}

}  // namespace duixian::engine
