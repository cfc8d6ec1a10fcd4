// Impact of changing a policy set: two versions (say two git revisions of
// policies/) evaluated over one population, each firm decoded once. Who gains
// or loses eligibility for which policy, and how the granted benefit changes
// per policy and overall, by town and by industry section.
//
//   DiffOptions o;
//   o.firms = "population.jsonl"; o.out_dir = "out"; o.date = …; o.threads = 8;
//   absl::StatusOr<DiffStats> s = DiffPolicySets(before, after, o);
//
// Outputs in out_dir (layouts in docs/results.md, "duixian.diff/1"):
// changes.jsonl (one line per firm whose verdicts or granted benefit
// changed, in input order), diff.json (the totals) and report.html (the
// same figures as a self-contained page, engine/batch/diff_report.h).
// Deterministic: the same inputs give the same bytes whatever `threads`.
//
// Policies are matched by id; one only in `after` counts as added (its
// eligible firms gain), one only in `before` as removed. Firms are decoded
// with the `after` schema; when the `before` schema differs, each field is
// carried over by name where its definition is compatible (same type,
// yearly-ness and record layout) and left missing otherwise.
#ifndef DX_ENGINE_BATCH_POLICY_DIFF_H_
#define DX_ENGINE_BATCH_POLICY_DIFF_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/eval/program.h"
#include "engine/value/civil_date.h"

namespace duixian::engine {

struct DiffOptions {
  std::string firms;         // a folder of *.json firm files, or a JSONL file
  std::string out_dir;       // created if needed
  CivilDate date;
  int threads = 1;
  std::string before_label;  // shown in the outputs, e.g. the policy folder
  std::string after_label;
};

struct DiffStats {
  uint64_t inputs = 0;
  uint64_t results = 0;
  uint64_t errors = 0;
  uint64_t firms_changed = 0;
  uint64_t firms_gaining = 0;  // gained eligibility for at least one policy
  uint64_t firms_losing = 0;
  std::string benefit_before;  // "1234.50"
  std::string benefit_after;
  std::string benefit_change;  // signed
  std::string report;          // path of report.html
  double seconds = 0;
};

// Errors: the population or out_dir cannot be used, an output cannot be written.
absl::StatusOr<DiffStats> DiffPolicySets(std::shared_ptr<const Program> before,
                                         std::shared_ptr<const Program> after, const DiffOptions& options);

// "C" → "制造业" (GB/T 4754-2017 sections), "" for an unknown letter.
const char* IndustrySectionName(char section);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_POLICY_DIFF_H_
