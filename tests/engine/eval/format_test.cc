#include "engine/eval/format.h"

#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

Number N(const char* text) { return *Number::Parse(text); }

TEST(FormatTest, MoneyInWanYiOrYuan) {
  EXPECT_EQ(FormatMoney(N("30000000")), "3000万元");
  EXPECT_EQ(FormatMoney(N("150000000")), "15000万元");
  EXPECT_EQ(FormatMoney(N("200000000")), "2亿元");
  EXPECT_EQ(FormatMoney(N("471690.24")), "471,690.24元");
  EXPECT_EQ(FormatMoney(N("999")), "999元");
  EXPECT_EQ(FormatMoney(N("1000")), "1,000元");
  EXPECT_EQ(FormatMoney(N("-1234567.5")), "-1,234,567.5元");
  EXPECT_EQ(FormatMoney(N("0")), "0元");
  EXPECT_EQ(FormatMoney(*Number::Div(N("1"), N("3"))), "0.33元");
}

TEST(FormatTest, PercentAndCounts) {
  EXPECT_EQ(FormatPercent(N("0.03")), "3%");
  EXPECT_EQ(FormatPercent(N("0.055")), "5.5%");
  FieldDef persons;
  persons.type = FieldType::kCount;
  persons.count_unit = CountUnit::kPersons;
  EXPECT_EQ(FormatNumberAs(N("50"), &persons), "50人");
  EXPECT_EQ(FormatNumberAs(N("2.5"), nullptr), "2.5");
}

}  // namespace
}  // namespace duixian::engine
