// Evaluates firms against a compiled Program.
//
// Verdict mode short-circuits (cheap clauses first, stop at the first false)
// for screening millions of firms; explain mode evaluates every clause and
// records the values it saw, for the firm's own page. Both give the same
// verdicts, missing fields and benefits.
//
//   Evaluator ev(program);
//   Decision d = ev.Evaluate(firm, *CivilDate::Parse("2025-06-16"), EvalMode::kExplain);
//
// An Evaluator holds per-firm scratch: use one per thread. The Program it
// points to is shared and immutable.
#ifndef DX_ENGINE_EVAL_EVALUATOR_H_
#define DX_ENGINE_EVAL_EVALUATOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/eval/decision.h"
#include "engine/eval/program.h"
#include "engine/profile/firm_record.h"

namespace duixian::engine {

// kVerdict stops at a policy's first false clause; kAllClauses is verdict
// mode without that early stop, so `failing` lists every false clause (the
// batch screener's clause funnel needs it) — still no explanations; kExplain
// evaluates every operand and records the values seen. kAllClauses first
// computes, in one forward pass, every node of every clause that depends on
// the firm alone (see Run::RunPlan), then decides the policies.
enum class EvalMode { kVerdict, kExplain, kAllClauses };

class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const Program> program);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  Decision Evaluate(const FirmRecord& firm, CivilDate date, EvalMode mode);
  // The same into `out`, reusing its storage (the batch screener keeps one
  // Decision per thread instead of allocating one per firm).
  void EvaluateInto(const FirmRecord& firm, CivilDate date, EvalMode mode, Decision* out);

  // The evaluation budget per firm: node computations (a where-clause
  // counts once per record). A firm that needs more — a hostile profile
  // with huge record lists — gets Decision::error instead of verdicts.
  // kAllClauses's forward pass does not count the simple nodes it computes
  // itself (at most one per graph node), only what it hands to the general
  // path (aggregates over records and the rarer operations).
  // Default FirmLimits::max_eval_steps (engine/profile/firm_limits.h); 0
  // means no limit.
  void set_max_steps(uint64_t max_steps);

  const Program& program() const { return *program_; }

  // The value node `id` had in the last Evaluate, for what-if analysis
  // (engine/whatif): std::nullopt when the node was not evaluated
  // (short-circuited), reads a record field, or is unknown or an error.
  std::optional<Scalar> LastValue(NodeId id) const;
  // Evaluates only `nodes` (and what they read) for `firm` on `date`, as
  // explain mode would; LastValue then reads them. For what-if probes, which
  // change one field and need one comparison or one policy, not every policy.
  void EvaluateNodes(const FirmRecord& firm, CivilDate date, const std::vector<NodeId>& nodes);

 private:
  class Run;
  std::shared_ptr<const Program> program_;
  std::unique_ptr<Run> run_;
};

// Industry-code matching (GB/T 4754-2017): `code` ("C3974" or "3974") lies
// under `prefix` ("C", "39", "C39", "397", "3974").
bool IndustryCodeUnder(std::string_view code, std::string_view prefix);
// The same in two steps, for matching one code against many prefixes: a
// code or prefix split into its section letter ('\0' when none) and its
// digits — a code's letter told by its division when not written — then
// the test against a split prefix.
struct IndustryParts {
  char letter = '\0';
  std::string_view digits;
};
IndustryParts SplitIndustryPrefix(std::string_view prefix);
IndustryParts SplitIndustryCode(std::string_view code);
// Inline: `industry in` asks it for every prefix of its set.
// The digits (four at most) are compared in a loop: compare() called memcmp.
inline bool IndustryCodeUnder(const IndustryParts& code, char prefix_letter, std::string_view prefix_digits) {
  if (prefix_letter != '\0' && prefix_letter != code.letter) return false;
  if (prefix_digits.size() > code.digits.size()) return false;
  for (size_t i = 0; i < prefix_digits.size(); ++i) {
    if (code.digits[i] != prefix_digits[i]) return false;
  }
  return true;
}
// The section letter (门类) of a division number 1..97, or '\0'.
char IndustrySection(int division);

}  // namespace duixian::engine

#endif  // DX_ENGINE_EVAL_EVALUATOR_H_
