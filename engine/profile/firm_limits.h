// Limits on what one firm file may ask of the engine. Past a limit the firm
// is an error naming the file, the place and the limit — in `duixian
// screen` an error row, and the run goes on — never a crash, a stack
// overflow, a memory blow-up or a run that does not end. Defaults are in
// docs/reliability.md; `duixian screen` and `duixian eval` take --max-* flags.
//
//   FirmLimits limits;
//   limits.max_file_bytes = 64u << 20;
//   FirmDecodeResult r = DecodeFirmJson(schema, text, "a.json", limits);
//   Evaluator ev(program);
//   ev.set_max_steps(limits.max_eval_steps);
#ifndef DX_ENGINE_PROFILE_FIRM_LIMITS_H_
#define DX_ENGINE_PROFILE_FIRM_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace duixian::engine {

struct FirmLimits {
  // One firm file, or one line of a JSONL file.
  uint64_t max_file_bytes = 16u << 20;
  // Nesting of JSON arrays and objects (a firm file needs 4).
  int max_depth = 64;
  // One string value or key, in bytes (经营范围 runs to a few thousand).
  size_t max_string_bytes = 64u << 10;
  // Elements of one array or members of one object (records of a list).
  size_t max_items = 10000;
  // Digits of one number, integer and fraction together (money to the fen
  // needs 15; Number holds 38 exactly).
  int max_number_digits = 30;
  // Node computations to evaluate one firm against the policy set
  // (engine::Evaluator::set_max_steps); 0: no limit.
  uint64_t max_eval_steps = 5'000'000;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_PROFILE_FIRM_LIMITS_H_
