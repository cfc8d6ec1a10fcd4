// The smallest count that makes a monotone condition hold: the search every
// near-miss amount needs ("how many more yuan, records, days").
#ifndef DX_ENGINE_WHATIF_MONOTONE_SEARCH_H_
#define DX_ENGINE_WHATIF_MONOTONE_SEARCH_H_

#include <algorithm>
#include <cstdint>
#include <optional>

namespace duixian::engine::whatif {

// The smallest k in 1..cap with holds(k), for `holds` false up to some k
// and true from there on; std::nullopt when even cap does not hold.
// `guess` is the answer a linear inversion of the comparison gives, when
// there is one: it and guess + 1 (a strict comparison fails at its
// boundary) are tried first; otherwise, or when they are not it, the
// search doubles and then bisects.
template <typename Holds>
std::optional<int64_t> SmallestHolding(Holds holds, int64_t cap, std::optional<int64_t> guess) {
  if (guess && *guess < cap) {
    const int64_t from = std::max<int64_t>(1, *guess);
    for (int64_t c = from; c <= from + 1; ++c) {
      if (holds(c) && (c == 1 || !holds(c - 1))) return c;
    }
  }
  int64_t lo = 0, hi = 1;
  while (hi <= cap && !holds(hi)) {
    lo = hi;
    hi *= 2;
  }
  if (hi > cap) return std::nullopt;
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    (holds(mid) ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_MONOTONE_SEARCH_H_
