// The per-firm lines of a screening run, written by hand for speed (a few
// microseconds a firm; nlohmann's ordered_json takes far longer): results.jsonl
// and errors.jsonl lines in the "duixian.screen/1" layout of docs/results.md
// and matrix.csv rows. Deterministic: same inputs, same bytes.
//
// Immutable after construction; shared by all worker threads.
#ifndef DX_ENGINE_BATCH_SCREEN_FORMAT_H_
#define DX_ENGINE_BATCH_SCREEN_FORMAT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/eval/decision.h"
#include "engine/eval/program.h"
#include "engine/profile/firm_decoder.h"
#include "engine/profile/firm_record.h"

namespace duixian::engine {

class TextAppender;

// Where an input came from.
struct InputRef {
  uint64_t seq = 0;       // 0-based position in input order ("n")
  std::string_view file;  // relative path below the firms folder, or the JSONL file's name
  int64_t line = 0;       // JSONL: 1-based line number; 0 for a firm file
};

// Appends `s` as a JSON string literal; invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string* out, std::string_view s);
// Appends `s` as a CSV field (quoted when it holds , " CR or LF; text that
// starts like a spreadsheet formula gets a leading apostrophe).
void AppendCsvField(std::string* out, std::string_view s);

class ScreenFormatter {
 public:
  explicit ScreenFormatter(std::shared_ptr<const Program> program);
  // Its prepared pieces are views into its own text_.
  ScreenFormatter(const ScreenFormatter&) = delete;
  ScreenFormatter& operator=(const ScreenFormatter&) = delete;

  const Program& program() const { return *program_; }
  // The town field's enum values (empty when the schema has none).
  const std::vector<std::string>& towns() const { return towns_; }
  // Enum index of the firm's town, -1 when missing or unknown. Looked up
  // once per firm by the caller and passed to the Append* functions and the
  // summary (it compares the text with every town's name).
  int TownOf(const FirmRecord& firm) const;

  // One results.jsonl line, newline included; `town` is TownOf(the firm).
  // (Through an appender kept for a batch of lines: engine/batch/text_appender.h.)
  void AppendResult(const InputRef& in, const Decision& d, int town, TextAppender& out) const;
  // One errors.jsonl line, newline included. For a JSONL input the issue's
  // line is replaced by the input's line (the decoder saw one line).
  void AppendError(const InputRef& in, const FirmDataIssue& issue, TextAppender& out) const;
  // The UTF-8 BOM and header row of matrix.csv.
  std::string MatrixHeader() const;
  // One matrix.csv row (CRLF line end, as spreadsheets expect); `town` is
  // TownOf(firm).
  void AppendMatrixRow(const InputRef& in, const FirmRecord& firm, const Decision& d, int town,
                       TextAppender& out) const;

 private:
  std::shared_ptr<const Program> program_;
  int town_field_ = -1;
  int name_field_ = -1;
  std::vector<std::string> towns_;
  absl::flat_hash_map<std::string, int> town_index_;  // towns_[i] → i
  // Every prepared piece below is a view into text_, where they lie policy
  // after policy, the order the results line reads them in (one heap
  // string per piece cost a cache miss per piece).
  std::string text_;
  std::vector<std::string_view> quoted_ids_;       // "\"DG-…\""
  std::vector<std::string_view> quoted_ids_open_;  // "\"DG-…\":["
  // Per clause, all policies in one array: policy p's clauses are
  // [clause_begin_[p], clause_begin_[p + 1]).
  std::vector<size_t> clause_begin_;
  // The "ineligible" section's pieces begin with the comma that separates
  // them from the one before (skipped for the first):
  std::vector<std::string_view> comma_ids_open_;  // ",\"DG-…\":["
  std::vector<std::string_view> comma_labels_;    // per clause: ",\"label\""
  // Per clause, indexed like comma_labels_: ",\"DG-…\":[\"label\"]", the
  // ineligible entry of a policy that fails on that clause alone.
  std::vector<std::string_view> comma_ineligible_on_;
  std::vector<std::string_view> open_field_names_;  // "\"revenue" (no closing quote)
  // Room for the longest "ineligible" section a firm can have, and the
  // chunk AppendChunked writes past it.
  size_t ineligible_room_ = 0;

  // MissingFieldLabel(…, zh=false) as a JSON string, from open_field_names_.
  void AppendMissingLabel(const MissingField& m, TextAppender& out) const;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_SCREEN_FORMAT_H_
