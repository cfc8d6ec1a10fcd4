// `duixian screen`: screens a whole population (a folder of firm files or a
// JSONL file) against the policy set with engine::Screen, with a progress
// bar on a terminal and a one-line summary at the end.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/batch/screener.h"
#include "tools/duixian/cli.h"
#include "tools/duixian/limit_flags.h"

namespace duixian::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void OnStopSignal(int) { g_cancel.store(true); }

void InstallStopHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C stops at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// 1234567 → "1,234,567".
std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Clock(double seconds) {
  if (!(seconds >= 0) || seconds > 359999) return "--:--";
  int s = static_cast<int>(seconds + 0.5);
  return s >= 3600 ? absl::StrFormat("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                   : absl::StrFormat("%d:%02d", s / 60, s % 60);
}

void DrawProgress(const engine::ScreenProgress& p, bool zh) {
  uint64_t fresh = p.done - p.resumed;
  double rate = p.seconds > 0 ? static_cast<double>(fresh) / p.seconds : 0;
  std::string bar;
  if (p.fraction >= 0) {
    constexpr int kWidth = 28;
    int filled = static_cast<int>(std::min(1.0, p.fraction) * kWidth);
    bar = absl::StrCat("[", std::string(static_cast<size_t>(filled), '#'),
                       std::string(static_cast<size_t>(kWidth - filled), '.'), "] ",
                       absl::StrFormat("%5.1f%% ", std::min(1.0, p.fraction) * 100));
  }
  double left = p.fraction >= 1 ? 0 : -1;
  if (p.fraction > 0 && p.fraction < 1 && p.seconds > 0) {
    double done_share = p.fraction - (p.done > 0 ? p.fraction * static_cast<double>(p.resumed) / p.done : 0);
    if (done_share > 0) left = p.seconds * (1 - p.fraction) / done_share;
  }
  std::string line =
      zh ? absl::StrCat(bar, Thousands(p.done), " 户 · ", Thousands(static_cast<uint64_t>(rate)), " 户/秒 · 剩余 ",
                        Clock(left), " · 错误 ", Thousands(p.errors))
         : absl::StrCat(bar, Thousands(p.done), " firms · ", Thousands(static_cast<uint64_t>(rate)),
                        " firms/s · left ", Clock(left), " · errors ", Thousands(p.errors));
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  if (p.final) std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace

int RunScreen(int argc, char** argv) {
  std::vector<std::string> value_options = {"policies", "firms", "date", "out", "threads", "checkpoint-every",
                                            "lang", "color", "cjk-ambiguous-width", "diagnostics-format"};
  value_options.insert(value_options.end(), FirmLimitOptions().begin(), FirmLimitOptions().end());
  Args args = ParseArgs(argc, argv, 2, value_options, {"help", "resume", "progress", "no-progress"});
  if (args.Has("help")) {
    std::cout << "usage: duixian screen --policies DIR --firms DIR|FILE.jsonl --date YYYY-MM-DD --out OUTDIR\n"
                 "                      [--threads N] [--resume]\n\n"
                 "Screens every firm of a population against every policy (read → decode →\n"
                 "evaluate → write on N threads, memory bounded whatever the population size).\n"
                 "Firms are *.json files under DIR (sub-folders walked in sorted order), one\n"
                 "firm per line of a JSONL file, or the elements of a file holding a JSON array\n"
                 "of firms. Writes into OUTDIR (layouts in docs/results.md):\n"
                 "  results.jsonl  one line per firm, in input order\n"
                 "  errors.jsonl   one line per bad input (file, line, field, reason)\n"
                 "  matrix.csv     firm × policy verdicts (UTF-8 with BOM, for spreadsheets)\n"
                 "  summary.json   counts, benefits, clause funnel, towns, missing fields\n"
                 "  report.html    the same figures as a self-contained page (charts, no scripts)\n"
                 "Every input is in exactly one of results.jsonl and errors.jsonl.\n\n"
                 "Stopped by Ctrl-C, SIGTERM or a crash, `--resume` continues where it stopped\n"
                 "and gives the same outputs as an uninterrupted run.\n\noptions:\n"
                 "  --policies DIR       the policy set (default: policies)\n"
                 "  --firms DIR|FILE     the population (required)\n"
                 "  --date YYYY-MM-DD    the evaluation date (required)\n"
                 "  --out OUTDIR         the output folder (required)\n"
                 "  --threads N          evaluation threads (default: all cores)\n"
                 "  --resume             continue an interrupted run in OUTDIR\n"
                 "  --progress / --no-progress   force the progress bar on or off (default: on a terminal)\n"
                 "exit codes: 0 done (bad inputs are listed in errors.jsonl); 1 policies do not compile or\n"
                 "an output cannot be written; 2 usage; 130 interrupted (rerun with --resume)\n"
              << kOutputHelp << kFirmLimitHelp;
    return kExitOk;
  }
  OutputOptions out;
  if (!args.error.empty()) {
    std::cerr << "duixian screen: " << args.error << "\n";
    return kExitUsage;
  }
  if (!ReadOutputOptions(args, &out)) return kExitUsage;
  bool zh = out.render.lang == Lang::kZh;
  std::optional<engine::CivilDate> date = engine::CivilDate::Parse(args.Get("date"));
  if (!date) {
    std::cerr << "duixian screen: --date YYYY-MM-DD is required (got `" << args.Get("date") << "`)\n";
    return kExitUsage;
  }
  if (args.Get("firms").empty() || args.Get("out").empty()) {
    std::cerr << "duixian screen: --firms and --out are required\n";
    return kExitUsage;
  }
  if (!args.positional.empty()) {
    std::cerr << "duixian screen: unexpected argument `" << args.positional[0] << "`\n";
    return kExitUsage;
  }
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!args.Get("threads").empty()) {
    std::string t = args.Get("threads");
    char* end = nullptr;
    long v = std::strtol(t.c_str(), &end, 10);
    if (t.empty() || *end != '\0' || v < 1 || v > 1024) {
      std::cerr << "duixian screen: --threads must be a number from 1 to 1024\n";
      return kExitUsage;
    }
    threads = static_cast<int>(v);
  }
  engine::FirmLimits limits;
  if (!ReadFirmLimits("screen", args, &limits)) return kExitUsage;
  uint64_t checkpoint_every = 0;
  if (!args.Get("checkpoint-every").empty()) {  // for tests: checkpoint after every N inputs
    checkpoint_every = std::strtoull(args.Get("checkpoint-every").c_str(), nullptr, 10);
  }

  std::optional<dsl::Compilation> c =
      CompilePolicies("screen", args.Get("policies", "policies"), out, /*require_program=*/true);
  if (!c) return kExitFailure;

  bool progress = isatty(STDERR_FILENO) != 0;
  if (args.Has("progress")) progress = true;
  if (args.Has("no-progress")) progress = false;
  engine::ScreenOptions o;
  o.firms = args.Get("firms");
  o.out_dir = args.Get("out");
  o.date = *date;
  o.threads = threads;
  o.resume = args.Has("resume");
  o.checkpoint_every = checkpoint_every;
  o.count_inputs = progress;
  o.cancel = &g_cancel;
  o.limits = limits;
  if (progress) o.on_progress = [zh](const engine::ScreenProgress& p) { DrawProgress(p, zh); };
  InstallStopHandlers();
  absl::StatusOr<engine::ScreenStats> s = engine::Screen(c->program, o);
  if (!s.ok()) {
    std::cerr << "duixian screen: " << s.status().message() << "\n";
    return kExitFailure;
  }
  if (s->cancelled) {
    std::cerr << (zh ? absl::StrCat("duixian screen: 已中断，已完成 ", Thousands(s->inputs),
                                    " 户；加 --resume 重新运行即可继续\n")
                     : absl::StrCat("duixian screen: interrupted after ", Thousands(s->inputs),
                                    " inputs; run again with --resume to continue\n"));
    return 130;
  }
  double rate = s->seconds > 0 ? static_cast<double>(s->inputs - s->resumed) / s->seconds : 0;
  std::string resumed = s->resumed > 0 ? absl::StrCat(" (", Thousands(s->resumed), zh ? " 户续自检查点)" : " resumed)") : "";
  if (zh) {
    std::cerr << absl::StrCat("duixian screen: ", Thousands(s->inputs), " 户", resumed, "：", Thousands(s->results),
                              " 户已判定，", Thousands(s->errors), " 个输入有误；", Thousands(s->firms_with_eligible),
                              " 户至少符合一项政策，奖励合计 ", s->total_benefit, " 元；用时 ",
                              absl::StrFormat("%.1f", s->seconds), " 秒（", Thousands(static_cast<uint64_t>(rate)),
                              " 户/秒）；报告 ", s->report, "\n");
  } else {
    std::cerr << absl::StrCat("duixian screen: ", Thousands(s->inputs), " inputs", resumed, ": ",
                              Thousands(s->results), " screened, ", Thousands(s->errors), " bad; ",
                              Thousands(s->firms_with_eligible), " firms eligible for at least one policy, total benefit ",
                              s->total_benefit, " yuan; ", absl::StrFormat("%.1f", s->seconds), " s (",
                              Thousands(static_cast<uint64_t>(rate)), " firms/s); report ", s->report, "\n");
  }
  return kExitOk;
}

}  // namespace duixian::cli
