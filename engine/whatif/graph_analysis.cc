#include "engine/whatif/graph_analysis.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/format.h"

namespace duixian::engine::whatif {
namespace {

std::optional<Number> NumberOf(const ValueOf& value, NodeId id) {
  std::optional<Scalar> s = value(id);
  if (!s) return std::nullopt;
  if (const Number* n = std::get_if<Number>(&*s)) return *n;
  return std::nullopt;
}

int Sign(const Number& n) { return n.IsZero() ? 0 : (n.IsNegative() ? -1 : 1); }

// The directions of the operands that contain var must agree; the result is
// that direction times `flip` per operand (−1 for a subtrahend).
std::optional<int> Combine(const RuleGraph& g, absl::Span<const NodeId> ops, NodeId var, const ValueOf& value,
                           const std::vector<int>& flips) {
  std::optional<int> dir;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!DependsOn(g, ops[i], var)) continue;
    std::optional<int> d = Direction(g, ops[i], var, value);
    if (!d) return std::nullopt;
    int signed_d = *d * (i < flips.size() ? flips[i] : 1);
    if (dir && *dir != signed_d) return std::nullopt;
    dir = signed_d;
  }
  return dir;
}

const FieldDef* DefOf(const Program& p, const Node& n) {
  const auto& fields = p.schema->fields();
  switch (n.op) {
    case Op::kField: case Op::kSeries: case Op::kList:
      return n.payload < fields.size() ? &fields[n.payload] : nullptr;
    case Op::kRecordField: {
      if (n.aux < 0 || static_cast<size_t>(n.aux) >= fields.size()) return nullptr;
      const auto& rf = fields[static_cast<size_t>(n.aux)].record_fields;
      return n.payload < rf.size() ? &rf[n.payload] : nullptr;
    }
    default: return nullptr;
  }
}

Quantity QuantityOfType(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kMoney: return Quantity::kMoney;
    case FieldType::kPercent: return Quantity::kRatio;
    case FieldType::kCount: return f.count_unit == CountUnit::kPersons ? Quantity::kPersons : Quantity::kItems;
    case FieldType::kDate: return Quantity::kDate;
    default: return Quantity::kPlain;
  }
}

const char* ComparisonText(Op op) {
  switch (op) {
    case Op::kEq: return " == ";
    case Op::kNe: return " != ";
    case Op::kLt: return " < ";
    case Op::kLe: return " <= ";
    case Op::kGt: return " > ";
    case Op::kGe: return " >= ";
    default: return " ? ";
  }
}

std::string Text(const Program& p, NodeId id, Quantity hint);

std::string Operand(const Program& p, NodeId id, Quantity hint, bool paren_sums) {
  std::string t = Text(p, id, hint);
  Op op = p.graph.node(id).op;
  if (paren_sums && (op == Op::kAdd || op == Op::kSub)) return absl::StrCat("(", t, ")");
  return t;
}

std::string Call(const Program& p, const char* name, absl::Span<const NodeId> ops, Quantity hint) {
  std::string out = absl::StrCat(name, "(");
  for (size_t i = 0; i < ops.size(); ++i) absl::StrAppend(&out, i ? ", " : "", Text(p, ops[i], hint));
  return out + ")";
}

std::string Text(const Program& p, NodeId id, Quantity hint) {
  const RuleGraph& g = p.graph;
  const Node& n = g.node(id);
  auto obs = p.observables.find(id);
  if (obs != p.observables.end() && !n.record_dependent) return obs->second.text;
  absl::Span<const NodeId> ops = g.operands(id);
  switch (n.op) {
    case Op::kConst: {
      const Constant& c = g.constant(n.payload);
      if (const Number* num = std::get_if<Number>(&c)) return FormatQuantity(*num, hint);
      if (const CivilDate* d = std::get_if<CivilDate>(&c)) return d->ToString();
      if (const bool* b = std::get_if<bool>(&c)) return *b ? "是" : "否";
      return absl::StrCat("\"", std::get<std::string>(c), "\"");
    }
    case Op::kEvalDate: return "评估日";
    case Op::kField: case Op::kSeries: case Op::kList: case Op::kRecordField: {
      const FieldDef* f = DefOf(p, n);
      std::string s = f ? f->label : "?";
      if (n.op == Op::kSeries) absl::StrAppend(&s, "[", n.aux, "]");
      return s;
    }
    case Op::kNot: return absl::StrCat("非 ", Text(p, ops[0], hint));
    case Op::kAnd: case Op::kOr: {
      std::string out;
      for (size_t i = 0; i < ops.size(); ++i) {
        absl::StrAppend(&out, i ? (n.op == Op::kAnd ? " 且 " : " 或 ") : "", Text(p, ops[i], hint));
      }
      return out;
    }
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
      Quantity qa = InferQuantity(p, ops[0]);
      Quantity qb = InferQuantity(p, ops[1]);
      return absl::StrCat(Text(p, ops[0], qb == Quantity::kPlain ? qa : qb), ComparisonText(n.op),
                          Text(p, ops[1], qa == Quantity::kPlain ? qb : qa));
    }
    case Op::kAdd: case Op::kSub: {
      Quantity q = InferQuantity(p, id);
      return absl::StrCat(Text(p, ops[0], q), n.op == Op::kAdd ? " + " : " - ", Operand(p, ops[1], q, true));
    }
    case Op::kMul: case Op::kDiv:
      return absl::StrCat(Operand(p, ops[0], Quantity::kPlain, true), n.op == Op::kMul ? " * " : " / ",
                          Operand(p, ops[1], Quantity::kPlain, true));
    case Op::kNeg: return absl::StrCat("-", Operand(p, ops[0], hint, true));
    case Op::kMin: return Call(p, "最小值", ops, InferQuantity(p, id));
    case Op::kMax: return Call(p, "最大值", ops, InferQuantity(p, id));
    case Op::kFloor: return Call(p, "向下取整", ops, hint);
    case Op::kCeil: return Call(p, "向上取整", ops, hint);
    case Op::kRound: return Call(p, n.payload == 0 ? "四舍五入" : "舍尾", ops, hint);
    case Op::kAddYears: case Op::kAddMonths: case Op::kAddDays: case Op::kAddWorkdays: {
      const char* unit = n.op == Op::kAddYears ? "年" : n.op == Op::kAddMonths ? "个月"
                         : n.op == Op::kAddDays ? "天" : "工作日";
      std::string k = Text(p, ops[1], Quantity::kPlain);
      if (!k.empty() && k[0] == '-') return absl::StrCat(Text(p, ops[0], hint), " - ", k.substr(1), unit);
      return absl::StrCat(Text(p, ops[0], hint), " + ", k, unit);
    }
    case Op::kWorkdaysBetween: return Call(p, "工作日数", ops, Quantity::kDate);
    case Op::kYearOf: return Call(p, "年份", ops, Quantity::kDate);
    case Op::kIf:
      return absl::StrCat("如果 ", Text(p, ops[0], hint), " 则 ", Text(p, ops[1], hint), " 否则 ",
                          Text(p, ops[2], hint));
    case Op::kKnown: return Call(p, "已知", ops, hint);
    case Op::kInSet: case Op::kIndustryIn: {
      const ConstSet& set = g.set(n.payload);
      std::vector<std::string> items;
      for (const std::string& s : set.strings) items.push_back(absl::StrCat("\"", s, "\""));
      Quantity q = InferQuantity(p, ops[0]);
      for (const Number& x : set.numbers) items.push_back(FormatQuantity(x, q));
      return absl::StrCat(Text(p, ops[0], hint), " 属于 {", absl::StrJoin(items, ", "), "}");
    }
    case Op::kCount: case Op::kAny: case Op::kAll: case Op::kSum: {
      // count(展会 where …), sum(展会.展位费 where …)
      const char* name = n.op == Op::kCount ? "count" : n.op == Op::kAny ? "any" : n.op == Op::kAll ? "all" : "sum";
      size_t i = 1;
      NodeId where = (n.aux & 1) != 0 ? ops[i++] : kNoNode;
      NodeId value = (n.aux & 2) != 0 ? ops[i++] : kNoNode;
      std::string out = absl::StrCat(name, "(", Text(p, ops[0], hint));
      if (value != kNoNode) absl::StrAppend(&out, ".", Text(p, value, hint));
      if (where != kNoNode) absl::StrAppend(&out, " where ", Text(p, where, hint));
      return out + ")";
    }
    case Op::kPolicyEligible:
      return absl::StrCat("eligible(", n.payload < p.policies.size() ? p.policies[n.payload].id : "?", ")");
    case Op::kPolicyBenefit:
      return absl::StrCat("benefit_of(", n.payload < p.policies.size() ? p.policies[n.payload].id : "?", ")");
    default: return "…";
  }
}

}  // namespace

bool DependsOn(const RuleGraph& graph, NodeId root, NodeId var) {
  if (root == var) return true;
  if (root < var) return false;  // operands precede users
  std::vector<NodeId> stack = {root};
  std::vector<bool> seen(static_cast<size_t>(root) + 1, false);
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id == var) return true;
    if (id < var || seen[static_cast<size_t>(id)]) continue;
    seen[static_cast<size_t>(id)] = true;
    for (NodeId o : graph.operands(id)) stack.push_back(o);
  }
  return false;
}

std::optional<int> Direction(const RuleGraph& g, NodeId node, NodeId var, const ValueOf& value) {
  if (node == var) return 1;
  if (!DependsOn(g, node, var)) return std::nullopt;
  absl::Span<const NodeId> ops = g.operands(node);
  const Node& n = g.node(node);
  switch (n.op) {
    case Op::kAdd: case Op::kMin: case Op::kMax: case Op::kFloor: case Op::kCeil: case Op::kRound:
    case Op::kYearOf: case Op::kAddYears: case Op::kAddMonths: case Op::kAddDays: case Op::kAddWorkdays:
      return Combine(g, ops, var, value, {});
    case Op::kSub: return Combine(g, ops, var, value, {1, -1});
    case Op::kWorkdaysBetween: return Combine(g, ops, var, value, {-1, 1});
    case Op::kNeg: {
      std::optional<int> d = Direction(g, ops[0], var, value);
      return d ? std::optional<int>(-*d) : std::nullopt;
    }
    case Op::kMul: case Op::kDiv: {
      bool in0 = DependsOn(g, ops[0], var), in1 = DependsOn(g, ops[1], var);
      if (in0 == in1) return std::nullopt;
      std::optional<Number> k = NumberOf(value, in0 ? ops[1] : ops[0]);
      if (!k || k->IsZero()) return std::nullopt;
      std::optional<int> d = Direction(g, in0 ? ops[0] : ops[1], var, value);
      if (!d) return std::nullopt;
      if (n.op == Op::kMul || in0) return *d * Sign(*k);
      // k / x: for x > 0 (the side of zero the value is on now) it moves
      // against x when k > 0.
      std::optional<Number> x = NumberOf(value, ops[1]);
      if (!x || !(Sign(*x) > 0)) return std::nullopt;
      return -*d * Sign(*k);
    }
    case Op::kIf: {
      if (DependsOn(g, ops[0], var)) return std::nullopt;
      std::optional<Scalar> c = value(ops[0]);
      if (!c || !std::holds_alternative<bool>(*c)) return std::nullopt;
      return Direction(g, std::get<bool>(*c) ? ops[1] : ops[2], var, value);
    }
    default: return std::nullopt;
  }
}

std::optional<Number> InvertLinear(const RuleGraph& g, NodeId node, NodeId var, const Number& target,
                                   const ValueOf& value) {
  Number t = target;
  while (node != var) {
    const Node& n = g.node(node);
    absl::Span<const NodeId> ops = g.operands(node);
    if (n.op == Op::kNeg) {
      t = t.Negate();
      node = ops[0];
      continue;
    }
    if (ops.size() != 2) return std::nullopt;
    bool in0 = DependsOn(g, ops[0], var), in1 = DependsOn(g, ops[1], var);
    if (in0 == in1) return std::nullopt;
    std::optional<Number> k = NumberOf(value, in0 ? ops[1] : ops[0]);
    if (!k) return std::nullopt;
    std::optional<Number> next;
    switch (n.op) {
      case Op::kAdd: next = Number::Sub(t, *k); break;                       // x + k = t
      case Op::kSub: next = in0 ? Number::Add(t, *k) : Number::Sub(*k, t); break;  // x - k = t / k - x = t
      case Op::kMul: next = Number::Div(t, *k); break;                       // x·k = t
      case Op::kDiv: next = in0 ? Number::Mul(t, *k) : Number::Div(*k, t); break;   // x/k = t / k/x = t
      default: return std::nullopt;
    }
    if (!next) return std::nullopt;
    t = *next;
    node = in0 ? ops[0] : ops[1];
  }
  return t;
}

Quantity InferQuantity(const Program& p, NodeId id) {
  const RuleGraph& g = p.graph;
  const Node& n = g.node(id);
  absl::Span<const NodeId> ops = g.operands(id);
  auto first_non_plain = [&](size_t from) {
    for (size_t i = from; i < ops.size(); ++i) {
      Quantity q = InferQuantity(p, ops[i]);
      if (q != Quantity::kPlain) return q;
    }
    return Quantity::kPlain;
  };
  switch (n.op) {
    case Op::kField: case Op::kSeries: case Op::kRecordField: {
      const FieldDef* f = DefOf(p, n);
      return f ? QuantityOfType(*f) : Quantity::kPlain;
    }
    case Op::kConst:
      return std::holds_alternative<CivilDate>(g.constant(n.payload)) ? Quantity::kDate : Quantity::kPlain;
    case Op::kEvalDate: case Op::kAddYears: case Op::kAddMonths: case Op::kAddDays: case Op::kAddWorkdays:
      return Quantity::kDate;
    case Op::kAdd: case Op::kSub: case Op::kMin: case Op::kMax: case Op::kFloor: case Op::kCeil:
    case Op::kRound: case Op::kNeg:
      return first_non_plain(0);
    case Op::kIf: return first_non_plain(1);
    case Op::kMul: {
      Quantity a = InferQuantity(p, ops[0]), b = InferQuantity(p, ops[1]);
      if (a == Quantity::kMoney || b == Quantity::kMoney) return Quantity::kMoney;
      if (a == Quantity::kPlain || a == Quantity::kRatio) return b == Quantity::kPlain ? a : b;
      return a;
    }
    case Op::kDiv: {
      Quantity a = InferQuantity(p, ops[0]), b = InferQuantity(p, ops[1]);
      if (b == Quantity::kPlain || b == Quantity::kRatio) return a;
      if (a == b) return Quantity::kRatio;
      if (a == Quantity::kMoney) return Quantity::kMoney;  // per head / per item
      return Quantity::kPlain;
    }
    case Op::kCount: return Quantity::kItems;
    case Op::kSum: return ops.size() > 1 ? InferQuantity(p, ops.back()) : Quantity::kPlain;
    case Op::kPolicyBenefit: return Quantity::kMoney;
    default: return Quantity::kPlain;
  }
}

std::string FormatQuantity(const Number& n, Quantity q) {
  switch (q) {
    case Quantity::kMoney: return FormatMoney(n);
    case Quantity::kRatio: return FormatPercent(n);
    case Quantity::kPersons: return absl::StrCat(n.ToString(6), "人");
    case Quantity::kItems: return absl::StrCat(n.ToString(6), "项");
    default: return n.ToString(6);
  }
}

std::string FormatChange(const Number& gap, Quantity q, bool zh) {
  if (q == Quantity::kRatio) {
    std::optional<Number> pp = Number::Mul(gap, Number::FromInt(100));
    std::string t = pp ? pp->ToString(4) : gap.ToString();
    return zh ? absl::StrCat(t, "个百分点") : absl::StrCat(t, " percentage points");
  }
  if (!zh && q == Quantity::kMoney) return absl::StrCat(gap.ToString(2), " yuan");
  if (!zh && q == Quantity::kPersons) return absl::StrCat(gap.ToString(6), " persons");
  if (!zh && q == Quantity::kItems) return absl::StrCat(gap.ToString(6), " items");
  return FormatQuantity(gap, q);
}

std::string ExprText(const Program& program, NodeId node) { return Text(program, node, Quantity::kPlain); }

Number FieldUnit(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kPercent: return Number::Ratio(1, 10000);
    case FieldType::kDecimal: return Number::Ratio(1, 100);
    default: return Number::FromInt(1);
  }
}

bool IsComparison(Op op) {
  return op == Op::kEq || op == Op::kNe || op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe;
}

Op SwapComparison(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

Op NegateComparison(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGe;
    case Op::kLe: return Op::kGt;
    case Op::kGt: return Op::kLe;
    case Op::kGe: return Op::kLt;
    case Op::kEq: return Op::kNe;
    case Op::kNe: return Op::kEq;
    default: return op;
  }
}

}  // namespace duixian::engine::whatif
