// The official working-day calendar (State Council holiday notices): which
// weekdays are holidays and which weekend days are make-up working days.
//
// Years whose notice is not in the calendar are refused, never guessed: a
// window that runs into an unpublished year cannot be counted.
//
//   DX_ASSIGN_OR_RETURN(HolidayCalendar cal, HolidayCalendar::FromJson(text));
//   absl::StatusOr<int> n = cal.CountWorkingDays(open, close);  // inclusive
//
// Immutable after construction; safe to share across threads.
#ifndef DX_ENGINE_VALUE_HOLIDAY_CALENDAR_H_
#define DX_ENGINE_VALUE_HOLIDAY_CALENDAR_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "engine/value/civil_date.h"

namespace duixian::engine {

class HolidayCalendar {
 public:
  HolidayCalendar() = default;

  // Parses {"2023": {"off": ["2023-01-01", …], "work": ["2023-01-28", …]}, …}
  // (the layout of policies/calendar.json). InvalidArgument, naming the year
  // and entry, for malformed input.
  static absl::StatusOr<HolidayCalendar> FromJson(std::string_view json_text);

  // True when the year's notice is in the calendar.
  bool Covers(int year) const;
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  // Working day := (Mon–Fri and not off) or a make-up working day.
  // OutOfRange when the date's year is not covered.
  absl::StatusOr<bool> IsWorkingDay(CivilDate date) const;

  // Number of working days in [first, last], both inclusive (0 if last <
  // first). OutOfRange when any year in between is not covered.
  absl::StatusOr<int> CountWorkingDays(CivilDate first, CivilDate last) const;

  // The n-th working day (n >= 1) counting from `start` itself when
  // `count_start_day` is true and it is a working day, otherwise from the next
  // day. AddWorkingDays(2024-09-20, 15, true) == 2024-10-15.
  absl::StatusOr<CivilDate> AddWorkingDays(CivilDate start, int n,
                                           bool count_start_day) const;

  // Canonical text of the calendar contents, for the policy-set digest
  // (built once, at load).
  const std::string& CanonicalText() const { return canonical_text_; }

 private:
  absl::flat_hash_set<int32_t> off_;   // days since epoch
  absl::flat_hash_set<int32_t> work_;  // days since epoch
  int first_year_ = 0;
  int last_year_ = -1;
  std::string canonical_text_;

  std::string BuildCanonicalText() const;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_VALUE_HOLIDAY_CALENDAR_H_
