#include "engine/whatif/near_miss.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "engine/whatif/choice_advice.h"
#include "engine/whatif/monotone_search.h"
#include "engine/whatif/record_advice.h"

namespace duixian::engine::whatif {
namespace {

// A comparison that has to come out `want` for its clause to flip.
struct Atom {
  NodeId cmp = kNoNode;
  bool want = true;
  bool alternative = false;
};

std::optional<bool> BoolOf(const Probe& probe, NodeId id) {
  std::optional<Scalar> v = probe.BaseValue(id);
  if (!v || !std::holds_alternative<bool>(*v)) return std::nullopt;
  return std::get<bool>(*v);
}

// Walks the clause down to the comparisons whose outcome has to change:
// all false operands of an `and` that must hold, any one of an `or`.
void CollectAtoms(const Probe& probe, NodeId id, bool want, bool alternative, std::vector<Atom>* out) {
  const RuleGraph& g = probe.program().graph;
  std::optional<bool> v = BoolOf(probe, id);
  if (!v || *v == want) return;
  absl::Span<const NodeId> ops = g.operands(id);
  Op op = g.node(id).op;
  // Leaves advice can move: comparisons, membership tests, `any` over a
  // record list, and bool fields.
  if (IsComparison(op) || op == Op::kInSet || op == Op::kAny ||
      (op == Op::kField && g.node(id).type == ValueType::kBool)) {
    out->push_back({id, want, alternative});
    return;
  }
  switch (op) {
    case Op::kAnd: case Op::kOr: {
      // Every operand has to change (and→true, or→false), or any one will do.
      bool every = (op == Op::kAnd) == want;
      size_t wrong = 0;
      for (NodeId o : ops) wrong += BoolOf(probe, o) == std::optional<bool>(!want) ? 1 : 0;
      for (NodeId o : ops) CollectAtoms(probe, o, want, alternative || (!every && wrong > 1), out);
      return;
    }
    case Op::kNot: CollectAtoms(probe, ops[0], !want, alternative, out); return;
    case Op::kIf: {
      std::optional<bool> c = BoolOf(probe, ops[0]);
      if (c) CollectAtoms(probe, *c ? ops[1] : ops[2], want, alternative, out);
      return;
    }
    default: return;
  }
}

// The variables a comparison may be moved by: actionable numeric fields the
// firm has values for, and the evaluation date (waiting).
std::vector<NodeId> Variables(const Probe& probe, NodeId cmp) {
  const Program& p = probe.program();
  std::vector<NodeId> out;
  for (NodeId id : p.graph.Cone(cmp)) {
    const Node& n = p.graph.node(id);
    if (n.record_dependent) continue;
    if (n.op == Op::kEvalDate) {
      out.push_back(id);
    } else if ((n.op == Op::kField || n.op == Op::kSeries) && n.type == ValueType::kNumber) {
      const FieldDef& f = p.schema->fields()[n.payload];
      if (f.actionable == Actionable::kNo || f.actionable == Actionable::kWait) continue;
      std::optional<Scalar> v = probe.BaseValue(id);
      if (v && std::holds_alternative<Number>(*v)) out.push_back(id);
    }
  }
  return out;
}

const char* BoundWordZh(Op op) {
  switch (op) {
    case Op::kGe: return "不低于";
    case Op::kGt: return "高于";
    case Op::kLe: return "不超过";
    case Op::kLt: return "低于";
    case Op::kEq: return "等于";
    default: return "不等于";
  }
}

const char* BoundWordEn(Op op) {
  switch (op) {
    case Op::kGe: return "at least";
    case Op::kGt: return "above";
    case Op::kLe: return "at most";
    case Op::kLt: return "below";
    case Op::kEq: return "exactly";
    default: return "other than";
  }
}

class Solver {
 public:
  Solver(Probe& probe, const PolicyInfo& info) : probe_(probe), info_(info), p_(probe.program()) {}

  std::optional<NearMiss> Solve(int clause, const Atom& atom, NodeId var) {
    const RuleGraph& g = p_.graph;
    absl::Span<const NodeId> ops = g.operands(atom.cmp);
    bool in0 = DependsOn(g, ops[0], var), in1 = DependsOn(g, ops[1], var);
    if (in0 == in1) return std::nullopt;
    Op need = atom.want ? g.node(atom.cmp).op : NegateComparison(g.node(atom.cmp).op);
    if (in1) need = SwapComparison(need);  // now: side `need` other
    NodeId side = in0 ? ops[0] : ops[1];
    NodeId other = in0 ? ops[1] : ops[0];
    if (need == Op::kNe) return std::nullopt;
    std::optional<int> dir = Direction(g, side, var, probe_.base_value());
    if (!dir) return std::nullopt;
    // Which way the variable moves: up when the side must grow and grows with it.
    int side_move = (need == Op::kGe || need == Op::kGt) ? 1 : (need == Op::kEq ? 0 : -1);
    const Node& vn = g.node(var);
    const bool wait = vn.op == Op::kEvalDate;
    const FieldDef* def = wait ? nullptr : &p_.schema->fields()[vn.payload];
    int move = side_move * *dir;
    std::optional<Number> exact;  // the variable's value at the boundary, when linear
    std::optional<Scalar> o = probe_.BaseValue(other);
    std::optional<Scalar> cur = probe_.BaseValue(var);
    if (!o || !cur) return std::nullopt;
    if (!wait) {
      const Number* on = std::get_if<Number>(&*o);
      if (on != nullptr) exact = InvertLinear(g, side, var, *on, probe_.base_value());
      if (move == 0) {  // equality: only an exact, linear answer
        if (!exact) return std::nullopt;
        Number diff = *Number::Sub(*exact, std::get<Number>(*cur));
        if (diff.IsZero()) return std::nullopt;
        move = diff.IsNegative() ? -1 : 1;
      }
      if (move > 0 && def->actionable == Actionable::kDecrease) return std::nullopt;
      if (move < 0 && def->actionable == Actionable::kIncrease) return std::nullopt;
    } else if (move <= 0) {
      return std::nullopt;  // time only moves forward
    }
    NearMiss nm;
    nm.clause = clause;
    nm.comparison = ExprText(p_, atom.cmp);
    if (!atom.want) nm.comparison = absl::StrCat("非 (", nm.comparison, ")");
    nm.alternative = atom.alternative;
    const Number unit = wait ? Number::FromInt(1) : FieldUnit(*def);
    const Number current = wait ? Number() : std::get<Number>(*cur);
    // Smallest k >= 1 with Holds(k), given Holds is monotone in k.
    auto holds = [&](int64_t k) { return Holds(atom, var, wait, def, current, unit, move, k); };
    const int64_t cap = wait ? 36600 : (int64_t{1} << 46);
    std::optional<int64_t> guess;
    if (exact && !wait) {
      std::optional<Number> delta = Number::Sub(*exact, current);
      std::optional<Number> steps = delta ? Number::Div(move > 0 ? *delta : delta->Negate(), unit) : std::nullopt;
      if (steps) guess = steps->Ceil().ToInt64();
    }
    std::optional<int64_t> k = SmallestHolding(holds, cap, guess);
    if (!k) return std::nullopt;
    const CivilDate date = probe_.date();
    if (wait) {
      nm.kind = NearMiss::Kind::kWait;
      nm.days = static_cast<int>(*k);
      nm.until = date.AddDays(nm.days);
    } else {
      nm.kind = move > 0 ? NearMiss::Kind::kIncrease : NearMiss::Kind::kDecrease;
      nm.field = static_cast<int>(vn.payload);
      if (vn.op == Op::kSeries) nm.year = vn.aux;
      nm.current = current;
      nm.change = *Number::Mul(Number::FromInt(*k), unit);
      nm.target = *(move > 0 ? Number::Add(current, nm.change) : Number::Sub(current, nm.change));
    }
    Describe(atom, side, other, need, var, &nm);
    return nm;
  }

 private:
  bool Holds(const Atom& atom, NodeId var, bool wait, const FieldDef* def, const Number& current,
             const Number& unit, int move, int64_t k) {
    std::optional<Number> step = Number::Mul(Number::FromInt(k), unit);
    if (!step) return false;
    CivilDate date = probe_.date();
    const Node& vn = probe_.program().graph.node(var);
    if (wait) {
      date = date.AddDays(static_cast<int32_t>(k));
    } else {
      std::optional<Number> x = move > 0 ? Number::Add(current, *step) : Number::Sub(current, *step);
      if (!x) return false;
      Number floor = def->minimum ? *def->minimum : Number();
      bool may_be_negative = def->type == FieldType::kMoney && !def->minimum;
      if (!may_be_negative && *x < floor) return false;
      if (def->maximum && *x > *def->maximum) return false;
      probe_.Set(static_cast<int>(vn.payload), vn.op == Op::kSeries ? std::optional<int>(vn.aux) : std::nullopt,
                 FieldValue(Scalar(*x)));
    }
    probe_.RunNodes(date, {atom.cmp});
    if (!wait) probe_.Restore(static_cast<int>(vn.payload));
    std::optional<Scalar> v = probe_.ProbeValue(atom.cmp);
    return v && std::holds_alternative<bool>(*v) && std::get<bool>(*v) == atom.want;
  }

  void Describe(const Atom& atom, NodeId side, NodeId other, Op need, NodeId var, NearMiss* nm) {
    const RuleGraph& g = p_.graph;
    const std::string label = info_.clauses[static_cast<size_t>(nm->clause)].label;
    if (nm->kind == NearMiss::Kind::kWait) {
      nm->text_zh = absl::StrCat(label, "还差", nm->days, "天（", nm->until.ToString(), " 起满足：",
                                 nm->comparison, "）");
      nm->text_en = absl::StrCat(label, ": wait ", nm->days, " days (holds from ", nm->until.ToString(), ": ",
                                 nm->comparison, ")");
      return;
    }
    const FieldDef& def = p_.schema->fields()[static_cast<size_t>(nm->field)];
    std::string what = def.label;
    if (nm->year) absl::StrAppend(&what, "[", *nm->year, "]");
    Quantity fq = InferQuantity(p_, var);
    bool up = nm->kind == NearMiss::Kind::kIncrease;
    std::string field_zh =
        fq == Quantity::kRatio
            ? absl::StrCat(what, up ? "需再提高" : "需降低", FormatChange(nm->change, fq, true))
            : absl::StrCat(what, up ? "还差" : "需减少", FormatChange(nm->change, fq, true));
    std::string field_en = absl::StrCat(what, up ? ": raise by " : ": lower by ", FormatChange(nm->change, fq, false));
    std::string range_zh = absl::StrCat("现为", FormatQuantity(nm->current, fq), "，需", up ? "达到" : "降至",
                                        FormatQuantity(nm->target, fq));
    std::string range_en = absl::StrCat("now ", FormatQuantity(nm->current, fq), ", to ",
                                        FormatQuantity(nm->target, fq));
    std::optional<Scalar> now = probe_.BaseValue(side);
    std::optional<Scalar> bound = probe_.BaseValue(other);
    bool derived = side != var && now && bound && std::holds_alternative<Number>(*now) &&
                   std::holds_alternative<Number>(*bound);
    if (!derived) {
      nm->text_zh = absl::StrCat(field_zh, "（", range_zh, "）");
      nm->text_en = absl::StrCat(field_en, " (", range_en, ")");
      return;
    }
    // The compared quantity is a ratio or a sum: say how far it is off too.
    Quantity q = InferQuantity(p_, side);
    Quantity qo = InferQuantity(p_, other);
    if (q == Quantity::kPlain) q = qo;
    nm->quantity_now = std::get<Number>(*now);
    nm->quantity_required = std::get<Number>(*bound);
    nm->quantity_is_ratio = q == Quantity::kRatio;
    Number gap = Number::Sub(*nm->quantity_required, *nm->quantity_now).value_or(Number()).Abs();
    std::string side_text = ExprText(p_, side);
    bool side_up = need == Op::kGe || need == Op::kGt || (need == Op::kEq && *nm->quantity_required > *nm->quantity_now);
    nm->text_zh = absl::StrCat(side_text, side_up ? "需再提高" : "需降低", FormatChange(gap, q, true), "（现为",
                               FormatQuantity(*nm->quantity_now, q), "，需", BoundWordZh(need),
                               FormatQuantity(*nm->quantity_required, q), "）；即", field_zh, "（", range_zh, "）");
    nm->text_en = absl::StrCat(side_text, side_up ? " must rise by " : " must fall by ", FormatChange(gap, q, false),
                               " (now ", FormatQuantity(*nm->quantity_now, q), ", needs ", BoundWordEn(need), " ",
                               FormatQuantity(*nm->quantity_required, q), "); i.e. ", field_en, " (", range_en, ")");
    (void)g;
    (void)atom;
  }

  Probe& probe_;
  const PolicyInfo& info_;
  const Program& p_;
};

}  // namespace

std::vector<NearMiss> FindNearMisses(Probe& probe, const PolicyDecision& decision) {
  std::vector<NearMiss> out;
  if (decision.verdict != Verdict::kIneligible) return out;
  const PolicyInfo& info = probe.program().policies[static_cast<size_t>(decision.policy)];
  Solver solver(probe, info);
  for (int c : decision.failing) {
    const ClauseInfo& clause = info.clauses[static_cast<size_t>(c)];
    if (clause.kind == ClauseKind::kRequires) continue;  // another policy's verdict
    std::vector<Atom> atoms;
    CollectAtoms(probe, clause.node, clause.kind != ClauseKind::kException, false, &atoms);
    for (const Atom& atom : atoms) {
      std::vector<NearMiss> ways;
      if (IsComparison(probe.program().graph.node(atom.cmp).op)) {
        for (NodeId var : Variables(probe, atom.cmp)) {
          if (std::optional<NearMiss> nm = solver.Solve(c, atom, var)) ways.push_back(std::move(*nm));
        }
      }
      for (NodeId agg : RecordAggregates(probe, atom.cmp)) {
        if (std::optional<NearMiss> nm = RecordNearMiss(probe, info, c, atom.cmp, atom.want, agg)) {
          ways.push_back(std::move(*nm));
        }
      }
      for (NodeId var : ChoiceFields(probe, atom.cmp)) {
        if (std::optional<NearMiss> nm = ChoiceNearMiss(probe, info, c, atom.cmp, atom.want, var)) {
          ways.push_back(std::move(*nm));
        }
      }
      for (NearMiss& nm : ways) nm.alternative = nm.alternative || atom.alternative;
      // Several fields that could each fix the same comparison are alternatives.
      for (NearMiss& nm : ways) {
        nm.alternative = nm.alternative || ways.size() > 1;
        out.push_back(std::move(nm));
      }
    }
  }
  return out;
}

}  // namespace duixian::engine::whatif
