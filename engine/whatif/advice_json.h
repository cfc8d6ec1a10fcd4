// The JSON of what-if advice inside a `duixian.decision/1` policy entry:
// "near_miss" and "deciding" (layout in docs/results.md). Called by
// DecisionToJson; writes nothing when the decision carries no advice.
#ifndef DX_ENGINE_WHATIF_ADVICE_JSON_H_
#define DX_ENGINE_WHATIF_ADVICE_JSON_H_

#include "engine/eval/decision.h"
#include "engine/eval/program.h"
#include "nlohmann/json_fwd.hpp"

namespace duixian::engine::whatif {

void AddAdviceJson(const Program& program, const PolicyDecision& decision, nlohmann::ordered_json* entry);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_ADVICE_JSON_H_
