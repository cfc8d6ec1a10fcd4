// What evaluating one firm against a policy set yields: per policy a verdict
// (eligible / ineligible / undetermined), the clauses that failed, the exact
// fields whose absence leaves it open, the benefit amount, and in explain
// mode every clause's outcome with the values it saw.
#ifndef DX_ENGINE_EVAL_DECISION_H_
#define DX_ENGINE_EVAL_DECISION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "engine/eval/advice.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"

namespace duixian::engine {

enum class Verdict { kEligible, kIneligible, kUndetermined };
enum class Outcome { kTrue, kFalse, kUnknown, kError };

const char* VerdictName(Verdict v);   // "eligible", …
const char* VerdictNameZh(Verdict v);   // "符合", "不符合", "待定"
const char* OutcomeName(Outcome o);     // "true", "false", "unknown", "error"

struct MissingField {
  int field = -1;           // schema field index
  std::optional<int> year;  // for yearly series
  friend bool operator==(const MissingField& a, const MissingField& b) {
    return a.field == b.field && a.year == b.year;
  }
  friend bool operator<(const MissingField& a, const MissingField& b) {
    return a.field != b.field ? a.field < b.field : a.year < b.year;
  }
};

// Small lists kept inline: screening fills one decision per firm and policy,
// and most lists hold a clause or two (no heap allocation then).
using ClauseList = absl::InlinedVector<int, 6>;
using MissingList = absl::InlinedVector<MissingField, 4>;

struct SeenValue {
  int field = -1;           // -1 for an aggregate
  std::optional<int> year;
  std::string text;         // how the value is shown: "3000万元", "缺失", …
  std::string what;         // the observable as written
};

struct ClauseOutcome {
  int clause = -1;          // index into PolicyInfo::clauses
  Outcome outcome = Outcome::kUnknown;
  std::string error;        // for kError
  std::vector<SeenValue> values;
};

// Members in the order a screening run reads them: what every consumer reads
// for every policy (verdict, group, failing clauses, whether there are errors
// or benefit gaps) lies in the first 128 bytes, the rest later. A firm's 76
// decisions fill most of the first-level data cache, and the results line,
// matrix row and summary each walk all of them.
struct PolicyDecision {
  int policy = -1;
  Verdict verdict = Verdict::kUndetermined;
  int superseded_by = -1;          // exclusive group: granted policy instead
  bool benefit_clamped = false;    // a negative amount was raised to 0
  ClauseList failing;              // conditions false / exceptions true
  std::vector<std::string> errors; // evaluation errors (division by zero, …)
  MissingList benefit_missing;
  MissingList missing;
  std::optional<Number> benefit;   // eligible and computable
  ClauseList open;                 // clauses left unknown
  std::vector<ClauseOutcome> clauses;  // explain mode only
  // What-if advice (engine/whatif/advisor.h), when asked for.
  std::vector<NearMiss> near_misses;   // ineligible: per failing comparison
  std::optional<DecidingSet> deciding; // undetermined: fields to request
};

struct Decision {
  std::string firm;
  CivilDate date;
  std::string policy_set_digest;
  bool explained = false;
  std::vector<PolicyDecision> policies;  // one per policy, program order
  // Set when the firm could not be evaluated within the evaluation budget
  // (Evaluator::set_max_steps); `policies` is then empty and nothing about
  // the firm may be concluded.
  std::string error;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_EVAL_DECISION_H_
