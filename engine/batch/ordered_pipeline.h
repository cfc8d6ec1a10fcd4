// The read → work → write-in-order pipeline shared by `duixian screen`
// (engine/batch/screener.cc) and the population scans of `duixian diff` and
// `duixian sweep` (engine/batch/population_scan.cc): one reader thread fills
// batches of inputs, N worker threads process them in any order, and the
// calling thread takes them back strictly in input order. At most
// `max_in_flight` batches exist at once (read but not yet written), so memory
// stays bounded whatever the population size.
//
//   OrderedPipeline<Batch> p(max_in_flight);      // Batch has `uint64_t index`
//   p.StartReader([&](Batch* b) { return source.NextBatch(b); });
//   p.StartWorkers(threads, [&](int t) {
//     Evaluator ev(program);                        // per-thread state
//     p.Work([&](Batch* b) { Process(ev, b); });
//   });
//   std::unique_ptr<Batch> b;
//   while (p.TakeInOrder(&b, timeout) != OrderedNext::kEnd) {
//     if (b) { write(*b); p.Written(std::move(b)); }
//   }
//   p.Stop();                                       // joins every thread
#ifndef DX_ENGINE_BATCH_ORDERED_PIPELINE_H_
#define DX_ENGINE_BATCH_ORDERED_PIPELINE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace duixian::engine {

enum class OrderedNext {
  kBatch,    // *out holds the next batch in input order
  kTimeout,  // none ready within the wait; *out is null
  kEnd,      // every batch read has been taken
};

template <typename Batch>
class OrderedPipeline {
 public:
  explicit OrderedPipeline(uint64_t max_in_flight) : max_in_flight_(max_in_flight) {}
  ~OrderedPipeline() { Stop(); }
  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  // Starts the reader thread. `fill` fills a batch and returns false when
  // the inputs are exhausted (that batch is then dropped). The batch is new,
  // or one handed back to Written() after it was written: `fill` resets
  // what it needs to, and the buffers keep their capacity.
  void StartReader(std::function<bool(Batch*)> fill) {
    reader_ = std::thread([this, fill = std::move(fill)] {
      for (;;) {
        std::unique_ptr<Batch> b;
        {
          std::lock_guard<std::mutex> lock(mu_);
          if (!spare_.empty()) {
            b = std::move(spare_.back());
            spare_.pop_back();
          }
        }
        if (b == nullptr) b = std::make_unique<Batch>();
        if (!fill(b.get())) break;
        std::unique_lock<std::mutex> lock(mu_);
        space_cv_.wait(lock, [&] { return stopping_ || issued_ - written_ < max_in_flight_; });
        if (stopping_) break;
        b->index = issued_++;
        work_.push_back(std::move(b));
        lock.unlock();
        work_cv_.notify_one();
      }
      std::lock_guard<std::mutex> lock(mu_);
      reader_done_ = true;
      work_cv_.notify_all();
      done_cv_.notify_all();
    });
  }

  // Starts `threads` worker threads, each running `run(t)`; `run` sets up
  // its per-thread state and then calls Work().
  void StartWorkers(int threads, const std::function<void(int)>& run) {
    for (int t = 0; t < threads; ++t) workers_.emplace_back([run, t] { run(t); });
  }

  // Processes batches on the calling (worker) thread until there is no more
  // work or the pipeline stops.
  void Work(const std::function<void(Batch*)>& process) {
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [&] { return stopping_ || !work_.empty() || reader_done_; });
        if (stopping_ || work_.empty()) return;
        b = std::move(work_.front());
        work_.pop_front();
      }
      process(b.get());
      {
        std::lock_guard<std::mutex> lock(mu_);
        uint64_t index = b->index;
        done_.emplace(index, std::move(b));
      }
      done_cv_.notify_all();
    }
  }

  // The next batch in input order, waiting at most `wait` (forever when
  // unset). Call Written() once the batch has been consumed.
  OrderedNext TakeInOrder(std::unique_ptr<Batch>* out,
                          std::optional<std::chrono::milliseconds> wait = std::nullopt) {
    out->reset();
    std::unique_lock<std::mutex> lock(mu_);
    auto ready = [&] { return done_.count(written_) > 0 || (reader_done_ && written_ == issued_); };
    if (wait) {
      done_cv_.wait_for(lock, *wait, ready);
    } else {
      done_cv_.wait(lock, ready);
    }
    auto it = done_.find(written_);
    if (it != done_.end()) {
      *out = std::move(it->second);
      done_.erase(it);
      return OrderedNext::kBatch;
    }
    return reader_done_ && written_ == issued_ ? OrderedNext::kEnd : OrderedNext::kTimeout;
  }

  // The batch last taken has been written: its slot goes back to the
  // reader, and so does the batch itself when given, to be filled again.
  void Written(std::unique_ptr<Batch> reuse = nullptr) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++written_;
      if (reuse != nullptr) spare_.push_back(std::move(reuse));
    }
    space_cv_.notify_one();
  }

  // Stops reading and working (batches in flight are dropped) and joins
  // every thread. Idempotent.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    space_cv_.notify_all();
    done_cv_.notify_all();
    if (reader_.joinable()) reader_.join();
    for (std::thread& t : workers_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  const uint64_t max_in_flight_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_, space_cv_;
  std::deque<std::unique_ptr<Batch>> work_;
  std::map<uint64_t, std::unique_ptr<Batch>> done_;
  std::vector<std::unique_ptr<Batch>> spare_;  // written, to be filled again
  uint64_t issued_ = 0, written_ = 0;
  bool reader_done_ = false, stopping_ = false;
  std::thread reader_;
  std::vector<std::thread> workers_;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_ORDERED_PIPELINE_H_
