// Smaller and modified copies of a compiled policy set, for `duixian sweep`:
// the slice of the policies one policy's outcome touches (what it reads
// through eligible()/benefit_of(), its exclusive group, the policies that
// read it), and a copy of that slice with one threshold constant of one
// clause replaced — only that clause changes, even where the compiler shared
// the rule with other policies.
#ifndef DX_ENGINE_WHATIF_PROGRAM_SLICE_H_
#define DX_ENGINE_WHATIF_PROGRAM_SLICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/program.h"

namespace duixian::engine::whatif {

// The policies whose verdict or granted benefit can change when policy
// `policy` changes (itself, its exclusive group, whoever reads them:
// `affected`), plus everything those read: indexes, ascending.
std::vector<int> PoliciesAround(const Program& program, int policy, std::vector<int>* affected = nullptr);

// A copy of `program` with only the policies `keep` (ascending; it must
// contain everything they read). `substitute`: the clause (of a kept policy,
// index into `program`) whose constant node `constant` is replaced by `value`.
// With `benefit_too`, the same constant node is replaced in that policy's
// benefit formula as well (the compiler interns equal constants, so a shared
// definition and an equal literal are the same node there).
struct Substitution {
  int policy = -1;
  int clause = -1;
  NodeId constant = kNoNode;
  Constant value;
  bool benefit_too = false;
};
std::shared_ptr<const Program> SliceProgram(const Program& program, const std::vector<int>& keep,
                                            const std::optional<Substitution>& substitute = std::nullopt);

// A threshold of a clause: a number or date constant compared directly
// (`营业收入[ref] >= 2000万元`) or a duration added to a date that is
// compared (`成立日期 + 3年 <= today`).
struct Threshold {
  NodeId constant = kNoNode;
  Constant value;
  bool duration = false;    // a whole number of years, months, days or working days
  std::string text;         // "2000万元", "3年", "2024-12-31", for messages
  std::string context;      // where it is used: "营业收入[2024] >= 2000万元"
};
std::vector<Threshold> ThresholdsOf(const Program& program, NodeId clause_root);

// The policies among `policies` whose benefit formula reads constant node
// `constant` (a swept threshold the sweep leaves there unless asked).
std::vector<int> BenefitsReading(const Program& program, const std::vector<int>& policies, NodeId constant);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_PROGRAM_SLICE_H_
