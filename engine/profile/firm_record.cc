#include "engine/profile/firm_record.h"

#include <algorithm>
#include <utility>
#include <variant>

namespace duixian::engine {

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
