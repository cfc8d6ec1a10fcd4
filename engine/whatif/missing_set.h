// For an undetermined verdict: a smallest set of the missing fields that,
// once supplied with suitable values, makes the verdict eligible whatever
// the other missing fields turn out to be (Kleene logic is monotone, so
// supplying more never undoes it) — the two fields to ask for instead of
// twenty — and for each field the values that work.
//
// Exact search: every set of 1, 2, … fields in turn, every combination of
// candidate values per field, each checked with the evaluator. Candidate
// values are the boundaries of every comparison the field takes part in
// (inverted exactly through + − × ÷, then one grid unit either side), the
// constants it is compared with, true/false, every enum value, an empty
// record list. A set is reported only when the evaluator confirms it; the
// search stops after a fixed number of evaluations (kMaxProbes) and then
// reports nothing rather than a set that may not be smallest.
#ifndef DX_ENGINE_WHATIF_MISSING_SET_H_
#define DX_ENGINE_WHATIF_MISSING_SET_H_

#include <optional>

#include "engine/eval/decision.h"
#include "engine/whatif/probe.h"

namespace duixian::engine::whatif {

inline constexpr int kMaxProbes = 4000;

// `probe` must have been Reset to the firm and date of `decision`.
std::optional<DecidingSet> FindDecidingSet(Probe& probe, const PolicyDecision& decision);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_MISSING_SET_H_
