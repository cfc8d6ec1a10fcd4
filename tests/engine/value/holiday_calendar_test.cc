#include "engine/value/holiday_calendar.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/value/civil_date.h"
#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

CivilDate D(const char* text) {
  std::optional<CivilDate> d = CivilDate::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(CivilDate());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class HolidayCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string text = ReadFile(std::string(DX_SOURCE_DIR) + "/policies/calendar.json");
    absl::StatusOr<HolidayCalendar> cal = HolidayCalendar::FromJson(text);
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_ = new HolidayCalendar(*std::move(cal));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
  }

  static const HolidayCalendar& cal() { return *calendar_; }

  int Count(const char* first, const char* last) {
    absl::StatusOr<int> n = cal().CountWorkingDays(D(first), D(last));
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::string Nth(const char* start, int n, bool count_start_day) {
    absl::StatusOr<CivilDate> d = cal().AddWorkingDays(D(start), n, count_start_day);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->ToString() : "";
  }

  static HolidayCalendar* calendar_;
};

HolidayCalendar* HolidayCalendarTest::calendar_ = nullptr;

TEST_F(HolidayCalendarTest, Coverage) {
  EXPECT_EQ(cal().first_year(), 2023);
  EXPECT_EQ(cal().last_year(), 2026);
  EXPECT_FALSE(cal().Covers(2022));
  EXPECT_TRUE(cal().Covers(2023));
  EXPECT_TRUE(cal().Covers(2026));
  EXPECT_FALSE(cal().Covers(2027));
}

TEST_F(HolidayCalendarTest, WorkingDaysPerYear) {
  EXPECT_EQ(Count("2023-01-01", "2023-12-31"), 249);
  EXPECT_EQ(Count("2024-01-01", "2024-12-31"), 251);
  EXPECT_EQ(Count("2025-01-01", "2025-12-31"), 248);
  EXPECT_EQ(Count("2026-01-01", "2026-12-31"), 248);
  EXPECT_EQ(Count("2023-01-01", "2026-12-31"), 249 + 251 + 248 + 248);
}

TEST_F(HolidayCalendarTest, IsWorkingDay) {
  EXPECT_EQ(*cal().IsWorkingDay(D("2023-01-28")), true);   // Saturday, make-up day
  EXPECT_EQ(*cal().IsWorkingDay(D("2023-01-02")), false);  // Monday, 元旦
  EXPECT_EQ(*cal().IsWorkingDay(D("2024-02-09")), true);   // 除夕 2024 is a workday
  EXPECT_EQ(*cal().IsWorkingDay(D("2025-01-28")), false);  // 除夕 2025 is off
  EXPECT_EQ(*cal().IsWorkingDay(D("2025-06-07")), false);  // ordinary Saturday
  EXPECT_EQ(*cal().IsWorkingDay(D("2025-06-09")), true);   // ordinary Monday
  EXPECT_EQ(*cal().IsWorkingDay(D("2026-10-10")), true);   // Saturday, make-up day
}

TEST_F(HolidayCalendarTest, FifteenthWorkingDayTable) {
  struct Row {
    const char* open;
    const char* counting_open_day;
    const char* counting_from_next_day;
  };
  for (const Row& row : {Row{"2023-04-20", "2023-05-11", "2023-05-12"},
                         Row{"2024-09-20", "2024-10-15", "2024-10-16"},
                         Row{"2025-01-20", "2025-02-13", "2025-02-14"},
                         Row{"2025-09-22", "2025-10-16", "2025-10-17"},
                         Row{"2026-02-09", "2026-03-05", "2026-03-06"}}) {
    EXPECT_EQ(Nth(row.open, 15, true), row.counting_open_day) << row.open;
    EXPECT_EQ(Nth(row.open, 15, false), row.counting_from_next_day) << row.open;
    // Consistent with counting: the window holds exactly 15 working days.
    EXPECT_EQ(Count(row.open, row.counting_open_day), 15) << row.open;
  }
}

TEST_F(HolidayCalendarTest, AddWorkingDaysEdges) {
  EXPECT_EQ(Nth("2025-06-09", 1, true), "2025-06-09");
  EXPECT_EQ(Nth("2025-06-09", 1, false), "2025-06-10");
  // A non-working start day is never counted, even when asked to.
  EXPECT_EQ(Nth("2025-06-07", 1, true), "2025-06-09");
  EXPECT_EQ(Nth("2025-06-07", 1, false), "2025-06-09");
  // Across the 2025 国庆 block: 09-30 (Tue) then 10-09 (Thu).
  EXPECT_EQ(Nth("2025-09-30", 2, true), "2025-10-09");
  // Starting on an uncovered day that is not counted is fine.
  EXPECT_EQ(Nth("2022-12-31", 1, false), "2023-01-03");
  absl::StatusOr<CivilDate> zero = cal().AddWorkingDays(D("2025-06-09"), 0, true);
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(HolidayCalendarTest, ObservedWindows) {
  EXPECT_EQ(Count("2024-03-29", "2024-04-30"), 23);
  EXPECT_EQ(Count("2025-11-04", "2025-11-14"), 9);
  EXPECT_EQ(Count("2025-06-12", "2025-06-30"), 13);
  EXPECT_EQ(Count("2025-06-12", "2025-06-12"), 1);
  EXPECT_EQ(Count("2025-06-30", "2025-06-12"), 0);
}

TEST_F(HolidayCalendarTest, UncoveredYearsAreRefused) {
  absl::StatusOr<bool> w = cal().IsWorkingDay(D("2027-01-04"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(w.status().message().find("2027"), std::string::npos);
  EXPECT_NE(w.status().message().find("holiday notice for 2027 is not in the calendar"),
            std::string::npos)
      << w.status();

  absl::StatusOr<int> n = cal().CountWorkingDays(D("2026-12-01"), D("2027-01-15"));
  EXPECT_EQ(n.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(n.status().message().find("2027"), std::string::npos);

  absl::StatusOr<CivilDate> d = cal().AddWorkingDays(D("2026-12-20"), 15, true);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(d.status().message().find("2027"), std::string::npos);

  EXPECT_EQ(cal().IsWorkingDay(D("2022-12-30")).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal().CountWorkingDays(D("2022-12-30"), D("2023-01-05")).status().code(),
            absl::StatusCode::kOutOfRange);
  // The 2022-12-31 entry from the 2023 notice does not make 2022 covered.
  EXPECT_EQ(cal().IsWorkingDay(D("2022-12-31")).status().code(), absl::StatusCode::kOutOfRange);
}

TEST_F(HolidayCalendarTest, CanonicalTextIsDeterministic) {
  const std::string text = cal().CanonicalText();
  EXPECT_EQ(text.rfind("holiday-calendar v1\nyears 2023-2026\noff 2022-12-31\noff 2023-01-01\n", 0),
            0u)
      << text;
  EXPECT_NE(text.find("work 2026-10-10\n"), std::string::npos);
  // Same content in another key and entry order gives the same text.
  absl::StatusOr<HolidayCalendar> shuffled = HolidayCalendar::FromJson(
      R"({"2024": {"work": ["2024-02-18", "2024-02-04"], "off": ["2024-02-12", "2024-01-01"]},
          "2023": {"off": ["2023-01-02"], "work": []}})");
  absl::StatusOr<HolidayCalendar> ordered = HolidayCalendar::FromJson(
      R"({"2023": {"off": ["2023-01-02"], "work": []},
          "2024": {"off": ["2024-01-01", "2024-02-12"], "work": ["2024-02-04", "2024-02-18"]}})");
  ASSERT_TRUE(shuffled.ok()) << shuffled.status();
  ASSERT_TRUE(ordered.ok()) << ordered.status();
  EXPECT_EQ(shuffled->CanonicalText(), ordered->CanonicalText());
  EXPECT_EQ(ordered->CanonicalText(),
            "holiday-calendar v1\nyears 2023-2024\noff 2023-01-02\noff 2024-01-01\n"
            "off 2024-02-12\nwork 2024-02-04\nwork 2024-02-18\n");
}

TEST(HolidayCalendarParseTest, RejectsMalformedInput) {
  struct Case {
    const char* json;
    const char* message_part;
  };
  for (const Case& c : {
           Case{"", "not valid JSON"},
           Case{"{", "not valid JSON"},
           Case{"[]", "must be a JSON object"},
           Case{"{}", "no years"},
           Case{R"({"24": {"off": [], "work": []}})", "\"24\" is not a year"},
           Case{R"({"2024": []})", "calendar year 2024 must be an object"},
           Case{R"({"2024": {"off": []}})", "missing \"work\""},
           Case{R"({"2024": {"off": {}, "work": []}})", "\"off\" must be an array"},
           Case{R"({"2024": {"off": [20240101], "work": []}})", "\"off\"[0] must be"},
           Case{R"({"2024": {"off": ["2024-01-01", "2024-02-30"], "work": []}})",
                "\"off\"[1]: \"2024-02-30\" is not a valid"},
           Case{R"({"2024": {"off": [], "work": ["2024-01-02"]}})", "is not a Saturday"},
           Case{R"({"2024": {"off": ["2024-02-04"], "work": ["2024-02-04"]}})",
                "both as a day off"},
           Case{R"({"2024": {"off": [], "work": [], "extra": []}})", "unknown entry \"extra\""},
           Case{R"({"2023": {"off": ["2024-01-06"], "work": []},
                    "2024": {"off": [], "work": ["2024-01-06"]}})",
                "2024-01-06 is listed both"},
           Case{R"({"2024": {"off": ["2021-01-01"], "work": []}})", "too far from 2024"},
           Case{R"({"2023": {"off": [], "work": []}, "2025": {"off": [], "work": []}})",
                "notice for 2024 is missing"},
       }) {
    absl::StatusOr<HolidayCalendar> cal = HolidayCalendar::FromJson(c.json);
    ASSERT_FALSE(cal.ok()) << c.json;
    EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument) << c.json;
    EXPECT_NE(cal.status().message().find(c.message_part), std::string::npos)
        << c.json << " -> " << cal.status();
  }
}

TEST(HolidayCalendarParseTest, PreviousYearOffDayIsAccepted) {
  absl::StatusOr<HolidayCalendar> cal =
      HolidayCalendar::FromJson(R"({"2023": {"off": ["2022-12-31", "2023-01-02"], "work": []}})");
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_TRUE(cal->Covers(2023));
  EXPECT_FALSE(cal->Covers(2022));
  EXPECT_EQ(*cal->IsWorkingDay(D("2023-01-02")), false);
}

TEST(HolidayCalendarParseTest, DefaultCalendarCoversNothing) {
  HolidayCalendar cal;
  EXPECT_FALSE(cal.Covers(2024));
  EXPECT_EQ(cal.IsWorkingDay(D("2024-01-02")).status().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace duixian::engine
