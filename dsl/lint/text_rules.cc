// Text against rule (L02xx): the numbers, units, comparison words and
// look-back spans of a clause's (definition's, benefit's) own text compared
// with the literals of its expression as written — definitions used in it
// are checked against their own text instead.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "dsl/lint/internal/context.h"
#include "dsl/lint/internal/text_numbers.h"

namespace duixian::dsl::lint_internal {
namespace {

using engine::Number;

struct RuleQuantity {
  Number value;
  ast::Unit unit = ast::Unit::kNone;
  Bound bound = Bound::kNone;  // field ? number
  SourceRange span;            // the literal
  SourceRange op_span;
  std::string op;              // as written
  bool look_back = false;
};

Bound BoundOf(ast::BinaryOp op, bool mirrored) {
  switch (op) {
    case ast::BinaryOp::kGe: return mirrored ? Bound::kLe : Bound::kGe;
    case ast::BinaryOp::kGt: return mirrored ? Bound::kLt : Bound::kGt;
    case ast::BinaryOp::kLe: return mirrored ? Bound::kGe : Bound::kLe;
    case ast::BinaryOp::kLt: return mirrored ? Bound::kGt : Bound::kLt;
    default: return Bound::kNone;
  }
}

bool Compared(ast::Unit u) {
  return u == ast::Unit::kYuan || u == ast::Unit::kPercent || u == ast::Unit::kPersons || u == ast::Unit::kItems;
}

void Collect(const ast::Expr& e, bool all_literals, std::vector<RuleQuantity>* out, const LintContext& ctx) {
  auto number = [](const ast::Expr& x) { return std::get_if<ast::NumberLit>(&x.kind); };
  std::visit(
      [&](const auto& k) {
        using T = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<T, ast::Binary>) {
          const ast::NumberLit* l = number(*k.lhs);
          const ast::NumberLit* r = number(*k.rhs);
          Bound b = BoundOf(k.op, l != nullptr);
          bool compare = b != Bound::kNone || k.op == ast::BinaryOp::kEq;
          if (compare && (l == nullptr) != (r == nullptr)) {
            const ast::NumberLit* lit = l ? l : r;
            const ast::Expr& side = l ? *k.lhs : *k.rhs;
            if (Compared(lit->unit)) {
              out->push_back({lit->value, lit->unit, b, side.span, k.op_span, ctx.Text(k.op_span), false});
            }
            Collect(l ? *k.rhs : *k.lhs, all_literals, out, ctx);
            return;
          }
          Collect(*k.lhs, all_literals, out, ctx);
          Collect(*k.rhs, all_literals, out, ctx);
        } else if constexpr (std::is_same_v<T, ast::NumberLit>) {
          if (all_literals && Compared(k.unit)) out->push_back({k.value, k.unit, Bound::kNone, e.span, {}, "", false});
        } else if constexpr (std::is_same_v<T, ast::Within>) {
          if (const ast::NumberLit* d = number(*k.duration)) {
            if (d->unit == ast::Unit::kYears || d->unit == ast::Unit::kMonths) {
              out->push_back({d->value, d->unit, Bound::kNone, k.duration->span, {}, "", true});
            }
          }
          Collect(*k.value, all_literals, out, ctx);
          Collect(*k.anchor, all_literals, out, ctx);
        } else if constexpr (std::is_same_v<T, ast::Unary>) {
          Collect(*k.operand, all_literals, out, ctx);
        } else if constexpr (std::is_same_v<T, ast::InSet>) {
          Collect(*k.value, all_literals, out, ctx);
        } else if constexpr (std::is_same_v<T, ast::Index>) {
          // Years in [ref-1] are not quantities of the text.
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          for (const ast::CallArg& a : k.args) {
            if (a.kind == ast::CallArg::Kind::kExpr && a.expr) Collect(*a.expr, all_literals, out, ctx);
          }
        } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
          if (k.where) Collect(*k.where, all_literals, out, ctx);
        } else if constexpr (std::is_same_v<T, ast::Tiers>) {
          for (const ast::TierArm& a : k.arms) {
            Collect(*a.when, all_literals, out, ctx);
            Collect(*a.value, all_literals, out, ctx);
          }
          if (k.otherwise) Collect(*k.otherwise, all_literals, out, ctx);
        } else if constexpr (std::is_same_v<T, ast::IfThenElse>) {
          Collect(*k.cond, all_literals, out, ctx);
          Collect(*k.then_value, all_literals, out, ctx);
          Collect(*k.else_value, all_literals, out, ctx);
        }
      },
      e.kind);
}

int Months(const Number& v, ast::Unit u) {
  std::optional<int64_t> n = v.ToInt64();
  if (!n) return -1;
  return static_cast<int>(u == ast::Unit::kYears ? *n * 12 : *n);
}

bool Lower(Bound b) { return b == Bound::kGe || b == Bound::kGt; }
bool Inclusive(Bound b) { return b == Bound::kGe || b == Bound::kLe; }

// `summary`: a benefit text summarises amounts ("奖励200万元至1亿元"), so only
// the thresholds it states with a comparison word are compared.
void Compare(LintContext& ctx, const std::string& owner, const std::string& text, const ast::Expr& expr,
             bool summary) {
  if (text.empty()) return;
  std::vector<TextQuantity> said = ReadQuantities(text);
  if (summary) {
    said.erase(std::remove_if(said.begin(), said.end(), [](const TextQuantity& t) { return t.bound == Bound::kNone; }),
               said.end());
  }
  if (said.empty()) return;
  std::vector<RuleQuantity> rule;
  Collect(expr, /*all_literals=*/false, &rule, ctx);
  for (const RuleQuantity& r : rule) {
    // 0 stands for 无/未 in the text ("未裁员": 裁员人数 == 0人).
    if (r.value.IsZero()) continue;
    if (r.look_back) {
      std::vector<std::string> spans;
      bool match = false;
      for (const TextQuantity& t : said) {
        if (!t.look_back) continue;
        spans.push_back(t.text);
        match = match || Months(t.value, t.unit) == Months(r.value, r.unit);
      }
      if (!spans.empty() && !match) {
        ctx.Report(owner, DiagCode::kL0203, r.span,
                   {{"text", absl::StrJoin(spans, "、")}, {"rule", FormatQuantity(r.value, r.unit)}})
            .Emit();
      }
      continue;
    }
    std::vector<const TextQuantity*> same_unit, same_value;
    for (const TextQuantity& t : said) {
      if (t.look_back || t.unit != r.unit) continue;
      same_unit.push_back(&t);
      if (t.value == r.value) same_value.push_back(&t);
      // Growth written as a factor: 增长8%以上 is `>= 上年 × 108%`.
      std::optional<engine::Number> factor = engine::Number::Add(t.value, engine::Number::FromInt(1));
      if (t.unit == ast::Unit::kPercent && factor && *factor == r.value) same_value.push_back(&t);
    }
    if (same_unit.empty()) continue;
    if (same_value.empty()) {
      std::vector<std::string> texts;
      for (const TextQuantity* t : same_unit) texts.push_back(t->text);
      ctx.Report(owner, DiagCode::kL0201, r.span,
                 {{"text", absl::StrJoin(texts, "、")}, {"rule", FormatQuantity(r.value, r.unit)}})
          .Emit();
      continue;
    }
    if (r.bound == Bound::kNone) continue;
    const TextQuantity* disagree = nullptr;
    bool agree = false;
    for (const TextQuantity* t : same_value) {
      if (t->bound == Bound::kNone || Lower(t->bound) != Lower(r.bound)) continue;
      if (Inclusive(t->bound) == Inclusive(r.bound)) {
        agree = true;
      } else {
        disagree = t;
      }
    }
    if (agree || disagree == nullptr) continue;
    bool incl = Inclusive(disagree->bound);
    const char* fix = Lower(r.bound) ? (incl ? ">=" : ">") : (incl ? "<=" : "<");
    auto b = ctx.Report(owner, DiagCode::kL0202, r.op_span.valid() ? r.op_span : r.span,
                        {{"text", disagree->text},
                         {"incl", incl ? "includes" : "excludes"},
                         {"incl_zh", incl ? "含" : "不含"},
                         {"op", r.op}});
    std::move(b).Note({"Civil Code art. 1259: 以上、以下、以内 include the number; 超过、不满 exclude it",
                       "《民法典》第一千二百五十九条：以上、以下、以内含本数，超过、不满不含本数"});
    if (r.op == ">" || r.op == ">=" || r.op == "<" || r.op == "<=") {
      std::move(b).Fix(r.op_span, fix, FixIt::Applicability::kMaybeIncorrect);
    }
    std::move(b).Emit();
  }
}

}  // namespace

void CheckTextAgainstRule(LintContext& ctx) {
  for (const LintedPolicy& p : ctx.policies()) {
    for (const ast::ClauseDecl& c : p.decl->clauses) Compare(ctx, p.decl->id, c.text, *c.expr, false);
    for (const ast::DefineDecl& d : p.decl->defines) Compare(ctx, p.decl->id, d.text, *d.expr, false);
    if (p.decl->benefit) Compare(ctx, p.decl->id, p.decl->benefit->text, *p.decl->benefit->expr, true);
  }
  for (const ast::PolicyFile& f : ctx.compilation().files) {
    for (const ast::DefineDecl& d : f.defines) Compare(ctx, "", d.text, *d.expr, false);
  }
}

}  // namespace duixian::dsl::lint_internal
