// The `duixian` command: one static table of subcommands (after ninja's
// `struct Tool`), with did-you-mean for unknown names.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "dsl/sema/elaborator.h"
#include "tools/duixian/cli.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

constexpr Command kCommands[] = {
    {"check", "compile policies and print diagnostics", duixian::cli::RunCheck},
    {"fmt", "lay out policy files in the canonical form (or --check them)", duixian::cli::RunFmt},
    {"lint", "find policy mistakes the compiler accepts (docs/lint.md)", duixian::cli::RunLint},
    {"test", "run the inline test blocks of the policies", duixian::cli::RunTest},
    {"eval", "evaluate firm files against the policies and explain the results", duixian::cli::RunEval},
    {"schema", "print the firm-profile schema (or its JSON Schema)", duixian::cli::RunSchema},
    {"doc", "write the policy catalogue (Markdown) from the policy files", duixian::cli::RunDoc},
    {"gen", "write a synthetic population of firm files (JSON or JSONL)", duixian::cli::RunGen},
    {"screen", "screen a whole population against every policy (batch, resumable)", duixian::cli::RunScreen},
    {"diff", "who gains or loses eligibility between two versions of the policy set", duixian::cli::RunDiff},
    {"sweep", "eligible firms and benefit as one threshold of a policy moves", duixian::cli::RunSweep},
};

void Usage(std::ostream& out) {
  out << "duixian — eligibility engine for enterprise-support policies (兑现)\n\n"
         "usage: duixian <command> [options]\n\ncommands:\n";
  for (const Command& c : kCommands) {
    out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  }
  out << "\n`duixian <command> --help` describes a command.\n"
         "exit codes: 0 ok; 1 policy errors, bad firm file or failing test; 2 usage; 3 internal error\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    Usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? duixian::cli::kExitUsage : duixian::cli::kExitOk;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::cout << "duixian 0.1.0\n";
    return 0;
  }
  for (const Command& c : kCommands) {
    if (argv[1] == std::string(c.name)) {
      try {
        return c.run(argc, argv);
      } catch (const std::exception& e) {
        std::cerr << "duixian: internal error: " << e.what() << "\n";
        return duixian::cli::kExitInternal;
      }
    }
  }
  std::vector<std::string> names;
  for (const Command& c : kCommands) names.push_back(c.name);
  std::string near = duixian::dsl::Elaborator::Suggest(argv[1], names);
  std::cerr << "duixian: unknown command `" << argv[1] << "`";
  if (!near.empty()) std::cerr << "; did you mean `duixian " << near << "`? (你是不是想用 `duixian " << near << "`?)";
  std::cerr << "\n";
  Usage(std::cerr);
  return duixian::cli::kExitUsage;
}
