// What every lint rule reads: the compiled set, the policies re-lowered into
// the linter's own graph with a trace from nodes back to the expressions that
// produced them, and the sink that collects findings with the policy each
// belongs to (for suppressions).
#ifndef DX_DSL_LINT_INTERNAL_CONTEXT_H_
#define DX_DSL_LINT_INTERNAL_CONTEXT_H_

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "dsl/lint/internal/formula.h"
#include "dsl/lint/lint.h"
#include "dsl/sema/elaborator.h"

namespace duixian::dsl::lint_internal {

struct LintedPolicy {
  const ast::PolicyDecl* decl = nullptr;
  const ast::PolicyFile* file = nullptr;
  engine::PolicyInfo info;  // clause and benefit nodes in the lint graph
  // The innermost expression each node came from while lowering this policy.
  absl::flat_hash_map<engine::NodeId, const ast::Expr*> expr_of;
  absl::flat_hash_map<const ast::Expr*, engine::NodeId> node_of;
  std::vector<int> requires_policies;
};

class LintContext {
 public:
  LintContext(const Compilation& c, const LintConfig& config);

  const Compilation& compilation() const { return c_; }
  const LintConfig& config() const { return config_; }
  const engine::Schema& schema() const { return *c_.schema; }
  const engine::HolidayCalendar& calendar() const { return *c_.calendar; }
  const SourceManager& sources() const { return *c_.sources; }
  const std::vector<LintedPolicy>& policies() const { return policies_; }
  const engine::RuleGraph& graph() const { return graph_.graph(); }
  FormulaBuilder& formulas() { return *formulas_; }
  // Definitions visible to each file (own first, then imported).
  const DefineTable& visible(size_t file_index) const { return visible_[file_index]; }
  int FindPolicy(const std::string& id) const;

  // Source text of a range, whitespace runs folded to one space.
  std::string Text(SourceRange r) const;
  // Span of the expression that produced `node` in policy `p`, if known.
  SourceRange SpanOf(const LintedPolicy& p, engine::NodeId node) const;

  // Starts a finding that belongs to `policy` ("" for none). Always Emit().
  DiagnosticBuilder Report(const std::string& policy, DiagCode code, SourceRange at,
                           const DiagArgs& args = {});
  const std::vector<Diagnostic>& findings() const { return sink_.diagnostics(); }
  const std::vector<std::string>& owners() const { return owners_; }

 private:
  const Compilation& c_;
  const LintConfig& config_;
  engine::GraphBuilder graph_;
  absl::flat_hash_map<engine::NodeId, engine::Observable> observables_;
  std::unique_ptr<FormulaBuilder> formulas_;
  std::vector<DefineTable> visible_;
  std::vector<LintedPolicy> policies_;
  absl::flat_hash_map<std::string, int> policy_index_;
  DiagnosticSink sink_;
  std::vector<std::string> owners_;
};

// The rule families, each in its own file.
void CheckLogic(LintContext& ctx);
void CheckTextAgainstRule(LintContext& ctx);
void CheckCalendar(LintContext& ctx);
void CheckCompleteness(LintContext& ctx);
void CheckData(LintContext& ctx);

// Formats a number for messages in the unit of the literal it came from.
std::string FormatQuantity(const engine::Number& value, ast::Unit unit);

}  // namespace duixian::dsl::lint_internal

#endif  // DX_DSL_LINT_INTERNAL_CONTEXT_H_
