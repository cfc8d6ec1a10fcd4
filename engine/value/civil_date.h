// Civil (proleptic Gregorian) dates without time zones, as used in policy
// windows, registration dates and evaluation dates.
//
//   std::optional<CivilDate> d = CivilDate::Parse("2024-02-29");
//   CivilDate next_year = d->AddYears(1);       // 2025-02-28 (clamped)
//   int weekday = d->Weekday();                 // 4 = Thursday
//
// Thread-compatible value type; 4 bytes.
#ifndef DX_ENGINE_VALUE_CIVIL_DATE_H_
#define DX_ENGINE_VALUE_CIVIL_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace duixian::engine {

class CivilDate {
 public:
  // 1970-01-01.
  CivilDate() = default;

  // Strict "YYYY-MM-DD" (4-digit year 1900..2999, 2-digit month and day, a
  // real calendar day). Anything else is std::nullopt.
  static std::optional<CivilDate> Parse(std::string_view text);
  static std::optional<CivilDate> FromYmd(int year, int month, int day);
  static CivilDate FromDays(int32_t days_since_epoch) { return CivilDate(days_since_epoch); }

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // ISO weekday: 1 = Monday … 7 = Sunday.
  int Weekday() const;
  int32_t days_since_epoch() const { return days_; }

  CivilDate AddDays(int32_t n) const { return CivilDate(days_ + n); }
  // Calendar arithmetic; the day is clamped to the end of the target month
  // (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 1 year = 2025-02-28).
  CivilDate AddMonths(int32_t n) const;
  CivilDate AddYears(int32_t n) const;

  // "YYYY-MM-DD".
  std::string ToString() const;

  friend bool operator==(CivilDate a, CivilDate b) { return a.days_ == b.days_; }
  friend bool operator!=(CivilDate a, CivilDate b) { return a.days_ != b.days_; }
  friend bool operator<(CivilDate a, CivilDate b) { return a.days_ < b.days_; }
  friend bool operator<=(CivilDate a, CivilDate b) { return a.days_ <= b.days_; }
  friend bool operator>(CivilDate a, CivilDate b) { return a.days_ > b.days_; }
  friend bool operator>=(CivilDate a, CivilDate b) { return a.days_ >= b.days_; }

 private:
  explicit CivilDate(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_VALUE_CIVIL_DATE_H_
