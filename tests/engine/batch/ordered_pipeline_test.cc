// The read → work → write-in-order pipeline: batches come back in input order
// whatever order the workers finish them in, no more than max_in_flight
// exist at once, and a batch handed back to Written() is filled again rather
// than a new one made.
#include "engine/batch/ordered_pipeline.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

std::atomic<int> g_alive{0};
std::atomic<int> g_made{0};

struct Batch {
  Batch() {
    ++g_alive;
    ++g_made;
  }
  ~Batch() { --g_alive; }
  uint64_t index = 0;
  int first = -1;                 // the first input of the batch
  std::vector<int> inputs;
  std::vector<int> squares;       // the work
  int fills = 0;                  // how many times the reader filled this batch
};

struct PipelineRun {
  std::vector<int> written;       // inputs in the order they were written
  int max_alive = 0;
  int refilled = 0;               // batches the reader got back and filled again
};

PipelineRun RunPipeline(int inputs, int threads, bool hand_back) {
  g_alive = 0;
  g_made = 0;
  PipelineRun run;
  constexpr uint64_t kInFlight = 4;
  OrderedPipeline<Batch> pipeline(kInFlight);
  int next = 0;
  pipeline.StartReader([&](Batch* b) {
    if (b->fills > 0) ++run.refilled;
    ++b->fills;
    b->inputs.clear();
    b->squares.clear();
    b->first = next;
    for (int k = 0; k < 3 && next < inputs; ++k) b->inputs.push_back(next++);
    return !b->inputs.empty();
  });
  pipeline.StartWorkers(threads, [&](int) {
    pipeline.Work([&](Batch* b) {
      // Uneven work, so that workers finish batches out of order.
      std::this_thread::sleep_for(std::chrono::microseconds(b->first % 7 == 0 ? 800 : 50));
      for (int x : b->inputs) b->squares.push_back(x * x);
    });
  });
  std::unique_ptr<Batch> b;
  while (pipeline.TakeInOrder(&b, std::chrono::milliseconds(50)) != OrderedNext::kEnd) {
    if (b == nullptr) continue;
    run.max_alive = std::max(run.max_alive, g_alive.load());
    for (size_t i = 0; i < b->inputs.size(); ++i) {
      EXPECT_EQ(b->squares[i], b->inputs[i] * b->inputs[i]);
      run.written.push_back(b->inputs[i]);
    }
    if (hand_back) {
      pipeline.Written(std::move(b));
    } else {
      pipeline.Written();
    }
  }
  pipeline.Stop();
  return run;
}

TEST(OrderedPipelineTest, WritesEveryInputInInputOrder) {
  for (int threads : {1, 2, 8}) {
    PipelineRun run = RunPipeline(200, threads, /*hand_back=*/true);
    ASSERT_EQ(run.written.size(), 200u) << threads << " threads";
    for (int i = 0; i < 200; ++i) EXPECT_EQ(run.written[static_cast<size_t>(i)], i);
  }
}

TEST(OrderedPipelineTest, WrittenBatchesAreFilledAgain) {
  PipelineRun run = RunPipeline(300, 2, /*hand_back=*/true);
  ASSERT_EQ(run.written.size(), 300u);
  // 100 batches of 3 inputs went through, but only a handful of batch
  // objects were ever made: the rest were batches handed back.
  EXPECT_GT(run.refilled, 80);
  EXPECT_LE(g_made.load(), 8);
  EXPECT_EQ(g_alive.load(), 0);  // every batch destroyed with the pipeline
}

TEST(OrderedPipelineTest, WithoutHandingBackEveryBatchIsNew) {
  PipelineRun run = RunPipeline(30, 2, /*hand_back=*/false);
  ASSERT_EQ(run.written.size(), 30u);
  EXPECT_EQ(run.refilled, 0);
  EXPECT_GE(g_made.load(), 10);
}

TEST(OrderedPipelineTest, BatchesInFlightStayBounded) {
  PipelineRun run = RunPipeline(300, 8, /*hand_back=*/false);
  // At most max_in_flight (4) read and not yet written, the one the reader
  // is filling while it waits for room, and the one just written.
  EXPECT_LE(run.max_alive, 4 + 1 + 1);
}

}  // namespace
}  // namespace duixian::engine
