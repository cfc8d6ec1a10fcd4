// Screens a whole population against a compiled policy set: a streaming
// pipeline read → decode → evaluate → write over a pool of worker threads.
//
//   ScreenOptions o;
//   o.firms = "population";          // a folder (walked recursively) or a .jsonl file
//   o.out_dir = "out";
//   o.date = *CivilDate::Parse("2025-06-20");
//   o.threads = 8;
//   absl::StatusOr<ScreenStats> s = Screen(program, o);
//
// Outputs in out_dir (layouts in docs/results.md, "duixian.screen/1"):
// results.jsonl, errors.jsonl, matrix.csv, summary.json and report.html
// (engine/batch/screen_report.h). Every input is in
// exactly one of results.jsonl / errors.jsonl, in input order whatever the
// thread count. Memory is bounded: a fixed number of batches is in flight,
// and the writer waits for the oldest before the reader reads further.
//
// While running, the outputs are `<name>.part` files plus a checkpoint
// (.screen-checkpoint.json: inputs fully written, the byte size of each
// output, the summary state), fsync'd together about every second on a
// thread of their own, while writing goes on. A finished run
// renames the parts into place and removes the checkpoint, so a half-written
// line never reaches an output file. With `resume`, a run stopped by a
// signal, a crash or kill -9 continues from its last checkpoint and its final
// outputs are byte-identical to those of an uninterrupted run.
#ifndef DX_ENGINE_BATCH_SCREENER_H_
#define DX_ENGINE_BATCH_SCREENER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/eval/program.h"
#include "engine/profile/firm_limits.h"
#include "engine/value/civil_date.h"

namespace duixian::engine {

struct ScreenProgress {
  uint64_t done = 0;      // inputs written (results + errors), resumed ones included
  uint64_t results = 0;
  uint64_t errors = 0;
  uint64_t resumed = 0;   // inputs taken over from the checkpoint
  double fraction = -1;   // of the whole input, -1 when unknown
  double seconds = 0;     // since this run started
  bool final = false;
};

struct ScreenOptions {
  std::string firms;    // a folder of *.json firm files, or a JSONL file
  std::string out_dir;  // created if needed
  CivilDate date;
  int threads = 1;      // evaluation threads (a reader thread comes on top)
  bool resume = false;  // continue from out_dir's checkpoint, if any
  // Inputs between checkpoints; 0 checkpoints about once a second.
  uint64_t checkpoint_every = 0;
  // Count a folder's files first, so progress knows the fraction done.
  bool count_inputs = false;
  // Called on the writer thread about ten times a second and once at the end.
  std::function<void(const ScreenProgress&)> on_progress;
  // When it turns true the run checkpoints and stops (stats.cancelled).
  const std::atomic<bool>* cancel = nullptr;
  // Per-firm limits (file size, JSON shape, evaluation budget): a firm past
  // one is an error row naming the limit.
  FirmLimits limits;
};

struct ScreenStats {
  uint64_t inputs = 0;
  uint64_t results = 0;
  uint64_t errors = 0;
  uint64_t resumed = 0;      // inputs taken over from a checkpoint
  uint64_t firms_with_eligible = 0;
  std::string total_benefit;  // "1234.50"
  bool cancelled = false;     // stopped early; rerun with resume
  std::string report;         // path of report.html ("" when cancelled)
  double seconds = 0;
};

// True when `firms` names a JSONL file (ends in .jsonl / .ndjson, or is a
// regular file rather than a folder).
bool IsJsonlInput(const std::string& firms);

// Errors: the input or out_dir cannot be used, a checkpoint that belongs to
// another run, an output that cannot be written. Bad firm files are never
// errors here: they go to errors.jsonl.
absl::StatusOr<ScreenStats> Screen(std::shared_ptr<const Program> program, const ScreenOptions& options);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_SCREENER_H_
