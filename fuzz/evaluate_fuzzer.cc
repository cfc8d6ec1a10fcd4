// libFuzzer target: evaluation of a fuzzed firm profile against the whole
// policy catalogue. The input is a firm file; when it decodes, the engine
// evaluates it in all three modes on a date taken from the input, and every
// mode must agree with the reference evaluator (tests/reference_eval) —
// verdicts, failing clauses, missing fields, benefits, exclusive groups —
// and the result must serialise. Never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "dsl/compiler.h"
#include "engine/eval/decision_json.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"
#include "fuzz/fuzz_support.h"
#include "tests/reference_eval/reference_evaluator.h"

namespace {

std::shared_ptr<const duixian::engine::Program> Catalogue() {
  static const std::shared_ptr<const duixian::engine::Program> program = [] {
    absl::StatusOr<duixian::dsl::Compilation> c =
        duixian::dsl::CompileDirectory(duixian::fuzz::SourceDir() + "/policies");
    if (!c.ok() || c->program == nullptr) duixian::fuzz::Fail("the policy catalogue does not compile");
    return c->program;
  }();
  return program;
}

}  // namespace

// The catalogue is compiled here, before the first input: inside the first
// input it counted against -timeout, and under ASan on a busy machine the
// compilation alone passed 25 s (a "timeout" on the first seed).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  Catalogue();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace duixian;
  std::shared_ptr<const engine::Program> program = Catalogue();
  static engine::Evaluator evaluator(program);
  static reference::ReferenceEvaluator reference(*program);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*program->schema, text, "fuzz.json");
  if (!r.record) return 0;
  // The evaluation date: one of a few years around the catalogue's windows,
  // chosen by the input's length so the same input always gets the same date.
  const engine::CivilDate date = engine::CivilDate::FromDays(
      engine::CivilDate::FromYmd(2023, 1, 1)->days_since_epoch() + static_cast<int32_t>(size % 1461));
  std::vector<reference::ReferencePolicy> expected = reference.Evaluate(*r.record, date);
  for (engine::EvalMode mode : {engine::EvalMode::kVerdict, engine::EvalMode::kAllClauses, engine::EvalMode::kExplain}) {
    engine::Decision d = evaluator.Evaluate(*r.record, date, mode);
    std::vector<std::string> diffs = reference::ReferenceEvaluator::Compare(*program, expected, d, mode);
    if (!diffs.empty()) fuzz::Fail("engine and reference disagree: " + absl::StrJoin(diffs, " | "));
    if (engine::DecisionToJson(*program, d, -1).empty()) fuzz::Fail("empty decision JSON");
  }
  return 0;
}
