// How the number of eligible firms and the benefit granted change as one
// threshold of one policy moves (`duixian sweep`). The population is read
// and decoded once; each firm is evaluated at every step against a small
// copy of the policy set (engine/whatif/program_slice.h): only the policies
// the swept one can affect (itself, its exclusive group, policies reading
// it) and what they read, with the threshold constant replaced in that
// clause alone.
//
//   SweepOptions o;  o.policy = "DG-GX-2025-01"; o.clause = "营收";
//   o.from = "1500万元"; o.to = "2500万元"; o.steps = 20; …
//   absl::StatusOr<SweepResult> r = SweepThreshold(program, o);
//
// Outputs in out_dir (layouts in docs/results.md, "duixian.sweep/1"):
// sweep.csv, sweep.json and report.html (a chart per measure, inline SVG).
// Deterministic whatever `threads`.
#ifndef DX_ENGINE_BATCH_THRESHOLD_SWEEP_H_
#define DX_ENGINE_BATCH_THRESHOLD_SWEEP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/program.h"

namespace duixian::engine {

struct SweepOptions {
  std::string firms;    // a folder of *.json firm files, or a JSONL file
  std::string out_dir;  // created if needed
  CivilDate date;
  int threads = 1;
  std::string policy;   // policy id
  std::string clause;   // clause label
  // Which threshold of the clause, when it has several: its current value
  // as written ("2000万元"); empty when the clause has one.
  std::string threshold;
  std::string from, to; // "1500万元", "2.5%", "3年" (durations: the number), "2024-12-31"
  int steps = 10;       // intervals: steps + 1 points, both ends included
  // Also move the threshold where the swept policy's own benefit formula
  // uses the same constant (e.g. "超过2000万元部分" with a 2000万元 gate).
  // Off by default: the clause is what is swept; benefit formulas reading the
  // constant are then listed in SweepResult::benefits_reading.
  bool move_benefit = false;
};

struct SweepPoint {
  std::string threshold;  // as shown ("1500万元")
  std::string value;      // exact ("15000000", "2024-12-31")
  uint64_t eligible = 0, undetermined = 0, ineligible = 0;
  uint64_t granted = 0;        // eligible and not superseded in its exclusive group
  int64_t benefit_fen = 0;     // granted amounts of the swept policy
  int64_t affected_fen = 0;    // granted amounts of every policy it can affect
};

struct SweepResult {
  std::vector<SweepPoint> points;
  std::string current;              // the threshold as the policy has it
  std::vector<std::string> affected;  // ids of the policies counted in affected_fen
  // Policies (among those evaluated) whose benefit formula reads the swept
  // constant, and whether it moved there too (only the swept policy's own,
  // with move_benefit); the others keep the current value.
  struct BenefitReading {
    std::string policy;
    std::string benefit;  // the formula as written
    bool moved = false;
  };
  std::vector<BenefitReading> benefits_reading;
  uint64_t inputs = 0, results = 0, errors = 0;
  double seconds = 0;
  std::string report;               // path of report.html
};

// Errors: unknown policy or clause, a clause with no threshold or several
// and `threshold` not naming one (by its text, "2000万元", or its value,
// "20000000"; the message lists each with the comparison it is in), values
// that do not parse or fit the threshold's kind, steps < 1, unusable input
// or output.
absl::StatusOr<SweepResult> SweepThreshold(std::shared_ptr<const Program> program, const SweepOptions& options);

// Parses a threshold value: a date, or a number with an optional unit
// (元 万元 亿元, % ‰, 人 名 项 件 个 家, 年 个月 月 天 日 工作日; 万/亿 alone scale).
std::optional<Number> ParseQuantityText(const std::string& text);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_THRESHOLD_SWEEP_H_
