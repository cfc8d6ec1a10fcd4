#include "engine/value/civil_date.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace duixian::engine {
namespace {

// Parse() accepts these years; FromYmd() accepts any 4-digit year.
constexpr int kParseMinYear = 1900;
constexpr int kParseMaxYear = 2999;
constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

struct Ymd {
  int64_t year;
  int month;
  int day;
};

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms":
// days_from_civil and civil_from_days (proleptic Gregorian, day 0 =
// 1970-01-01).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                    // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);   // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                        // [0, 11]
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);  // [1, 31]
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);     // [1, 12]
  return Ymd{y + (m <= 2 ? 1 : 0), m, d};
}

bool IsLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Parses exactly `n` ASCII digits; -1 if any is not a digit.
int ParseDigits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

std::optional<CivilDate> CivilDate::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = ParseDigits(text.substr(0, 4));
  const int month = ParseDigits(text.substr(5, 2));
  const int day = ParseDigits(text.substr(8, 2));
  if (year < kParseMinYear || year > kParseMaxYear) return std::nullopt;
  if (month < 0 || day < 0) return std::nullopt;
  return FromYmd(year, month, day);
}

std::optional<CivilDate> CivilDate::FromYmd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return CivilDate(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

int CivilDate::year() const { return static_cast<int>(CivilFromDays(days_).year); }

int CivilDate::month() const { return CivilFromDays(days_).month; }

int CivilDate::day() const { return CivilFromDays(days_).day; }

int CivilDate::Weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const int64_t offset = (static_cast<int64_t>(days_) + 3) % 7;
  return static_cast<int>(offset < 0 ? offset + 7 : offset) + 1;
}

CivilDate CivilDate::AddMonths(int32_t n) const {
  const Ymd ymd = CivilFromDays(days_);
  const int64_t months = ymd.year * 12 + (ymd.month - 1) + static_cast<int64_t>(n);
  const int64_t year = FloorDiv(months, 12);
  const int month = static_cast<int>(months - year * 12) + 1;
  const int max_day = DaysInMonth(year, month);
  const int day = ymd.day < max_day ? ymd.day : max_day;
  return CivilDate(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

CivilDate CivilDate::AddYears(int32_t n) const {
  const Ymd ymd = CivilFromDays(days_);
  const int64_t year = ymd.year + static_cast<int64_t>(n);
  const int max_day = DaysInMonth(year, ymd.month);
  const int day = ymd.day < max_day ? ymd.day : max_day;
  return CivilDate(static_cast<int32_t>(DaysFromCivil(year, ymd.month, day)));
}

std::string CivilDate::ToString() const {
  const Ymd ymd = CivilFromDays(days_);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(ymd.year), ymd.month,
                ymd.day);
  return buf;
}

}  // namespace duixian::engine
