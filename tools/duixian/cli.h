// Shared pieces of the `duixian` subcommands: argument parsing, output
// options, diagnostics printing. Exit codes: 0 success; 1 errors in the
// policies, a bad firm file or a failing test; 2 usage; 3 internal error.
#ifndef DX_TOOLS_DUIXIAN_CLI_H_
#define DX_TOOLS_DUIXIAN_CLI_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/diag/render.h"
#include "dsl/compiler.h"

namespace duixian::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// --name value / --name=value options, --flags and positional arguments.
struct Args {
  std::map<std::string, std::string> options;
  std::vector<std::string> flags;
  std::vector<std::string> positional;
  std::string error;  // set when parsing failed

  bool Has(const std::string& flag) const;
  std::string Get(const std::string& name, const std::string& fallback = "") const;
};

// `value_options` take a value; anything else starting with -- is a flag.
Args ParseArgs(int argc, char** argv, int first, const std::vector<std::string>& value_options,
               const std::vector<std::string>& flag_options);

struct OutputOptions {
  RenderOptions render;
  std::string diagnostics_format = "human";  // human | short | json
};

// Reads --lang, --color, --cjk-ambiguous-width, --diagnostics-format.
// Returns false (after printing why) on a bad value.
bool ReadOutputOptions(const Args& args, OutputOptions* out);

// Checks that every option in `required` has a value and that there are no
// positional arguments; prints "duixian COMMAND: --NAME is required" or the
// stray argument and returns false otherwise (the command then exits 2).
bool RequireOptions(const char* command, const Args& args, const std::vector<std::string>& required);

// Prints the diagnostics to stderr in the chosen format.
void PrintDiagnostics(const dsl::Compilation& c, const OutputOptions& o);
void PrintDiagnostics(const std::vector<Diagnostic>& diags, const SourceManager& sources,
                      const OutputOptions& o);

// The optional DIR argument of check/test/doc (default "policies"). Prints
// the usage problem and returns std::nullopt when the arguments are wrong.
std::optional<std::string> PolicyDirArgument(const char* command, const Args& args);

// Compiles the policy set under `dir` and prints its diagnostics (always
// when !require_program, as for `check`; otherwise only if any). Returns
// std::nullopt after saying why when the set cannot be read, or, with
// `require_program`, when it does not compile (the command then exits 1).
std::optional<dsl::Compilation> CompilePolicies(const char* command, const std::string& dir,
                                                const OutputOptions& out, bool require_program);

// A one-line "N errors, M warnings" summary in the chosen language.
std::string DiagnosticSummary(const dsl::Compilation& c, Lang lang);

// The options every command that compiles policies shares, for --help.
extern const char kOutputHelp[];

int RunCheck(int argc, char** argv);
int RunEval(int argc, char** argv);
int RunTest(int argc, char** argv);
int RunSchema(int argc, char** argv);
int RunDoc(int argc, char** argv);
int RunGen(int argc, char** argv);
int RunScreen(int argc, char** argv);
int RunFmt(int argc, char** argv);
int RunLint(int argc, char** argv);
int RunDiff(int argc, char** argv);
int RunSweep(int argc, char** argv);

}  // namespace duixian::cli

#endif  // DX_TOOLS_DUIXIAN_CLI_H_
