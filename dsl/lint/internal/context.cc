#include "dsl/lint/internal/context.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace duixian::dsl::lint_internal {

using engine::Number;

LintContext::LintContext(const Compilation& c, const LintConfig& config) : c_(c), config_(config) {
  // Visible definitions per file, as the compiler builds them.
  std::map<std::string, size_t> by_module;
  for (size_t i = 0; i < c.files.size(); ++i) by_module.emplace(c.files[i].module, i);
  visible_.resize(c.files.size());
  for (size_t i = 0; i < c.files.size(); ++i) {
    for (const ast::DefineDecl& d : c.files[i].defines) visible_[i].defines.emplace(d.name, &d);
    std::set<size_t> reach = {i};
    std::vector<size_t> stack = {i};
    while (!stack.empty()) {
      size_t u = stack.back();
      stack.pop_back();
      for (const ast::ImportDecl& imp : c.files[u].imports) {
        auto it = by_module.find(imp.module);
        if (it != by_module.end() && reach.insert(it->second).second) stack.push_back(it->second);
      }
    }
    for (size_t u : reach) {
      if (u == i) continue;
      for (const ast::DefineDecl& d : c.files[u].defines) visible_[i].defines.emplace(d.name, &d);
    }
  }
  std::vector<std::pair<size_t, const ast::PolicyDecl*>> decls;
  for (size_t i = 0; i < c.files.size(); ++i) {
    for (const ast::PolicyDecl& p : c.files[i].policies) {
      if (policy_index_.contains(p.id)) continue;
      policy_index_[p.id] = static_cast<int>(decls.size());
      decls.emplace_back(i, &p);
    }
  }
  // Lower again, into the linter's own graph, tracing where nodes come from.
  DiagnosticSink already_reported;
  Elaborator elab(*c.schema, *c.sources, already_reported, graph_, observables_);
  elab.set_policy_index(&policy_index_);
  std::vector<std::pair<const ast::Expr*, engine::NodeId>> trace;
  elab.set_trace(&trace);
  policies_.resize(decls.size());
  for (size_t k = 0; k < decls.size(); ++k) {
    LintedPolicy& p = policies_[k];
    p.decl = decls[k].second;
    p.file = &c.files[decls[k].first];
    trace.clear();
    elab.LowerPolicy(*p.decl, visible_[decls[k].first], p.info, &p.requires_policies);
    for (const auto& [expr, node] : trace) {
      p.expr_of.emplace(node, expr);
      p.node_of.emplace(expr, node);
    }
  }
  formulas_ = std::make_unique<FormulaBuilder>(graph_.graph(), *c.schema);
}

int LintContext::FindPolicy(const std::string& id) const {
  auto it = policy_index_.find(id);
  return it == policy_index_.end() ? -1 : it->second;
}

std::string LintContext::Text(SourceRange r) const {
  if (!r.valid() || static_cast<size_t>(r.file) >= sources().size()) return "";
  std::string_view text = sources().file(r.file).text();
  if (r.end > text.size() || r.end < r.begin) return "";
  std::string s;
  bool space = false;
  for (char ch : text.substr(r.begin, r.end - r.begin)) {
    if (ch == '\n' || ch == ' ' || ch == '\t' || ch == '\r') {
      space = true;
      continue;
    }
    if (space && !s.empty()) s.push_back(' ');
    space = false;
    s.push_back(ch);
  }
  return s;
}

SourceRange LintContext::SpanOf(const LintedPolicy& p, engine::NodeId node) const {
  auto it = p.expr_of.find(node);
  return it == p.expr_of.end() ? SourceRange{} : it->second->span;
}

DiagnosticBuilder LintContext::Report(const std::string& policy, DiagCode code, SourceRange at,
                                      const DiagArgs& args) {
  owners_.push_back(policy);
  return sink_.Report(code, at, args);
}

std::string FormatQuantity(const Number& value, ast::Unit unit) {
  auto scaled = [&](int64_t by) {
    std::optional<Number> v = Number::Div(value, Number::FromInt(by));
    return v ? v->ToString(4) : value.ToString(4);
  };
  switch (unit) {
    case ast::Unit::kYuan: {
      Number abs = value.Abs();
      if (abs.Compare(Number::FromInt(100000000)) >= 0) return absl::StrCat(scaled(100000000), "亿元");
      if (abs.Compare(Number::FromInt(10000)) >= 0) return absl::StrCat(scaled(10000), "万元");
      return absl::StrCat(value.ToString(2), "元");
    }
    case ast::Unit::kPercent: {
      std::optional<Number> v = Number::Mul(value, Number::FromInt(100));
      return absl::StrCat(v ? v->ToString(4) : value.ToString(), "%");
    }
    case ast::Unit::kPersons:
      return absl::StrCat(value.ToString(), "人");
    case ast::Unit::kItems:
      return absl::StrCat(value.ToString(), "项");
    case ast::Unit::kYears:
      return absl::StrCat(value.ToString(), "年");
    case ast::Unit::kMonths:
      return absl::StrCat(value.ToString(), "个月");
    case ast::Unit::kDays:
      return absl::StrCat(value.ToString(), "天");
    case ast::Unit::kWorkdays:
      return absl::StrCat(value.ToString(), "工作日");
    case ast::Unit::kNone:
      break;
  }
  return value.ToString(4);
}

}  // namespace duixian::dsl::lint_internal
