#include <iostream>
#include <string>
#include <vector>

#include "engine/batch/input_walker.h"
#include "engine/eval/decision_json.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"
#include "engine/whatif/advisor.h"
#include "tools/duixian/cli.h"
#include "tools/duixian/explain_text.h"
#include "tools/duixian/limit_flags.h"

namespace duixian::cli {

int RunEval(int argc, char** argv) {
  std::vector<std::string> value_options = {"policies", "date", "format", "lang", "color", "cjk-ambiguous-width",
                                            "diagnostics-format"};
  value_options.insert(value_options.end(), FirmLimitOptions().begin(), FirmLimitOptions().end());
  Args args = ParseArgs(argc, argv, 2, value_options, {"help", "verdict-only", "no-advice"});
  if (args.Has("help")) {
    std::cout << "usage: duixian eval --policies DIR --date YYYY-MM-DD [--format text|json] FIRM.json…\n\n"
                 "Evaluates each firm file (one 一企一档 JSON record) against every policy\n"
                 "under DIR and explains the results: verdict, benefit, each clause with the\n"
                 "values it saw, and the fields whose absence leaves a verdict open.\n"
                 "A bad firm file is reported (file, field, reason) and the others still run;\n"
                 "the exit code is then 1.\n\noptions:\n"
                 "  --policies DIR       the policy set (default: policies)\n"
                 "  --date YYYY-MM-DD    the evaluation date (required)\n"
                 "  --format text|json   text for people (default) or the JSON layout of docs/results.md\n"
                 "  --verdict-only       skip per-clause explanations (and advice)\n"
                 "  --no-advice          no near-miss advice for ineligible verdicts nor fields to\n"
                 "                       request for undetermined ones (given by default)\n"
              << kOutputHelp << kFirmLimitHelp;
    return kExitOk;
  }
  OutputOptions out;
  if (!args.error.empty()) {
    std::cerr << "duixian eval: " << args.error << "\n";
    return kExitUsage;
  }
  if (!ReadOutputOptions(args, &out)) return kExitUsage;
  engine::FirmLimits limits;
  if (!ReadFirmLimits("eval", args, &limits)) return kExitUsage;
  std::optional<engine::CivilDate> date = engine::CivilDate::Parse(args.Get("date"));
  if (!date) {
    std::cerr << "duixian eval: --date YYYY-MM-DD is required (got `" << args.Get("date") << "`)\n";
    return kExitUsage;
  }
  std::string format = args.Get("format", "text");
  if (format != "text" && format != "json") {
    std::cerr << "duixian eval: --format must be text or json\n";
    return kExitUsage;
  }
  if (args.positional.empty()) {
    std::cerr << "duixian eval: give one or more firm files\n";
    return kExitUsage;
  }
  std::optional<dsl::Compilation> c =
      CompilePolicies("eval", args.Get("policies", "policies"), out, /*require_program=*/true);
  if (!c) return kExitFailure;
  engine::Evaluator ev(c->program);
  ev.set_max_steps(limits.max_eval_steps);
  engine::whatif::Advisor advisor(c->program);
  advisor.set_max_steps(limits.max_eval_steps);
  engine::EvalMode mode = args.Has("verdict-only") ? engine::EvalMode::kVerdict : engine::EvalMode::kExplain;
  bool zh = out.render.lang == Lang::kZh;
  int status = kExitOk;
  bool many = args.positional.size() > 1;
  if (format == "json" && many) std::cout << "[\n";
  bool first = true;
  for (const std::string& path : args.positional) {
    std::string text, read_error;
    if (!engine::ReadWholeFile(path, &text, &read_error, limits.max_file_bytes)) {
      std::cerr << (zh ? "错误: " : "error: ") << path << ": " << read_error << "\n";
      status = kExitFailure;
      continue;
    }
    engine::FirmDecodeResult r = engine::DecodeFirmJson(*c->schema, text, path, limits);
    for (const engine::FirmDataIssue& w : r.warnings) {
      std::cerr << (zh ? "警告: " + w.ToStringZh() : "warning: " + w.ToString()) << "\n";
    }
    if (r.error || !r.record) {
      std::cerr << (zh ? "错误: " : "error: ")
                << (!r.error ? path : zh ? r.error->ToStringZh() : r.error->ToString()) << "\n";
      status = kExitFailure;
      continue;
    }
    engine::Decision d = ev.Evaluate(*r.record, *date, mode);
    if (!d.error.empty()) {
      std::cerr << (zh ? "错误: " : "error: ") << path << ": " << d.error << "\n";
      status = kExitFailure;
      continue;
    }
    if (mode == engine::EvalMode::kExplain && !args.Has("no-advice")) advisor.Advise(*r.record, *date, &d);
    if (format == "json") {
      if (!first) std::cout << ",\n";
      std::cout << engine::DecisionToJson(*c->program, d, 2);
    } else {
      if (!first) std::cout << "\n" << std::string(60, '=') << "\n\n";
      std::cout << ExplainText(*c->program, d, zh);
    }
    first = false;
  }
  if (format == "json") std::cout << (many ? "\n]\n" : "\n");
  return status;
}

}  // namespace duixian::cli
