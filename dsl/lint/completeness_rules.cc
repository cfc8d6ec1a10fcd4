// Completeness (L04xx): clause text, department and basis present; a cap the
// benefit text names is enforced by the rule; every definition is used; no
// two policies can both pay one firm for the same thing unless an exclusive
// group or a received/eligible check relates them.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "dsl/lint/internal/context.h"
#include "dsl/lint/internal/text_numbers.h"

namespace duixian::dsl::lint_internal {
namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\n") == std::string::npos; }

// Calls `fn` on `e` and every expression below it.
void ForEach(const ast::Expr& e, const std::function<void(const ast::Expr&)>& fn) {
  fn(e);
  std::visit(
      [&](const auto& k) {
        using T = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<T, ast::Member>) {
          ForEach(*k.object, fn);
        } else if constexpr (std::is_same_v<T, ast::Index>) {
          ForEach(*k.object, fn);
          ForEach(*k.index, fn);
        } else if constexpr (std::is_same_v<T, ast::Unary>) {
          ForEach(*k.operand, fn);
        } else if constexpr (std::is_same_v<T, ast::Binary>) {
          ForEach(*k.lhs, fn);
          ForEach(*k.rhs, fn);
        } else if constexpr (std::is_same_v<T, ast::InSet>) {
          ForEach(*k.value, fn);
          ForEach(*k.set, fn);
        } else if constexpr (std::is_same_v<T, ast::Within>) {
          ForEach(*k.value, fn);
          ForEach(*k.duration, fn);
          ForEach(*k.anchor, fn);
        } else if constexpr (std::is_same_v<T, ast::SetLit>) {
          for (const ast::ExprPtr& x : k.items) ForEach(*x, fn);
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          for (const ast::CallArg& a : k.args) {
            if (a.expr) ForEach(*a.expr, fn);
          }
        } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
          if (k.where) ForEach(*k.where, fn);
        } else if constexpr (std::is_same_v<T, ast::Tiers>) {
          for (const ast::TierArm& a : k.arms) {
            ForEach(*a.when, fn);
            ForEach(*a.value, fn);
          }
          if (k.otherwise) ForEach(*k.otherwise, fn);
        } else if constexpr (std::is_same_v<T, ast::IfThenElse>) {
          ForEach(*k.cond, fn);
          ForEach(*k.then_value, fn);
          ForEach(*k.else_value, fn);
        }
      },
      e.kind);
}

void CheckMetadata(LintContext& ctx, const LintedPolicy& lp) {
  const ast::PolicyDecl& p = *lp.decl;
  for (const ast::ClauseDecl& c : p.clauses) {
    if (c.kind == ast::ClauseKind::kRequires || !Blank(c.text)) continue;
    ctx.Report(p.id, DiagCode::kL0401, c.label_span.valid() ? c.label_span : c.span,
               {{"label", c.label.empty() ? ctx.Text(c.expr->span) : c.label}})
        .Help({"quote the policy's own words after the label: clause 营收 \"上年度营业收入不低于2000万元\": …",
               "在标签后引用政策原文：条件 营收 \"上年度营业收入不低于2000万元\": …"})
        .Emit();
  }
  if (!p.basis || Blank(p.basis->value)) {
    ctx.Report(p.id, DiagCode::kL0402, p.basis ? p.basis->span : p.id_span,
               {{"name", p.id}, {"what", "basis (the document number, 文号)"}, {"what_zh", "依据（文号）"}})
        .Help({"add `basis \"东工信〔2025〕133号\"`", "加上 `依据 \"东工信〔2025〕133号\"`"})
        .Emit();
  }
  if (p.department && Blank(p.department->value)) {
    ctx.Report(p.id, DiagCode::kL0402, p.department->span,
               {{"name", p.id}, {"what", "department"}, {"what_zh", "部门"}})
        .Emit();
  }
}

// 最高…万元, 不超过…万元, 上限…, 封顶… in the benefit text.
std::optional<engine::Number> CapInText(const std::string& text) {
  std::optional<engine::Number> cap;
  for (const TextQuantity& q : ReadQuantities(text)) {
    if (q.unit != ast::Unit::kYuan || q.look_back) continue;
    std::string_view before = std::string_view(text).substr(0, q.offset);
    // Within the same phrase: from the last punctuation mark to the amount.
    size_t phrase = 0;
    for (std::string_view mark : {"，", "；", "。", "、", ",", ";"}) {
      size_t at = before.rfind(mark);
      if (at != std::string_view::npos) phrase = std::max(phrase, at + mark.size());
    }
    std::string_view tail = before.substr(phrase);
    bool capped = q.bound == Bound::kLe || q.bound == Bound::kLt;
    for (std::string_view w : {"最高", "最多", "上限", "封顶"}) {
      capped = capped || tail.find(w) != std::string_view::npos;
    }
    // 单个项目最高5万元 caps each item, not the firm's benefit.
    for (std::string_view w : {"单个", "每个", "每项", "单项", "每人", "单笔", "每笔"}) {
      capped = capped && tail.find(w) == std::string_view::npos;
    }
    if (capped && (!cap || q.value.Compare(*cap) > 0)) cap = q.value;
  }
  return cap;
}

void CheckCap(LintContext& ctx, const LintedPolicy& lp) {
  const ast::PolicyDecl& p = *lp.decl;
  if (!p.benefit || !lp.info.benefit || lp.info.benefit->node == engine::kNoNode) return;
  std::optional<engine::Number> cap = CapInText(p.benefit->text);
  if (!cap) return;
  Interval r = RangeOf(ctx.formulas(), lp.info.benefit->node);
  if (r.hi && r.hi->Compare(*cap) <= 0) return;
  std::string max = r.hi ? FormatQuantity(*r.hi, ast::Unit::kYuan) : "any amount";
  std::string max_zh = r.hi ? max : "任意金额（无上限）";
  std::string c = FormatQuantity(*cap, ast::Unit::kYuan);
  ctx.Report(p.id, DiagCode::kL0403, p.benefit->expr->span, {{"cap", c}, {"max", max}, {"max_zh", max_zh}})
      .Help({absl::StrCat("wrap the amount: min(…, ", c, ")"), absl::StrCat("用 最小值(…, ", c, ") 封顶")})
      .Emit();
}

void CheckUnusedDefines(LintContext& ctx) {
  const Compilation& c = ctx.compilation();
  std::set<const ast::DefineDecl*> used;
  auto resolve = [&](size_t file, const std::vector<ast::DefineDecl>* local, const ast::Expr& root) {
    ForEach(root, [&](const ast::Expr& e) {
      const auto* n = std::get_if<ast::NameRef>(&e.kind);
      if (n == nullptr) return;
      if (local != nullptr) {
        for (const ast::DefineDecl& d : *local) {
          if (d.name == n->name) {
            used.insert(&d);
            return;
          }
        }
      }
      auto it = ctx.visible(file).defines.find(n->name);
      if (it != ctx.visible(file).defines.end()) used.insert(it->second);
    });
  };
  for (size_t i = 0; i < c.files.size(); ++i) {
    for (const ast::DefineDecl& d : c.files[i].defines) resolve(i, nullptr, *d.expr);
    for (const ast::PolicyDecl& p : c.files[i].policies) {
      for (const ast::DefineDecl& d : p.defines) resolve(i, &p.defines, *d.expr);
      for (const ast::ClauseDecl& cl : p.clauses) resolve(i, &p.defines, *cl.expr);
      if (p.benefit) resolve(i, &p.defines, *p.benefit->expr);
    }
  }
  for (const ast::PolicyFile& f : c.files) {
    for (const ast::DefineDecl& d : f.defines) {
      if (!used.count(&d)) ctx.Report("", DiagCode::kL0404, d.name_span, {{"name", d.name}}).Emit();
    }
    for (const ast::PolicyDecl& p : f.policies) {
      for (const ast::DefineDecl& d : p.defines) {
        if (!used.count(&d)) ctx.Report(p.id, DiagCode::kL0404, d.name_span, {{"name", d.name}}).Emit();
      }
    }
  }
}

// Policies named by eligible(P), received(P), benefit_of(P) and requires.
std::set<std::string> Mentions(const ast::PolicyDecl& p) {
  std::set<std::string> out;
  auto scan = [&](const ast::Expr& root) {
    ForEach(root, [&](const ast::Expr& e) {
      if (const auto* call = std::get_if<ast::Call>(&e.kind)) {
        for (const ast::CallArg& a : call->args) {
          if (a.kind == ast::CallArg::Kind::kPolicy) out.insert(a.policy);
        }
      }
    });
  };
  for (const ast::ClauseDecl& c : p.clauses) scan(*c.expr);
  for (const ast::DefineDecl& d : p.defines) scan(*d.expr);
  if (p.benefit) scan(*p.benefit->expr);
  return out;
}

// Tags that name a place or a broad sector say little about the subject.
bool PlaceTag(const std::string& t) {
  for (std::string_view w : {"镇", "街道", "功能区", "松山湖", "园区"}) {
    if (t.find(w) != std::string::npos) return true;
  }
  return false;
}

constexpr int kSpecificTagMaxPolicies = 4;

// Text constants name policies too: a sum over 已获资助 filtered by
// `政策编号 属于 {"DG-…", …}` relates the policies it names.
using VisibleStrings = std::vector<std::set<std::string>>;

// Per policy: text constants in its rules and in the definitions they use.
VisibleStrings VisibleStringsOf(const LintContext& ctx) {
  VisibleStrings out(ctx.policies().size());
  const std::vector<ast::PolicyFile>& files = ctx.compilation().files;
  for (size_t i = 0; i < ctx.policies().size(); ++i) {
    const LintedPolicy& p = ctx.policies()[i];
    const DefineTable& visible = ctx.visible(static_cast<size_t>(p.file - files.data()));
    std::set<const ast::DefineDecl*> seen;
    std::function<void(const ast::Expr&)> scan = [&](const ast::Expr& root) {
      ForEach(root, [&](const ast::Expr& e) {
        if (const auto* s = std::get_if<ast::StringLit>(&e.kind)) out[i].insert(s->value);
        const auto* n = std::get_if<ast::NameRef>(&e.kind);
        if (n == nullptr) return;
        const ast::DefineDecl* d = nullptr;
        for (const ast::DefineDecl& local : p.decl->defines) {
          if (local.name == n->name) d = &local;
        }
        if (d == nullptr) {
          auto it = visible.defines.find(n->name);
          if (it != visible.defines.end()) d = it->second;
        }
        if (d != nullptr && seen.insert(d).second) scan(*d->expr);
      });
    };
    for (const ast::ClauseDecl& c : p.decl->clauses) scan(*c.expr);
    if (p.decl->benefit) scan(*p.decl->benefit->expr);
  }
  return out;
}

void CheckOverlaps(LintContext& ctx) {
  const std::vector<LintedPolicy>& ps = ctx.policies();
  std::vector<std::set<std::string>> mentions, tags;
  std::vector<FormulaPtr> conds;
  FormulaBuilder& fb = ctx.formulas();
  std::map<std::string, int> tag_count;
  for (const LintedPolicy& p : ps) {
    for (const ast::NamedSpan& s : p.decl->tags) ++tag_count[s.name];
  }
  const VisibleStrings visible_strings = VisibleStringsOf(ctx);
  for (size_t i = 0; i < ps.size(); ++i) {
    const LintedPolicy& p = ps[i];
    mentions.push_back(Mentions(*p.decl));
    mentions.back().insert(visible_strings[i].begin(), visible_strings[i].end());
    std::set<std::string> t;
    for (const ast::NamedSpan& s : p.decl->tags) t.insert(s.name);
    tags.push_back(std::move(t));
    std::vector<FormulaPtr> f;
    for (const engine::ClauseInfo& c : p.info.clauses) {
      if (c.kind != engine::ClauseKind::kException && c.node != engine::kNoNode) f.push_back(fb.Of(c.node));
    }
    conds.push_back(FormulaBuilder::And(std::move(f)));
  }
  for (size_t q = 0; q < ps.size(); ++q) {
    for (size_t p = 0; p < q; ++p) {
      const ast::PolicyDecl& a = *ps[p].decl;
      const ast::PolicyDecl& b = *ps[q].decl;
      if (!a.benefit || !b.benefit) continue;
      std::vector<std::string> shared;
      std::set_intersection(tags[p].begin(), tags[p].end(), tags[q].begin(), tags[q].end(),
                            std::back_inserter(shared));
      // The same subject: two shared tags, one of them specific (neither a
      // place nor a tag of many policies).
      bool specific = std::any_of(shared.begin(), shared.end(), [&](const std::string& t) {
        return !PlaceTag(t) && tag_count[t] <= kSpecificTagMaxPolicies;
      });
      if (shared.size() < 2 || !specific) continue;
      if (a.exclusive_group && b.exclusive_group && a.exclusive_group->name == b.exclusive_group->name) continue;
      if (mentions[p].count(b.id) || mentions[q].count(a.id)) continue;
      // Items of one document (the same basis) were written together; how
      // they combine is the document's own business.
      if (a.basis && b.basis && a.basis->value == b.basis->value) continue;
      if (a.reference_year && b.reference_year && *a.reference_year != *b.reference_year) continue;
      if (a.window && b.window && (a.window->end < b.window->start || b.window->end < a.window->start)) continue;
      if (Satisfiable(fb, FormulaBuilder::And({conds[p], conds[q]})).result == SatResult::kUnsat) continue;
      std::string joined;
      for (const std::string& s : shared) joined += (joined.empty() ? "" : "、") + s;
      ctx.Report(absl::StrCat(a.id, "\n", b.id), DiagCode::kL0405, b.id_span, {{"name", a.id}, {"other", b.id}})
          .Label(a.id_span, {"the other policy", "另一项政策"})
          .Note({absl::StrCat("both are tagged ", joined, ", and a firm can meet the clauses of both"),
                 absl::StrCat("两者都标注为 ", joined, "，且同一企业可同时满足两者的条件")})
          .Help({"put both in one `exclusive group`, add `unless received(…)`, or state why they add up "
                 "with `# lint: allow L0405 <reason>`",
                 "把两者放入同一 `互斥 组`，或加 `除外 已获(…)`，或用 `# lint: allow L0405 理由` 说明可叠加的依据"})
          .Emit();
    }
  }
}

}  // namespace

void CheckCompleteness(LintContext& ctx) {
  for (const LintedPolicy& p : ctx.policies()) {
    CheckMetadata(ctx, p);
    CheckCap(ctx, p);
  }
  CheckUnusedDefines(ctx);
  CheckOverlaps(ctx);
}

}  // namespace duixian::dsl::lint_internal
