// libFuzzer target: the policy compiler on any bytes. Whatever the input,
// compiling must end in diagnostics or a program — never a crash, a hang or
// a sanitizer report — every diagnostic must render, a program's graph must
// verify, and its inline tests must run. The lexer's cache of transitions
// on characters above ASCII must cut valid UTF-8 into the same tokens as
// ANTLR's own simulator.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/diag/render.h"
#include "common/source/text_width.h"
#include "dsl/compiler.h"
#include "dsl/parse/tokens.h"
#include "dsl/testing/test_runner.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace duixian;
  std::string text(reinterpret_cast<const char*>(data), size);
  if (FindInvalidUtf8(text) == std::string_view::npos) {
    const std::vector<dsl::Token> cached = dsl::LexTokens(text);
    const std::vector<dsl::Token> reference = dsl::LexTokensWithAntlrSimulator(text);
    bool same = cached.size() == reference.size();
    for (size_t i = 0; same && i < cached.size(); ++i) {
      same = cached[i].kind == reference[i].kind && cached[i].begin == reference[i].begin &&
             cached[i].end == reference[i].end;
    }
    if (!same) fuzz::Fail("the cached lexer cut the text differently");
  }
  std::vector<dsl::SourceInput> inputs;
  // The shared definitions are compiled along only when the input imports
  // them: lexing them costs more than most inputs.
  const bool imports = text.find("import") != std::string::npos ||
                       text.find("导入") != std::string::npos;
  inputs.push_back({"fuzz", "fuzz.policy", std::move(text)});
  if (imports) {
    static const std::string common = fuzz::ReadRepoFile("policies/common.policy");
    inputs.push_back({"common", "common.policy", common});
  }
  dsl::Compilation c = dsl::CompileSources(fuzz::RepoSchema(), fuzz::RepoCalendar(), std::move(inputs));

  RenderOptions options;
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    options.lang = lang;
    for (const Diagnostic& d : c.diagnostics.diagnostics()) {
      if (RenderText(d, *c.sources, options).empty()) fuzz::Fail("empty rendered diagnostic");
      (void)RenderShort(d, *c.sources, options);
    }
  }
  (void)RenderJson(c.diagnostics.diagnostics(), *c.sources, options);

  if (c.program != nullptr) {
    if (c.diagnostics.has_errors()) fuzz::Fail("a program despite errors");
    std::string broken = c.program->graph.Verify();
    if (!broken.empty()) fuzz::Fail("rule graph: " + broken);
    (void)dsl::RunPolicyTests(c);
  }
  return 0;
}
