#include "dsl/testing/test_runner.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/decision_json.h"
#include "engine/eval/evaluator.h"
#include "engine/eval/format.h"

namespace duixian::dsl {
namespace {

const char* ExpectedName(ast::ExpectedVerdict v) {
  switch (v) {
    case ast::ExpectedVerdict::kEligible: return "eligible";
    case ast::ExpectedVerdict::kIneligible: return "ineligible";
    case ast::ExpectedVerdict::kUndetermined: return "undetermined";
    case ast::ExpectedVerdict::kNone: return "-";
  }
  return "-";
}

}  // namespace

PolicyTestReport RunPolicyTests(const Compilation& c) {
  PolicyTestReport report;
  if (!c.program) return report;
  engine::Evaluator ev(c.program);
  const engine::Program& program = *c.program;
  for (const PolicyTestCase& t : c.tests) {
    PolicyTestResult r;
    r.test = &t;
    engine::Decision d = ev.Evaluate(t.firm, t.date, engine::EvalMode::kExplain);
    const engine::PolicyDecision& pd = d.policies[static_cast<size_t>(t.policy)];
    const engine::PolicyInfo& info = program.policies[static_cast<size_t>(t.policy)];
    r.actual_verdict = std::string(engine::VerdictName(pd.verdict));
    for (int f : pd.failing) r.actual_failing.push_back(info.clauses[static_cast<size_t>(f)].label);
    for (const engine::MissingField& m : pd.missing) {
      r.actual_missing.push_back(engine::MissingFieldLabel(program, m, true));
    }
    if (pd.benefit) r.actual_benefit = engine::FormatMoney(*pd.benefit);

    if (t.verdict != ast::ExpectedVerdict::kNone && r.actual_verdict != ExpectedName(t.verdict)) {
      r.mismatches.push_back(absl::StrCat("verdict: expected ", ExpectedName(t.verdict), ", got ",
                                          r.actual_verdict));
    }
    if (!t.because.empty()) {
      std::vector<std::string> want = t.because, got = r.actual_failing;
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      if (want != got) {
        r.mismatches.push_back(absl::StrCat("failing clauses: expected [", absl::StrJoin(want, ", "),
                                            "], got [", absl::StrJoin(got, ", "), "]"));
      }
    }
    if (!t.missing.empty()) {
      // Every expected field is missing (at the given year, if any), and every
      // missing field was expected.
      bool ok = true;
      for (const engine::MissingField& m : t.missing) {
        ok = ok && std::any_of(pd.missing.begin(), pd.missing.end(), [&](const engine::MissingField& a) {
               return a.field == m.field && (!m.year || a.year == m.year);
             });
      }
      for (const engine::MissingField& a : pd.missing) {
        ok = ok && std::any_of(t.missing.begin(), t.missing.end(),
                               [&](const engine::MissingField& m) { return a.field == m.field; });
      }
      if (!ok) {
        std::vector<std::string> want;
        for (const engine::MissingField& m : t.missing) want.push_back(engine::MissingFieldLabel(program, m, true));
        r.mismatches.push_back(absl::StrCat("missing fields: expected [", absl::StrJoin(want, ", "), "], got [",
                                            absl::StrJoin(r.actual_missing, ", "), "]"));
      }
    }
    if (t.benefit) {
      if (!pd.benefit || *pd.benefit != *t.benefit) {
        r.mismatches.push_back(absl::StrCat("benefit: expected ", engine::FormatMoney(*t.benefit), ", got ",
                                            pd.benefit ? engine::FormatMoney(*pd.benefit) : "none"));
      }
    }
    r.passed = r.mismatches.empty();
    (r.passed ? report.passed : report.failed)++;
    report.results.push_back(std::move(r));
  }
  return report;
}

}  // namespace duixian::dsl
