#include "engine/batch/population_scan.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "engine/batch/input_walker.h"
#include "engine/batch/ordered_pipeline.h"
#include "engine/batch/screener.h"
#include "engine/profile/firm_decoder.h"

namespace duixian::engine {
namespace {

constexpr size_t kBatchSize = 64;

struct Batch {
  uint64_t index = 0;
  std::vector<InputItem> items;
  std::string out;
  uint64_t errors = 0;
};

void Process(FirmFileDecoder& decoder, ScanWorker& worker, Batch* b) {
  std::string text, error, id;
  FolderFileReader files;
  // One input; false when it is bad (counted, not scanned).
  auto scan = [&](InputItem& item) {
    if (!item.error.empty()) return false;
    std::string_view json;
    if (item.path.empty()) {
      json = item.text;
    } else if (files.Read(item.path, &text, &error)) {
      json = text;
    } else {
      return false;
    }
    InputName(item, &id);
    FirmDataIssue issue;
    const FirmRecord* record = decoder.Decode(json, id, &issue);
    if (record == nullptr) return false;
    worker.Firm(ScanInput{item.seq, &item.file, item.line}, *record, &b->out);
    return true;
  };
  for (InputItem& item : b->items) {
    if (!scan(item)) ++b->errors;
    // Whatever became of it: an item keeps no large line from batch to batch.
    ReleaseInputText(&item);
  }
}

}  // namespace

absl::StatusOr<ScanCounts> ScanPopulation(const Schema& schema, const std::string& firms,
                                          const std::vector<ScanWorker*>& workers,
                                          const std::function<absl::Status(std::string_view)>& write) {
  auto start = std::chrono::steady_clock::now();
  InputSource source;
  if (absl::Status s = source.Open(firms, IsJsonlInput(firms)); !s.ok()) return s;
  const size_t threads = std::max<size_t>(1, workers.size());
  OrderedPipeline<Batch> pipeline(std::max<uint64_t>(8, threads * 4));
  pipeline.StartReader([&](Batch* b) { return source.Next(kBatchSize, &b->items); });
  pipeline.StartWorkers(static_cast<int>(threads), [&](int t) {
    FirmFileDecoder decoder(schema);
    pipeline.Work([&](Batch* b) { Process(decoder, *workers[static_cast<size_t>(t)], b); });
  });

  ScanCounts counts;
  absl::Status status;
  std::unique_ptr<Batch> b;
  while (pipeline.TakeInOrder(&b) == OrderedNext::kBatch) {
    counts.inputs += b->items.size();
    counts.errors += b->errors;
    if (write && !b->out.empty()) status = write(b->out);
    if (!status.ok()) break;
    pipeline.Written();
  }
  pipeline.Stop();
  if (status.ok()) status = source.status();
  if (!status.ok()) return status;
  counts.results = counts.inputs - counts.errors;
  counts.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return counts;
}

}  // namespace duixian::engine
