// The running totals of a screening run (what summary.json reports): per
// policy the verdict counts, granted benefit and clause funnel; per town the
// firm counts; the missing fields that most often leave verdicts open.
// Figures are exact: money is summed in fen (分) from the per-firm amounts
// printed in results.jsonl, so the summary always agrees with the results.
//
// The state serialises to compact JSON for the resume checkpoint and back.
// Thread-compatible; the screener's ordered writer owns the run's summary,
// each batch in flight its own (Merge).
#ifndef DX_ENGINE_BATCH_SCREEN_SUMMARY_H_
#define DX_ENGINE_BATCH_SCREEN_SUMMARY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/eval/decision.h"
#include "engine/eval/program.h"

namespace duixian::engine {

// What a policy's benefit amount is: money paid out of the budget, or a tax
// benefit (a deduction, reduced rate or exemption that lowers what the firm
// owes; the tax bureau forgoes revenue, no budget is paid out). A policy is
// a tax benefit when it carries the tag 税收优惠 (or "tax").
enum class BenefitKind { kCash, kTax };
BenefitKind BenefitKindOf(const PolicyInfo& policy);
const char* BenefitKindName(BenefitKind kind);  // "cash", "tax"

// Amount in fen, rounded half up; saturates beyond ±9.2e18 fen.
int64_t ToFen(const Number& amount);
// "1234.50" from 123450 fen.
std::string FenToText(int64_t fen);
// FenToText's text written to `out`, which has room for kFenTextMax bytes;
// returns its length (for appending without a string per amount).
constexpr size_t kFenTextMax = 24;
size_t WriteFenText(int64_t fen, char* out);

class ScreenSummary {
 public:
  // `towns`: the town field's enum values (may be empty).
  ScreenSummary(const Program& program, std::vector<std::string> towns);

  // One firm's decision (all-clauses or explain mode, so `failing` is
  // complete); `town` is the town field's enum index, -1 when missing.
  void AddDecision(const Decision& decision, int town);
  void AddError() {
    ++inputs_;
    ++errors_;
  }

  // Adds the totals of `part`, a summary of the same policy set and towns.
  // The screener's workers sum each batch of firms; the thread writing the
  // outputs adds the batches in input order. Every total is a sum, so the
  // result is the same as adding each firm here.
  void Merge(const ScreenSummary& part);
  // Back to no inputs, keeping the storage.
  void Clear();

  uint64_t inputs() const { return inputs_; }
  uint64_t results() const { return results_; }
  uint64_t errors() const { return errors_; }
  uint64_t firms_with_eligible() const { return firms_with_eligible_; }
  int64_t total_benefit_fen() const;

  // summary.json (layout in docs/results.md, "duixian.screen/1"),
  // pretty-printed, deterministic, ending in a newline.
  std::string ToJson(const std::string& date) const;

  // Checkpoint state and back; Restore fails (false) when the text does not
  // fit this policy set.
  std::string Serialize() const;
  bool Restore(const std::string& text);

 private:
  struct PolicyTotals {
    uint64_t counts[3] = {0, 0, 0};  // by Verdict
    uint64_t granted = 0;
    uint64_t superseded = 0;
    uint64_t benefit_unknown = 0;  // granted, amount not computable
    int64_t benefit_fen = 0;
  };
  // The clause funnel, all policies' clauses in one array (clause c of
  // policy p at clause_begin_[p] + c): a firm's tally touches a few
  // cache lines of it, not two separate arrays per policy.
  struct ClauseTotals {
    uint64_t stops = 0;  // firms the clause rules out
    uint64_t alone = 0;  // firms ruled out by it alone
  };
  struct TownTotals {
    uint64_t firms = 0;
    uint64_t with_eligible = 0;  // firms with at least one eligible verdict
    uint64_t eligible = 0;       // eligible verdicts
    int64_t benefit_fen = 0;
    int64_t cash_fen = 0;        // the part paid out (not tax benefits)
  };
  struct MissingTotals {
    uint64_t firms = 0;
    uint64_t verdicts = 0;
  };

  const Program& program_;
  std::vector<std::string> towns_;
  uint64_t inputs_ = 0;
  uint64_t results_ = 0;
  uint64_t errors_ = 0;
  uint64_t firms_with_eligible_ = 0;
  std::vector<PolicyTotals> policies_;
  std::vector<ClauseTotals> clauses_;
  std::vector<size_t> clause_begin_;  // per policy, and one past the last
  std::vector<TownTotals> town_totals_;  // towns_.size() + 1 (last: unknown)
  // (field, year or -1); unordered: read in order through MissingByField().
  using MissingKey = std::pair<int, int>;
  absl::flat_hash_map<MissingKey, MissingTotals> missing_;
  std::vector<std::pair<MissingKey, MissingTotals>> MissingByField() const;
  std::vector<bool> is_cash_;  // per policy: BenefitKindOf() == kCash
  // AddDecision's scratch: the firm's distinct missing fields, with how many
  // of its verdicts each leaves open.
  std::vector<std::pair<MissingField, int>> firm_missing_;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_SCREEN_SUMMARY_H_
