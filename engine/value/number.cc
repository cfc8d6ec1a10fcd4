#include "engine/value/number.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace duixian::engine {
namespace {

using Int = Number::Int;
using U128 = unsigned __int128;

// Every Number keeps |num| <= kMaxU and 1 <= den <= kMaxU (2^127 - 1), so
// Negate() and Abs() never overflow.
constexpr U128 kMaxU = ~static_cast<U128>(0) >> 1;

// kMaxU has 39 decimal digits; 10^38 is the largest power of ten below it.
constexpr int kMaxPow10 = 38;

U128 Magnitude(Int v) {
  return v < 0 ? static_cast<U128>(0) - static_cast<U128>(v) : static_cast<U128>(v);
}

// Binary GCD on 64 bits: most amounts are small, and a 128-bit `%` is a
// library call (__umodti3) tens of times slower than this loop.
uint64_t Gcd64(uint64_t a, uint64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  const int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

constexpr U128 kU64Max = ~uint64_t{0};

U128 Gcd(U128 a, U128 b) {
  if (a <= kU64Max && b <= kU64Max) {
    return Gcd64(static_cast<uint64_t>(a), static_cast<uint64_t>(b));
  }
  if (b == 1 || a == 1) return 1;
  while (b != 0) {
    U128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

Int GcdSigned(Int a, Int b) { return static_cast<Int>(Gcd(Magnitude(a), Magnitude(b))); }

// 10^exp for 0 <= exp <= kMaxPow10.
U128 Pow10(int exp) {
  U128 p = 1;
  for (int i = 0; i < exp; ++i) p *= 10;
  return p;
}

// 256-bit unsigned product of two 128-bit values, as (high, low).
struct U256 {
  U128 hi;
  U128 lo;
};

U256 MulWide(U128 a, U128 b) {
  const U128 mask = (static_cast<U128>(1) << 64) - 1;
  const U128 a_lo = a & mask, a_hi = a >> 64;
  const U128 b_lo = b & mask, b_hi = b >> 64;
  const U128 ll = a_lo * b_lo;
  const U128 lh = a_lo * b_hi;
  const U128 hl = a_hi * b_lo;
  const U128 hh = a_hi * b_hi;
  // Middle column: carry of ll plus the low halves of the cross terms.
  const U128 mid = (ll >> 64) + (lh & mask) + (hl & mask);
  U256 r;
  r.lo = (mid << 64) | (ll & mask);
  r.hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
  return r;
}

int CompareWide(const U256& a, const U256& b) {
  if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
  if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
  return 0;
}

// Next decimal digit of rem/den (rem < den): returns floor(10 * rem / den) and
// leaves 10 * rem mod den in *rem, without ever forming 10 * rem.
int NextDigit(U128* rem, U128 den) {
  U128 acc = 0;
  int digit = 0;
  for (int i = 0; i < 10; ++i) {
    acc += *rem;  // acc < den and *rem < den, so no wrap-around.
    if (acc >= den) {
      acc -= den;
      ++digit;
    }
  }
  *rem = acc;
  return digit;
}

std::string U128ToString(U128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v != 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return std::string(out.rbegin(), out.rend());
}

// Adds one to a string of decimal digits (which may grow by one digit).
void IncrementDigits(std::string* digits) {
  for (size_t i = digits->size(); i > 0; --i) {
    char& c = (*digits)[i - 1];
    if (c == '9') {
      c = '0';
    } else {
      ++c;
      return;
    }
  }
  digits->insert(digits->begin(), '1');
}

bool IsTerminating(Int den) {
  while (den % 2 == 0) den /= 2;
  while (den % 5 == 0) den /= 5;
  return den == 1;
}

// Decimal text of num/den. With `exact_if_terminating`, terminating values
// print in full; otherwise `digits` fraction digits, rounded half away from
// zero. `strip_zeros` removes trailing fraction zeros (and a bare point).
std::string FormatDecimal(Int num, Int den, int digits, bool exact_if_terminating,
                          bool strip_zeros) {
  if (digits < 0) digits = 0;
  const bool negative = num < 0;
  const U128 d = static_cast<U128>(den);
  const U128 n = Magnitude(num);
  std::string int_part = U128ToString(n / d);
  U128 rem = n % d;
  std::string frac;
  if (exact_if_terminating && IsTerminating(den)) {
    while (rem != 0) frac.push_back(static_cast<char>('0' + NextDigit(&rem, d)));
  } else {
    frac.reserve(static_cast<size_t>(digits));
    for (int i = 0; i < digits; ++i) {
      frac.push_back(static_cast<char>('0' + NextDigit(&rem, d)));
    }
    if (rem != 0 && NextDigit(&rem, d) >= 5) {
      // Half away from zero on the magnitude: carry through the digits.
      std::string all = int_part + frac;
      IncrementDigits(&all);
      int_part = all.substr(0, all.size() - frac.size());
      frac = all.substr(all.size() - frac.size());
    }
  }
  if (strip_zeros) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  const bool all_zero = int_part == "0" && frac.find_first_not_of('0') == std::string::npos;
  std::string out;
  if (negative && !all_zero) out.push_back('-');
  out += int_part;
  if (!frac.empty()) {
    out.push_back('.');
    out += frac;
  }
  return out;
}

// |num/den| rounded (or truncated) to `digits` >= 0 decimal places, split as
// whole + fraction / pow10 with fraction <= pow10 = 10^k (k <= digits; fewer
// when the expansion ends early). std::nullopt when 10^k overflows.
struct Scaled {
  U128 whole;
  U128 fraction;
  U128 pow10;
};

std::optional<Scaled> RoundToScale(Int num, Int den, int digits, bool half_up) {
  const U128 d = static_cast<U128>(den);
  const U128 n = Magnitude(num);
  Scaled r{n / d, 0, 1};
  U128 rem = n % d;
  for (int i = 0; i < digits && rem != 0; ++i) {
    if (r.pow10 > kMaxU / 10) return std::nullopt;
    r.pow10 *= 10;
    r.fraction = r.fraction * 10 + static_cast<U128>(NextDigit(&rem, d));
  }
  if (half_up && rem != 0 && NextDigit(&rem, d) >= 5) ++r.fraction;
  return r;
}

// Reassembles a Scaled magnitude into a Number; `make` is Number::Make. The
// fraction is reduced before the whole part is added, so the only
// intermediate is the final (reduced) numerator: the result overflows only
// when it does not fit.
template <typename MakeFn>
std::optional<Number> FromScaled(const std::optional<Scaled>& r, bool negative, MakeFn make) {
  if (!r) return std::nullopt;
  std::optional<Number> whole = make(static_cast<Int>(r->whole), Int{1});
  std::optional<Number> part = make(static_cast<Int>(r->fraction), static_cast<Int>(r->pow10));
  if (!whole || !part) return std::nullopt;
  std::optional<Number> sum = Number::Add(*whole, *part);
  if (!sum) return std::nullopt;
  return negative ? sum->Negate() : *sum;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Number Number::Ratio(int64_t num, int64_t den) {
  // A zero denominator is a caller bug; yield zero rather than crash.
  std::optional<Number> r = Make(static_cast<Int>(num), static_cast<Int>(den));
  return r ? *r : Number();
}

std::optional<Number> Number::Make(Int num, Int den) {
  if (den == 0) return std::nullopt;
  if (den == 1) {
    // Whole numbers (most amounts) are already reduced.
    if (Magnitude(num) > kMaxU) return std::nullopt;
    return Number(num, 1);
  }
  const bool negative = (num < 0) != (den < 0);
  U128 n = Magnitude(num);
  U128 d = Magnitude(den);
  const U128 g = Gcd(n, d);  // n == 0 gives g == d, hence 0/1.
  n /= g;
  d /= g;
  if (n > kMaxU || d > kMaxU) return std::nullopt;
  const Int sn = static_cast<Int>(n);
  return Number(negative ? -sn : sn, static_cast<Int>(d));
}

std::optional<Number> Number::Parse(std::string_view text) {
  // Most numbers in firm files are whole amounts and counts: up to 18
  // digits fit an int64_t and need no scale or reduction.
  if (!text.empty() && text.size() <= 19) {
    const bool minus = text[0] == '-';
    const size_t begin = minus ? 1 : 0;
    if (text.size() > begin && text.size() - begin <= 18) {
      int64_t whole = 0;
      size_t k = begin;
      while (k < text.size() && IsDigit(text[k])) whole = whole * 10 + (text[k++] - '0');
      if (k == text.size()) return FromInt(minus ? -whole : whole);
    }
  }
  size_t i = 0;
  const size_t size = text.size();
  bool negative = false;
  if (i < size && text[i] == '-') {
    negative = true;
    ++i;
  }
  const size_t int_begin = i;
  while (i < size && IsDigit(text[i])) ++i;
  const std::string_view int_digits = text.substr(int_begin, i - int_begin);
  if (int_digits.empty()) return std::nullopt;

  std::string_view frac_digits;
  if (i < size && text[i] == '.') {
    ++i;
    const size_t frac_begin = i;
    while (i < size && IsDigit(text[i])) ++i;
    frac_digits = text.substr(frac_begin, i - frac_begin);
    if (frac_digits.empty()) return std::nullopt;
  }

  // Exponent magnitudes beyond kExpCap overflow whatever the mantissa, so
  // capping keeps the arithmetic below in range without changing results.
  constexpr int64_t kExpCap = int64_t{1} << 40;
  int64_t exponent = 0;
  if (i < size && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < size && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    const size_t exp_begin = i;
    while (i < size && IsDigit(text[i])) {
      if (exponent < kExpCap) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_begin) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  if (i != size) return std::nullopt;

  // Significant digits (leading and trailing zeros dropped, the latter into
  // the scale), read in place from the integer and fraction digits.
  const size_t total = int_digits.size() + frac_digits.size();
  auto digit_at = [&](size_t k) {
    return k < int_digits.size() ? int_digits[k] : frac_digits[k - int_digits.size()];
  };
  int64_t scale = static_cast<int64_t>(frac_digits.size()) - exponent;
  size_t first = 0;
  while (first < total && digit_at(first) == '0') ++first;
  if (first == total) return Number();  // Zero, including "-0".
  size_t last = total;
  while (digit_at(last - 1) == '0') {
    --last;
    --scale;
  }
  U128 coeff = 0;
  for (size_t k = first; k < last; ++k) {
    if (__builtin_mul_overflow(coeff, static_cast<U128>(10), &coeff) ||
        __builtin_add_overflow(coeff, static_cast<U128>(digit_at(k) - '0'), &coeff)) {
      return std::nullopt;
    }
  }
  if (coeff > kMaxU) return std::nullopt;

  U128 den = 1;
  if (scale < 0) {
    for (int64_t k = 0; k < -scale; ++k) {
      if (__builtin_mul_overflow(coeff, static_cast<U128>(10), &coeff) || coeff > kMaxU) {
        return std::nullopt;
      }
    }
  } else {
    // den = 2^scale * 5^scale, with the coefficient's own 2s and 5s cancelled
    // first so values like 5e-40 still fit.
    int64_t twos = scale, fives = scale;
    while (twos > 0 && coeff % 2 == 0) {
      coeff /= 2;
      --twos;
    }
    while (fives > 0 && coeff % 5 == 0) {
      coeff /= 5;
      --fives;
    }
    for (int64_t k = 0; k < twos; ++k) {
      if (__builtin_mul_overflow(den, static_cast<U128>(2), &den) || den > kMaxU) {
        return std::nullopt;
      }
    }
    for (int64_t k = 0; k < fives; ++k) {
      if (__builtin_mul_overflow(den, static_cast<U128>(5), &den) || den > kMaxU) {
        return std::nullopt;
      }
    }
  }
  const Int n = static_cast<Int>(coeff);
  return Make(negative ? -n : n, static_cast<Int>(den));
}

std::optional<Number> Number::Add(const Number& a, const Number& b) {
  if (a.den_ == 1 && b.den_ == 1) {
    Int t;
    if (__builtin_add_overflow(a.num_, b.num_, &t) || Magnitude(t) > kMaxU) return std::nullopt;
    return Number(t, 1);
  }
  // Knuth's formulation keeps intermediates as small as possible.
  const Int g = GcdSigned(a.den_, b.den_);
  const Int a_den_g = a.den_ / g;
  const Int b_den_g = b.den_ / g;
  Int x, y, t;
  if (__builtin_mul_overflow(a.num_, b_den_g, &x) || __builtin_mul_overflow(b.num_, a_den_g, &y) ||
      __builtin_add_overflow(x, y, &t)) {
    return std::nullopt;
  }
  const Int g2 = GcdSigned(t, g);
  Int den;
  if (__builtin_mul_overflow(a_den_g, b.den_ / g2, &den)) return std::nullopt;
  return Make(t / g2, den);
}

std::optional<Number> Number::Sub(const Number& a, const Number& b) { return Add(a, b.Negate()); }

std::optional<Number> Number::Mul(const Number& a, const Number& b) {
  if (a.den_ == 1 && b.den_ == 1) {
    Int t;
    if (__builtin_mul_overflow(a.num_, b.num_, &t) || Magnitude(t) > kMaxU) return std::nullopt;
    return Number(t, 1);
  }
  // Most products are of amounts and rates that fit 64 bits: reduced
  // across and multiplied in 64-bit steps (a 128-bit division is a library
  // call). Both factors are in lowest terms, so after the cross reduction
  // the product is too: no GCD of the result is needed.
  const auto fits64 = [](Int v) { return v >= INT64_MIN && v <= INT64_MAX; };
  if (fits64(a.num_) && fits64(a.den_) && fits64(b.num_) && fits64(b.den_)) {
    const int64_t an = static_cast<int64_t>(a.num_), ad = static_cast<int64_t>(a.den_);
    const int64_t bn = static_cast<int64_t>(b.num_), bd = static_cast<int64_t>(b.den_);
    if (an == 0 || bn == 0) return Number();
    const auto magnitude = [](int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); };
    const uint64_t g1 = Gcd64(magnitude(an), static_cast<uint64_t>(bd));
    const uint64_t g2 = Gcd64(magnitude(bn), static_cast<uint64_t>(ad));
    // an / g1 fits: g1 >= 1 divides |an|, and INT64_MIN / 1 is only met when
    // g1 == 1, where the quotient is an itself.
    const Int num = (g1 == 1 ? Int{an} : Int{an / static_cast<int64_t>(g1)}) *
                    (g2 == 1 ? Int{bn} : Int{bn / static_cast<int64_t>(g2)});
    const Int den = Int{static_cast<int64_t>(static_cast<uint64_t>(ad) / g2)} *
                    Int{static_cast<int64_t>(static_cast<uint64_t>(bd) / g1)};
    if (Magnitude(num) > kMaxU) return std::nullopt;
    return Number(num, den);
  }
  const Int g1 = GcdSigned(a.num_, b.den_);
  const Int g2 = GcdSigned(b.num_, a.den_);
  Int num, den;
  if (__builtin_mul_overflow(a.num_ / g1, b.num_ / g2, &num) ||
      __builtin_mul_overflow(a.den_ / g2, b.den_ / g1, &den)) {
    return std::nullopt;
  }
  return Make(num, den);
}

std::optional<Number> Number::Div(const Number& a, const Number& b) {
  if (b.num_ == 0) return std::nullopt;
  // Reciprocal of b; stays within the invariant because the ranges of num
  // and den are the same.
  const Number inverse(b.num_ < 0 ? -b.den_ : b.den_, b.num_ < 0 ? -b.num_ : b.num_);
  return Mul(a, inverse);
}

Number Number::Negate() const { return Number(-num_, den_); }

Number Number::Abs() const { return Number(num_ < 0 ? -num_ : num_, den_); }

Number Number::Floor() const {
  Int q = num_ / den_;
  if (num_ % den_ != 0 && num_ < 0) --q;
  return Number(q, 1);
}

Number Number::Ceil() const {
  Int q = num_ / den_;
  if (num_ % den_ != 0 && num_ > 0) ++q;
  return Number(q, 1);
}

// Whether `n` has at most `digits` decimals (0 <= digits), so rounding or
// truncating it there leaves it as it is: most amounts a formula rounds
// are whole or have two decimals already.
namespace {
bool HasAtMostDecimals(Int den, int digits) {
  // Past 18 digits the general path decides (it knows which scales overflow).
  if (digits > 18) return false;
  if (den == 1) return true;
  if (den > static_cast<Int>(INT64_MAX)) return false;
  uint64_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p % static_cast<uint64_t>(den) == 0;
}
}  // namespace

std::optional<Number> Number::RoundHalfUp(int digits) const {
  if (digits >= 0 && HasAtMostDecimals(den_, digits)) return *this;
  if (digits < 0) {
    // Round to tens, hundreds, …: scale down, round to an integer, scale up.
    if (-static_cast<int64_t>(digits) > kMaxPow10) {
      // |value| < 10^38 < 0.5 * 10^-digits, so it rounds to zero.
      return Number();
    }
    const Number unit(static_cast<Int>(Pow10(-digits)), 1);
    std::optional<Number> scaled = Div(*this, unit);
    if (!scaled) return std::nullopt;
    std::optional<Number> rounded = scaled->RoundHalfUp(0);
    if (!rounded) return std::nullopt;
    return Mul(*rounded, unit);
  }
  return FromScaled(RoundToScale(num_, den_, digits, /*half_up=*/true), num_ < 0,
                    [](Int n, Int d) { return Make(n, d); });
}

std::optional<Number> Number::Truncate(int digits) const {
  if (digits >= 0 && HasAtMostDecimals(den_, digits)) return *this;
  if (digits < 0) {
    if (-static_cast<int64_t>(digits) > kMaxPow10) return Number();
    const Number unit(static_cast<Int>(Pow10(-digits)), 1);
    std::optional<Number> scaled = Div(*this, unit);
    if (!scaled) return std::nullopt;
    std::optional<Number> truncated = scaled->Truncate(0);
    if (!truncated) return std::nullopt;
    return Mul(*truncated, unit);
  }
  return FromScaled(RoundToScale(num_, den_, digits, /*half_up=*/false), num_ < 0,
                    [](Int n, Int d) { return Make(n, d); });
}

int Number::CompareCross(const Number& other) const {
  const int sa = num_ < 0 ? -1 : (num_ > 0 ? 1 : 0);
  const int sb = other.num_ < 0 ? -1 : (other.num_ > 0 ? 1 : 0);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  // Same sign: compare |a| * den_b with |b| * den_a in 256 bits.
  const U256 lhs = MulWide(Magnitude(num_), static_cast<U128>(other.den_));
  const U256 rhs = MulWide(Magnitude(other.num_), static_cast<U128>(den_));
  const int c = CompareWide(lhs, rhs);
  return sa > 0 ? c : -c;
}

bool Number::IsTerminatingDecimal() const { return IsTerminating(den_); }

std::string Number::ToString(int max_fraction_digits) const {
  return FormatDecimal(num_, den_, max_fraction_digits, /*exact_if_terminating=*/true,
                       /*strip_zeros=*/true);
}

std::string Number::ToFixed(int fraction_digits) const {
  return FormatDecimal(num_, den_, fraction_digits, /*exact_if_terminating=*/false,
                       /*strip_zeros=*/false);
}

std::optional<int64_t> Number::ToInt64() const {
  if (den_ != 1) return std::nullopt;
  if (num_ < std::numeric_limits<int64_t>::min() || num_ > std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(num_);
}

}  // namespace duixian::engine
