// The versioned JSON layout of a Decision ("duixian.decision/1"), documented
// in docs/results.md. Deterministic: same decision, same bytes.
#ifndef DX_ENGINE_EVAL_DECISION_JSON_H_
#define DX_ENGINE_EVAL_DECISION_JSON_H_

#include <string>

#include "engine/eval/decision.h"
#include "engine/eval/program.h"

namespace duixian::engine {

inline constexpr char kDecisionFormat[] = "duixian.decision/1";

// `indent` < 0 gives one line (JSONL), otherwise pretty-printed.
std::string DecisionToJson(const Program& program, const Decision& decision, int indent = 2);

// Verdict counts and the benefit granted (eligible, not superseded within an
// exclusive group), as shown in the JSON summary and the text explanation.
struct DecisionTotals {
  int eligible = 0;
  int ineligible = 0;
  int undetermined = 0;
  Number total_benefit;
};
DecisionTotals Totals(const Decision& decision);

// "open", "closed" or "not_yet_open": where `date` lies relative to a policy's
// application window (verdicts do not depend on it; the platform shows it).
const char* WindowStatus(const DatePeriod& window, CivilDate date);

// "营业收入[2022]" / "revenue[2022]".
std::string MissingFieldLabel(const Program& program, const MissingField& m, bool zh);

}  // namespace duixian::engine

#endif  // DX_ENGINE_EVAL_DECISION_JSON_H_
