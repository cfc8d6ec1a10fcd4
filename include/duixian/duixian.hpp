// The C++ API of libduixian: load a policy set, evaluate firms, reload
// without downtime. Results are the `duixian.decision/1` JSON of
// docs/results.md, byte for byte what `duixian eval --format json` prints.
//
//   auto set = duixian::PolicySet::LoadDirectory("policies");
//   std::string json = set->Evaluate(firm_json, {"2025-06-20"});
//
// Errors are thrown as duixian::Error (a status, a message, and the
// diagnostics when the policies do not compile or a firm file is bad).
// A PolicySet is immutable once loaded: any number of threads may evaluate
// on it at once. See docs/embedding.md.
#ifndef DUIXIAN_DUIXIAN_HPP_
#define DUIXIAN_DUIXIAN_HPP_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "duixian/export.h"

namespace duixian {

// "0.1.0": the library version (also DUIXIAN_VERSION in duixian.h).
DUIXIAN_API const char* LibraryVersion();

// Same numbers as duixian_status in duixian.h.
enum class Status {
  kOk = 0,
  kInvalidArgument = 1,  // a bad date, an empty firm name list of the wrong size, …
  kIoError = 2,          // the policy directory, schema or calendar cannot be read
  kPolicyError = 3,      // the policies do not compile (see diagnostics)
  kFirmError = 4,        // the firm JSON is unusable (see diagnostics)
  kInternal = 5,         // a bug or out of memory
};

// "ok", "invalid_argument", "io_error", "policy_error", "firm_error", "internal".
DUIXIAN_API const char* StatusName(Status status);

// A problem in the policies (code "E0201" …) or in a firm file (code
// "firm"). Positions are 1-based; 0 when unknown.
struct DiagnosticInfo {
  std::string code;
  std::string severity;  // "error" | "warning" | "note"
  std::string message;   // English
  std::string message_zh;
  std::string file;
  std::string field;  // firm files: "revenue.2022", "penalties[1].amount"
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
};

// The diagnostics as a JSON array of objects with the fields above (the
// form the C ABI, Java and the same-answers test use).
DUIXIAN_API std::string DiagnosticsToJson(const std::vector<DiagnosticInfo>& diagnostics);

class DUIXIAN_API Error : public std::runtime_error {
 public:
  Error(Status status, const std::string& message, std::vector<DiagnosticInfo> diagnostics = {});
  Status status() const { return status_; }
  const std::vector<DiagnosticInfo>& diagnostics() const { return diagnostics_; }

 private:
  Status status_;
  std::vector<DiagnosticInfo> diagnostics_;
};

enum class Mode {
  kVerdict,  // verdicts, benefits, failing and missing fields (fast)
  kExplain,  // plus every clause with the values it saw (`duixian eval`)
};

struct EvalOptions {
  std::string date;            // evaluation date, YYYY-MM-DD (required)
  Mode mode = Mode::kExplain;  // `duixian eval` default; --verdict-only is kVerdict
  int indent = 2;              // JSON indent as `duixian eval`; < 0: one line
};

// One in-memory policy file; `module` is its import name ("common",
// "kj/rd-post-subsidy"), `path` is shown in diagnostics.
struct Source {
  std::string module;
  std::string path;
  std::string text;
};

// What a policy set may ask of the compiler and a firm of the engine
// (docs/reliability.md). Past a policy limit the load fails with a
// diagnostic (E0108, E0112, E0409, E0410, E0411); past a firm limit the
// firm is a kFirmError naming the file, the place and the limit — never a
// crash, a stack overflow or a run without end. Given at load time and
// kept by the set; a holder's reloads use the limits of the set it serves.
struct Limits {
  // Firm files and their evaluation.
  uint64_t max_firm_bytes = 16u << 20;     // one firm's JSON text
  uint64_t max_json_depth = 64;            // nesting of JSON arrays and objects (a firm needs 4)
  uint64_t max_string_bytes = 64u << 10;   // one string value or key
  uint64_t max_items = 10000;              // elements of one array, members of one object
  uint64_t max_number_digits = 30;         // digits of one number, integer and fraction
  uint64_t max_eval_steps = 5'000'000;     // node computations for one firm; 0: no limit
  // Policy files.
  uint64_t max_policy_bytes = 1u << 20;    // one policy file (E0112)
  uint64_t max_nesting = 64;               // brackets, prefix operators, `if` in `if` (E0108)
  uint64_t max_tree_depth = 512;           // one expression tree, operator chains included (E0108)
  uint64_t max_clauses = 256;              // clauses of one policy (E0409)
  uint64_t max_elaboration_steps = 5'000'000;  // the whole set, definitions expanded (E0410)
  uint64_t max_elaboration_depth = 1024;   // one expression, definitions expanded (E0411)
};

// One firm of a batch: the result JSON, or why the firm could not be read.
struct BatchItem {
  Status status = Status::kOk;
  std::string json;   // when status == kOk
  std::string error;  // otherwise: "file:line:column: field `x`: reason", or the evaluation budget
};

class DUIXIAN_API PolicySet {
 public:
  // Compiles `dir` (schema.json, calendar.json and *.policy, as `duixian
  // check DIR`). Throws Error: kIoError (unreadable), kPolicyError (with
  // the diagnostics), kInvalidArgument (a limit of 0 or out of range).
  // The set keeps `limits` for every evaluation on it.
  static std::shared_ptr<const PolicySet> LoadDirectory(const std::string& dir, const Limits& limits = Limits());
  // Compiles in-memory sources against the given schema and calendar JSON.
  // Imports resolve only among `sources`. Throws as LoadDirectory.
  static std::shared_ptr<const PolicySet> LoadSources(std::string_view schema_json,
                                                     std::string_view calendar_json,
                                                     std::vector<Source> sources,
                                                     const Limits& limits = Limits());
  ~PolicySet();
  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;

  // SHA-256 of schema, calendar and policy tokens ("policy_set" in results).
  const std::string& digest() const;
  size_t policy_count() const;
  // Warnings and notes of a successful compilation.
  const std::vector<DiagnosticInfo>& diagnostics() const;
  // The limits the set was loaded with.
  const Limits& limits() const;

  // Evaluates one firm record (JSON text). `name` is the firm's id when it
  // has no USCC and names it in errors (the CLI passes the file path).
  // Throws Error: kInvalidArgument (bad date), kFirmError (bad firm, with a
  // diagnostic naming field, line and column; or a firm that needs more
  // than max_eval_steps, never a partial verdict). Thread-safe.
  std::string Evaluate(std::string_view firm_json, const EvalOptions& options,
                       std::string_view name = "firm") const;
  // Evaluates many firms; a bad firm is reported in its item and the others
  // still run. `names` is empty ("firm[i]") or one per firm. Throws Error
  // only for a bad date or names of the wrong size. Thread-safe.
  std::vector<BatchItem> EvaluateBatch(const std::vector<std::string_view>& firms,
                                       const EvalOptions& options,
                                       const std::vector<std::string_view>& names = {}) const;

  struct Impl;  // public only for the library's own files

 private:
  explicit PolicySet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A result from a holder, with the digest of the set that produced it.
struct Evaluation {
  std::string json;
  std::string digest;
};

// The outcome of a reload. On failure the old set keeps serving and
// `digest` is still its digest.
struct ReloadResult {
  Status status = Status::kOk;
  std::string message;
  std::vector<DiagnosticInfo> diagnostics;
  std::string digest;  // the digest serving after the call
  bool ok() const { return status == Status::kOk; }
};

// Holds the serving policy set; Reload* replaces it while other threads
// evaluate. Every evaluation runs to the end on the set it started with
// (the set is shared, not copied) and reports that set's digest. All
// members are thread-safe; reloads are serialised among themselves.
class DUIXIAN_API PolicySetHolder {
 public:
  explicit PolicySetHolder(std::shared_ptr<const PolicySet> initial);

  // The serving set; keep the pointer to evaluate several firms on one version.
  std::shared_ptr<const PolicySet> Current() const;
  // Compiles `dir` with the serving set's limits and swaps it in; on
  // failure keeps the old set.
  ReloadResult ReloadDirectory(const std::string& dir);
  // As ReloadDirectory, from in-memory sources.
  ReloadResult ReloadSources(std::string_view schema_json, std::string_view calendar_json,
                             std::vector<Source> sources);
  // Swaps in an already loaded set (must not be null).
  void Replace(std::shared_ptr<const PolicySet> set);

  // Evaluate/EvaluateBatch on the serving set, as PolicySet's.
  Evaluation Evaluate(std::string_view firm_json, const EvalOptions& options,
                      std::string_view name = "firm") const;

 private:
  ReloadResult Load(const std::function<std::shared_ptr<const PolicySet>()>& load);
  std::shared_ptr<const PolicySet> current_;  // accessed with std::atomic_load/store
  std::mutex reload_mutex_;
};

}  // namespace duixian

#endif  // DUIXIAN_DUIXIAN_HPP_
