#include "engine/whatif/missing_set.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/format.h"

namespace duixian::engine::whatif {
namespace {

struct Slot {
  MissingField missing;
  NodeId node = kNoNode;
  const FieldDef* def = nullptr;
  std::vector<FieldValue> candidates;
};

// Every node the policy's verdict reads, through eligible()/benefit_of() too.
// (The policy's own benefit rule is left out: it does not decide the verdict.)
std::vector<NodeId> PolicyCone(const Program& p, int policy) {
  std::set<NodeId> nodes;
  std::vector<std::pair<int, bool>> todo = {{policy, false}};  // policy, with its benefit
  std::set<std::pair<int, bool>> done;
  while (!todo.empty()) {
    auto [q, with_benefit] = todo.back();
    todo.pop_back();
    if (!done.insert({q, with_benefit}).second) continue;
    const PolicyInfo& info = p.policies[static_cast<size_t>(q)];
    std::vector<NodeId> roots;
    for (const ClauseInfo& c : info.clauses) roots.push_back(c.node);
    if (with_benefit && info.benefit) roots.push_back(info.benefit->node);
    for (NodeId r : roots) {
      for (NodeId id : p.graph.Cone(r)) {
        nodes.insert(id);
        const Node& n = p.graph.node(id);
        if (n.op == Op::kPolicyEligible || n.op == Op::kPolicyBenefit) {
          todo.push_back({static_cast<int>(n.payload), n.op == Op::kPolicyBenefit});
        }
      }
    }
  }
  return {nodes.begin(), nodes.end()};
}

Number GridFloor(const Number& x, const Number& unit) {
  return *Number::Mul(Number::Div(x, unit)->Floor(), unit);
}

bool Has(const std::vector<FieldValue>& list, const Scalar& s) {
  for (const FieldValue& v : list) {
    if (const Scalar* t = std::get_if<Scalar>(&v); t && *t == s) return true;
  }
  return false;
}

void AddNumber(const FieldDef& def, const Number& x, std::vector<FieldValue>* out) {
  if (def.minimum && x < *def.minimum) return;
  if (def.maximum && x > *def.maximum) return;
  if ((def.type == FieldType::kCount || def.type == FieldType::kPercent) && x.IsNegative()) return;
  if (!Has(*out, Scalar(x))) out->push_back(Scalar(x));
}

void AddDate(const CivilDate& d, std::vector<FieldValue>* out) {
  if (!Has(*out, Scalar(d))) out->push_back(Scalar(d));
}

// The date x with path(x) == target, walking back through date arithmetic
// with known counts; approximate where months clamp (neighbours are tried).
std::optional<CivilDate> InvertDate(const RuleGraph& g, NodeId node, NodeId var, CivilDate t, const ValueOf& value) {
  while (node != var) {
    const Node& n = g.node(node);
    if (n.op != Op::kAddYears && n.op != Op::kAddMonths && n.op != Op::kAddDays) return std::nullopt;
    absl::Span<const NodeId> ops = g.operands(node);
    std::optional<Scalar> k = value(ops[1]);
    if (!k || !std::holds_alternative<Number>(*k)) return std::nullopt;
    std::optional<int64_t> c = std::get<Number>(*k).ToInt64();
    if (!c || *c < -100000 || *c > 100000) return std::nullopt;
    int32_t back = -static_cast<int32_t>(*c);
    t = n.op == Op::kAddYears ? t.AddYears(back) : n.op == Op::kAddMonths ? t.AddMonths(back) : t.AddDays(back);
    node = ops[0];
  }
  return t;
}

std::vector<FieldValue> Candidates(const Probe& probe, const std::vector<NodeId>& cone, const Slot& s) {
  const Program& p = probe.program();
  const RuleGraph& g = p.graph;
  const FieldDef& def = *s.def;
  std::vector<FieldValue> out;
  switch (def.type) {
    case FieldType::kRecordList: out.push_back(RecordList{}); return out;
    case FieldType::kBool: out.push_back(Scalar(true)); out.push_back(Scalar(false)); return out;
    case FieldType::kEnum:
      for (const std::string& v : def.enum_values) out.push_back(Scalar(v));
      return out;
    case FieldType::kString: case FieldType::kUscc: case FieldType::kIndustryCode: {
      for (NodeId id : cone) {
        absl::Span<const NodeId> ops = g.operands(id);
        if (std::find(ops.begin(), ops.end(), s.node) == ops.end()) continue;
        const Node& n = g.node(id);
        if (n.op == Op::kInSet || n.op == Op::kIndustryIn) {
          for (const std::string& v : g.set(n.payload).strings) out.push_back(Scalar(v));
        } else if (n.op == Op::kEq || n.op == Op::kNe) {
          for (NodeId o : ops) {
            if (g.node(o).op == Op::kConst && std::holds_alternative<std::string>(g.constant(g.node(o).payload))) {
              out.push_back(Scalar(std::get<std::string>(g.constant(g.node(o).payload))));
            }
          }
        }
      }
      out.push_back(Scalar(std::string("（其他）")));
      return out;
    }
    default: break;
  }
  const ValueOf value = probe.base_value();
  const bool is_date = def.type == FieldType::kDate;
  const Number unit = is_date ? Number::FromInt(1) : FieldUnit(def);
  if (!is_date) AddNumber(def, Number(), &out);
  for (NodeId cmp : cone) {
    if (!IsComparison(g.node(cmp).op) || !DependsOn(g, cmp, s.node)) continue;
    absl::Span<const NodeId> ops = g.operands(cmp);
    bool in0 = DependsOn(g, ops[0], s.node), in1 = DependsOn(g, ops[1], s.node);
    if (in0 == in1) continue;
    NodeId side = in0 ? ops[0] : ops[1];
    std::optional<Scalar> o = value(in0 ? ops[1] : ops[0]);
    bool solved = false;
    if (o && is_date && std::holds_alternative<CivilDate>(*o)) {
      if (std::optional<CivilDate> d = InvertDate(g, side, s.node, std::get<CivilDate>(*o), value)) {
        for (int k = -2; k <= 2; ++k) AddDate(d->AddDays(k), &out);
        solved = true;
      }
    } else if (o && !is_date && std::holds_alternative<Number>(*o)) {
      if (std::optional<Number> x = InvertLinear(g, side, s.node, std::get<Number>(*o), value)) {
        Number lo = GridFloor(*x, unit);
        for (const Number& c : {*Number::Sub(lo, unit), lo, *Number::Add(lo, unit), *Number::Add(lo, *Number::Add(unit, unit))}) {
          AddNumber(def, c, &out);
        }
        solved = true;
      }
    }
    if (solved) continue;
    // Not invertible here (the other side is open too): the constants it is compared with.
    for (NodeId id : g.Cone(cmp)) {
      if (g.node(id).op != Op::kConst) continue;
      const Constant& c = g.constant(g.node(id).payload);
      if (const Number* n = std::get_if<Number>(&c); n && !is_date) {
        for (const Number& x : {*n, *Number::Add(*n, unit), *Number::Sub(*n, unit)}) AddNumber(def, x, &out);
      } else if (const CivilDate* d = std::get_if<CivilDate>(&c); d && is_date) {
        for (int k = -1; k <= 1; ++k) AddDate(d->AddDays(k), &out);
      }
    }
  }
  if (is_date && out.empty()) AddDate(probe.date(), &out);
  return out;
}

std::string ShowValue(const Program& p, const FieldValue& v, const FieldDef& def, NodeId node) {
  if (std::holds_alternative<RecordList>(v)) return "无记录";
  const Scalar& s = std::get<Scalar>(v);
  if (const bool* b = std::get_if<bool>(&s)) return *b ? "是" : "否";
  if (const Number* n = std::get_if<Number>(&s)) return FormatQuantity(*n, InferQuantity(p, node));
  if (const CivilDate* d = std::get_if<CivilDate>(&s)) return d->ToString();
  if (const std::string* t = std::get_if<std::string>(&s)) return *t;
  (void)def;
  return "";
}

class Search {
 public:
  Search(Probe& probe, const PolicyDecision& d) : probe_(probe), d_(d), p_(probe.program()) {}

  std::optional<DecidingSet> Run() {
    std::vector<NodeId> cone = PolicyCone(p_, d_.policy);
    for (const MissingField& m : d_.missing) {
      Slot s;
      s.missing = m;
      s.node = probe_.DataNode(m.field, m.year);
      s.def = &p_.schema->fields()[static_cast<size_t>(m.field)];
      if (s.node == kNoNode) return std::nullopt;
      s.candidates = Candidates(probe_, cone, s);
      if (s.candidates.empty()) return std::nullopt;
      slots_.push_back(std::move(s));
    }
    start_ = probe_.runs();
    const size_t m = slots_.size();
    if (m == 0) return std::nullopt;
    for (size_t size = 1; size <= m; ++size) {
      std::vector<size_t> combo(size);
      for (size_t i = 0; i < size; ++i) combo[i] = i;
      while (true) {
        std::vector<size_t> pick(size, 0);
        std::optional<bool> found = TryCombo(combo, &pick);
        if (!found) return std::nullopt;  // out of budget
        if (*found) return Report(combo, pick, cone);
        // Next combination in lexicographic order.
        size_t i = size;
        while (i > 0 && combo[i - 1] == m - size + (i - 1)) --i;
        if (i == 0) break;
        ++combo[i - 1];
        for (size_t j = i; j < size; ++j) combo[j] = combo[j - 1] + 1;
      }
    }
    return std::nullopt;
  }

 private:
  void Apply(const std::vector<size_t>& combo, const std::vector<size_t>& pick) {
    for (size_t i = 0; i < combo.size(); ++i) {
      const Slot& s = slots_[combo[i]];
      probe_.Set(s.missing.field, s.missing.year, s.candidates[pick[i]]);
    }
  }
  void Undo(const std::vector<size_t>& combo) {
    for (size_t i : combo) probe_.Restore(slots_[i].missing.field);
  }
  bool Eligible() { return probe_.RunPolicy(probe_.date(), d_.policy) == Verdict::kEligible; }

  // true: `pick` makes it eligible; false: no candidate combination does;
  // nullopt: the budget ran out.
  std::optional<bool> TryCombo(const std::vector<size_t>& combo, std::vector<size_t>* pick) {
    while (true) {
      if (probe_.runs() - start_ >= kMaxProbes) return std::nullopt;
      Apply(combo, *pick);
      bool ok = Eligible();
      Undo(combo);
      if (ok) return true;
      size_t i = 0;
      while (i < combo.size() && ++(*pick)[i] == slots_[combo[i]].candidates.size()) (*pick)[i++] = 0;
      if (i == combo.size()) return false;
    }
  }

  DecidingSet Report(const std::vector<size_t>& combo, const std::vector<size_t>& pick,
                     const std::vector<NodeId>& cone) {
    DecidingSet out;
    for (size_t i = 0; i < combo.size(); ++i) {
      const Slot& s = slots_[combo[i]];
      FieldRequirement r;
      r.field = s.missing.field;
      r.year = s.missing.year;
      r.example = ShowValue(p_, s.candidates[pick[i]], *s.def, s.node);
      // Which candidates work with the others held at the example.
      std::vector<std::string> works;
      std::vector<size_t> alt = pick;
      for (size_t c = 0; c < s.candidates.size(); ++c) {
        alt[i] = c;
        Apply(combo, alt);
        if (Eligible()) works.push_back(ShowValue(p_, s.candidates[c], *s.def, s.node));
        Undo(combo);
      }
      Apply(combo, pick);
      probe_.RunPolicy(probe_.date(), d_.policy);  // the comparisons' values at the example
      std::string bounds_zh, bounds_en;
      std::vector<Number> checks;  // values that must work / fail for the bounds to be right
      std::vector<Number> fails;
      Bounds(s, cone, &bounds_zh, &bounds_en, &checks, &fails);
      Undo(combo);
      // Bounds read off the comparisons are shown only when the evaluator
      // agrees at their edges (one grid unit inside works, one outside does not).
      for (size_t k = 0; k < checks.size() + fails.size() && !bounds_zh.empty(); ++k) {
        bool inside = k < checks.size();
        alt = pick;
        Apply(combo, alt);
        probe_.Set(s.missing.field, s.missing.year, Scalar(inside ? checks[k] : fails[k - checks.size()]));
        if (Eligible() != inside) bounds_zh.clear();
        Undo(combo);
      }
      bool numeric = s.def->type != FieldType::kBool && s.def->type != FieldType::kEnum &&
                     s.def->type != FieldType::kString && s.def->type != FieldType::kRecordList &&
                     s.def->type != FieldType::kUscc && s.def->type != FieldType::kIndustryCode;
      if (!bounds_zh.empty()) {
        r.condition_zh = bounds_zh;
        r.condition_en = bounds_en;
      } else if (!numeric && s.def->type != FieldType::kString && s.def->type != FieldType::kIndustryCode) {
        r.condition_zh = absl::StrJoin(works, "、");
        r.condition_en = absl::StrJoin(works, ", ");
      } else {
        r.condition_zh = absl::StrCat("例如 ", r.example);
        r.condition_en = absl::StrCat("e.g. ", r.example);
      }
      out.fields.push_back(std::move(r));
    }
    return out;
  }

  // The interval the field must lie in, from every comparison it takes part
  // in that holds as it should at the example: "≥ 60万元", "> 1 且 ≤ 5".
  void Bounds(const Slot& s, const std::vector<NodeId>& cone, std::string* zh, std::string* en,
              std::vector<Number>* inside, std::vector<Number>* outside) {
    const RuleGraph& g = p_.graph;
    ValueOf value = [this](NodeId id) { return probe_.ProbeValue(id); };
    std::optional<Number> lo, hi;
    bool lo_strict = false, hi_strict = false;
    if (s.def->type == FieldType::kDate || s.def->type == FieldType::kBool) return;
    for (NodeId cmp : cone) {
      if (!IsComparison(g.node(cmp).op) || !DependsOn(g, cmp, s.node)) continue;
      std::optional<Scalar> outcome = value(cmp);
      if (!outcome || !std::holds_alternative<bool>(*outcome)) continue;
      absl::Span<const NodeId> ops = g.operands(cmp);
      bool in0 = DependsOn(g, ops[0], s.node), in1 = DependsOn(g, ops[1], s.node);
      if (in0 == in1) continue;
      Op op = std::get<bool>(*outcome) ? g.node(cmp).op : NegateComparison(g.node(cmp).op);
      if (in1) op = SwapComparison(op);
      NodeId side = in0 ? ops[0] : ops[1];
      std::optional<Scalar> o = value(in0 ? ops[1] : ops[0]);
      if (!o || !std::holds_alternative<Number>(*o)) continue;
      std::optional<int> dir = Direction(g, side, s.node, value);
      std::optional<Number> x = InvertLinear(g, side, s.node, std::get<Number>(*o), value);
      if (!dir || !x || op == Op::kEq || op == Op::kNe) continue;
      if (*dir < 0) op = SwapComparison(op);
      bool strict = op == Op::kGt || op == Op::kLt;
      if (op == Op::kGe || op == Op::kGt) {
        if (!lo || *x > *lo || (*x == *lo && strict)) { lo = x; lo_strict = strict; }
      } else {
        if (!hi || *x < *hi || (*x == *hi && strict)) { hi = x; hi_strict = strict; }
      }
    }
    Quantity q = InferQuantity(p_, s.node);
    const Number unit = FieldUnit(*s.def);
    // Grid points just inside and just outside each bound.
    if (lo) {
      Number in = *Number::Mul(Number::Div(*lo, unit)->Ceil(), unit);
      if (lo_strict && in == *lo) in = *Number::Add(in, unit);
      inside->push_back(in);
      outside->push_back(*Number::Sub(in, unit));
    }
    if (hi) {
      Number in = GridFloor(*hi, unit);
      if (hi_strict && in == *hi) in = *Number::Sub(in, unit);
      inside->push_back(in);
      outside->push_back(*Number::Add(in, unit));
    }
    // Whole-number fields read better as whole, inclusive bounds: "≤ 9人", not "≤ 9.24人".
    if (s.def->type == FieldType::kCount || s.def->type == FieldType::kInteger) {
      if (lo) {
        lo = (*inside)[0];
        lo_strict = false;
      }
      if (hi) {
        hi = inside->back();
        hi_strict = false;
      }
    }
    std::vector<std::string> z, e;
    if (lo) {
      z.push_back(absl::StrCat(lo_strict ? "> " : "≥ ", FormatQuantity(*lo, q)));
      e.push_back(absl::StrCat(lo_strict ? "> " : ">= ", FormatQuantity(*lo, q)));
    }
    if (hi) {
      z.push_back(absl::StrCat(hi_strict ? "< " : "≤ ", FormatQuantity(*hi, q)));
      e.push_back(absl::StrCat(hi_strict ? "< " : "<= ", FormatQuantity(*hi, q)));
    }
    *zh = absl::StrJoin(z, " 且 ");
    *en = absl::StrJoin(e, " and ");
  }

  Probe& probe_;
  const PolicyDecision& d_;
  const Program& p_;
  std::vector<Slot> slots_;
  int start_ = 0;
};

}  // namespace

std::optional<DecidingSet> FindDecidingSet(Probe& probe, const PolicyDecision& decision) {
  if (decision.verdict != Verdict::kUndetermined || decision.missing.empty()) return std::nullopt;
  return Search(probe, decision).Run();
}

}  // namespace duixian::engine::whatif
