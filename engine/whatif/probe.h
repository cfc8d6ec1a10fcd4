// Re-evaluates one firm with single fields changed (or on a later date), so
// every what-if answer is checked against the real evaluator rather than
// trusted from algebra. Holds two evaluators: one keeps the firm's own
// evaluation (its node values stay readable), the other runs the probes.
// Thread-compatible: one per thread.
#ifndef DX_ENGINE_WHATIF_PROBE_H_
#define DX_ENGINE_WHATIF_PROBE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "engine/eval/evaluator.h"
#include "engine/whatif/graph_analysis.h"

namespace duixian::engine::whatif {

class Probe {
 public:
  explicit Probe(std::shared_ptr<const Program> program);

  // The budget of both evaluators (Evaluator::set_max_steps).
  void set_max_steps(uint64_t max_steps);

  // Evaluates `firm` on `date` in explain mode; base_value() then reads its
  // node values, and the scratch copy starts equal to the firm.
  void Reset(const FirmRecord& firm, CivilDate date);

  const Program& program() const { return *program_; }
  const FirmRecord& firm() const { return original_; }
  CivilDate date() const { return date_; }
  ValueOf base_value() const {
    return [this](NodeId id) { return base_.LastValue(id); };
  }
  std::optional<Scalar> BaseValue(NodeId id) const { return base_.LastValue(id); }

  // Changes a field of the scratch copy (a yearly field: that year only).
  void Set(int field, std::optional<int> year, const FieldValue& value);
  // Puts a field of the scratch copy back to the firm's own value.
  void Restore(int field);

  // Evaluates `nodes` of the scratch copy on `date`; ProbeValue() then
  // reads them (and whatever they read).
  void RunNodes(CivilDate date, const std::vector<NodeId>& nodes);
  // The verdict of `policy` for the scratch copy on `date` (its clauses
  // only; exclusive groups do not change verdicts).
  Verdict RunPolicy(CivilDate date, int policy);
  std::optional<Scalar> ProbeValue(NodeId id) const { return probe_.LastValue(id); }
  int runs() const { return runs_; }

  // The node reading field `field` (of `year` for yearly fields), or kNoNode.
  NodeId DataNode(int field, std::optional<int> year) const;

 private:
  std::shared_ptr<const Program> program_;
  Evaluator base_;
  Evaluator probe_;
  FirmRecord original_;
  FirmRecord scratch_;
  CivilDate date_;
  int runs_ = 0;
  std::map<std::pair<int, int>, NodeId> data_nodes_;  // (field, year or INT_MIN)
};

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_PROBE_H_
