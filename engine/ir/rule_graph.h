// The rule graph: every policy of a set lowered into one DAG of small nodes,
// structurally equal nodes shared (hash-consed), so a clause used by fifty
// policies is one node computed once per firm. Operands always have smaller
// ids than their users, so the node array is already a topological order.
//
//   GraphBuilder b;
//   NodeId rev = b.Add(Op::kSeries, ValueType::kNumber, {}, revenue_index, 2022);
//   NodeId min = b.Constant(Number::FromInt(20000000));
//   NodeId ge  = b.Add(Op::kGe, ValueType::kBool, {rev, min});
//   RuleGraph graph = std::move(b).Finish();
//
// A finished RuleGraph is immutable and safe to share across threads.
#ifndef DX_ENGINE_IR_RULE_GRAPH_H_
#define DX_ENGINE_IR_RULE_GRAPH_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"

namespace duixian::engine {

using NodeId = int32_t;
inline constexpr NodeId kNoNode = -1;

enum class ValueType : uint8_t { kBool, kNumber, kDate, kString, kList };

enum class Op : uint8_t {
  kConst,        // payload: constant index
  kEvalDate,     // the evaluation date (an input)
  kField,        // payload: schema field index (scalar)
  kSeries,       // payload: field index; aux: year
  kList,         // payload: field index of a record list
  kRecordField,  // payload: record field index; aux: list field index
  kNot,
  kAnd,          // n-ary, Kleene
  kOr,           // n-ary, Kleene
  kEq, kNe, kLt, kLe, kGt, kGe,
  kAdd, kSub, kMul, kDiv, kNeg,
  kMin, kMax,    // n-ary
  kFloor, kCeil,
  kRound,        // aux: fraction digits; payload: 0 half-up, 1 truncate
  kAddYears, kAddMonths, kAddDays, kAddWorkdays,  // (date, number)
  kWorkdaysBetween,                               // (date, date), inclusive
  kYearOf,       // (date) → number
  kInSet,        // (value); payload: set index
  kIndustryIn,   // (code); payload: set index of GB/T 4754 prefixes
  kIf,           // (cond, then, else)
  kKnown,        // (value) → true when the value is known, never unknown
  kCount, kAny, kAll, kSum,  // (list[, where][, value]); aux bit0: has where, bit1: has value
  kPolicyEligible,           // payload: policy index
  kPolicyBenefit,            // payload: policy index; 0 when ineligible
};

const char* OpName(Op op);

struct Node {
  Op op = Op::kConst;
  ValueType type = ValueType::kBool;
  bool record_dependent = false;  // reads a record field of an aggregate
  uint16_t operand_count = 0;
  uint32_t first_operand = 0;     // into RuleGraph::operands()
  uint32_t payload = 0;
  int32_t aux = 0;
};

using Constant = std::variant<bool, Number, CivilDate, std::string>;

// A constant set: strings (towns, enum values, industry prefixes) or numbers.
struct ConstSet {
  std::vector<std::string> strings;  // sorted, unique
  std::vector<Number> numbers;       // sorted, unique
};

class RuleGraph {
 public:
  size_t size() const { return nodes_.size(); }
  const Node& node(NodeId id) const { return nodes_[static_cast<size_t>(id)]; }
  absl::Span<const NodeId> operands(NodeId id) const { return operands(node(id)); }
  absl::Span<const NodeId> operands(const Node& n) const {
    return absl::MakeConstSpan(operands_.data() + n.first_operand, n.operand_count);
  }
  const Constant& constant(uint32_t index) const { return constants_[index]; }
  const ConstSet& set(uint32_t index) const { return sets_[index]; }
  size_t constant_count() const { return constants_.size(); }

  // Nodes in the cone of `root` (root included), ascending ids.
  std::vector<NodeId> Cone(NodeId root) const;
  // Checks the invariants (operands precede users, indexes in range);
  // an empty string when they hold, else what is wrong.
  std::string Verify() const;
  // One line per node, for golden tests and `duixian graph`.
  std::string DebugString() const;

 private:
  friend class GraphBuilder;
  std::vector<Node> nodes_;
  std::vector<NodeId> operands_;
  std::vector<Constant> constants_;
  std::vector<ConstSet> sets_;
};

// Builds a RuleGraph, interning nodes, constants and sets. Thread-compatible.
class GraphBuilder {
 public:
  NodeId Add(Op op, ValueType type, absl::Span<const NodeId> operands,
             uint32_t payload = 0, int32_t aux = 0);
  NodeId Constant(const engine::Constant& value);
  uint32_t AddSet(ConstSet set);

  size_t size() const { return graph_.nodes_.size(); }
  const Node& node(NodeId id) const { return graph_.node(id); }
  const RuleGraph& graph() const { return graph_; }
  RuleGraph Finish() &&;

 private:
  RuleGraph graph_;
  absl::flat_hash_map<std::string, NodeId> node_index_;
  absl::flat_hash_map<std::string, uint32_t> constant_index_;
  absl::flat_hash_map<std::string, uint32_t> set_index_;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_IR_RULE_GRAPH_H_
