// `duixian lint`: checks a compiled policy set for mistakes the compiler
// accepts — clauses that can never hold, a clause text that disagrees with
// its rule, an application window too short under the official calendar,
// missing metadata, data firms rarely have. Every rule has a stable code
// (Lxxxx in common/diag/kinds.def, one section each in docs/lint.md).
//
//   absl::StatusOr<Compilation> c = CompilePaths({"policies"});
//   LintConfig config;                       // or LoadLintConfig(path)
//   LintReport r = Lint(*c, config);         // c->program must be set
//   for (const Diagnostic& d : r.findings) … RenderText(d, *c->sources, …)
//
// A project switches rules off or changes their level in duixian-lint.json;
// a policy silences one rule with a comment that states why:
//   # lint: allow L0405 镇街奖励与市级奖励可叠加（原文第五条）
#ifndef DX_DSL_LINT_LINT_H_
#define DX_DSL_LINT_LINT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/diag/diagnostic.h"
#include "common/diag/render.h"
#include "dsl/compiler.h"

namespace duixian::dsl {

enum class RuleLevel { kOff, kWarning, kError };

struct LintConfig {
  std::map<DiagCode, RuleLevel> levels;  // rules not listed keep their default
  // Calendar: whether the window's first day counts as a working day of the
  // window (the default, as 申报期 are announced "from … to …" inclusive).
  bool count_first_day = true;
  int min_working_days = 15;
};

// Parses duixian-lint.json:
//   {"rules": {"L0405": "off", "L0301": "error"},
//    "calendar": {"count_first_day": true, "min_working_days": 15}}
// InvalidArgument naming `origin` and the key for anything else.
absl::StatusOr<LintConfig> ParseLintConfig(std::string_view json_text, const std::string& origin);
absl::StatusOr<LintConfig> LoadLintConfig(const std::string& path);
// The nearest duixian-lint.json in `start` (a folder or file) or the folders
// above it; "" when there is none.
std::string FindLintConfig(const std::string& start);

struct LintReport {
  std::vector<Diagnostic> findings;  // by file and position
  size_t suppressed = 0;
  size_t errors = 0;
  size_t warnings = 0;
};

// Lints `c` (which must have compiled: c.program set). Findings are kept for
// the files of c.named_modules (all files when it is empty); files loaded
// only as imports are analysed but not reported on.
LintReport Lint(const Compilation& c, const LintConfig& config);

struct LintRuleInfo {
  DiagCode code;
  const char* family;  // logic, text, calendar, completeness, data, suppression
};
// Every lint rule, in code order.
const std::vector<LintRuleInfo>& LintRules();
bool IsLintCode(DiagCode code);

// SARIF 2.1.0 log of the findings (one run, tool duixian-lint, every rule
// described, code-point columns), pretty-printed.
std::string RenderSarif(const std::vector<Diagnostic>& findings, const SourceManager& sources,
                        const RenderOptions& options);

}  // namespace duixian::dsl

#endif  // DX_DSL_LINT_LINT_H_
