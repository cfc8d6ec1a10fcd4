#include "engine/eval/decision_json.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/whatif/advice_json.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::ordered_json;

ordered_json MissingJson(const Program& program, const MissingField& m) {
  const FieldDef& f = program.schema->fields()[static_cast<size_t>(m.field)];
  ordered_json j;
  j["field"] = f.name;
  j["label"] = f.label;
  if (m.year) j["year"] = *m.year;
  return j;
}

std::string_view ClauseKindName(ClauseKind k) {
  switch (k) {
    case ClauseKind::kCondition: return "condition";
    case ClauseKind::kException: return "exception";
    case ClauseKind::kRequires: return "requires";
  }
  return "?";
}

}  // namespace

DecisionTotals Totals(const Decision& d) {
  DecisionTotals t;
  for (const PolicyDecision& pd : d.policies) {
    switch (pd.verdict) {
      case Verdict::kEligible: ++t.eligible; break;
      case Verdict::kIneligible: ++t.ineligible; break;
      case Verdict::kUndetermined: ++t.undetermined; break;
    }
    if (pd.benefit && pd.superseded_by < 0) {
      t.total_benefit = Number::Add(t.total_benefit, *pd.benefit).value_or(t.total_benefit);
    }
  }
  return t;
}

const char* WindowStatus(const DatePeriod& window, CivilDate date) {
  if (date < window.start) return "not_yet_open";
  if (date > window.end) return "closed";
  return "open";
}

std::string MissingFieldLabel(const Program& program, const MissingField& m, bool zh) {
  const FieldDef& f = program.schema->fields()[static_cast<size_t>(m.field)];
  std::string out = zh ? f.label : f.name;
  if (m.year) absl::StrAppend(&out, "[", *m.year, "]");
  return out;
}

std::string DecisionToJson(const Program& program, const Decision& d, int indent) {
  ordered_json root;
  root["format"] = kDecisionFormat;
  root["firm"] = d.firm;
  root["date"] = d.date.ToString();
  root["policy_set"] = d.policy_set_digest;
  DecisionTotals totals = Totals(d);
  root["summary"] = {{"eligible", totals.eligible},
                     {"ineligible", totals.ineligible},
                     {"undetermined", totals.undetermined},
                     {"total_benefit", totals.total_benefit.ToFixed(2)}};
  ordered_json policies = ordered_json::array();
  for (const PolicyDecision& pd : d.policies) {
    const PolicyInfo& info = program.policies[static_cast<size_t>(pd.policy)];
    ordered_json p;
    p["id"] = info.id;
    p["title"] = info.title;
    p["verdict"] = VerdictName(pd.verdict);
    if (pd.benefit) {
      p["benefit"] = pd.benefit->ToFixed(2);
      if (pd.benefit->RoundHalfUp(2) != pd.benefit) p["benefit_exact"] = pd.benefit->ToString(18);
    } else {
      p["benefit"] = nullptr;
    }
    if (pd.benefit_clamped) p["benefit_clamped"] = true;
    if (!info.assumed.empty()) p["assumed"] = info.assumed;
    if (info.window) {
      p["window"] = {{"start", info.window->start.ToString()},
                     {"end", info.window->end.ToString()},
                     {"status", WindowStatus(*info.window, d.date)}};
    }
    if (!info.exclusive_group.empty()) {
      p["exclusive_group"] = info.exclusive_group;
      p["superseded_by"] = pd.superseded_by >= 0
                               ? ordered_json(program.policies[static_cast<size_t>(pd.superseded_by)].id)
                               : ordered_json(nullptr);
    }
    ordered_json failing = ordered_json::array();
    for (int c : pd.failing) failing.push_back(info.clauses[static_cast<size_t>(c)].label);
    p["failing"] = std::move(failing);
    ordered_json missing = ordered_json::array();
    for (const MissingField& m : pd.missing) missing.push_back(MissingJson(program, m));
    p["missing"] = std::move(missing);
    if (!pd.benefit_missing.empty()) {
      ordered_json bm = ordered_json::array();
      for (const MissingField& m : pd.benefit_missing) bm.push_back(MissingJson(program, m));
      p["benefit_missing"] = std::move(bm);
    }
    if (!pd.errors.empty()) p["errors"] = pd.errors;
    whatif::AddAdviceJson(program, pd, &p);  // near_miss / deciding, when advised
    if (d.explained) {
      ordered_json clauses = ordered_json::array();
      for (const ClauseOutcome& co : pd.clauses) {
        const ClauseInfo& ci = info.clauses[static_cast<size_t>(co.clause)];
        ordered_json c;
        c["label"] = ci.label;
        c["kind"] = ClauseKindName(ci.kind);
        c["text"] = ci.text;
        c["outcome"] = OutcomeName(co.outcome);
        if (!co.error.empty()) c["error"] = co.error;
        ordered_json values = ordered_json::array();
        for (const SeenValue& s : co.values) {
          ordered_json v;
          v["what"] = s.what;
          if (s.field >= 0) v["field"] = program.schema->fields()[static_cast<size_t>(s.field)].name;
          if (s.year) v["year"] = *s.year;
          v["value"] = s.text;
          values.push_back(std::move(v));
        }
        c["values"] = std::move(values);
        c["source"] = ci.location;
        clauses.push_back(std::move(c));
      }
      p["clauses"] = std::move(clauses);
      if (info.benefit) p["benefit_rule"] = info.benefit->text;
    }
    policies.push_back(std::move(p));
  }
  root["policies"] = std::move(policies);
  return root.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace duixian::engine
