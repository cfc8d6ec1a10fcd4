#include "engine/batch/screener.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/batch/input_walker.h"
#include "engine/batch/ordered_pipeline.h"
#include "engine/batch/screen_report.h"
#include "engine/batch/screen_format.h"
#include "engine/batch/screen_summary.h"
#include "engine/batch/text_appender.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kCheckpointFormat[] = "duixian.screen-checkpoint/1";
constexpr char kCheckpointName[] = ".screen-checkpoint.json";
constexpr size_t kBatchSize = 64;  // inputs per unit of work
constexpr size_t kOutputBuffer = 1u << 20;
constexpr size_t kWriteDirectly = 32u << 10;  // appended text at least this large is written, not buffered

// The three streamed outputs, in checkpoint order.
constexpr const char* kOutputs[] = {"results.jsonl", "errors.jsonl", "matrix.csv"};
constexpr int kResults = 0;
constexpr int kErrors = 1;
constexpr int kMatrix = 2;

std::string ErrnoText() { return std::strerror(errno); }

// An append-only output with its own buffer; `size` counts every byte
// appended, flushed or not.
class OutFile {
 public:
  ~OutFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  // Opens `path`, truncated to `keep` bytes (0: empty).
  absl::Status Open(const std::string& path, uint64_t keep) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return absl::PermissionDeniedError(absl::StrCat("cannot open ", path, ": ", ErrnoText()));
    struct stat st;
    if (fstat(fd_, &st) != 0) return absl::DataLossError(absl::StrCat("cannot stat ", path, ": ", ErrnoText()));
    if (static_cast<uint64_t>(st.st_size) < keep) {
      return absl::DataLossError(absl::StrCat(path, " is shorter than its checkpoint says (", st.st_size, " < ",
                                              keep, " bytes); run again without --resume"));
    }
    if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0 || ::lseek(fd_, static_cast<off_t>(keep), SEEK_SET) < 0) {
      return absl::DataLossError(absl::StrCat("cannot truncate ", path, ": ", ErrnoText()));
    }
    size_ = keep;
    buf_.reserve(kOutputBuffer + (64u << 10));
    return absl::OkStatus();
  }

  absl::Status Append(std::string_view s) {
    size_ += s.size();
    if (buf_.size() + s.size() < kOutputBuffer && s.size() < kWriteDirectly) {
      buf_.append(s.data(), s.size());
      return absl::OkStatus();
    }
    // What fills the buffer, or is large enough for a write of its own (a
    // batch's results lines), goes out as it is, after the buffer, rather
    // than being copied into it first.
    if (absl::Status st = Flush(); !st.ok()) return st;
    return WriteAll(s);
  }

  absl::Status Flush() {
    if (absl::Status st = WriteAll(buf_); !st.ok()) return st;
    buf_.clear();
    return absl::OkStatus();
  }

  absl::Status Sync() {
    if (absl::Status s = Flush(); !s.ok()) return s;
    return SyncWritten();
  }

  // Makes durable what Flush has written (not what is still buffered). Safe
  // on another thread while this one goes on writing.
  absl::Status SyncWritten() const {
    if (::fdatasync(fd_) != 0) return absl::DataLossError(absl::StrCat("cannot sync ", path_, ": ", ErrnoText()));
    return absl::OkStatus();
  }

  absl::Status Close() {
    absl::Status s = Sync();
    if (fd_ >= 0 && ::close(fd_) != 0 && s.ok()) s = absl::DataLossError(absl::StrCat("cannot close ", path_));
    fd_ = -1;
    return s;
  }

  uint64_t size() const { return size_; }

 private:
  absl::Status WriteAll(std::string_view s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::write(fd_, s.data() + off, s.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        return absl::DataLossError(absl::StrCat("cannot write ", path_, ": ", ErrnoText()));
      }
      off += static_cast<size_t>(n);
    }
    return absl::OkStatus();
  }

  std::string path_;
  int fd_ = -1;
  std::string buf_;
  uint64_t size_ = 0;
};

absl::Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return absl::DataLossError(absl::StrCat("cannot open ", dir, ": ", ErrnoText()));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return absl::DataLossError(absl::StrCat("cannot sync ", dir, ": ", ErrnoText()));
  return absl::OkStatus();
}

// Writes `text` to `path` via a temporary file, fsync and rename.
absl::Status WriteFileAtomically(const std::string& dir, const std::string& name, const std::string& text) {
  std::string tmp = absl::StrCat(dir, "/", name, ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::PermissionDeniedError(absl::StrCat("cannot write ", tmp, ": ", ErrnoText()));
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return absl::DataLossError(absl::StrCat("cannot write ", tmp, ": ", ErrnoText()));
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return absl::DataLossError(absl::StrCat("cannot sync ", tmp, ": ", ErrnoText()));
  }
  std::string path = absl::StrCat(dir, "/", name);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::DataLossError(absl::StrCat("cannot rename ", tmp, ": ", ErrnoText()));
  }
  return SyncDir(dir);
}

// Makes checkpoints durable on a thread of its own, so that the thread
// writing the outputs never waits for the disk: each fdatasync took up to
// 0.1 s, and with the outputs stopped the workers stalled (strace on
// 100,000 firms: 0.9 s of a 8 s run). A checkpoint's output bytes are
// written (flushed) before it starts; the writer syncs them, then writes
// the checkpoint file (fsync, rename, directory fsync), in that order, so a
// checkpoint on disk never counts bytes that are not. One at a time: a
// checkpoint due while one is in flight waits for the next chance.
class CheckpointWriter {
 public:
  CheckpointWriter(const std::string& dir, const OutFile* outs, int count)
      : dir_(dir), outs_(outs), count_(count) {}
  ~CheckpointWriter() { (void)Wait(); }

  bool Busy() const {
    return pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  }

  // Starts making `checkpoint_json` durable. Call only when !Busy().
  void Start(std::string checkpoint_json) {
    Collect();
    pending_ = std::async(std::launch::async, [this, json = std::move(checkpoint_json)] {
      for (int i = 0; i < count_; ++i) {
        if (absl::Status s = outs_[i].SyncWritten(); !s.ok()) return s;
      }
      return WriteFileAtomically(dir_, kCheckpointName, json);
    });
  }

  // The first failure of a finished checkpoint so far (without waiting).
  absl::Status status() {
    if (!Busy()) Collect();
    return status_;
  }

  // Waits for the checkpoint in flight; the first failure so far.
  absl::Status Wait() {
    Collect();
    return status_;
  }

 private:
  void Collect() {
    if (!pending_.valid()) return;
    absl::Status s = pending_.get();
    if (status_.ok()) status_ = s;
  }

  const std::string dir_;
  const OutFile* outs_;
  const int count_;
  std::future<absl::Status> pending_;
  absl::Status status_;
};

struct Checkpoint {
  std::string policy_set;
  std::string date;
  std::string firms;  // canonical path of the input
  bool jsonl = false;
  uint64_t inputs = 0;
  uint64_t input_offset = 0;  // JSONL: byte offset after the last input
  int64_t input_line = 0;     // JSONL: its line number
  uint64_t sizes[3] = {0, 0, 0};
  std::string summary;  // ScreenSummary::Serialize()

  std::string ToJson() const {
    nlohmann::ordered_json j;
    j["format"] = kCheckpointFormat;
    j["policy_set"] = policy_set;
    j["date"] = date;
    j["firms"] = firms;
    j["jsonl"] = jsonl;
    j["inputs"] = inputs;
    j["input_offset"] = input_offset;
    j["input_line"] = input_line;
    j["sizes"] = {sizes[0], sizes[1], sizes[2]};
    j["summary"] = summary;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }

  static std::optional<Checkpoint> Parse(const std::string& text) {
    try {
      nlohmann::json j = nlohmann::json::parse(text);
      if (j.at("format").get<std::string>() != kCheckpointFormat) return std::nullopt;
      Checkpoint c;
      c.policy_set = j.at("policy_set").get<std::string>();
      c.date = j.at("date").get<std::string>();
      c.firms = j.at("firms").get<std::string>();
      c.jsonl = j.at("jsonl").get<bool>();
      c.inputs = j.at("inputs").get<uint64_t>();
      c.input_offset = j.at("input_offset").get<uint64_t>();
      c.input_line = j.at("input_line").get<int64_t>();
      for (size_t i = 0; i < 3; ++i) c.sizes[i] = j.at("sizes").at(i).get<uint64_t>();
      c.summary = j.at("summary").get<std::string>();
      return c;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
};

// One input on its way through the pipeline.
using Item = InputItem;

// A batch is filled, worked and written, then filled again (the pipeline
// hands written batches back): its strings and summary keep their storage.
struct Batch {
  uint64_t index = 0;
  std::vector<Item> items;
  uint64_t end_offset = 0;  // JSONL position after the batch
  int64_t end_line = 0;
  // Filled by a worker.
  TextBuffer out[3];
  std::unique_ptr<ScreenSummary> summary;  // the batch's firms; made by the first worker

  void Reset() {
    // items: refilled in place by InputSource::Next.
    for (TextBuffer& o : out) o.clear();
    if (summary != nullptr) summary->Clear();
  }
};

// A worker's scratch, kept from firm to firm.
struct WorkerScratch {
  std::string text;
  std::string id_name;
  Decision decision;
  FolderFileReader files;
};

void ProcessBatch(const ScreenFormatter& fmt, FirmFileDecoder& decoder, Evaluator& ev, CivilDate date,
                  const FirmLimits& limits, WorkerScratch& scratch, Batch* b) {
  const Program& program = fmt.program();
  if (b->summary == nullptr) b->summary = std::make_unique<ScreenSummary>(program, fmt.towns());
  ScreenSummary& summary = *b->summary;
  std::string& text = scratch.text;
  Decision& d = scratch.decision;
  TextAppender results(&b->out[kResults]);
  TextAppender matrix(&b->out[kMatrix]);
  TextAppender errors(&b->out[kErrors], 4096);
  for (Item& item : b->items) {
    InputRef ref{item.seq, item.file, item.line};
    FirmDataIssue issue;
    issue.file = item.file;
    bool failed = false;
    if (!item.error.empty()) {
      issue.reason = item.error;
      issue.reason_zh = item.error_zh;
      failed = true;
    } else {
      std::string_view json;
      std::string read_error;
      if (item.path.empty()) {
        json = item.text;
      } else if (scratch.files.Read(item.path, &text, &read_error, limits.max_file_bytes)) {
        json = text;
      } else {
        issue.reason = read_error;
        issue.reason_zh = read_error.rfind("file larger", 0) == 0          ? "文件超过大小上限"
                          : read_error.rfind("is a folder", 0) == 0        ? "是文件夹，不是企业档案文件"
                          : read_error == "not a regular file"             ? "不是普通文件"
                                                                           : "无法读取文件";
        failed = true;
      }
      if (!failed) {
        try {
          std::string& id_name = scratch.id_name;
          InputName(item, &id_name);
          const FirmRecord* record = decoder.Decode(json, id_name, &issue);
          if (record == nullptr) {
            if (issue.reason.empty()) issue.reason = "not a usable firm record";
            failed = true;
          } else {
            ev.EvaluateInto(*record, date, EvalMode::kAllClauses, &d);
            if (!d.error.empty()) {
              issue = FirmDataIssue{};
              issue.file = item.file;
              issue.line = static_cast<int>(item.line);
              issue.reason = d.error;
              issue.reason_zh = "评估超出每户计算量上限（记录列表过大？）";
              fmt.AppendError(ref, issue, errors);
              summary.AddError();
              ReleaseInputText(&item);
              continue;
            }
            const int town = fmt.TownOf(*record);
            fmt.AppendResult(ref, d, town, results);
            fmt.AppendMatrixRow(ref, *record, d, town, matrix);
            summary.AddDecision(d, town);
          }
        } catch (const std::exception& e) {
          issue = FirmDataIssue{};
          issue.reason = absl::StrCat("internal error: ", e.what());
          issue.reason_zh = absl::StrCat("内部错误: ", e.what());
          failed = true;
        }
      }
    }
    if (failed) {
      if (item.column > 0 && issue.line > 0) {
        // An element of a JSON array: the decoder counted from the element's
        // start; the row names the place in the file.
        if (issue.line == 1) issue.column += static_cast<int>(item.column) - 1;
        issue.line += static_cast<int>(item.line) - 1;
        ref.line = issue.line;
      }
      fmt.AppendError(ref, issue, errors);
      summary.AddError();
    }
    ReleaseInputText(&item);
  }
}

std::string CanonicalPath(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::path(p), ec);
  return ec ? p : c.string();
}

uint64_t CountFolderInputs(const std::string& firms) {
  SortedFileWalker walker(firms);
  WalkEntry e;
  uint64_t n = 0;
  while (walker.Next(&e)) ++n;
  return n;
}

}  // namespace

bool IsJsonlInput(const std::string& firms) {
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return firms.size() >= n && firms.compare(firms.size() - n, n, s) == 0;
  };
  if (ends(".jsonl") || ends(".ndjson")) return true;
  std::error_code ec;
  return fs::is_regular_file(firms, ec);
}

absl::StatusOr<ScreenStats> Screen(std::shared_ptr<const Program> program, const ScreenOptions& options) {
  Clock::time_point start = Clock::now();
  if (program == nullptr || program->schema == nullptr) return absl::InvalidArgumentError("no policy set");
  std::error_code ec;
  bool jsonl = IsJsonlInput(options.firms);
  if (jsonl ? !fs::is_regular_file(options.firms, ec) : !fs::is_directory(options.firms, ec)) {
    return absl::NotFoundError(absl::StrCat(options.firms, ": no such folder or JSONL file"));
  }
  const std::string& dir = options.out_dir;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) return absl::PermissionDeniedError(absl::StrCat("cannot create ", dir));

  ScreenFormatter fmt(program);
  ScreenSummary summary(*program, fmt.towns());
  Checkpoint cp;
  cp.policy_set = program->digest;
  cp.date = options.date.ToString();
  cp.firms = CanonicalPath(options.firms);
  cp.jsonl = jsonl;

  auto out_path = [&](int i, bool part) { return absl::StrCat(dir, "/", kOutputs[i], part ? ".part" : ""); };
  std::string checkpoint_path = absl::StrCat(dir, "/", kCheckpointName);
  bool resuming = false;
  if (options.resume && fs::exists(checkpoint_path, ec)) {
    std::string text, err;
    if (!ReadWholeFile(checkpoint_path, &text, &err)) return absl::DataLossError(absl::StrCat(checkpoint_path, ": ", err));
    std::optional<Checkpoint> old = Checkpoint::Parse(text);
    if (!old) return absl::DataLossError(absl::StrCat(checkpoint_path, " is not a screening checkpoint"));
    if (old->policy_set != cp.policy_set || old->date != cp.date || old->firms != cp.firms || old->jsonl != cp.jsonl) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the checkpoint in ", dir, " belongs to another run (policies, date or firms differ); run without --resume"));
    }
    if (!summary.Restore(old->summary) || summary.inputs() != old->inputs) {
      return absl::DataLossError(absl::StrCat(checkpoint_path, " does not fit this policy set"));
    }
    // A run killed while moving its parts into place: move them back.
    for (int i = 0; i < 3; ++i) {
      if (!fs::exists(out_path(i, true), ec) && fs::exists(out_path(i, false), ec)) {
        fs::rename(out_path(i, false), out_path(i, true), ec);
      }
    }
    cp = *old;
    resuming = true;
  } else {
    for (int i = 0; i < 3; ++i) {
      fs::remove(out_path(i, false), ec);
      fs::remove(out_path(i, true), ec);
    }
    fs::remove(checkpoint_path, ec);
  }
  for (const char* name : {"summary.json", "summary.json.tmp", "report.html", "report.html.tmp"}) {
    fs::remove(absl::StrCat(dir, "/", name), ec);
  }

  OutFile outs[3];
  for (int i = 0; i < 3; ++i) {
    if (absl::Status s = outs[i].Open(out_path(i, true), resuming ? cp.sizes[i] : 0); !s.ok()) return s;
  }
  if (!resuming) {
    if (absl::Status s = outs[kMatrix].Append(fmt.MatrixHeader()); !s.ok()) return s;
  }
  const uint64_t resumed = summary.inputs();

  InputSource source;
  if (absl::Status s = source.Open(options.firms, jsonl, cp.inputs, cp.input_offset, cp.input_line,
                                       options.limits.max_file_bytes);
      !s.ok()) {
    return s;
  }
  uint64_t total_inputs = 0;
  if (!jsonl && options.count_inputs) total_inputs = CountFolderInputs(options.firms);

  // The state a checkpoint records: inputs done, output sizes, the summary.
  auto checkpoint_json = [&]() {
    cp.inputs = summary.inputs();
    for (int i = 0; i < 3; ++i) cp.sizes[i] = outs[i].size();
    cp.summary = summary.Serialize();
    return cp.ToJson();
  };
  // While running, checkpoints are made durable in the background; at the
  // end (stopped or finished), here and now, after the one in flight.
  CheckpointWriter checkpoints(dir, outs, 3);
  auto start_checkpoint = [&]() -> absl::Status {
    if (checkpoints.Busy()) return absl::OkStatus();  // the next one will be due soon
    if (absl::Status s = checkpoints.status(); !s.ok()) return s;
    for (OutFile& o : outs) {
      if (absl::Status s = o.Flush(); !s.ok()) return s;
    }
    checkpoints.Start(checkpoint_json());
    return absl::OkStatus();
  };
  auto write_checkpoint = [&]() -> absl::Status {
    if (absl::Status s = checkpoints.Wait(); !s.ok()) return s;
    for (OutFile& o : outs) {
      if (absl::Status s = o.Sync(); !s.ok()) return s;
    }
    return WriteFileAtomically(dir, kCheckpointName, checkpoint_json());
  };

  // The pipeline.
  const int threads = std::max(1, options.threads);
  OrderedPipeline<Batch> pipeline(static_cast<uint64_t>(std::max(8, threads * 4)));
  pipeline.StartReader([&](Batch* b) {
    b->Reset();
    return source.Next(kBatchSize, &b->items, &b->end_offset, &b->end_line);
  });
  pipeline.StartWorkers(threads, [&](int) {
    FirmFileDecoder decoder(*program->schema, options.limits);
    Evaluator ev(program);
    ev.set_max_steps(options.limits.max_eval_steps);
    WorkerScratch scratch;
    pipeline.Work([&](Batch* b) { ProcessBatch(fmt, decoder, ev, options.date, options.limits, scratch, b); });
  });

  absl::Status status;
  bool cancelled = false;
  Clock::time_point last_checkpoint = Clock::now(), last_progress = Clock::time_point();
  uint64_t since_checkpoint = 0;
  auto report = [&](bool final) {
    if (!options.on_progress) return;
    ScreenProgress p;
    p.done = summary.inputs();
    p.results = summary.results();
    p.errors = summary.errors();
    p.resumed = resumed;
    if (jsonl && source.file_size() > 0) {
      p.fraction = static_cast<double>(cp.input_offset) / static_cast<double>(source.file_size());
    } else if (total_inputs > 0) {
      p.fraction = static_cast<double>(p.done) / static_cast<double>(total_inputs);
    }
    if (final && status.ok() && !cancelled) p.fraction = 1;
    p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    p.final = final;
    options.on_progress(p);
  };
  for (;;) {
    std::unique_ptr<Batch> b;
    OrderedNext next = pipeline.TakeInOrder(&b, std::chrono::milliseconds(100));
    if (options.cancel != nullptr && options.cancel->load()) {
      cancelled = true;
      break;
    }
    if (next == OrderedNext::kEnd) break;
    if (b != nullptr) {
      for (int i = 0; i < 3 && status.ok(); ++i) status = outs[i].Append(View(b->out[i]));
      if (!status.ok()) break;
      if (b->summary != nullptr) summary.Merge(*b->summary);
      if (jsonl) {
        cp.input_offset = b->end_offset;
        cp.input_line = b->end_line;
      }
      since_checkpoint += b->items.size();
      pipeline.Written(std::move(b));
      Clock::time_point now = Clock::now();
      bool due = options.checkpoint_every > 0 ? since_checkpoint >= options.checkpoint_every
                                              : now - last_checkpoint >= std::chrono::seconds(1);
      if (due) {
        status = start_checkpoint();
        if (!status.ok()) break;
        last_checkpoint = now;
        since_checkpoint = 0;
      }
    }
    Clock::time_point now = Clock::now();
    if (now - last_progress >= std::chrono::milliseconds(100)) {
      report(false);
      last_progress = now;
    }
  }
  pipeline.Stop();
  if (status.ok()) status = source.status();
  if (!status.ok()) return status;

  ScreenStats stats;
  stats.resumed = resumed;
  if (cancelled) {
    status = write_checkpoint();
    if (!status.ok()) return status;
    stats.cancelled = true;
  } else {
    // Finish: sync the parts, write the summary, move everything into place,
    // then drop the checkpoint (after the one in flight is on disk).
    if (absl::Status s = checkpoints.Wait(); !s.ok()) return s;
    for (OutFile& o : outs) {
      if (absl::Status s = o.Close(); !s.ok()) return s;
    }
    std::string summary_json = summary.ToJson(options.date.ToString());
    if (absl::Status s = WriteFileAtomically(dir, "summary.json", summary_json); !s.ok()) return s;
    // The report is rendered from summary.json's text, so its figures are
    // those of summary.json.
    std::string report = RenderScreenReport(nlohmann::json::parse(summary_json));
    if (absl::Status s = WriteFileAtomically(dir, "report.html", report); !s.ok()) return s;
    for (int i = 0; i < 3; ++i) {
      if (::rename(out_path(i, true).c_str(), out_path(i, false).c_str()) != 0) {
        return absl::DataLossError(absl::StrCat("cannot rename ", out_path(i, true), ": ", ErrnoText()));
      }
    }
    if (absl::Status s = SyncDir(dir); !s.ok()) return s;
    fs::remove(checkpoint_path, ec);
    if (absl::Status s = SyncDir(dir); !s.ok()) return s;
  }
  stats.inputs = summary.inputs();
  stats.results = summary.results();
  stats.errors = summary.errors();
  stats.firms_with_eligible = summary.firms_with_eligible();
  stats.total_benefit = FenToText(summary.total_benefit_fen());
  if (!cancelled) stats.report = absl::StrCat(dir, "/report.html");
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  report(true);
  return stats;
}

}  // namespace duixian::engine
