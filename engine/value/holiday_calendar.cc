#include "engine/value/holiday_calendar.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/value/civil_date.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::json;

// Strict 4-digit year key in the range CivilDate::Parse accepts.
std::optional<int> ParseYearKey(const std::string& key) {
  if (key.size() != 4) return std::nullopt;
  int year = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  if (year < 1900 || year > 2999) return std::nullopt;
  return year;
}

// Reads one "off"/"work" list of a year into `out`.
absl::Status ReadDateList(const json& year_obj, const std::string& year_key, int year,
                          const char* list_name, std::vector<CivilDate>* out) {
  auto it = year_obj.find(list_name);
  if (it == year_obj.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar year ", year_key, ": missing \"", list_name, "\" list"));
  }
  if (!it->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar year ", year_key, ": \"", list_name, "\" must be an array"));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& entry = (*it)[i];
    const std::string where =
        absl::StrCat("calendar year ", year_key, ": \"", list_name, "\"[", i, "]");
    if (!entry.is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(where, " must be a \"YYYY-MM-DD\" string"));
    }
    const std::string& text = entry.get_ref<const std::string&>();
    std::optional<CivilDate> date = CivilDate::Parse(text);
    if (!date) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": \"", text, "\" is not a valid YYYY-MM-DD date"));
    }
    // A notice may reach into the neighbouring years (元旦 2022-12-31 is in
    // the 2023 notice), but never further.
    if (date->year() < year - 1 || date->year() > year + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", text, " is too far from ", year_key));
    }
    out->push_back(*date);
  }
  return absl::OkStatus();
}

absl::Status NotCovered(int year, int first_year, int last_year) {
  if (first_year > last_year) {
    return absl::OutOfRangeError(absl::StrCat("the holiday notice for ", year,
                                              " is not in the calendar (the calendar is empty)"));
  }
  return absl::OutOfRangeError(
      absl::StrCat("the holiday notice for ", year, " is not in the calendar (it covers ",
                   first_year, "-", last_year, "); working days in ", year, " cannot be counted"));
}

bool IsWeekend(CivilDate d) { return d.Weekday() >= 6; }

}  // namespace

absl::StatusOr<HolidayCalendar> HolidayCalendar::FromJson(std::string_view json_text) {
  const json root = json::parse(json_text.begin(), json_text.end(), nullptr,
                                /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return absl::InvalidArgumentError("calendar is not valid JSON");
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        "calendar must be a JSON object keyed by year, e.g. {\"2024\": {\"off\": [...], "
        "\"work\": [...]}}");
  }
  if (root.empty()) return absl::InvalidArgumentError("calendar has no years");

  HolidayCalendar cal;
  std::vector<int> years;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string& key = it.key();
    std::optional<int> year = ParseYearKey(key);
    if (!year) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar key \"", key, "\" is not a year (YYYY, 1900-2999)"));
    }
    const json& year_obj = it.value();
    if (!year_obj.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "calendar year ", key, " must be an object with \"off\" and \"work\" lists"));
    }
    for (auto field = year_obj.begin(); field != year_obj.end(); ++field) {
      if (field.key() != "off" && field.key() != "work") {
        return absl::InvalidArgumentError(absl::StrCat("calendar year ", key, ": unknown entry \"",
                                                       field.key(),
                                                       "\" (expected \"off\" and \"work\")"));
      }
    }
    std::vector<CivilDate> off, work;
    if (absl::Status s = ReadDateList(year_obj, key, *year, "off", &off); !s.ok()) return s;
    if (absl::Status s = ReadDateList(year_obj, key, *year, "work", &work); !s.ok()) return s;
    for (CivilDate d : work) {
      if (!IsWeekend(d)) {
        return absl::InvalidArgumentError(absl::StrCat("calendar year ", key,
                                                       ": make-up working day ", d.ToString(),
                                                       " is not a Saturday or Sunday"));
      }
    }
    for (CivilDate d : off) cal.off_.insert(d.days_since_epoch());
    for (CivilDate d : work) cal.work_.insert(d.days_since_epoch());
    // Checked after inserting this year's lists, against all years so far.
    for (CivilDate d : work) {
      if (cal.off_.contains(d.days_since_epoch())) {
        return absl::InvalidArgumentError(absl::StrCat("calendar year ", key, ": ", d.ToString(),
                                                       " is listed both as a day off and as a "
                                                       "make-up working day"));
      }
    }
    for (CivilDate d : off) {
      if (cal.work_.contains(d.days_since_epoch())) {
        return absl::InvalidArgumentError(absl::StrCat("calendar year ", key, ": ", d.ToString(),
                                                       " is listed both as a day off and as a "
                                                       "make-up working day"));
      }
    }
    years.push_back(*year);
  }
  std::sort(years.begin(), years.end());
  for (size_t i = 1; i < years.size(); ++i) {
    if (years[i] != years[i - 1] + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar years must be contiguous: ", years[i - 1], " is followed by ",
                       years[i], " (the notice for ", years[i - 1] + 1, " is missing)"));
    }
  }
  cal.first_year_ = years.front();
  cal.last_year_ = years.back();
  cal.canonical_text_ = cal.BuildCanonicalText();
  return cal;
}

bool HolidayCalendar::Covers(int year) const { return year >= first_year_ && year <= last_year_; }

absl::StatusOr<bool> HolidayCalendar::IsWorkingDay(CivilDate date) const {
  const int year = date.year();
  if (!Covers(year)) return NotCovered(year, first_year_, last_year_);
  const int32_t day = date.days_since_epoch();
  if (work_.contains(day)) return true;
  return !IsWeekend(date) && !off_.contains(day);
}

absl::StatusOr<int> HolidayCalendar::CountWorkingDays(CivilDate first, CivilDate last) const {
  if (last < first) return 0;
  for (int year = first.year(); year <= last.year(); ++year) {
    if (!Covers(year)) return NotCovered(year, first_year_, last_year_);
  }
  int count = 0;
  for (int32_t day = first.days_since_epoch(); day <= last.days_since_epoch(); ++day) {
    absl::StatusOr<bool> working = IsWorkingDay(CivilDate::FromDays(day));
    if (!working.ok()) return working.status();
    if (*working) ++count;
  }
  return count;
}

absl::StatusOr<CivilDate> HolidayCalendar::AddWorkingDays(CivilDate start, int n,
                                                          bool count_start_day) const {
  if (n < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("working-day count must be at least 1, got ", n));
  }
  int remaining = n;
  CivilDate day = start;
  if (count_start_day) {
    absl::StatusOr<bool> working = IsWorkingDay(start);
    if (!working.ok()) return working.status();
    if (*working && --remaining == 0) return start;
  }
  // Terminates: every step either counts a day or moves towards the end of
  // the covered range, where IsWorkingDay fails.
  while (true) {
    day = day.AddDays(1);
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working && --remaining == 0) return day;
  }
}

std::string HolidayCalendar::BuildCanonicalText() const {
  std::vector<int32_t> off(off_.begin(), off_.end());
  std::vector<int32_t> work(work_.begin(), work_.end());
  std::sort(off.begin(), off.end());
  std::sort(work.begin(), work.end());
  std::string out = absl::StrCat("holiday-calendar v1\nyears ", first_year_, "-", last_year_, "\n");
  for (int32_t d : off) absl::StrAppend(&out, "off ", CivilDate::FromDays(d).ToString(), "\n");
  for (int32_t d : work) {
    absl::StrAppend(&out, "work ", CivilDate::FromDays(d).ToString(), "\n");
  }
  return out;
}

}  // namespace duixian::engine
