// What-if advice for one firm's decision: near misses for ineligible
// verdicts (engine/whatif/near_miss.h) and deciding sets of missing fields
// for undetermined ones (engine/whatif/missing_set.h), written into the
// decision (PolicyDecision::near_misses / ::deciding).
//
//   engine::whatif::Advisor advisor(program);
//   Decision d = evaluator.Evaluate(firm, date, EvalMode::kExplain);
//   advisor.Advise(firm, date, &d);
//
// Costs a few dozen evaluations of the firm per policy: for one firm's page,
// not for screening a population. Thread-compatible: one per thread.
#ifndef DX_ENGINE_WHATIF_ADVISOR_H_
#define DX_ENGINE_WHATIF_ADVISOR_H_

#include <cstdint>
#include <memory>

#include "engine/eval/decision.h"
#include "engine/whatif/probe.h"

namespace duixian::engine::whatif {

class Advisor {
 public:
  explicit Advisor(std::shared_ptr<const Program> program) : probe_(std::move(program)) {}

  // The evaluation budget of each re-evaluation (Evaluator::set_max_steps):
  // give the one the decision was evaluated with, so that a raised limit
  // holds for the advice too and a lowered one bounds its few dozen runs.
  void set_max_steps(uint64_t max_steps) { probe_.set_max_steps(max_steps); }

  // `decision` must be the evaluation of `firm` on `date` by the same program.
  void Advise(const FirmRecord& firm, CivilDate date, Decision* decision);

 private:
  Probe probe_;
};

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_ADVISOR_H_
