// `duixian diff`: two versions of the policy set over one population — who
// gains or loses eligibility, and what it costs (engine::DiffPolicySets).
#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/batch/policy_diff.h"
#include "tools/duixian/cli.h"
#include "tools/duixian/thread_arg.h"

namespace duixian::cli {

int RunDiff(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2,
                        {"before", "after", "firms", "date", "out", "threads", "lang", "color", "cjk-ambiguous-width",
                         "diagnostics-format"},
                        {"help"});
  if (args.Has("help")) {
    std::cout << "usage: duixian diff --before DIR --after DIR --firms DIR|FILE.jsonl --date YYYY-MM-DD --out OUTDIR\n"
                 "                    [--threads N]\n\n"
                 "Evaluates one population against two versions of the policy set (for example two\n"
                 "git revisions of policies/), decoding each firm once, and reports which firms gain\n"
                 "or lose eligibility for which policy and how the granted benefit changes, per\n"
                 "policy, overall, by town and by industry section. Writes into OUTDIR (layouts in\n"
                 "docs/results.md, \"duixian.diff/1\"):\n"
                 "  changes.jsonl  one line per firm whose verdicts or benefit changed, in input order\n"
                 "  diff.json      the totals\n"
                 "  report.html    the same figures as a self-contained page (charts, no scripts)\n\noptions:\n"
                 "  --before DIR         the policy set before the change (required)\n"
                 "  --after DIR          the policy set after the change (required)\n"
                 "  --firms DIR|FILE     the population (required)\n"
                 "  --date YYYY-MM-DD    the evaluation date (required)\n"
                 "  --out OUTDIR         the output folder (required)\n"
                 "  --threads N          evaluation threads (default: all cores)\n"
              << kOutputHelp;
    return kExitOk;
  }
  OutputOptions out;
  if (!args.error.empty()) {
    std::cerr << "duixian diff: " << args.error << "\n";
    return kExitUsage;
  }
  if (!ReadOutputOptions(args, &out)) return kExitUsage;
  std::optional<engine::CivilDate> date = engine::CivilDate::Parse(args.Get("date"));
  if (!date) {
    std::cerr << "duixian diff: --date YYYY-MM-DD is required (got `" << args.Get("date") << "`)\n";
    return kExitUsage;
  }
  if (!RequireOptions("diff", args, {"before", "after", "firms", "out"})) return kExitUsage;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!args.Get("threads").empty() && !ParseThreads(args.Get("threads"), &threads)) {
    std::cerr << "duixian diff: --threads must be a number from 1 to 1024\n";
    return kExitUsage;
  }
  std::optional<dsl::Compilation> before = CompilePolicies("diff", args.Get("before"), out, true);
  if (!before) return kExitFailure;
  std::optional<dsl::Compilation> after = CompilePolicies("diff", args.Get("after"), out, true);
  if (!after) return kExitFailure;
  engine::DiffOptions o;
  o.firms = args.Get("firms");
  o.out_dir = args.Get("out");
  o.date = *date;
  o.threads = threads;
  o.before_label = args.Get("before");
  o.after_label = args.Get("after");
  absl::StatusOr<engine::DiffStats> s = engine::DiffPolicySets(before->program, after->program, o);
  if (!s.ok()) {
    std::cerr << "duixian diff: " << s.status().message() << "\n";
    return kExitFailure;
  }
  bool zh = out.render.lang == Lang::kZh;
  std::cerr << (zh ? absl::StrCat("duixian diff: ", s->results, " 户已判定（", s->errors, " 个输入有误）；", s->firms_changed,
                                  " 户结果有变化：", s->firms_gaining, " 户新增符合，", s->firms_losing,
                                  " 户不再符合；奖励合计 ", s->benefit_before, " → ", s->benefit_after, " 元（",
                                  s->benefit_change, "）；用时 ", absl::StrFormat("%.1f", s->seconds), " 秒；报告 ",
                                  s->report, "\n")
                   : absl::StrCat("duixian diff: ", s->results, " firms (", s->errors, " bad inputs); ",
                                  s->firms_changed, " changed: ", s->firms_gaining, " gain, ", s->firms_losing,
                                  " lose; total benefit ", s->benefit_before, " -> ", s->benefit_after, " yuan (",
                                  s->benefit_change, "); ", absl::StrFormat("%.1f", s->seconds), " s; report ",
                                  s->report, "\n"));
  return kExitOk;
}

}  // namespace duixian::cli
