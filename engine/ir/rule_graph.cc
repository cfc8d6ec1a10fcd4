#include "engine/ir/rule_graph.h"

#include <algorithm>
#include <string>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace duixian::engine {
namespace {

// A byte string that identifies a constant by type and exact value.
std::string ConstantKey(const Constant& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return v ? "b1" : "b0";
        if constexpr (std::is_same_v<T, Number>) return absl::StrCat("n", v.ToString(40));
        if constexpr (std::is_same_v<T, CivilDate>) return absl::StrCat("d", v.days_since_epoch());
        if constexpr (std::is_same_v<T, std::string>) return absl::StrCat("s", v);
      },
      c);
}

std::string ConstantText(const Constant& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        if constexpr (std::is_same_v<T, Number>) return v.ToString();
        if constexpr (std::is_same_v<T, CivilDate>) return v.ToString();
        if constexpr (std::is_same_v<T, std::string>) return absl::StrCat("\"", v, "\"");
      },
      c);
}

}  // namespace

const char* OpName(Op op) {
  switch (op) {
    case Op::kConst: return "const";
    case Op::kEvalDate: return "eval_date";
    case Op::kField: return "field";
    case Op::kSeries: return "series";
    case Op::kList: return "list";
    case Op::kRecordField: return "record_field";
    case Op::kNot: return "not";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kEq: return "eq";
    case Op::kNe: return "ne";
    case Op::kLt: return "lt";
    case Op::kLe: return "le";
    case Op::kGt: return "gt";
    case Op::kGe: return "ge";
    case Op::kAdd: return "add";
    case Op::kSub: return "sub";
    case Op::kMul: return "mul";
    case Op::kDiv: return "div";
    case Op::kNeg: return "neg";
    case Op::kMin: return "min";
    case Op::kMax: return "max";
    case Op::kFloor: return "floor";
    case Op::kCeil: return "ceil";
    case Op::kRound: return "round";
    case Op::kAddYears: return "add_years";
    case Op::kAddMonths: return "add_months";
    case Op::kAddDays: return "add_days";
    case Op::kAddWorkdays: return "add_workdays";
    case Op::kWorkdaysBetween: return "workdays_between";
    case Op::kYearOf: return "year_of";
    case Op::kInSet: return "in_set";
    case Op::kIndustryIn: return "industry_in";
    case Op::kIf: return "if";
    case Op::kKnown: return "known";
    case Op::kCount: return "count";
    case Op::kAny: return "any";
    case Op::kAll: return "all";
    case Op::kSum: return "sum";
    case Op::kPolicyEligible: return "policy_eligible";
    case Op::kPolicyBenefit: return "policy_benefit";
  }
  return "?";
}

std::vector<NodeId> RuleGraph::Cone(NodeId root) const {
  std::vector<NodeId> out;
  if (root < 0 || static_cast<size_t>(root) >= nodes_.size()) return out;
  std::vector<bool> seen(static_cast<size_t>(root) + 1, false);
  std::vector<NodeId> stack = {root};
  seen[static_cast<size_t>(root)] = true;
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    out.push_back(id);
    for (NodeId op : operands(id)) {
      if (!seen[static_cast<size_t>(op)]) {
        seen[static_cast<size_t>(op)] = true;
        stack.push_back(op);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string RuleGraph::Verify() const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (n.first_operand + n.operand_count > operands_.size()) {
      return absl::StrCat("node ", i, ": operand slice out of range");
    }
    for (NodeId op : operands(static_cast<NodeId>(i))) {
      if (op < 0 || static_cast<size_t>(op) >= i) {
        return absl::StrCat("node ", i, ": operand ", op, " does not precede it");
      }
    }
    if (n.op == Op::kConst && n.payload >= constants_.size()) {
      return absl::StrCat("node ", i, ": constant index out of range");
    }
    if ((n.op == Op::kInSet || n.op == Op::kIndustryIn) && n.payload >= sets_.size()) {
      return absl::StrCat("node ", i, ": set index out of range");
    }
  }
  return "";
}

std::string RuleGraph::DebugString() const {
  std::string out;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    absl::StrAppend(&out, "%", i, " = ", OpName(n.op));
    if (n.op == Op::kConst) {
      absl::StrAppend(&out, " ", ConstantText(constants_[n.payload]));
    } else if (n.op == Op::kInSet || n.op == Op::kIndustryIn) {
      absl::StrAppend(&out, " {");
      const ConstSet& s = sets_[n.payload];
      for (size_t k = 0; k < s.strings.size(); ++k) absl::StrAppend(&out, k ? "," : "", s.strings[k]);
      for (size_t k = 0; k < s.numbers.size(); ++k) absl::StrAppend(&out, k ? "," : "", s.numbers[k].ToString());
      absl::StrAppend(&out, "}");
    } else if (n.payload != 0 || n.aux != 0) {
      absl::StrAppend(&out, " #", n.payload, "/", n.aux);
    }
    for (NodeId op : operands(static_cast<NodeId>(i))) absl::StrAppend(&out, " %", op);
    absl::StrAppend(&out, "\n");
  }
  return out;
}

NodeId GraphBuilder::Add(Op op, ValueType type, absl::Span<const NodeId> operands,
                         uint32_t payload, int32_t aux) {
  std::string key;
  key.reserve(16 + operands.size() * 4);
  absl::StrAppend(&key, static_cast<int>(op), ":", static_cast<int>(type), ":", payload, ":", aux);
  bool record_dependent = op == Op::kRecordField;
  for (NodeId o : operands) {
    absl::StrAppend(&key, ",", o);
    // Aggregates bind their own record context: their result does not depend
    // on an outer record even though the where-clause does.
    if (op != Op::kCount && op != Op::kAny && op != Op::kAll && op != Op::kSum) {
      record_dependent = record_dependent || graph_.node(o).record_dependent;
    }
  }
  auto it = node_index_.find(key);
  if (it != node_index_.end()) return it->second;
  Node n;
  n.op = op;
  n.type = type;
  n.record_dependent = record_dependent;
  n.operand_count = static_cast<uint16_t>(operands.size());
  n.first_operand = static_cast<uint32_t>(graph_.operands_.size());
  n.payload = payload;
  n.aux = aux;
  graph_.operands_.insert(graph_.operands_.end(), operands.begin(), operands.end());
  NodeId id = static_cast<NodeId>(graph_.nodes_.size());
  graph_.nodes_.push_back(n);
  node_index_.emplace(std::move(key), id);
  return id;
}

NodeId GraphBuilder::Constant(const engine::Constant& value) {
  std::string key = ConstantKey(value);
  uint32_t index;
  auto it = constant_index_.find(key);
  if (it != constant_index_.end()) {
    index = it->second;
  } else {
    index = static_cast<uint32_t>(graph_.constants_.size());
    graph_.constants_.push_back(value);
    constant_index_.emplace(key, index);
  }
  ValueType type = std::visit(
      [](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return ValueType::kBool;
        if constexpr (std::is_same_v<T, Number>) return ValueType::kNumber;
        if constexpr (std::is_same_v<T, CivilDate>) return ValueType::kDate;
        return ValueType::kString;
      },
      value);
  return Add(Op::kConst, type, {}, index);
}

uint32_t GraphBuilder::AddSet(ConstSet set) {
  std::sort(set.strings.begin(), set.strings.end());
  set.strings.erase(std::unique(set.strings.begin(), set.strings.end()), set.strings.end());
  std::sort(set.numbers.begin(), set.numbers.end());
  set.numbers.erase(std::unique(set.numbers.begin(), set.numbers.end()), set.numbers.end());
  std::string key;
  for (const std::string& s : set.strings) absl::StrAppend(&key, "s", s.size(), ":", s);
  for (const Number& n : set.numbers) absl::StrAppend(&key, "n", n.ToString(40), ";");
  auto it = set_index_.find(key);
  if (it != set_index_.end()) return it->second;
  uint32_t index = static_cast<uint32_t>(graph_.sets_.size());
  graph_.sets_.push_back(std::move(set));
  set_index_.emplace(std::move(key), index);
  return index;
}

RuleGraph GraphBuilder::Finish() && { return std::move(graph_); }

}  // namespace duixian::engine
