// Reads and decodes a population once, in parallel, for analyses that
// evaluate each firm several times (`duixian diff`, `duixian sweep`): a
// reader thread walks the inputs (engine/batch/input_walker.h) in batches,
// N workers decode each firm and hand it to their own ScanWorker, and the
// calling thread writes what the workers produced strictly in input order.
// Bad inputs are counted, not reported (`duixian screen` lists them).
// Memory is bounded like the screener's: a fixed number of batches in flight.
#ifndef DX_ENGINE_BATCH_POPULATION_SCAN_H_
#define DX_ENGINE_BATCH_POPULATION_SCAN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/profile/firm_record.h"
#include "engine/profile/schema.h"

namespace duixian::engine {

// Where a firm came from: input number (0-based, input order), the file
// below the firms folder or the JSONL file name, the JSONL line (0 for files).
struct ScanInput {
  uint64_t n = 0;
  const std::string* file = nullptr;
  int64_t line = 0;
};

// One worker's analysis; called on one thread only. Whatever it appends to
// `out` is written in input order.
class ScanWorker {
 public:
  virtual ~ScanWorker() = default;
  virtual void Firm(const ScanInput& input, const FirmRecord& firm, std::string* out) = 0;
};

struct ScanCounts {
  uint64_t inputs = 0;
  uint64_t results = 0;  // decoded and handed to a worker
  uint64_t errors = 0;   // unreadable or undecodable inputs
  double seconds = 0;
};

// `workers.size()` threads, each driving its own worker. `write` receives
// the ordered output (may be null). Errors: the input cannot be opened or
// read, or `write` failed.
absl::StatusOr<ScanCounts> ScanPopulation(const Schema& schema, const std::string& firms,
                                          const std::vector<ScanWorker*>& workers,
                                          const std::function<absl::Status(std::string_view)>& write);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_POPULATION_SCAN_H_
