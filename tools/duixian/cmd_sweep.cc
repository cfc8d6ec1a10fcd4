// `duixian sweep`: eligible firms and granted benefit as one threshold of a
// policy moves (engine::SweepThreshold), the population decoded once.
#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/batch/threshold_sweep.h"
#include "tools/duixian/cli.h"
#include "tools/duixian/thread_arg.h"

namespace duixian::cli {

int RunSweep(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2,
                        {"policies", "policy", "clause", "threshold", "from", "to", "steps", "firms", "date", "out",
                         "threads", "lang", "color", "cjk-ambiguous-width", "diagnostics-format"},
                        {"help", "with-benefit"});
  if (args.Has("help")) {
    std::cout << "usage: duixian sweep --policy ID --clause LABEL --from X --to Y --steps N --firms DIR|FILE.jsonl\n"
                 "                     --out OUTDIR [--date YYYY-MM-DD] [--policies DIR] [--threshold V] [--threads N]\n\n"
                 "Moves one threshold of one clause (for example 营收: 营业收入[ref] >= 2000万元) from X to Y\n"
                 "in N equal steps (N + 1 values, both ends included) and counts, at each value, the firms\n"
                 "eligible for the policy and the benefit granted. The population is decoded once; each\n"
                 "firm is re-evaluated per step against the policies the change can affect. Writes into\n"
                 "OUTDIR (layouts in docs/results.md, \"duixian.sweep/1\"):\n"
                 "  sweep.csv      the table (UTF-8 with BOM)\n"
                 "  sweep.json     the same with the policy, clause and current threshold\n"
                 "  report.html    charts of eligible firms and benefit (self-contained, no scripts)\n\noptions:\n"
                 "  --policy ID          the policy (required)\n"
                 "  --clause LABEL       the clause whose threshold moves (required)\n"
                 "  --threshold V        which threshold, when the clause has several (as written: 2000万元,\n"
                 "                       or its value: 20000000); without it the error lists them\n"
                 "  --with-benefit       also move the same constant in the policy's benefit formula\n"
                 "                       (\"超过2000万元部分\"); without it such formulas keep the current\n"
                 "                       value and are listed in the output\n"
                 "  --from X --to Y      the range: 1500万元, 2.5%, 50人, 3 (years of a duration), 2024-12-31\n"
                 "  --steps N            intervals (default 10)\n"
                 "  --firms DIR|FILE     the population (required)\n"
                 "  --date YYYY-MM-DD    the evaluation date (default: the policy's window start)\n"
                 "  --policies DIR       the policy set (default: policies)\n"
                 "  --out OUTDIR         the output folder (required)\n"
                 "  --threads N          evaluation threads (default: all cores)\n"
              << kOutputHelp;
    return kExitOk;
  }
  OutputOptions out;
  if (!args.error.empty()) {
    std::cerr << "duixian sweep: " << args.error << "\n";
    return kExitUsage;
  }
  if (!ReadOutputOptions(args, &out)) return kExitUsage;
  if (!RequireOptions("sweep", args, {"policy", "clause", "from", "to", "firms", "out"})) return kExitUsage;
  int steps = 10;
  if (!args.Get("steps").empty() && !ParseThreads(args.Get("steps"), &steps)) {
    std::cerr << "duixian sweep: --steps must be a number from 1 to 1000\n";
    return kExitUsage;
  }
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!args.Get("threads").empty() && !ParseThreads(args.Get("threads"), &threads)) {
    std::cerr << "duixian sweep: --threads must be a number from 1 to 1024\n";
    return kExitUsage;
  }
  std::optional<dsl::Compilation> c = CompilePolicies("sweep", args.Get("policies", "policies"), out, true);
  if (!c) return kExitFailure;
  engine::SweepOptions o;
  o.policy = args.Get("policy");
  int index = c->program->FindPolicy(o.policy);
  std::optional<engine::CivilDate> date;
  if (!args.Get("date").empty()) {
    date = engine::CivilDate::Parse(args.Get("date"));
    if (!date) {
      std::cerr << "duixian sweep: --date must be YYYY-MM-DD (got `" << args.Get("date") << "`)\n";
      return kExitUsage;
    }
  } else if (index >= 0) {
    const engine::PolicyInfo& info = c->program->policies[static_cast<size_t>(index)];
    if (info.window) date = info.window->start;
    else if (info.effective) date = info.effective->start;
  }
  if (!date) {
    std::cerr << "duixian sweep: --date YYYY-MM-DD is required (the policy has no window)\n";
    return kExitUsage;
  }
  o.clause = args.Get("clause");
  o.threshold = args.Get("threshold");
  o.from = args.Get("from");
  o.to = args.Get("to");
  o.steps = steps;
  o.firms = args.Get("firms");
  o.out_dir = args.Get("out");
  o.date = *date;
  o.threads = threads;
  o.move_benefit = args.Has("with-benefit");
  absl::StatusOr<engine::SweepResult> r = engine::SweepThreshold(c->program, o);
  if (!r.ok()) {
    std::cerr << "duixian sweep: " << r.status().message() << "\n";
    return kExitFailure;
  }
  bool zh = out.render.lang == Lang::kZh;
  const engine::SweepPoint& a = r->points.front();
  const engine::SweepPoint& b = r->points.back();
  std::cerr << (zh ? absl::StrCat("duixian sweep: ", r->results, " 户 × ", r->points.size(), " 个门槛（现行 ", r->current,
                                  "）：", a.threshold, " 时 ", a.eligible, " 户符合，", b.threshold, " 时 ", b.eligible,
                                  " 户符合；用时 ", absl::StrFormat("%.1f", r->seconds), " 秒；报告 ", r->report, "\n")
                   : absl::StrCat("duixian sweep: ", r->results, " firms x ", r->points.size(), " thresholds (now ",
                                  r->current, "): ", a.eligible, " eligible at ", a.threshold, ", ", b.eligible,
                                  " at ", b.threshold, "; ", absl::StrFormat("%.1f", r->seconds), " s; report ",
                                  r->report, "\n"));
  for (const engine::SweepResult::BenefitReading& b : r->benefits_reading) {
    if (b.moved) {
      std::cerr << (zh ? absl::StrCat("duixian sweep: ", b.policy, " 的奖励公式引用同一门槛，已随门槛移动\n")
                       : absl::StrCat("duixian sweep: the benefit formula of ", b.policy,
                                      " reads the same threshold and moved with it\n"));
    } else {
      std::cerr << (zh ? absl::StrCat("duixian sweep: 注意：", b.policy, " 的奖励公式「", b.benefit, "」引用同一门槛，未移动（仍按 ",
                                      r->current, " 计算", b.policy == o.policy ? "；加 --with-benefit 一并移动" : "",
                                      "）\n")
                       : absl::StrCat("duixian sweep: note: the benefit formula of ", b.policy, " (", b.benefit,
                                      ") reads the same threshold and was not moved (it stays at ", r->current,
                                      b.policy == o.policy ? "; --with-benefit moves it too" : "", ")\n"));
    }
  }
  return kExitOk;
}

}  // namespace duixian::cli
