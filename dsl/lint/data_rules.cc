// Data (L05xx): a clause that reads a field the schema marks
// `"availability": "rare"` — most firm exports lack it, so most verdicts on
// the policy stay undetermined.
#include <set>

#include "absl/strings/str_cat.h"
#include "dsl/lint/internal/context.h"

namespace duixian::dsl::lint_internal {

void CheckData(LintContext& ctx) {
  const engine::Schema& schema = ctx.schema();
  const engine::RuleGraph& g = ctx.graph();
  for (const LintedPolicy& p : ctx.policies()) {
    for (size_t i = 0; i < p.info.clauses.size(); ++i) {
      const engine::ClauseInfo& c = p.info.clauses[i];
      if (c.node == engine::kNoNode) continue;
      std::set<uint32_t> reported;
      for (engine::NodeId n : g.Cone(c.node)) {
        const engine::Node& node = g.node(n);
        if (node.op != engine::Op::kField && node.op != engine::Op::kSeries && node.op != engine::Op::kList) continue;
        if (node.payload >= schema.fields().size()) continue;
        const engine::FieldDef& f = schema.fields()[node.payload];
        if (f.availability != engine::Availability::kRare || !reported.insert(node.payload).second) continue;
        SourceRange at = ctx.SpanOf(p, n);
        const ast::ClauseDecl& decl = p.decl->clauses[i];
        auto b = ctx.Report(p.decl->id, DiagCode::kL0501, decl.expr->span,
                            {{"label", decl.label.empty() ? ctx.Text(decl.expr->span) : decl.label},
                             {"field", f.label}});
        if (at.valid() && !(at == decl.expr->span)) std::move(b).Label(at, {"read here", "在这里读取"});
        std::move(b).Note({absl::StrCat("source: ", f.source, "; firms without it stay undetermined"),
                           absl::StrCat("数据来源：", f.source, "；缺少该字段的企业结论为待定")});
        std::move(b).Emit();
      }
    }
  }
}

}  // namespace duixian::dsl::lint_internal
