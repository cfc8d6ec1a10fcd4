// A deliberately simple reference evaluator, for differential tests and the
// evaluation fuzzer only (re2's backtrack.cc idea): it walks the rule graph
// as the tree it denotes — recursively, without memo, without sharing,
// without the cheap-first clause order or short-circuits — straight from
// the semantics in docs/language.md and docs/design.md: Kleene logic,
// unknown for missing data, errors that win over unknown, missing fields as
// the data reads below unknown operands, exclusive groups by highest benefit.
// It is slow on purpose; engine::Evaluator must agree with it.
//
//   ReferenceEvaluator ref(*program);
//   std::vector<ReferencePolicy> r = ref.Evaluate(firm, date);
#ifndef DX_TESTS_REFERENCE_EVAL_REFERENCE_EVALUATOR_H_
#define DX_TESTS_REFERENCE_EVAL_REFERENCE_EVALUATOR_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/eval/decision.h"
#include "engine/eval/evaluator.h"
#include "engine/eval/program.h"
#include "engine/profile/firm_record.h"

namespace duixian::reference {

struct ReferencePolicy {
  engine::Verdict verdict = engine::Verdict::kUndetermined;
  std::set<int> failing;                 // every failing clause
  std::set<engine::MissingField> missing;
  std::set<std::string> errors;
  std::optional<engine::Number> benefit;
  std::set<engine::MissingField> benefit_missing;
  bool benefit_clamped = false;
  int superseded_by = -1;
};

class ReferenceEvaluator {
 public:
  explicit ReferenceEvaluator(const engine::Program& program) : program_(program) {}

  std::vector<ReferencePolicy> Evaluate(const engine::FirmRecord& firm, engine::CivilDate date);

  // Everything that differs between the engine's decision (in `mode`) and
  // the reference, one line per difference; empty when they agree. In
  // kVerdict mode only the first failing clause is listed by the engine, so
  // failing clauses are compared as "a subset, non-empty iff ineligible".
  static std::vector<std::string> Compare(const engine::Program& program,
                                          const std::vector<ReferencePolicy>& expected,
                                          const engine::Decision& actual, engine::EvalMode mode);

  struct Value;  // a value of the walk (reference_evaluator.cc)

 private:
  Value Eval(engine::NodeId id, const engine::Record* rec);
  std::set<engine::MissingField> Missing(engine::NodeId id);
  ReferencePolicy& Policy(int p);

  const engine::Program& program_;
  const engine::FirmRecord* firm_ = nullptr;
  engine::CivilDate date_;
  // Policies already decided for this firm (eligible(P) / benefit_of(P)
  // read another policy's outcome; the compiler rules out cycles).
  std::map<int, ReferencePolicy> policies_;
  std::set<int> in_progress_;
};

}  // namespace duixian::reference

#endif  // DX_TESTS_REFERENCE_EVAL_REFERENCE_EVALUATOR_H_
