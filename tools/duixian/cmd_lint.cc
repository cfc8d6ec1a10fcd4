#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "dsl/lint/lint.h"
#include "tools/duixian/cli.h"

namespace duixian::cli {

int RunLint(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2,
                        {"lang", "color", "cjk-ambiguous-width", "format", "max-warnings", "config"},
                        {"help", "no-config"});
  if (args.Has("help")) {
    std::cout << "usage: duixian lint [PATH…] [options]\n\n"
                 "Compiles the policies under each PATH (folders or .policy files; default:\n"
                 "policies) and checks them for mistakes the compiler accepts: clauses that can\n"
                 "never hold, text that disagrees with its rule, short application windows,\n"
                 "missing metadata, rarely available data. Rules: docs/lint.md.\n"
                 "Exit code 0 when clean, 1 on any error (or more warnings than --max-warnings).\n\n"
                 "options:\n"
                 "  --format text|json|sarif     output on stdout (default text)\n"
                 "  --max-warnings N             fail when there are more than N warnings\n"
                 "  --config FILE                rule levels (default: the nearest duixian-lint.json)\n"
                 "  --no-config                  ignore duixian-lint.json\n"
                 "  --lang zh|en                 language of messages (default zh)\n"
                 "  --color auto|always|never    colour the text output\n"
                 "  --cjk-ambiguous-width 1|2    width of ambiguous characters such as “ ”\n"
                 "Suppress a finding inside a policy with a comment that says why:\n"
                 "  # lint: allow L0405 镇街配套奖励与市级奖励可叠加（原文第五条）\n";
    return kExitOk;
  }
  if (!args.error.empty()) {
    std::cerr << "duixian lint: " << args.error << "\n";
    return kExitUsage;
  }
  Args output_args = args;
  output_args.options.erase("format");
  OutputOptions out;
  if (!ReadOutputOptions(output_args, &out)) return kExitUsage;
  const std::string format = args.Get("format", "text");
  if (format != "text" && format != "json" && format != "sarif") {
    std::cerr << "duixian lint: --format must be text, json or sarif\n";
    return kExitUsage;
  }
  long max_warnings = -1;
  if (args.options.count("max-warnings")) {
    if (!absl::SimpleAtoi(args.Get("max-warnings"), &max_warnings) || max_warnings < 0) {
      std::cerr << "duixian lint: --max-warnings needs a number >= 0\n";
      return kExitUsage;
    }
  }
  std::vector<std::string> paths = args.positional;
  if (paths.empty()) paths.push_back("policies");

  dsl::LintConfig config;
  std::string config_path = args.Get("config");
  if (config_path.empty() && !args.Has("no-config")) config_path = dsl::FindLintConfig(paths[0]);
  if (!config_path.empty()) {
    absl::StatusOr<dsl::LintConfig> loaded = dsl::LoadLintConfig(config_path);
    if (!loaded.ok()) {
      std::cerr << "duixian lint: " << loaded.status().message() << "\n";
      return kExitUsage;
    }
    config = *std::move(loaded);
  }

  absl::StatusOr<dsl::Compilation> c = dsl::CompilePaths(paths);
  if (!c.ok()) {
    std::cerr << "duixian lint: " << c.status().message() << "\n";
    return kExitFailure;
  }
  if (!c->program) {
    PrintDiagnostics(*c, out);
    std::cerr << "duixian lint: the policies do not compile (" << DiagnosticSummary(*c, out.render.lang)
              << "); fix them first (`duixian check`)\n";
    return kExitFailure;
  }
  dsl::LintReport report = dsl::Lint(*c, config);
  if (format == "sarif") {
    std::cout << dsl::RenderSarif(report.findings, *c->sources, out.render) << "\n";
  } else if (format == "json") {
    std::cout << RenderJson(report.findings, *c->sources, out.render) << "\n";
  } else {
    for (const Diagnostic& d : report.findings) std::cout << RenderText(d, *c->sources, out.render) << "\n";
  }
  const bool zh = out.render.lang == Lang::kZh;
  const size_t policies = c->program->policies.size();
  if (zh) {
    std::cerr << "检查 " << policies << " 项政策：" << report.errors << " 个错误，" << report.warnings
              << " 个警告，" << report.suppressed << " 处已按注明的理由屏蔽\n";
  } else {
    std::cerr << "linted " << policies << " policies: " << report.errors << " error" << (report.errors == 1 ? "" : "s")
              << ", " << report.warnings << " warning" << (report.warnings == 1 ? "" : "s") << ", "
              << report.suppressed << " suppressed with a stated reason\n";
  }
  if (report.errors > 0) return kExitFailure;
  if (max_warnings >= 0 && report.warnings > static_cast<size_t>(max_warnings)) {
    std::cerr << (zh ? absl::StrCat("警告数超过 --max-warnings ", max_warnings)
                     : absl::StrCat("more warnings than --max-warnings ", max_warnings))
              << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace duixian::cli
