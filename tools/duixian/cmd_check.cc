#include <iostream>

#include "tools/duixian/cli.h"

namespace duixian::cli {

int RunCheck(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2, {"lang", "color", "cjk-ambiguous-width", "diagnostics-format", "format"},
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
  std::optional<std::string> dir_arg = PolicyDirArgument("check", args);
  if (!dir_arg || !ReadOutputOptions(args, &out)) return kExitUsage;
  const std::string& dir = *dir_arg;
  std::optional<dsl::Compilation> c = CompilePolicies("check", dir, out, /*require_program=*/false);
  if (!c) return kExitFailure;
  size_t policies = c->program ? c->program->policies.size() : 0;
  // Sharing: the graph's size against what the policies would need alone.
  size_t unshared = 0;
  if (c->program) {
    for (const engine::PolicyInfo& p : c->program->policies) {
      std::vector<engine::NodeId> roots;
      for (const engine::ClauseInfo& cl : p.clauses) roots.push_back(cl.node);
      if (p.benefit) roots.push_back(p.benefit->node);
      std::vector<bool> seen(c->program->graph.size(), false);
      for (engine::NodeId r : roots) {
        if (r == engine::kNoNode) continue;
        for (engine::NodeId n : c->program->graph.Cone(r)) {
          if (!seen[static_cast<size_t>(n)]) {
            seen[static_cast<size_t>(n)] = true;
            ++unshared;
          }
        }
      }
    }
  }
  if (out.diagnostics_format != "json") {
    if (out.render.lang == Lang::kZh) {
      std::cerr << "检查 " << dir << "：" << DiagnosticSummary(*c, out.render.lang);
      if (c->program) {
        std::cerr << "；" << policies << " 项政策，规则图 " << c->program->graph.size() << " 个节点（各政策单独计共 "
                  << unshared << " 个）";
      }
    } else {
      std::cerr << "checked " << dir << ": " << DiagnosticSummary(*c, out.render.lang);
      if (c->program) {
        std::cerr << "; " << policies << " policies, " << c->program->graph.size() << " graph nodes (" << unshared
                  << " if each policy had its own)";
      }
    }
    std::cerr << "\n";
    if (c->program) std::cout << "policy set " << c->program->digest << "\n";
  }
  return c->diagnostics.has_errors() ? kExitFailure : kExitOk;
}

}  // namespace duixian::cli
