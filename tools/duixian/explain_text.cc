#include "tools/duixian/explain_text.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/decision_json.h"
#include "engine/eval/format.h"
#include "engine/whatif/advice_text.h"

namespace duixian::cli {

std::string ExplainText(const engine::Program& program, const engine::Decision& d, bool zh) {
  std::string out;
  engine::DecisionTotals t = engine::Totals(d);
  std::string digest = d.policy_set_digest.substr(0, 12);
  if (zh) {
    absl::StrAppend(&out, "企业 ", d.firm, " · 评估日 ", d.date.ToString(), " · 政策集 ", digest, "\n",
                    "符合 ", t.eligible, " · 不符合 ", t.ineligible, " · 待定 ", t.undetermined, " · 补助合计 ",
                    engine::FormatMoney(t.total_benefit), "\n");
  } else {
    absl::StrAppend(&out, "firm ", d.firm, " · date ", d.date.ToString(), " · policy set ", digest, "\n",
                    "eligible ", t.eligible, " · ineligible ", t.ineligible, " · undetermined ", t.undetermined,
                    " · total benefit ", engine::FormatMoney(t.total_benefit), "\n");
  }
  // What a firm wants first: what it gets, then what it might get, then the
  // rest — ineligible policies show only the clauses that failed.
  std::vector<const engine::PolicyDecision*> ordered;
  for (engine::Verdict v : {engine::Verdict::kEligible, engine::Verdict::kUndetermined, engine::Verdict::kIneligible}) {
    for (const engine::PolicyDecision& pd : d.policies) {
      if (pd.verdict == v) ordered.push_back(&pd);
    }
  }
  for (const engine::PolicyDecision* pdp : ordered) {
    const engine::PolicyDecision& pd = *pdp;
    const engine::PolicyInfo& info = program.policies[static_cast<size_t>(pd.policy)];
    std::string verdict = zh ? std::string(engine::VerdictNameZh(pd.verdict))
                             : std::string(engine::VerdictName(pd.verdict));
    absl::StrAppend(&out, "\n[", verdict, "] ", info.id, " ", info.title, "\n");
    if (info.window) {
      std::string status = engine::WindowStatus(*info.window, d.date);
      const char* shown = status == "open" ? (zh ? "申报中" : "open")
                          : status == "closed" ? (zh ? "已截止" : "closed")
                                               : (zh ? "未开始" : "not yet open");
      absl::StrAppend(&out, zh ? "  申报期 " : "  window ", info.window->start.ToString(), zh ? " 至 " : " .. ",
                      info.window->end.ToString(), zh ? "（" : " (", shown, zh ? "）\n" : ")\n");
    }
    if (pd.verdict == engine::Verdict::kEligible && info.benefit) {
      if (pd.benefit) {
        absl::StrAppend(&out, zh ? "  补助 " : "  benefit ", engine::FormatMoney(*pd.benefit));
      } else {
        std::vector<std::string> m;
        for (const auto& f : pd.benefit_missing) m.push_back(engine::MissingFieldLabel(program, f, zh));
        absl::StrAppend(&out, zh ? "  补助待定，缺少 " : "  benefit open, missing ", absl::StrJoin(m, zh ? "、" : ", "));
      }
      if (!info.benefit->text.empty()) absl::StrAppend(&out, " — ", info.benefit->text);
      absl::StrAppend(&out, "\n");
      if (!info.assumed.empty()) {
        absl::StrAppend(&out, zh ? "  （假定金额：" : "  (assumed figure: ", absl::StrJoin(info.assumed, "; "),
                        zh ? "）\n" : ")\n");
      }
    }
    if (pd.superseded_by >= 0) {
      const engine::PolicyInfo& w = program.policies[static_cast<size_t>(pd.superseded_by)];
      absl::StrAppend(&out, zh ? "  与 " : "  exclusive with ", w.id,
                      zh ? " 同属互斥组「" : " in group ", info.exclusive_group,
                      zh ? "」，按从高原则只享受后者\n" : "; only the higher award is granted\n");
    }
    if (!pd.missing.empty()) {
      std::vector<std::string> m;
      for (const auto& f : pd.missing) m.push_back(engine::MissingFieldLabel(program, f, zh));
      absl::StrAppend(&out, zh ? "  缺少数据：" : "  missing data: ", absl::StrJoin(m, zh ? "、" : ", "), "\n");
    }
    for (const std::string& e : pd.errors) absl::StrAppend(&out, zh ? "  计算错误：" : "  evaluation error: ", e, "\n");
    engine::whatif::AppendAdviceText(program, pd, zh, &out);
    const bool only_failing = pd.verdict == engine::Verdict::kIneligible;
    for (const engine::ClauseOutcome& co : pd.clauses) {
      const engine::ClauseInfo& ci = info.clauses[static_cast<size_t>(co.clause)];
      if (only_failing && std::find(pd.failing.begin(), pd.failing.end(), co.clause) == pd.failing.end()) continue;
      bool exception = ci.kind == engine::ClauseKind::kException;
      const char* mark;
      switch (co.outcome) {
        case engine::Outcome::kTrue: mark = exception ? (zh ? "[适用]" : "[applies]") : (zh ? "[满足]" : "[met]"); break;
        case engine::Outcome::kFalse: mark = exception ? (zh ? "[不适用]" : "[n/a]") : (zh ? "[不满足]" : "[not met]"); break;
        case engine::Outcome::kUnknown: mark = zh ? "[未知]" : "[unknown]"; break;
        default: mark = zh ? "[错误]" : "[error]"; break;
      }
      absl::StrAppend(&out, "  ", mark, " ", exception ? (zh ? "除外 " : "unless ") : "", ci.label);
      if (!ci.text.empty()) absl::StrAppend(&out, "：", ci.text);
      absl::StrAppend(&out, "\n");
      if (!co.values.empty()) {
        std::vector<std::string> seen;
        for (const engine::SeenValue& v : co.values) seen.push_back(absl::StrCat(v.what, " = ", v.text));
        absl::StrAppend(&out, "      ", absl::StrJoin(seen, zh ? "；" : "; "), "\n");
      }
      if (!co.error.empty()) absl::StrAppend(&out, "      ", co.error, "\n");
    }
  }
  return out;
}

}  // namespace duixian::cli
