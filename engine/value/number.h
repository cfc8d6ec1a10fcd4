// Exact rational numbers for money, percentages, ratios and counts.
//
// A Number is a normalised fraction num/den of 128-bit integers (den > 0,
// gcd(num, den) == 1). Decimal text is parsed exactly, so 0.1 + 0.2 == 0.3 and
// 60万 / 2000万 >= 3% holds at the boundary. No binary floating point is ever
// involved. Arithmetic that would overflow 128 bits returns std::nullopt;
// callers turn that into an evaluation error instead of a wrong amount.
//
//   Number revenue = *Number::Parse("20000000");
//   Number rd = *Number::Parse("600000.00");
//   std::optional<Number> ratio = Number::Div(rd, revenue);   // 3/100
//   bool ok = ratio && *ratio >= Number::Ratio(3, 100);        // true
//
// Thread-compatible value type.
#ifndef DX_ENGINE_VALUE_NUMBER_H_
#define DX_ENGINE_VALUE_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace duixian::engine {

class Number {
 public:
  using Int = __int128;

  // Zero.
  Number() = default;

  // Inline: built out of line, the Number came back through memory written
  // eight bytes at a time and was copied on sixteen at a time, which stalls.
  static Number FromInt(int64_t value) { return Number(static_cast<Int>(value), 1); }
  // num/den reduced; den must be non-zero (sign is normalised onto num).
  static Number Ratio(int64_t num, int64_t den);

  // Parses decimal text: optional sign, digits, optional fraction, optional
  // exponent ("-12.50", "3e4", "1.5E-2"). No spaces, no thousands separators.
  // Returns std::nullopt for anything else or on overflow.
  static std::optional<Number> Parse(std::string_view text);

  static std::optional<Number> Add(const Number& a, const Number& b);
  static std::optional<Number> Sub(const Number& a, const Number& b);
  static std::optional<Number> Mul(const Number& a, const Number& b);
  // std::nullopt when b is zero or on overflow.
  static std::optional<Number> Div(const Number& a, const Number& b);

  Number Negate() const;
  Number Abs() const;
  // Largest integer <= *this / smallest integer >= *this.
  Number Floor() const;
  Number Ceil() const;
  // Rounds to `digits` decimal places, half away from zero (四舍五入).
  std::optional<Number> RoundHalfUp(int digits) const;
  // Rounds down (toward zero, 舍尾法) to `digits` decimal places.
  std::optional<Number> Truncate(int digits) const;

  // -1, 0, 1. Exact, never overflows (uses 256-bit cross products). Inline
  // for the common case of equal denominators (two whole numbers, or two
  // amounts in the same unit), which screening compares most.
  int Compare(const Number& other) const {
    if (den_ == other.den_) return num_ < other.num_ ? -1 : (num_ > other.num_ ? 1 : 0);
    return CompareCross(other);
  }
  bool IsZero() const { return num_ == 0; }
  bool IsNegative() const { return num_ < 0; }
  bool IsInteger() const { return den_ == 1; }
  // True when the value has a finite decimal expansion (den = 2^a 5^b).
  bool IsTerminatingDecimal() const;

  // Decimal text. Terminating values print exactly with no trailing zeros
  // ("1234.5", "-0.03", "7"). Non-terminating values print rounded half-up to
  // `max_fraction_digits` places.
  std::string ToString(int max_fraction_digits = 18) const;
  // Fixed number of fraction digits, rounded half-up ("1234.50").
  std::string ToFixed(int fraction_digits) const;

  // Integer part if the value is an integer fitting in int64.
  std::optional<int64_t> ToInt64() const;

  Int numerator() const { return num_; }
  Int denominator() const { return den_; }

  friend bool operator==(const Number& a, const Number& b) {
    return a.num_ == b.num_ && a.den_ == b.den_;
  }
  friend bool operator!=(const Number& a, const Number& b) { return !(a == b); }
  friend bool operator<(const Number& a, const Number& b) { return a.Compare(b) < 0; }
  friend bool operator<=(const Number& a, const Number& b) { return a.Compare(b) <= 0; }
  friend bool operator>(const Number& a, const Number& b) { return a.Compare(b) > 0; }
  friend bool operator>=(const Number& a, const Number& b) { return a.Compare(b) >= 0; }

  template <typename H>
  friend H AbslHashValue(H h, const Number& n) {
    return H::combine(std::move(h), static_cast<uint64_t>(n.num_),
                      static_cast<uint64_t>(n.num_ >> 64),
                      static_cast<uint64_t>(n.den_),
                      static_cast<uint64_t>(n.den_ >> 64));
  }

 private:
  int CompareCross(const Number& other) const;  // denominators differ

  Number(Int num, Int den) : num_(num), den_(den) {}
  // Normalises sign and gcd; std::nullopt if den == 0.
  static std::optional<Number> Make(Int num, Int den);

  Int num_ = 0;
  Int den_ = 1;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_VALUE_NUMBER_H_
