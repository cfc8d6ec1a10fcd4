#include "engine/value/number.h"

#include <cstdint>
#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

Number N(const char* text) {
  std::optional<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(Number());
}

// 2^126 and neighbours, as decimal text.
constexpr char k2Pow126[] = "85070591730234615865843651857942052864";
constexpr char k2Pow126Minus1[] = "85070591730234615865843651857942052863";
constexpr char k2Pow126Minus2[] = "85070591730234615865843651857942052862";
constexpr char k2Pow126Minus3[] = "85070591730234615865843651857942052861";
// 2^127 - 1, the largest representable magnitude.
constexpr char kMaxText[] = "170141183460469231731687303715884105727";

TEST(NumberTest, ParseExactDecimals) {
  EXPECT_EQ(N("12.50"), Number::Ratio(25, 2));
  EXPECT_EQ(N("-0.03"), Number::Ratio(-3, 100));
  EXPECT_EQ(N("3e4"), Number::FromInt(30000));
  EXPECT_EQ(N("1.5E-2"), Number::Ratio(3, 200));
  EXPECT_EQ(N("2.5e+1"), Number::FromInt(25));
  EXPECT_EQ(N("0"), Number());
  EXPECT_EQ(N("-0"), Number());
  EXPECT_FALSE(N("-0").IsNegative());
  EXPECT_EQ(N("-0.000"), Number());
  EXPECT_EQ(N("007"), Number::FromInt(7));
  EXPECT_EQ(N("1.000000000000000000000000000000000000000000000000"), Number::FromInt(1));
  EXPECT_EQ(N("600000.00"), Number::FromInt(600000));
  EXPECT_EQ(N("0e999999999999999999999"), Number());
}

TEST(NumberTest, ParseNormalises) {
  Number n = N("-12.50");
  EXPECT_EQ(n.numerator(), -25);
  EXPECT_EQ(n.denominator(), 2);
  Number r = Number::Ratio(6, -4);
  EXPECT_EQ(r.numerator(), -3);
  EXPECT_EQ(r.denominator(), 2);
}

TEST(NumberTest, ParseRejects) {
  for (const char* bad :
       {"",     ".",  "1.", "+",   "+1", "-",     "1,000", " 1", "1 ", "nan",   "NaN",   "inf",
        "0x10", ".5", "1e", "1e+", "e5", "1.2.3", "--1",   "1-", "１", "1_000", "1e5.5", "0.5e"}) {
    EXPECT_FALSE(Number::Parse(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(NumberTest, ParseOverflowIsNullopt) {
  EXPECT_TRUE(Number::Parse("1e38").has_value());
  EXPECT_FALSE(Number::Parse("1e39").has_value());
  EXPECT_FALSE(Number::Parse("170141183460469231731687303715884105728").has_value());
  EXPECT_TRUE(Number::Parse(kMaxText).has_value());
  EXPECT_TRUE(Number::Parse("-170141183460469231731687303715884105727").has_value());
  EXPECT_FALSE(Number::Parse("1e-39").has_value());
  EXPECT_FALSE(Number::Parse("1e999999999999999999999").has_value());
  EXPECT_FALSE(Number::Parse("1e-999999999999999999999").has_value());
  // 5e-40 = 1 / (2^40 * 5^39) does not fit; 5e-38 = 1 / (2^38 * 5^37) does.
  EXPECT_FALSE(Number::Parse("5e-40").has_value());
  ASSERT_TRUE(Number::Parse("5e-38").has_value());
  EXPECT_EQ(Number::Parse("5e-38")->numerator(), 1);
}

TEST(NumberTest, PointOnePlusPointTwoIsPointThree) {
  std::optional<Number> sum = Number::Add(N("0.1"), N("0.2"));
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(*sum, N("0.3"));
  EXPECT_EQ(sum->ToString(), "0.3");
}

TEST(NumberTest, RdRatioAtThreePercentBoundary) {
  // 60万 / 2000万 >= 3%, exactly equal.
  std::optional<Number> ratio = Number::Div(N("600000.00"), N("20000000"));
  ASSERT_TRUE(ratio.has_value());
  EXPECT_EQ(*ratio, Number::Ratio(3, 100));
  EXPECT_EQ(ratio->Compare(N("3e-2")), 0);
  EXPECT_TRUE(*ratio >= Number::Ratio(3, 100));
  EXPECT_FALSE(*ratio > Number::Ratio(3, 100));
  std::optional<Number> below = Number::Div(N("599999.99"), N("20000000"));
  ASSERT_TRUE(below.has_value());
  EXPECT_TRUE(*below < Number::Ratio(3, 100));
}

// 10% of the year-on-year increment, capped at 5,000,000, to the fen.
std::string IncrementReward(const char* last_year, const char* this_year) {
  std::optional<Number> increment = Number::Sub(N(this_year), N(last_year));
  EXPECT_TRUE(increment.has_value());
  std::optional<Number> reward = Number::Mul(*increment, Number::Ratio(10, 100));
  EXPECT_TRUE(reward.has_value());
  const Number cap = N("5000000");
  Number capped = *reward > cap ? cap : *reward;
  std::optional<Number> fen = capped.RoundHalfUp(2);
  EXPECT_TRUE(fen.has_value());
  return fen->ToFixed(2);
}

TEST(NumberTest, IncrementRewardToTheFen) {
  // Increment 3,086,430.97 -> 308,643.097 -> 308,643.10.
  EXPECT_EQ(IncrementReward("12345678.90", "15432109.87"), "308643.10");
  // Increment 1,234,567.85 -> 123,456.785 -> 123,456.79 (half up).
  EXPECT_EQ(IncrementReward("1000000.00", "2234567.85"), "123456.79");
  // Increment 1,234,567.84 -> 123,456.784 -> 123,456.78.
  EXPECT_EQ(IncrementReward("1000000.00", "2234567.84"), "123456.78");
  // Increment 60,000,000.05 -> 6,000,000.005 -> capped at 5,000,000.00.
  EXPECT_EQ(IncrementReward("40000000", "100000000.05"), "5000000.00");
  // Exactly at the cap.
  EXPECT_EQ(IncrementReward("0", "50000000"), "5000000.00");
  // 0.1 fen below the cap: rounds up to the cap, truncates below it.
  EXPECT_EQ(IncrementReward("0.01", "50000000"), "5000000.00");
  std::optional<Number> just_below = Number::Mul(N("49999999.99"), N("0.1"));
  ASSERT_TRUE(just_below.has_value());
  EXPECT_EQ(just_below->ToString(), "4999999.999");
  EXPECT_EQ(just_below->Truncate(2)->ToFixed(2), "4999999.99");
}

TEST(NumberTest, ArithmeticBasics) {
  EXPECT_EQ(*Number::Sub(N("1"), N("0.75")), Number::Ratio(1, 4));
  EXPECT_EQ(*Number::Mul(Number::Ratio(2, 3), Number::Ratio(9, 4)), Number::Ratio(3, 2));
  EXPECT_EQ(*Number::Div(Number::Ratio(1, 3), Number::Ratio(-2, 3)), Number::Ratio(-1, 2));
  EXPECT_EQ(*Number::Add(Number::Ratio(1, 6), Number::Ratio(1, 3)), Number::Ratio(1, 2));
  EXPECT_EQ(*Number::Add(Number::Ratio(1, 2), Number::Ratio(-1, 2)), Number());
  EXPECT_EQ(Number::Add(Number::Ratio(1, 2), Number::Ratio(-1, 2))->denominator(), 1);
  EXPECT_FALSE(Number::Div(N("1"), Number()).has_value());
  EXPECT_EQ(N("-2.5").Abs(), N("2.5"));
  EXPECT_EQ(N("2.5").Negate(), N("-2.5"));
}

// Products of factors that fit 64 bits take a shorter path; they must be
// what the general one gives: lowest terms, the sign on the numerator,
// zero as 0/1, and the 64-bit extremes.
TEST(NumberTest, ProductsInLowestTermsAtEverySign) {
  EXPECT_EQ(*Number::Mul(Number::Ratio(-2, 3), Number::Ratio(9, 4)), Number::Ratio(-3, 2));
  EXPECT_EQ(*Number::Mul(Number::Ratio(-2, 3), Number::Ratio(-9, 4)), Number::Ratio(3, 2));
  EXPECT_EQ(*Number::Mul(N("0.0104"), N("2897745")), N("30136.548"));
  EXPECT_EQ(Number::Mul(N("0.0104"), N("2897745"))->denominator(), 250);  // 7534137/250
  EXPECT_EQ(*Number::Mul(Number(), Number::Ratio(7, 3)), Number());
  EXPECT_EQ(Number::Mul(Number::Ratio(-7, 3), Number())->denominator(), 1);
  EXPECT_EQ(*Number::Mul(N("0.5"), N("0.2")), Number::Ratio(1, 10));
  const Number min64 = Number::FromInt(INT64_MIN), max64 = Number::FromInt(INT64_MAX);
  EXPECT_EQ(Number::Mul(min64, Number::Ratio(1, 2))->ToString(), "-4611686018427387904");
  EXPECT_EQ(*Number::Mul(max64, Number::Ratio(-1, 3)), Number::Ratio(-INT64_MAX, 3));
  EXPECT_EQ(*Number::Mul(Number::Ratio(INT64_MAX, 2), Number::Ratio(2, INT64_MAX)), Number::FromInt(1));
  EXPECT_EQ(*Number::Mul(min64, Number::Ratio(1, INT64_MAX)), Number::Ratio(INT64_MIN, INT64_MAX));
}

TEST(NumberTest, OverflowGivesNullopt) {
  const Number big = N(k2Pow126);
  EXPECT_FALSE(Number::Mul(big, Number::FromInt(4)).has_value());
  EXPECT_FALSE(Number::Mul(big, big).has_value());
  EXPECT_FALSE(Number::Add(big, big).has_value());
  EXPECT_TRUE(Number::Add(big, N(k2Pow126Minus1)).has_value());  // 2^127 - 1 fits
  EXPECT_FALSE(Number::Sub(big.Negate(), big).has_value());
  EXPECT_FALSE(Number::Div(big, Number::Ratio(1, 4)).has_value());
  // Denominators overflow too.
  const Number tiny = *Number::Div(Number::FromInt(1), big);
  EXPECT_FALSE(Number::Mul(tiny, tiny).has_value());
  EXPECT_FALSE(Number::Add(tiny, Number::Ratio(1, 3)).has_value());
  // Cancellation keeps results in range when they fit.
  EXPECT_EQ(*Number::Mul(big, tiny), Number::FromInt(1));
  EXPECT_EQ(*Number::Div(big, big), Number::FromInt(1));
  // Rounding a huge value to many digits overflows the scale.
  EXPECT_FALSE(Number::Ratio(1, 3).RoundHalfUp(40).has_value());
  EXPECT_FALSE(Number::Add(N(kMaxText), Number::FromInt(1)).has_value());
}

TEST(NumberTest, CompareHugeValuesExactly) {
  // (2^126-1)/(2^126-2) > (2^126-2)/(2^126-3) is false: (n+1)/n decreases.
  const Number a = *Number::Div(N(k2Pow126Minus1), N(k2Pow126Minus2));
  const Number b = *Number::Div(N(k2Pow126Minus2), N(k2Pow126Minus3));
  EXPECT_EQ(a.Compare(b), -1);
  EXPECT_EQ(b.Compare(a), 1);
  EXPECT_EQ(a.Compare(a), 0);
  EXPECT_TRUE(a < b);
  EXPECT_EQ(a.Negate().Compare(b.Negate()), 1);
  EXPECT_EQ(b.Negate().Compare(a.Negate()), -1);
  EXPECT_EQ(a.Negate().Compare(b), -1);
  // Both above 1 with almost equal cross products.
  EXPECT_TRUE(a > Number::FromInt(1));
  // Huge integers.
  EXPECT_TRUE(N(k2Pow126) > N(k2Pow126Minus1));
  EXPECT_TRUE(N(kMaxText) > N(k2Pow126));
  EXPECT_TRUE(N(kMaxText).Negate() < N(k2Pow126).Negate());
  // Huge integer vs. a huge-denominator fraction.
  const Number tiny = *Number::Div(Number::FromInt(1), N(k2Pow126Minus1));
  EXPECT_TRUE(tiny > Number());
  EXPECT_TRUE(tiny < *Number::Div(Number::FromInt(1), N(k2Pow126Minus3)));
  EXPECT_TRUE(tiny.Negate() < Number());
  EXPECT_TRUE(N(kMaxText) > tiny);
}

TEST(NumberTest, ToStringExactAndRounded) {
  EXPECT_EQ(N("1234.50").ToString(), "1234.5");
  EXPECT_EQ(N("-0.03").ToString(), "-0.03");
  EXPECT_EQ(N("7").ToString(), "7");
  EXPECT_EQ(N("-7").ToString(), "-7");
  EXPECT_EQ(Number().ToString(), "0");
  EXPECT_EQ(Number::Ratio(1, 3).ToString(4), "0.3333");
  EXPECT_EQ(Number::Ratio(2, 3).ToString(4), "0.6667");
  EXPECT_EQ(Number::Ratio(-2, 3).ToString(4), "-0.6667");
  EXPECT_EQ(Number::Ratio(1, 3).ToString(), "0.333333333333333333");
  EXPECT_EQ(Number::Ratio(2, 3).ToString(0), "1");
  EXPECT_EQ(Number::Ratio(-1, 3).ToString(0), "0");
  EXPECT_EQ(Number::Ratio(-1, 3000).ToString(2), "0");
  EXPECT_EQ(Number::Ratio(29999, 3000).ToString(2), "10");  // 9.99966… rounds up
  // Terminating values print in full regardless of the digit limit.
  EXPECT_EQ(N("0.000000000000000000001").ToString(4), "0.000000000000000000001");
  EXPECT_EQ(N(kMaxText).ToString(), kMaxText);
  EXPECT_EQ(N(kMaxText).Negate().ToString(), std::string("-") + kMaxText);
}

TEST(NumberTest, ToFixed) {
  EXPECT_EQ(N("1234.5").ToFixed(2), "1234.50");
  EXPECT_EQ(N("1234.005").ToFixed(2), "1234.01");
  EXPECT_EQ(N("-1234.005").ToFixed(2), "-1234.01");
  EXPECT_EQ(N("-0.001").ToFixed(2), "0.00");
  EXPECT_EQ(N("2.5").ToFixed(0), "3");
  EXPECT_EQ(N("9.999").ToFixed(2), "10.00");
  EXPECT_EQ(Number::Ratio(2, 3).ToFixed(3), "0.667");
  EXPECT_EQ(N("7").ToFixed(2), "7.00");
}

// A value with no more decimals than asked for is itself after rounding or
// truncating (a shorter path); one with more is rounded.
TEST(NumberTest, RoundingAValueThatAlreadyFitsLeavesIt) {
  for (const char* text : {"0", "7", "-7", "1234.5", "-1234.56", "0.25", "999999999999999999"}) {
    EXPECT_EQ(*N(text).RoundHalfUp(2), N(text)) << text;
    EXPECT_EQ(*N(text).Truncate(2), N(text)) << text;
  }
  EXPECT_EQ(*N("1234.56").RoundHalfUp(1), N("1234.6"));
  EXPECT_EQ(*N("-1234.56").Truncate(1), N("-1234.5"));
  EXPECT_EQ(*N("0.125").RoundHalfUp(2), N("0.13"));
  EXPECT_EQ(*N("1250").RoundHalfUp(-2), N("1300"));
  EXPECT_EQ(*N("0.5").RoundHalfUp(18), N("0.5"));
}

TEST(NumberTest, RoundHalfUpIsHalfAwayFromZero) {
  EXPECT_EQ(*N("-2.5").RoundHalfUp(0), Number::FromInt(-3));
  EXPECT_EQ(*N("2.5").RoundHalfUp(0), Number::FromInt(3));
  EXPECT_EQ(*N("2.4999").RoundHalfUp(0), Number::FromInt(2));
  EXPECT_EQ(*N("-2.4999").RoundHalfUp(0), Number::FromInt(-2));
  EXPECT_EQ(*N("1.005").RoundHalfUp(2), N("1.01"));
  EXPECT_EQ(*N("-1.005").RoundHalfUp(2), N("-1.01"));
  EXPECT_EQ(*N("1.004999").RoundHalfUp(2), N("1"));
  EXPECT_EQ(*Number::Ratio(2, 3).RoundHalfUp(2), N("0.67"));
  EXPECT_EQ(*Number::Ratio(-1, 6).RoundHalfUp(2), N("-0.17"));
  EXPECT_EQ(*N("12345").RoundHalfUp(-2), N("12300"));
  EXPECT_EQ(*N("12350").RoundHalfUp(-2), N("12400"));
  EXPECT_EQ(*N("-12350").RoundHalfUp(-2), N("-12400"));
  EXPECT_EQ(*N("1.25").RoundHalfUp(30), N("1.25"));
  EXPECT_EQ(*N("7").RoundHalfUp(1000), N("7"));
}

TEST(NumberTest, TruncateTowardZero) {
  EXPECT_EQ(*N("2.999").Truncate(2), N("2.99"));
  EXPECT_EQ(*N("-2.999").Truncate(2), N("-2.99"));
  EXPECT_EQ(*N("-2.5").Truncate(0), Number::FromInt(-2));
  EXPECT_EQ(*Number::Ratio(2, 3).Truncate(3), N("0.666"));
  EXPECT_EQ(*N("12399").Truncate(-2), N("12300"));
  EXPECT_EQ(*N("-12399").Truncate(-2), N("-12300"));
}

TEST(NumberTest, FloorAndCeil) {
  EXPECT_EQ(N("2.5").Floor(), Number::FromInt(2));
  EXPECT_EQ(N("2.5").Ceil(), Number::FromInt(3));
  EXPECT_EQ(N("-2.5").Floor(), Number::FromInt(-3));
  EXPECT_EQ(N("-2.5").Ceil(), Number::FromInt(-2));
  EXPECT_EQ(N("-3").Floor(), Number::FromInt(-3));
  EXPECT_EQ(N("-3").Ceil(), Number::FromInt(-3));
  EXPECT_EQ(N("-0.1").Ceil(), Number());
  EXPECT_FALSE(N("-0.1").Ceil().IsNegative());
}

TEST(NumberTest, Predicates) {
  EXPECT_TRUE(N("0.125").IsTerminatingDecimal());
  EXPECT_TRUE(Number::Ratio(1, 80).IsTerminatingDecimal());
  EXPECT_FALSE(Number::Ratio(1, 3).IsTerminatingDecimal());
  EXPECT_FALSE(Number::Ratio(1, 30).IsTerminatingDecimal());
  EXPECT_TRUE(N("5").IsInteger());
  EXPECT_FALSE(N("5.5").IsInteger());
  EXPECT_TRUE(Number().IsZero());
  EXPECT_TRUE(N("-1").IsNegative());
}

TEST(NumberTest, ToInt64) {
  EXPECT_EQ(N("42").ToInt64(), std::optional<int64_t>(42));
  EXPECT_EQ(N("-9223372036854775808").ToInt64(), std::optional<int64_t>(INT64_MIN));
  EXPECT_EQ(N("9223372036854775807").ToInt64(), std::optional<int64_t>(INT64_MAX));
  EXPECT_FALSE(N("9223372036854775808").ToInt64().has_value());
  EXPECT_FALSE(N("1.5").ToInt64().has_value());
}

}  // namespace
}  // namespace duixian::engine
