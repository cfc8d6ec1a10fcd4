#include "engine/value/civil_date.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

CivilDate D(const char* text) {
  std::optional<CivilDate> d = CivilDate::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(CivilDate());
}

TEST(CivilDateTest, EpochAndRoundTrip) {
  EXPECT_EQ(CivilDate().ToString(), "1970-01-01");
  EXPECT_EQ(D("1970-01-01").days_since_epoch(), 0);
  EXPECT_EQ(D("1970-01-02").days_since_epoch(), 1);
  EXPECT_EQ(D("1969-12-31").days_since_epoch(), -1);
  EXPECT_EQ(D("2000-03-01").days_since_epoch(), 11017);
  EXPECT_EQ(D("2024-02-29").days_since_epoch(), 19782);
  EXPECT_EQ(D("1900-01-01").days_since_epoch(), -25567);
  // Every day from 1900 to 2999 survives days -> y/m/d -> days, and the
  // days are consecutive.
  const int32_t first = D("1900-01-01").days_since_epoch();
  const int32_t last = D("2999-12-31").days_since_epoch();
  int mismatches = 0;
  for (int32_t days = first; days <= last; ++days) {
    const CivilDate d = CivilDate::FromDays(days);
    std::optional<CivilDate> again = CivilDate::FromYmd(d.year(), d.month(), d.day());
    if (!again || again->days_since_epoch() != days) ++mismatches;
    if (days % 97 == 0 && CivilDate::Parse(d.ToString()) != d) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(last - first + 1, 1100 * 365 + 267);  // 267 leap days in 1900..2999
}

TEST(CivilDateTest, Accessors) {
  const CivilDate d = D("2025-11-04");
  EXPECT_EQ(d.year(), 2025);
  EXPECT_EQ(d.month(), 11);
  EXPECT_EQ(d.day(), 4);
  EXPECT_EQ(d.ToString(), "2025-11-04");
}

TEST(CivilDateTest, LeapYears) {
  EXPECT_TRUE(CivilDate::Parse("2024-02-29").has_value());
  EXPECT_TRUE(CivilDate::Parse("2000-02-29").has_value());
  EXPECT_FALSE(CivilDate::Parse("2023-02-29").has_value());
  EXPECT_FALSE(CivilDate::Parse("1900-02-29").has_value());
  EXPECT_FALSE(CivilDate::Parse("2100-02-29").has_value());
  EXPECT_EQ(D("2024-03-01").days_since_epoch() - D("2024-02-28").days_since_epoch(), 2);
  EXPECT_EQ(D("2023-03-01").days_since_epoch() - D("2023-02-28").days_since_epoch(), 1);
  EXPECT_EQ(D("2025-01-01").days_since_epoch() - D("2024-01-01").days_since_epoch(), 366);
  EXPECT_EQ(D("2024-01-01").days_since_epoch() - D("2023-01-01").days_since_epoch(), 365);
}

TEST(CivilDateTest, ParseRejects) {
  for (const char* bad :
       {"", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-13-01", "2024-00-10",
        "2024-01-00", "2024-01-32", "2024-04-31", "1899-12-31", "3000-01-01", " 2024-01-01",
        "2024-01-01 ", "2024-01-01T00:00", "2024-O1-01", "+024-01-01", "2024--1-01", "20240101"}) {
    EXPECT_FALSE(CivilDate::Parse(bad).has_value()) << "'" << bad << "'";
  }
  EXPECT_TRUE(CivilDate::Parse("1900-01-01").has_value());
  EXPECT_TRUE(CivilDate::Parse("2999-12-31").has_value());
}

TEST(CivilDateTest, FromYmd) {
  EXPECT_EQ(CivilDate::FromYmd(2024, 2, 29), D("2024-02-29"));
  EXPECT_FALSE(CivilDate::FromYmd(2023, 2, 29).has_value());
  EXPECT_FALSE(CivilDate::FromYmd(2023, 0, 1).has_value());
  EXPECT_FALSE(CivilDate::FromYmd(2023, 12, 32).has_value());
  EXPECT_FALSE(CivilDate::FromYmd(2023, 6, 31).has_value());
}

TEST(CivilDateTest, Weekday) {
  EXPECT_EQ(D("2025-01-20").Weekday(), 1);  // Monday
  EXPECT_EQ(D("1970-01-01").Weekday(), 4);  // Thursday
  EXPECT_EQ(D("2024-02-29").Weekday(), 4);  // Thursday
  EXPECT_EQ(D("2024-09-20").Weekday(), 5);  // Friday
  EXPECT_EQ(D("2023-01-28").Weekday(), 6);  // Saturday (make-up workday)
  EXPECT_EQ(D("2023-01-29").Weekday(), 7);  // Sunday
  EXPECT_EQ(D("1969-12-29").Weekday(), 1);  // Monday before the epoch
  EXPECT_EQ(D("1900-01-01").Weekday(), 1);
}

TEST(CivilDateTest, AddDays) {
  EXPECT_EQ(D("2024-02-28").AddDays(1), D("2024-02-29"));
  EXPECT_EQ(D("2024-02-29").AddDays(1), D("2024-03-01"));
  EXPECT_EQ(D("2024-12-31").AddDays(1), D("2025-01-01"));
  EXPECT_EQ(D("2025-01-01").AddDays(-1), D("2024-12-31"));
}

TEST(CivilDateTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(D("2024-01-31").AddMonths(1), D("2024-02-29"));
  EXPECT_EQ(D("2023-01-31").AddMonths(1), D("2023-02-28"));
  EXPECT_EQ(D("2024-03-31").AddMonths(-1), D("2024-02-29"));
  EXPECT_EQ(D("2024-05-31").AddMonths(1), D("2024-06-30"));
  EXPECT_EQ(D("2024-11-15").AddMonths(2), D("2025-01-15"));
  EXPECT_EQ(D("2024-01-15").AddMonths(-1), D("2023-12-15"));
  EXPECT_EQ(D("2024-01-15").AddMonths(-13), D("2022-12-15"));
  EXPECT_EQ(D("2024-01-15").AddMonths(24), D("2026-01-15"));
  EXPECT_EQ(D("2024-01-15").AddMonths(0), D("2024-01-15"));
}

TEST(CivilDateTest, AddYearsClampsFeb29) {
  EXPECT_EQ(D("2024-02-29").AddYears(1), D("2025-02-28"));
  EXPECT_EQ(D("2024-02-29").AddYears(4), D("2028-02-29"));
  EXPECT_EQ(D("2024-02-29").AddYears(-1), D("2023-02-28"));
  EXPECT_EQ(D("2023-06-30").AddYears(3), D("2026-06-30"));
}

TEST(CivilDateTest, Ordering) {
  EXPECT_LT(D("2024-12-31"), D("2025-01-01"));
  EXPECT_LE(D("2025-01-01"), D("2025-01-01"));
  EXPECT_GT(D("2025-01-02"), D("2025-01-01"));
  EXPECT_NE(D("2025-01-02"), D("2025-01-01"));
}

}  // namespace
}  // namespace duixian::engine
