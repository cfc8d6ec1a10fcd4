#include <iostream>

#include "tools/duixian/cli.h"

namespace duixian::cli {

int RunCheck(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2, {"lang", "color", "cjk-ambiguous-width", "diagnostics-format"},
                        {"help"});
  if (args.Has("help")) {
    std::cout << "usage: duixian check [DIR] [options]\n\n"
                 "Compiles every .policy file under DIR (default: policies) against DIR's\n"
                 "schema.json and calendar.json and prints the diagnostics.\n"
                 "Exit code 1 when there is any error.\n\noptions:\n"
              << kOutputHelp;
    return kExitOk;
  }
  OutputOptions out;
  if (!args.error.empty() || args.positional.size() > 1) {
    std::cerr << "duixian check: " << (args.error.empty() ? "at most one directory" : args.error) << "\n";
    return kExitUsage;
  }
  if (!ReadOutputOptions(args, &out)) return kExitUsage;
  std::string dir = args.positional.empty() ? "policies" : args.positional[0];
  absl::StatusOr<dsl::Compilation> c = dsl::CompileDirectory(dir);
  if (!c.ok()) {
    std::cerr << "duixian check: " << c.status().message() << "\n";
    return kExitFailure;
  }
  PrintDiagnostics(*c, out);
  size_t policies = c->program ? c->program->policies.size() : 0;
  if (out.diagnostics_format != "json") {
    if (out.render.lang == Lang::kZh) {
      std::cerr << "检查 " << dir << "：" << DiagnosticSummary(*c, out.render.lang);
      if (c->program) std::cerr << "；" << policies << " 项政策，规则图 " << c->program->graph.size() << " 个节点";
    } else {
      std::cerr << "checked " << dir << ": " << DiagnosticSummary(*c, out.render.lang);
      if (c->program) std::cerr << "; " << policies << " policies, " << c->program->graph.size() << " graph nodes";
    }
    std::cerr << "\n";
    if (c->program) std::cout << "policy set " << c->program->digest << "\n";
  }
  return c->diagnostics.has_errors() ? kExitFailure : kExitOk;
}

}  // namespace duixian::cli
