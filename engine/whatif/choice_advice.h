// Near-miss advice for bool, text and enum fields the schema marks
// `"actionable": "choose"`: the values of the field that make a failing
// comparison or membership test hold ("数字化水平等级需为 三级、四级 之一"),
// the other data held as they are.
//
// Exact: every value offered is checked by the evaluator. Bool and enum
// fields are tried with every value of their domain, so the list is
// complete; a text field is tried with the strings the rule names and with
// one string it does not name (`other_values`: any unnamed value works too,
// as for `!=` or `not 属于`).
#ifndef DX_ENGINE_WHATIF_CHOICE_ADVICE_H_
#define DX_ENGINE_WHATIF_CHOICE_ADVICE_H_

#include <optional>
#include <vector>

#include "engine/eval/advice.h"
#include "engine/whatif/probe.h"

namespace duixian::engine::whatif {

// The bool, text and enum fields (a yearly one: the year read) marked `choose` that
// `atom` reads and the firm has a value for.
std::vector<NodeId> ChoiceFields(const Probe& probe, NodeId atom);

// The values of field node `var` that make `atom` come out `want`, or
// nothing when no value does.
std::optional<NearMiss> ChoiceNearMiss(Probe& probe, const PolicyInfo& info, int clause, NodeId atom, bool want,
                                       NodeId var);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_CHOICE_ADVICE_H_
