#include "engine/whatif/record_advice.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/whatif/monotone_search.h"

namespace duixian::engine::whatif {
namespace {

constexpr int kWitnessBudget = 600;     // evaluations spent looking for a record satisfying W
constexpr int64_t kMaxRecords = 10000;  // no advice to add more records than this

// count/sum/any(list[, where][, value]).
struct Aggregate {
  NodeId node = kNoNode;
  Op op = Op::kCount;
  int list_field = -1;
  NodeId where = kNoNode;
  NodeId value = kNoNode;
};

Aggregate PartsOf(const RuleGraph& g, NodeId agg) {
  Aggregate a;
  a.node = agg;
  const Node& n = g.node(agg);
  a.op = n.op;
  absl::Span<const NodeId> ops = g.operands(agg);
  a.list_field = static_cast<int>(g.node(ops[0]).payload);
  size_t i = 1;
  if ((n.aux & 1) != 0) a.where = ops[i++];
  if ((n.aux & 2) != 0) a.value = ops[i++];
  return a;
}

const RecordList* ListOf(const FirmRecord& firm, int field) {
  return std::get_if<RecordList>(&firm.value(static_cast<size_t>(field)));
}

// Candidate values for each record field W reads: the values W compares it
// with (and one grid unit either side), dates in the years W compares their
// year with, every enum value, true and false, the strings W names.
class Candidates {
 public:
  Candidates(const Probe& probe, const Aggregate& a) : probe_(probe) {
    const Program& p = probe.program();
    const RuleGraph& g = p.graph;
    defs_ = &p.schema->fields()[static_cast<size_t>(a.list_field)].record_fields;
    if (a.where == kNoNode) return;
    for (NodeId id : g.Cone(a.where)) {
      const Node& n = g.node(id);
      if (n.op == Op::kRecordField && n.aux == a.list_field) fields_.insert(static_cast<int>(n.payload));
      if (n.op == Op::kInSet) {
        for (const std::string& s : g.set(n.payload).strings) strings_.insert(s);
        for (const Number& x : g.set(n.payload).numbers) numbers_.insert(x);
      }
      if (n.op == Op::kConst) AddScalarOf(g.constant(n.payload));
      // Values W compares with that are not constants (the reference year,
      // a date derived from the firm): as evaluated for the firm.
      if (IsComparison(n.op)) {
        for (NodeId o : g.operands(id)) {
          if (g.node(o).record_dependent) continue;
          if (std::optional<Scalar> v = probe.BaseValue(o)) AddScalar(*v);
        }
      }
    }
  }

  const std::set<int>& fields() const { return fields_; }

  std::vector<Scalar> For(int record_field) const {
    const FieldDef& d = (*defs_)[static_cast<size_t>(record_field)];
    std::vector<Scalar> out;
    auto add = [&](const Scalar& s) {
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    switch (d.type) {
      case FieldType::kBool: add(true); add(false); break;
      case FieldType::kEnum: for (const std::string& v : d.enum_values) add(v); break;
      case FieldType::kString: case FieldType::kIndustryCode: case FieldType::kUscc:
        for (const std::string& s : strings_) add(s);
        break;
      case FieldType::kDate: {
        for (const CivilDate& x : dates_) {
          add(x);
          add(x.AddDays(1));
          add(x.AddDays(-1));
        }
        for (const Number& n : numbers_) {
          std::optional<int64_t> y = n.IsInteger() ? n.ToInt64() : std::nullopt;
          if (!y || *y < 1900 || *y > 2999) continue;
          for (auto [m, day] : {std::pair{7, 1}, std::pair{1, 1}, std::pair{12, 31}}) {
            if (std::optional<CivilDate> x = CivilDate::FromYmd(static_cast<int>(*y), m, day)) add(*x);
          }
        }
        add(probe_.date());
        break;
      }
      default: {  // numbers
        Number unit = FieldUnit(d);
        for (const Number& n : numbers_) {
          for (std::optional<Number> x : {std::optional<Number>(n), Number::Add(n, unit), Number::Sub(n, unit)}) {
            if (!x) continue;
            if (d.minimum && *x < *d.minimum) continue;
            if (d.maximum && *x > *d.maximum) continue;
            if (d.type != FieldType::kMoney && !d.minimum && x->IsNegative()) continue;
            add(*x);
          }
        }
        add(unit);
        break;
      }
    }
    return out;
  }

 private:
  void AddScalarOf(const Constant& c) {
    if (const Number* n = std::get_if<Number>(&c)) numbers_.insert(*n);
    if (const CivilDate* d = std::get_if<CivilDate>(&c)) dates_.insert(*d);
    if (const std::string* s = std::get_if<std::string>(&c)) strings_.insert(*s);
  }
  void AddScalar(const Scalar& v) {
    if (const Number* n = std::get_if<Number>(&v)) numbers_.insert(*n);
    if (const CivilDate* d = std::get_if<CivilDate>(&v)) dates_.insert(*d);
    if (const std::string* s = std::get_if<std::string>(&v)) strings_.insert(*s);
  }

  const Probe& probe_;
  const std::vector<FieldDef>* defs_ = nullptr;
  std::set<int> fields_;
  std::set<Number> numbers_;
  std::set<CivilDate> dates_;
  std::set<std::string> strings_;
};

class RecordSolver {
 public:
  RecordSolver(Probe& probe, const Aggregate& a) : probe_(probe), p_(probe.program()), a_(a) {
    if (const RecordList* l = ListOf(probe.firm(), a.list_field)) original_ = *l;
    const auto& defs = p_.schema->fields()[static_cast<size_t>(a.list_field)].record_fields;
    width_ = defs.size();
    if (a.op == Op::kSum) {
      const Node& v = p_.graph.node(a.value);
      value_field_ = static_cast<int>(v.payload);
      unit_ = FieldUnit(defs[static_cast<size_t>(value_field_)]);
    }
  }

  // A record the where clause selects (for a sum: with a positive value), or
  // nothing within the budget.
  std::optional<Record> FindWitness() {
    std::vector<Record> templates;
    for (const Record& r : original_) {
      if (templates.size() >= 4) break;
      templates.push_back(r);
    }
    templates.push_back(Record{std::vector<Scalar>(width_)});
    for (Record& t : templates) {
      if (value_field_ >= 0) t.fields[static_cast<size_t>(value_field_)] = Scalar(unit_);
      if (Selects(t)) return t;
    }
    // Every combination of candidate values for the record fields W reads,
    // over the template of the firm's first record (or an empty one).
    Candidates cands(probe_, a_);
    std::vector<int> fields;
    std::vector<std::vector<Scalar>> values;
    for (int f : cands.fields()) {
      if (f == value_field_) continue;
      std::vector<Scalar> v = cands.For(f);
      if (v.empty()) continue;
      fields.push_back(f);
      values.push_back(std::move(v));
    }
    if (fields.empty()) return std::nullopt;
    Record r = templates.front();
    std::vector<size_t> at(fields.size(), 0);
    for (int tries = 0; tries < kWitnessBudget; ++tries) {
      for (size_t i = 0; i < fields.size(); ++i) r.fields[static_cast<size_t>(fields[i])] = values[i][at[i]];
      if (Selects(r)) return r;
      size_t i = 0;
      while (i < at.size() && ++at[i] == values[i].size()) at[i++] = 0;
      if (i == at.size()) break;
    }
    return std::nullopt;
  }

  // The list with `k` copies of `witness` added (a sum: one copy carrying k units).
  void SetList(const Record& witness, int64_t k) {
    RecordList l = original_;
    if (a_.op == Op::kSum) {
      Record r = witness;
      r.fields[static_cast<size_t>(value_field_)] = Scalar(*Number::Mul(Number::FromInt(k), unit_));
      l.push_back(std::move(r));
    } else {
      for (int64_t i = 0; i < k; ++i) l.push_back(witness);
    }
    probe_.Set(a_.list_field, std::nullopt, FieldValue(std::move(l)));
  }

  bool Holds(NodeId atom, bool want, const Record& witness, int64_t k) {
    SetList(witness, k);
    probe_.RunNodes(probe_.date(), {atom});
    probe_.Restore(a_.list_field);
    std::optional<Scalar> v = probe_.ProbeValue(atom);
    return v && std::holds_alternative<bool>(*v) && std::get<bool>(*v) == want;
  }

  int value_field() const { return value_field_; }
  const Number& unit() const { return unit_; }

 private:
  // Whether W selects `r`, asked of the evaluator with `r` as the only record.
  bool Selects(const Record& r) {
    probe_.Set(a_.list_field, std::nullopt, FieldValue(RecordList{r}));
    probe_.RunNodes(probe_.date(), {a_.node});
    probe_.Restore(a_.list_field);
    std::optional<Scalar> v = probe_.ProbeValue(a_.node);
    if (!v) return false;
    if (const bool* b = std::get_if<bool>(&*v)) return *b;
    const Number* n = std::get_if<Number>(&*v);
    if (n == nullptr) return false;
    return a_.op == Op::kSum ? *n == unit_ : *n == Number::FromInt(1);
  }

  Probe& probe_;
  const Program& p_;
  const Aggregate& a_;
  RecordList original_;
  size_t width_ = 0;
  int value_field_ = -1;
  Number unit_ = Number::FromInt(1);
};

}  // namespace

std::vector<NodeId> RecordAggregates(const Probe& probe, NodeId atom) {
  const Program& p = probe.program();
  const RuleGraph& g = p.graph;
  std::vector<NodeId> out;
  for (NodeId id : g.Cone(atom)) {
    const Node& n = g.node(id);
    if (n.record_dependent) continue;
    if (n.op != Op::kCount && n.op != Op::kSum && n.op != Op::kAny) continue;
    Aggregate a = PartsOf(g, id);
    const FieldDef& list = p.schema->fields()[static_cast<size_t>(a.list_field)];
    if (list.actionable != Actionable::kIncrease) continue;
    if (ListOf(probe.firm(), a.list_field) == nullptr) continue;  // unknown list: no verdict to flip
    if (n.op == Op::kSum) {
      // The amount rides on one record field the firm fills in.
      if (a.value == kNoNode) continue;
      const Node& v = g.node(a.value);
      if (v.op != Op::kRecordField || v.aux != a.list_field) continue;
      const FieldDef& vf = list.record_fields[v.payload];
      if (vf.type != FieldType::kMoney && vf.type != FieldType::kCount && vf.type != FieldType::kDecimal &&
          vf.type != FieldType::kInteger && vf.type != FieldType::kPercent) {
        continue;
      }
    }
    std::optional<Scalar> now = probe.BaseValue(id);
    if (!now) continue;
    out.push_back(id);
  }
  return out;
}

std::optional<NearMiss> RecordNearMiss(Probe& probe, const PolicyInfo& info, int clause, NodeId atom, bool want,
                                       NodeId agg) {
  const Program& p = probe.program();
  const RuleGraph& g = p.graph;
  const Aggregate a = PartsOf(g, agg);
  const bool any = a.op == Op::kAny;
  if (any && (atom != agg || !want)) return std::nullopt;  // records can only be added
  RecordSolver solver(probe, a);
  // Which way and how far the aggregate must move, when the atom is a comparison.
  std::optional<Number> exact;  // the aggregate's value at the boundary, when linear
  std::optional<Scalar> cur_scalar = probe.BaseValue(agg);
  Number current;
  if (!any) {
    absl::Span<const NodeId> ops = g.operands(atom);
    if (!IsComparison(g.node(atom).op)) return std::nullopt;
    bool in0 = DependsOn(g, ops[0], agg), in1 = DependsOn(g, ops[1], agg);
    if (in0 == in1) return std::nullopt;
    Op need = want ? g.node(atom).op : NegateComparison(g.node(atom).op);
    if (in1) need = SwapComparison(need);
    NodeId side = in0 ? ops[0] : ops[1];
    NodeId other = in0 ? ops[1] : ops[0];
    if (need == Op::kNe || need == Op::kEq) return std::nullopt;
    std::optional<int> dir = Direction(g, side, agg, probe.base_value());
    if (!dir) return std::nullopt;
    int side_move = (need == Op::kGe || need == Op::kGt) ? 1 : -1;
    if (side_move * *dir <= 0) return std::nullopt;  // the aggregate would have to fall
    std::optional<Scalar> o = probe.BaseValue(other);
    if (!o || !cur_scalar || !std::holds_alternative<Number>(*cur_scalar)) return std::nullopt;
    current = std::get<Number>(*cur_scalar);
    if (const Number* on = std::get_if<Number>(&*o)) exact = InvertLinear(g, side, agg, *on, probe.base_value());
  }
  std::optional<Record> witness = solver.FindWitness();
  if (!witness) return std::nullopt;
  auto holds = [&](int64_t k) { return solver.Holds(atom, want, *witness, k); };
  const int64_t cap = a.op == Op::kSum ? (int64_t{1} << 46) : kMaxRecords;
  std::optional<int64_t> k;
  if (any) {
    if (holds(1)) k = 1;
  } else {
    std::optional<int64_t> guess;
    if (exact) {
      std::optional<Number> delta = Number::Sub(*exact, current);
      std::optional<Number> steps = delta ? Number::Div(*delta, solver.unit()) : std::nullopt;
      if (steps) guess = steps->Ceil().ToInt64();
    }
    k = SmallestHolding(holds, cap, guess);
  }
  if (!k) return std::nullopt;

  NearMiss nm;
  nm.clause = clause;
  nm.comparison = ExprText(p, atom);
  if (!want) nm.comparison = absl::StrCat("非 (", nm.comparison, ")");
  nm.field = a.list_field;
  nm.condition = a.where == kNoNode ? "" : ExprText(p, a.where);
  const FieldDef& list = p.schema->fields()[static_cast<size_t>(a.list_field)];
  const std::string& label = info.clauses[static_cast<size_t>(clause)].label;
  const std::string where_zh = nm.condition.empty() ? "" : absl::StrCat("（需满足：", nm.condition, "）");
  const std::string where_en = nm.condition.empty() ? "" : absl::StrCat(" (where ", nm.condition, ")");
  if (a.op == Op::kSum) {
    const FieldDef& vf = list.record_fields[static_cast<size_t>(solver.value_field())];
    Quantity q = InferQuantity(p, agg);
    nm.kind = NearMiss::Kind::kAddAmount;
    nm.records = 1;
    nm.value_field = solver.value_field();
    nm.current = current;
    nm.change = *Number::Mul(Number::FromInt(*k), solver.unit());
    nm.target = *Number::Add(current, nm.change);
    std::string sum_text = ExprText(p, agg);
    nm.text_zh = absl::StrCat(label, "：", sum_text, "还差", FormatChange(nm.change, q, true), "（现为",
                              FormatQuantity(current, q), "）；如新增1项", list.label, "，", vf.label, "为",
                              FormatQuantity(nm.change, q), where_zh);
    nm.text_en = absl::StrCat(label, ": ", sum_text, " is short by ", FormatChange(nm.change, q, false), " (now ",
                              FormatQuantity(current, q), "); e.g. one more ", list.label, " record with ",
                              vf.label, " = ", FormatQuantity(nm.change, q), where_en);
  } else {
    nm.kind = NearMiss::Kind::kAddRecords;
    nm.records = static_cast<int>(*k);
    nm.current = any ? Number() : current;
    nm.change = Number::FromInt(*k);
    nm.target = *Number::Add(nm.current, nm.change);
    std::vector<std::string> zh, en;
    if (!any) {
      zh.push_back(absl::StrCat("现有", current.ToString(), "项"));
      en.push_back(absl::StrCat("now ", current.ToString()));
    }
    if (!nm.condition.empty()) {
      zh.push_back(absl::StrCat("每项需满足：", nm.condition));
      en.push_back(absl::StrCat("each where ", nm.condition));
    }
    nm.text_zh = absl::StrCat(label, "：", list.label, "还需", *k, "项");
    nm.text_en = absl::StrCat(label, ": ", *k, " more ", list.label, *k == 1 ? " record" : " records");
    if (!zh.empty()) {
      absl::StrAppend(&nm.text_zh, "（", absl::StrJoin(zh, "；"), "）");
      absl::StrAppend(&nm.text_en, " (", absl::StrJoin(en, "; "), ")");
    }
  }
  return nm;
}

}  // namespace duixian::engine::whatif
