// Near-miss advice for an ineligible verdict: for each failing comparison of
// each failing clause, the smallest change of one actionable field (on the
// field's grid: 1元, 0.01 percentage point, 1 person/item, 0.01) or the
// shortest wait (whole days, for comparisons with the evaluation date) that
// makes the comparison hold, the other data held as they are.
//
// Exact: the direction comes from the graph (the comparison must be
// monotone in the field), the amount from inverting + − × ÷ exactly where
// the path is linear, else from a doubling-then-bisecting search; either way
// the answer is checked with the evaluator: the comparison holds after the
// change and does not hold one unit short of it.
//
// Failing membership tests, bool fields and `any(…)` are leaves too. Record
// lists (records to add, the amount a sum misses) are advised by
// engine/whatif/record_advice.h, bool/text/enum fields (the values that make
// it hold) by engine/whatif/choice_advice.h; several ways to fix one leaf are
// alternatives.
#ifndef DX_ENGINE_WHATIF_NEAR_MISS_H_
#define DX_ENGINE_WHATIF_NEAR_MISS_H_

#include <vector>

#include "engine/eval/decision.h"
#include "engine/whatif/probe.h"

namespace duixian::engine::whatif {

// `probe` must have been Reset to the firm and date of `decision`.
std::vector<NearMiss> FindNearMisses(Probe& probe, const PolicyDecision& decision);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_NEAR_MISS_H_
