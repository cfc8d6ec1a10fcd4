#include "engine/whatif/probe.h"

#include <algorithm>
#include <climits>

namespace duixian::engine::whatif {

Probe::Probe(std::shared_ptr<const Program> program)
    : program_(std::move(program)), base_(program_), probe_(program_) {
  const RuleGraph& g = program_->graph;
  for (size_t i = 0; i < g.size(); ++i) {
    const Node& n = g.node(static_cast<NodeId>(i));
    if (n.op == Op::kField || n.op == Op::kList) {
      data_nodes_[{static_cast<int>(n.payload), INT_MIN}] = static_cast<NodeId>(i);
    } else if (n.op == Op::kSeries) {
      data_nodes_[{static_cast<int>(n.payload), n.aux}] = static_cast<NodeId>(i);
    }
  }
}

void Probe::set_max_steps(uint64_t max_steps) {
  base_.set_max_steps(max_steps);
  probe_.set_max_steps(max_steps);
}

void Probe::Reset(const FirmRecord& firm, CivilDate date) {
  original_ = firm;
  scratch_ = firm;
  date_ = date;
  base_.Evaluate(original_, date, EvalMode::kExplain);
}

void Probe::Set(int field, std::optional<int> year, const FieldValue& value) {
  size_t f = static_cast<size_t>(field);
  if (!year) {
    scratch_.mutable_value(f) = value;
    return;
  }
  const Scalar* scalar = std::get_if<Scalar>(&value);
  if (scalar == nullptr) return;
  FieldValue& slot = scratch_.mutable_value(f);
  if (!std::holds_alternative<YearSeries>(slot)) slot = YearSeries{};
  YearSeries& series = std::get<YearSeries>(slot);
  auto it = std::lower_bound(series.begin(), series.end(), *year,
                             [](const std::pair<int, Scalar>& e, int y) { return e.first < y; });
  if (it != series.end() && it->first == *year) {
    it->second = *scalar;
  } else {
    series.insert(it, {*year, *scalar});
  }
}

void Probe::Restore(int field) {
  scratch_.mutable_value(static_cast<size_t>(field)) = original_.value(static_cast<size_t>(field));
}

void Probe::RunNodes(CivilDate date, const std::vector<NodeId>& nodes) {
  ++runs_;
  probe_.EvaluateNodes(scratch_, date, nodes);
}

Verdict Probe::RunPolicy(CivilDate date, int policy) {
  const PolicyInfo& info = program_->policies[static_cast<size_t>(policy)];
  std::vector<NodeId> nodes;
  for (const ClauseInfo& c : info.clauses) nodes.push_back(c.node);
  RunNodes(date, nodes);
  // The evaluator's rule: a false condition or a true exception rules the
  // firm out; otherwise an unknown clause leaves it open.
  bool open = false;
  for (const ClauseInfo& c : info.clauses) {
    std::optional<Scalar> v = probe_.LastValue(c.node);
    if (!v || !std::holds_alternative<bool>(*v)) {
      open = true;
      continue;
    }
    if (std::get<bool>(*v) == (c.kind == ClauseKind::kException)) return Verdict::kIneligible;
  }
  return open ? Verdict::kUndetermined : Verdict::kEligible;
}

NodeId Probe::DataNode(int field, std::optional<int> year) const {
  auto it = data_nodes_.find({field, year ? *year : INT_MIN});
  return it == data_nodes_.end() ? kNoNode : it->second;
}

}  // namespace duixian::engine::whatif
