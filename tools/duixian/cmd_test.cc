#include <iostream>

#include "absl/strings/str_join.h"
#include "dsl/testing/test_runner.h"
#include "tools/duixian/cli.h"

namespace duixian::cli {

int RunTest(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2, {"lang", "color", "cjk-ambiguous-width", "diagnostics-format", "format"},
                        {"help", "verbose"});
  if (args.Has("help")) {
    std::cout << "usage: duixian test [DIR] [--verbose] [options]\n\n"
                 "Compiles the policies under DIR (default: policies) and runs every inline\n"
                 "`test` block. A failure shows the expected and actual verdict, failing\n"
                 "clauses, missing fields and benefit. Exit code 1 when a test fails or the\n"
                 "policies do not compile.\n\noptions:\n"
                 "  --verbose                    list passing tests too\n"
              << kOutputHelp;
    return kExitOk;
  }
  OutputOptions out;
  std::optional<std::string> dir = PolicyDirArgument("test", args);
  if (!dir || !ReadOutputOptions(args, &out)) return kExitUsage;
  std::optional<dsl::Compilation> c = CompilePolicies("test", *dir, out, /*require_program=*/true);
  if (!c) return kExitFailure;
  bool zh = out.render.lang == Lang::kZh;
  dsl::PolicyTestReport report = dsl::RunPolicyTests(*c);
  for (const dsl::PolicyTestResult& r : report.results) {
    const std::string& id = c->program->policies[static_cast<size_t>(r.test->policy)].id;
    if (r.passed) {
      if (args.Has("verbose")) std::cout << "PASS  " << id << "  " << r.test->name << "\n";
      continue;
    }
    std::cout << "FAIL  " << id << "  " << r.test->name << "  (" << r.test->location << ")\n";
    for (const std::string& m : r.mismatches) std::cout << "      " << m << "\n";
    std::cout << "      " << (zh ? "实际：" : "actual: ") << r.actual_verdict;
    if (!r.actual_failing.empty()) std::cout << (zh ? "；未满足 " : "; failing ") << absl::StrJoin(r.actual_failing, ", ");
    if (!r.actual_missing.empty()) std::cout << (zh ? "；缺少 " : "; missing ") << absl::StrJoin(r.actual_missing, ", ");
    if (!r.actual_benefit.empty()) std::cout << (zh ? "；补助 " : "; benefit ") << r.actual_benefit;
    std::cout << "\n";
  }
  std::cout << "policy tests: " << report.passed << " passed, " << report.failed << " failed\n";
  return report.failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace duixian::cli
