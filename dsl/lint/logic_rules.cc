// Logic (L01xx): clauses and policies that can never hold or always hold,
// redundant clauses, exceptions that never or always apply, tiers that are
// unreachable, overlap or leave gaps, caps below a fixed floor. Decided
// exactly over the linter's rule graph (definitions expanded, so conflicts
// across shared definitions are found) by formula.h's interval search.
#include <algorithm>
#include <functional>

#include "absl/strings/str_cat.h"
#include "dsl/lint/internal/context.h"

namespace duixian::dsl::lint_internal {
namespace {

using engine::NodeId;
using engine::Number;
using engine::Op;

ast::Unit UnitOf(const LintContext& ctx, const LintedPolicy& p, NodeId origin) {
  for (NodeId k : ctx.graph().operands(origin)) {
    if (ctx.graph().node(k).op != Op::kConst) continue;
    auto it = p.expr_of.find(k);
    if (it == p.expr_of.end()) continue;
    if (const auto* lit = std::get_if<ast::NumberLit>(&it->second->kind)) return lit->unit;
  }
  return ast::Unit::kNone;
}

std::string FormatInterval(const Interval& r, ast::Unit unit) {
  if (r.IsPoint()) return FormatQuantity(*r.lo, unit);
  std::string lo = r.lo ? FormatQuantity(*r.lo, unit) : "-∞";
  std::string hi = r.hi ? FormatQuantity(*r.hi, unit) : "+∞";
  return absl::StrCat(r.lo && !r.lo_open ? "[" : "(", lo, ", ", hi, r.hi && !r.hi_open ? "]" : ")");
}

// Explains a refutation: the two clashing literals as source text, labelled.
struct Why {
  std::string en, zh;
  std::vector<Label> labels;
  bool all_alternatives = false;
};

Why Explain(const LintContext& ctx, const LintedPolicy& p, const SatAnswer& a) {
  Why w;
  if (!a.clash) {
    w.en = "its rule reduces to false";
    w.zh = "规则恒为假";
    return w;
  }
  const Literal& x = a.clash->first;
  const Literal& y = a.clash->second;
  SourceRange rx = ctx.SpanOf(p, x.origin), ry = ctx.SpanOf(p, y.origin);
  std::string tx = ctx.Text(rx), ty = ctx.Text(ry);
  if (x.origin == y.origin) {
    w.en = absl::StrCat("`", ty, "` is outside the values the schema allows");
    w.zh = absl::StrCat("`", ty, "` 超出了字段表允许的取值范围");
    if (ry.valid()) w.labels.push_back({ry, {"never true", "永远不成立"}});
  } else {
    w.en = absl::StrCat("`", tx, "` contradicts `", ty, "`");
    w.zh = absl::StrCat("`", tx, "` 与 `", ty, "` 互相矛盾");
    if (rx.valid()) w.labels.push_back({rx, {"this condition …", "这个条件……"}});
    if (ry.valid()) w.labels.push_back({ry, {"… conflicts with this one", "……与这个条件矛盾"}});
  }
  w.all_alternatives = !a.single_alternative;
  return w;
}

void Emit(LintContext& ctx, const LintedPolicy& p, DiagCode code, SourceRange at, DiagArgs args,
          const Why& w) {
  args.push_back({"why", w.en});
  args.push_back({"why_zh", w.zh});
  auto b = ctx.Report(p.decl->id, code, at, args);
  // The builder's methods change it in place (no self-assignment).
  for (const Label& l : w.labels) std::move(b).Label(l.range, l.text);
  if (w.all_alternatives) {
    std::move(b).Note({"every alternative of the rule fails; shown is the first",
                           "规则的每个分支都不能成立，这里列出第一个分支的矛盾"});
  }
  std::move(b).Emit();
}

// Single-variable band of a tier arm: a conjunction of interval literals on
// one node, else nullopt.
std::optional<std::pair<NodeId, Interval>> Band(const FormulaPtr& f, ast::Unit* unit, const LintContext& ctx,
                                                const LintedPolicy& p) {
  std::vector<const Literal*> lits;
  if (f->kind == Formula::Kind::kLit) {
    lits.push_back(&f->lit);
  } else if (f->kind == Formula::Kind::kAnd) {
    for (const FormulaPtr& k : f->kids) {
      if (k->kind != Formula::Kind::kLit) return std::nullopt;
      lits.push_back(&k->lit);
    }
  } else {
    return std::nullopt;
  }
  NodeId var = engine::kNoNode;
  Interval r;
  for (const Literal* l : lits) {
    if (l->kind != LitKind::kNum || l->except) return std::nullopt;
    if (var != engine::kNoNode && l->var != var) return std::nullopt;
    var = l->var;
    r = r.Intersect(l->range);
    ast::Unit u = UnitOf(ctx, p, l->origin);
    if (u != ast::Unit::kNone) *unit = u;
  }
  return std::make_pair(var, r);
}

// Disjoint, sorted union of intervals.
std::vector<Interval> Union(std::vector<Interval> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](const Interval& i) { return i.Empty(); }), v.end());
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) {
    if (!a.lo || !b.lo) return !a.lo && b.lo.has_value();
    int c = a.lo->Compare(*b.lo);
    return c < 0 || (c == 0 && !a.lo_open && b.lo_open);
  });
  std::vector<Interval> out;
  for (const Interval& i : v) {
    if (!out.empty()) {
      Interval& last = out.back();
      bool touches = !last.hi || !i.lo || i.lo->Compare(*last.hi) < 0 ||
                     (i.lo->Compare(*last.hi) == 0 && !(i.lo_open && last.hi_open));
      if (touches) {
        if (last.hi && (!i.hi || i.hi->Compare(*last.hi) > 0 ||
                        (i.hi->Compare(*last.hi) == 0 && !i.hi_open))) {
          last.hi = i.hi;
          last.hi_open = i.hi_open;
        }
        continue;
      }
    }
    out.push_back(i);
  }
  return out;
}

bool CoveredBy(const Interval& x, const std::vector<Interval>& parts) {
  for (const Interval& u : Union(parts)) {
    if (u.Covers(x)) return true;
  }
  return false;
}

void CheckTiers(LintContext& ctx, const LintedPolicy& p, const ast::Expr& e, const ast::Tiers& t) {
  std::vector<std::pair<NodeId, Interval>> bands;
  ast::Unit unit = ast::Unit::kNone;
  for (const ast::TierArm& arm : t.arms) {
    auto it = p.node_of.find(arm.when.get());
    if (it == p.node_of.end()) return;
    std::optional<std::pair<NodeId, Interval>> b = Band(ctx.formulas().Of(it->second), &unit, ctx, p);
    if (!b || (!bands.empty() && b->first != bands[0].first)) return;
    bands.push_back(*b);
  }
  if (bands.size() < 2) return;
  const std::string& id = p.decl->id;
  std::vector<Interval> earlier;
  std::vector<bool> reachable(bands.size(), true);
  for (size_t i = 0; i < bands.size(); ++i) {
    const Interval& r = bands[i].second;
    if (CoveredBy(r, earlier)) {
      reachable[i] = false;
      ctx.Report(id, DiagCode::kL0107, t.arms[i].when->span,
                 {{"index", std::to_string(i + 1)}, {"range", FormatInterval(r, unit)}})
          .Help({"the first matching tier wins: list the highest band first",
                 "按先后顺序取第一个符合的档次：应把最高档写在最前面"})
          .Emit();
    }
    earlier.push_back(r);
  }
  auto band = [](const Interval& r) { return r.lo.has_value() && r.hi.has_value(); };
  for (size_t i = 0; i < bands.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!reachable[i] || !band(bands[i].second) || !band(bands[j].second)) continue;
      Interval both = bands[i].second.Intersect(bands[j].second);
      if (both.Empty()) continue;
      ctx.Report(id, DiagCode::kL0108, t.arms[i].when->span,
                 {{"first", std::to_string(j + 1)}, {"second", std::to_string(i + 1)},
                  {"range", FormatInterval(both, unit)}})
          .Label(t.arms[j].when->span, {"overlaps this tier", "与这一档重叠"})
          .Note({"a firm in the overlap gets the earlier tier", "落在重叠部分的企业按前一档计"})
          .Emit();
    }
  }
  std::vector<Interval> all;
  for (const auto& b : bands) all.push_back(b.second);
  std::vector<Interval> u = Union(all);
  for (size_t k = 1; k < u.size(); ++k) {
    Interval gap;
    gap.lo = u[k - 1].hi;
    gap.lo_open = !u[k - 1].hi_open;
    gap.hi = u[k].lo;
    gap.hi_open = !u[k].lo_open;
    if (gap.Empty()) continue;
    ctx.Report(id, DiagCode::kL0109, e.span, {{"range", FormatInterval(gap, unit)}})
        .Note({t.otherwise ? "firms there fall to the `else` value" : "firms there get nothing (0)",
               t.otherwise ? "落在这里的企业按 `否则` 取值" : "落在这里的企业得到 0"})
        .Emit();
  }
}

void WalkTiers(LintContext& ctx, const LintedPolicy& p, const ast::Expr& e) {
  std::visit(
      [&](const auto& k) {
        using T = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<T, ast::Tiers>) {
          CheckTiers(ctx, p, e, k);
          for (const ast::TierArm& a : k.arms) {
            WalkTiers(ctx, p, *a.when);
            WalkTiers(ctx, p, *a.value);
          }
          if (k.otherwise) WalkTiers(ctx, p, *k.otherwise);
        } else if constexpr (std::is_same_v<T, ast::Binary>) {
          WalkTiers(ctx, p, *k.lhs);
          WalkTiers(ctx, p, *k.rhs);
        } else if constexpr (std::is_same_v<T, ast::Unary>) {
          WalkTiers(ctx, p, *k.operand);
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          for (const ast::CallArg& a : k.args) {
            if (a.expr) WalkTiers(ctx, p, *a.expr);
          }
        } else if constexpr (std::is_same_v<T, ast::IfThenElse>) {
          WalkTiers(ctx, p, *k.cond);
          WalkTiers(ctx, p, *k.then_value);
          WalkTiers(ctx, p, *k.else_value);
        }
      },
      e.kind);
}

// min(…, cap) whose other operand never falls below a floor above the cap,
// and max(…, floor) whose other operand never rises above a cap below it.
void CheckCaps(LintContext& ctx, const LintedPolicy& p) {
  if (!p.info.benefit || p.info.benefit->node == engine::kNoNode) return;
  const engine::RuleGraph& g = ctx.graph();
  std::set<std::pair<std::string, std::string>> seen;
  for (NodeId n : g.Cone(p.info.benefit->node)) {
    const engine::Node& node = g.node(n);
    if (node.op != Op::kMin && node.op != Op::kMax) continue;
    bool is_min = node.op == Op::kMin;
    std::optional<Number> bound;  // the constant cap (min) or floor (max)
    for (NodeId k : g.operands(n)) {
      Interval r = RangeOf(ctx.formulas(), k);
      if (!r.IsPoint()) continue;
      if (!bound || (r.lo->Compare(*bound) < 0) == is_min) bound = r.lo;
    }
    if (!bound) continue;
    for (NodeId k : g.operands(n)) {
      Interval r = RangeOf(ctx.formulas(), k);
      if (r.IsPoint()) continue;
      std::optional<Number> cap, floor;
      if (is_min && r.lo && r.lo->Compare(*bound) > 0) {
        cap = bound;
        floor = r.lo;
      } else if (!is_min && r.hi && r.hi->Compare(*bound) < 0) {
        cap = r.hi;
        floor = bound;
      }
      if (!cap) continue;
      std::string c = FormatQuantity(*cap, ast::Unit::kYuan), f = FormatQuantity(*floor, ast::Unit::kYuan);
      if (!seen.insert({c, f}).second) continue;
      SourceRange at = ctx.SpanOf(p, n);
      if (!at.valid()) at = p.decl->benefit->expr->span;
      ctx.Report(p.decl->id, DiagCode::kL0110, at, {{"cap", c}, {"floor", f}})
          .Note({absl::StrCat("the amount is always ", is_min ? c : f), absl::StrCat("金额总是 ", is_min ? c : f)})
          .Emit();
    }
  }
}

void CheckPolicy(LintContext& ctx, const LintedPolicy& p) {
  FormulaBuilder& fb = ctx.formulas();
  const std::string& id = p.decl->id;
  struct Item {
    size_t index;
    FormulaPtr f;
    bool dead = false;
    bool valid = false;
  };
  std::vector<Item> conds, excs;
  for (size_t i = 0; i < p.info.clauses.size(); ++i) {
    const engine::ClauseInfo& c = p.info.clauses[i];
    if (c.node == engine::kNoNode) continue;
    Item it{i, fb.Of(c.node)};
    (c.kind == engine::ClauseKind::kException ? excs : conds).push_back(it);
  }
  auto clause_span = [&](size_t i) { return p.decl->clauses[i].expr->span; };
  auto label = [&](size_t i) {
    const ast::ClauseDecl& c = p.decl->clauses[i];
    return c.label.empty() ? ctx.Text(c.expr->span) : c.label;
  };
  bool any_dead = false;
  for (Item& c : conds) {
    SatAnswer a = Satisfiable(fb, c.f);
    if (a.result == SatResult::kUnsat) {
      c.dead = any_dead = true;
      Emit(ctx, p, DiagCode::kL0101, clause_span(c.index), {{"label", label(c.index)}}, Explain(ctx, p, a));
      continue;
    }
    if (Satisfiable(fb, fb.Of(p.info.clauses[c.index].node, false)).result == SatResult::kUnsat) {
      c.valid = true;
      ctx.Report(id, DiagCode::kL0103, clause_span(c.index), {{"label", label(c.index)}})
          .Help({"remove the clause, or check its bound against the text", "删除该条件，或对照条文检查其界限"})
          .Emit();
    }
  }
  if (any_dead) return;
  std::vector<FormulaPtr> all;
  for (const Item& c : conds) all.push_back(c.f);
  FormulaPtr policy = FormulaBuilder::And(all);
  SatAnswer whole = Satisfiable(fb, policy);
  if (whole.result == SatResult::kUnsat) {
    Emit(ctx, p, DiagCode::kL0102, p.decl->id_span, {{"name", id}}, Explain(ctx, p, whole));
    return;
  }
  // Redundant: B ∧ ¬A cannot hold, so A adds nothing once B holds.
  std::vector<bool> reported(p.info.clauses.size(), false);
  for (const Item& a : conds) {
    if (a.valid || p.info.clauses[a.index].kind == engine::ClauseKind::kRequires) continue;
    FormulaPtr not_a = fb.Of(p.info.clauses[a.index].node, false);
    for (const Item& b : conds) {
      if (&a == &b || b.valid || reported[a.index]) continue;
      if (Satisfiable(fb, FormulaBuilder::And({b.f, not_a})).result != SatResult::kUnsat) continue;
      // Equivalent clauses: report the later one only.
      if (a.index < b.index &&
          Satisfiable(fb, FormulaBuilder::And({a.f, fb.Of(p.info.clauses[b.index].node, false)})).result ==
              SatResult::kUnsat) {
        continue;
      }
      reported[a.index] = true;
      ctx.Report(id, DiagCode::kL0104, clause_span(a.index), {{"label", label(a.index)}, {"other", label(b.index)}})
          .Label(clause_span(b.index), {"implies it", "已涵盖它"})
          .Emit();
    }
  }
  for (const Item& e : excs) {
    NodeId n = p.info.clauses[e.index].node;
    if (Satisfiable(fb, FormulaBuilder::And({policy, e.f})).result == SatResult::kUnsat) {
      ctx.Report(id, DiagCode::kL0105, clause_span(e.index), {{"label", label(e.index)}})
          .Help({"check the exception's bounds against the clauses", "对照各条件检查除外情形的界限"})
          .Emit();
    } else if (Satisfiable(fb, FormulaBuilder::And({policy, fb.Of(n, false)})).result == SatResult::kUnsat) {
      ctx.Report(id, DiagCode::kL0106, clause_span(e.index), {{"label", label(e.index)}}).Emit();
    }
  }
}

}  // namespace

void CheckLogic(LintContext& ctx) {
  for (const LintedPolicy& p : ctx.policies()) {
    CheckPolicy(ctx, p);
    for (const ast::ClauseDecl& c : p.decl->clauses) WalkTiers(ctx, p, *c.expr);
    if (p.decl->benefit) WalkTiers(ctx, p, *p.decl->benefit->expr);
    CheckCaps(ctx, p);
  }
}

}  // namespace duixian::dsl::lint_internal
