// Near-miss advice for comparisons over record-list aggregates: how many
// records a firm must add for `count(L where W) >= n` or `any(L where W)` to
// hold ("主导标准还需2项（…）"), or how much a `sum(L.v where W)` still
// misses ("展位费合计还差3万元"), for lists the schema marks
// `"actionable": "increase"` (a firm can obtain titles, attend fairs).
//
// Exact like the numeric advice (engine/whatif/near_miss.h): the number of
// records (or the amount, on the value field's grid) comes from inverting
// the comparison where it is linear in the aggregate, else from a
// doubling-then-bisecting search, and is checked by the evaluator on the
// firm with the records added: the comparison holds, and with one record (or
// one unit of the amount) less it does not. The added records are copies of
// a witness record that satisfies W, found by trying the values W compares
// its record fields with (and every enum value, true/false); no witness, no
// advice.
#ifndef DX_ENGINE_WHATIF_RECORD_ADVICE_H_
#define DX_ENGINE_WHATIF_RECORD_ADVICE_H_

#include <optional>

#include "engine/eval/advice.h"
#include "engine/whatif/probe.h"

namespace duixian::engine::whatif {

// The aggregates (count, sum, any over an actionable record list the firm
// has) in the cone of `atom` that advice may move.
std::vector<NodeId> RecordAggregates(const Probe& probe, NodeId atom);

// Advice for making `atom` come out `want` by adding records to the list of
// aggregate `agg`. `atom` is a comparison with `agg` on one side only, or
// `agg` itself when it is an `any`. Label texts use clause `clause` of `info`.
std::optional<NearMiss> RecordNearMiss(Probe& probe, const PolicyInfo& info, int clause, NodeId atom, bool want,
                                       NodeId agg);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_RECORD_ADVICE_H_
