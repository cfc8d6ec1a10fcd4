#include "dsl/lint/internal/formula.h"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

namespace duixian::dsl::lint_internal {
namespace {

using engine::Number;
using engine::NodeId;
using engine::Op;

int Cmp(const Number& a, const Number& b) { return a.Compare(b); }

// Numbers and dates compare alike: a date is its day number.
std::optional<Number> NumericConstant(const engine::Constant& c) {
  if (const auto* n = std::get_if<Number>(&c)) return *n;
  if (const auto* d = std::get_if<engine::CivilDate>(&c)) return Number::FromInt(d->days_since_epoch());
  return std::nullopt;
}

Op Mirror(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

Op Negate(Op op) {
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

bool IsCompare(Op op) {
  return op == Op::kEq || op == Op::kNe || op == Op::kLt || op == Op::kLe || op == Op::kGt ||
         op == Op::kGe;
}

FormulaPtr Leaf(Formula::Kind kind) {
  auto f = std::make_shared<Formula>();
  f->kind = kind;
  return f;
}

FormulaPtr LitFormula(Literal lit) {
  auto f = std::make_shared<Formula>();
  f->kind = Formula::Kind::kLit;
  f->lit = std::move(lit);
  return f;
}

// n-ary and/or with constant folding and flattening.
FormulaPtr Junction(Formula::Kind kind, std::vector<FormulaPtr> kids) {
  const Formula::Kind unit = kind == Formula::Kind::kAnd ? Formula::Kind::kTrue : Formula::Kind::kFalse;
  const Formula::Kind zero = kind == Formula::Kind::kAnd ? Formula::Kind::kFalse : Formula::Kind::kTrue;
  std::vector<FormulaPtr> out;
  for (FormulaPtr& k : kids) {
    if (k->kind == zero) return Leaf(zero);
    if (k->kind == unit) continue;
    if (k->kind == kind) {
      out.insert(out.end(), k->kids.begin(), k->kids.end());
    } else {
      out.push_back(std::move(k));
    }
  }
  if (out.empty()) return Leaf(unit);
  if (out.size() == 1) return out[0];
  auto f = std::make_shared<Formula>();
  f->kind = kind;
  f->kids = std::move(out);
  return f;
}

bool IsPrefix(const std::string& p, const std::string& s) { return s.compare(0, p.size(), p) == 0; }

}  // namespace

bool Interval::Empty() const {
  if (!lo || !hi) return false;
  int c = Cmp(*lo, *hi);
  return c > 0 || (c == 0 && (lo_open || hi_open));
}

Interval Interval::Intersect(const Interval& o) const {
  Interval r = *this;
  if (o.lo && (!r.lo || Cmp(*o.lo, *r.lo) > 0 || (Cmp(*o.lo, *r.lo) == 0 && o.lo_open))) {
    r.lo = o.lo;
    r.lo_open = o.lo_open;
  }
  if (o.hi && (!r.hi || Cmp(*o.hi, *r.hi) < 0 || (Cmp(*o.hi, *r.hi) == 0 && o.hi_open))) {
    r.hi = o.hi;
    r.hi_open = o.hi_open;
  }
  return r;
}

bool Interval::Covers(const Interval& o) const {
  if (o.Empty()) return true;
  if (lo) {
    if (!o.lo) return false;
    int c = Cmp(*o.lo, *lo);
    if (c < 0 || (c == 0 && lo_open && !o.lo_open)) return false;
  }
  if (hi) {
    if (!o.hi) return false;
    int c = Cmp(*o.hi, *hi);
    if (c > 0 || (c == 0 && hi_open && !o.hi_open)) return false;
  }
  return true;
}

bool Interval::operator==(const Interval& o) const { return Covers(o) && o.Covers(*this); }

FormulaPtr FormulaBuilder::And(std::vector<FormulaPtr> kids) {
  return Junction(Formula::Kind::kAnd, std::move(kids));
}

Interval FormulaBuilder::FieldBounds(NodeId node) const {
  const engine::Node& n = graph_.node(node);
  const engine::FieldDef* def = nullptr;
  if (n.op == Op::kField || n.op == Op::kSeries) {
    if (n.payload < schema_.fields().size()) def = &schema_.fields()[n.payload];
  } else if (n.op == Op::kRecordField) {
    // payload: record field index; aux: the list field.
    if (n.aux >= 0 && static_cast<size_t>(n.aux) < schema_.fields().size()) {
      const engine::FieldDef& list = schema_.fields()[static_cast<size_t>(n.aux)];
      if (n.payload < list.record_fields.size()) def = &list.record_fields[n.payload];
    }
  }
  if (def == nullptr) return Interval::All();
  const engine::FieldDef& f = *def;
  Interval r;
  r.lo = f.minimum;
  r.hi = f.maximum;
  if (!r.lo && f.type == engine::FieldType::kCount) r.lo = Number();
  return r;
}

std::optional<Literal> FormulaBuilder::Compare(NodeId node, bool positive) {
  const engine::Node& n = graph_.node(node);
  auto ops = graph_.operands(node);
  if (ops.size() != 2) return std::nullopt;
  NodeId a = ops[0], b = ops[1];
  Op op = n.op;
  if (graph_.node(a).op == Op::kConst && graph_.node(b).op != Op::kConst) {
    std::swap(a, b);
    op = Mirror(op);
  }
  if (!positive) op = Negate(op);
  Literal lit;
  lit.origin = node;
  lit.var = a;
  if (graph_.node(b).op != Op::kConst) {
    if (graph_.node(a).op == Op::kConst) return std::nullopt;
    if (a > b) {
      std::swap(a, b);
      op = Mirror(op);
    }
    lit.kind = LitKind::kOrder;
    lit.var = a;
    lit.var2 = b;
    lit.mask = op == Op::kLt ? 1 : op == Op::kLe ? 3 : op == Op::kEq ? 2 : op == Op::kNe ? 5 : op == Op::kGt ? 4 : 6;
    return lit;
  }
  const engine::Constant& c = graph_.constant(graph_.node(b).payload);
  if (std::optional<Number> v = NumericConstant(c)) {
    lit.kind = LitKind::kNum;
    switch (op) {
      case Op::kLt: lit.range.hi = *v; lit.range.hi_open = true; break;
      case Op::kLe: lit.range.hi = *v; break;
      case Op::kGt: lit.range.lo = *v; lit.range.lo_open = true; break;
      case Op::kGe: lit.range.lo = *v; break;
      case Op::kEq: lit.range = Interval::Point(*v); break;
      case Op::kNe: lit.except = *v; break;
      default: return std::nullopt;
    }
    return lit;
  }
  if (const auto* s = std::get_if<std::string>(&c)) {
    if (op != Op::kEq && op != Op::kNe) return std::nullopt;
    lit.kind = LitKind::kText;
    lit.strings = {*s};
    lit.value = op == Op::kEq;
    return lit;
  }
  if (const auto* bv = std::get_if<bool>(&c)) {
    if (op != Op::kEq && op != Op::kNe) return std::nullopt;
    lit.kind = LitKind::kBool;
    lit.value = (op == Op::kEq) == *bv;
    return lit;
  }
  return std::nullopt;
}

FormulaPtr FormulaBuilder::Of(NodeId node, bool positive) {
  auto key = std::make_pair(node, positive);
  auto it = memo_.find(key);
  if (it != memo_.end()) return it->second;
  FormulaPtr f = Build(node, positive);
  memo_[key] = f;
  return f;
}

FormulaPtr FormulaBuilder::Build(NodeId node, bool positive) {
  const engine::Node& n = graph_.node(node);
  auto ops = graph_.operands(node);
  auto opaque = [&] {
    Literal lit;
    lit.kind = LitKind::kBool;
    lit.var = node;
    lit.origin = node;
    lit.value = positive;
    return LitFormula(std::move(lit));
  };
  switch (n.op) {
    case Op::kConst: {
      const auto* b = std::get_if<bool>(&graph_.constant(n.payload));
      if (b == nullptr) return opaque();
      return Leaf(*b == positive ? Formula::Kind::kTrue : Formula::Kind::kFalse);
    }
    case Op::kNot:
      return Of(ops[0], !positive);
    case Op::kAnd:
    case Op::kOr: {
      std::vector<FormulaPtr> kids;
      for (NodeId k : ops) kids.push_back(Of(k, positive));
      bool conj = (n.op == Op::kAnd) == positive;
      return Junction(conj ? Formula::Kind::kAnd : Formula::Kind::kOr, std::move(kids));
    }
    case Op::kIf: {
      if (n.type != engine::ValueType::kBool || ops.size() != 3) return opaque();
      return Junction(Formula::Kind::kOr,
                      {And({Of(ops[0], true), Of(ops[1], positive)}),
                       And({Of(ops[0], false), Of(ops[2], positive)})});
    }
    case Op::kInSet: {
      const engine::ConstSet& set = graph_.set(n.payload);
      if (set.strings.empty() || !set.numbers.empty()) return opaque();
      Literal lit;
      lit.kind = LitKind::kText;
      lit.var = ops[0];
      lit.origin = node;
      lit.strings = set.strings;
      lit.value = positive;
      return LitFormula(std::move(lit));
    }
    case Op::kIndustryIn: {
      Literal lit;
      lit.kind = LitKind::kIndustry;
      lit.var = ops[0];
      lit.origin = node;
      lit.strings = graph_.set(n.payload).strings;
      lit.value = positive;
      return LitFormula(std::move(lit));
    }
    default:
      if (IsCompare(n.op)) {
        if (std::optional<Literal> lit = Compare(node, positive)) return LitFormula(std::move(*lit));
      }
      return opaque();
  }
}

namespace {

// What the literals of one alternative say about one node (or pair).
struct Domain {
  Interval range;
  std::vector<Number> except;
  std::optional<bool> value;
  std::optional<std::set<std::string>> allowed;  // text
  std::set<std::string> excluded;
  std::optional<std::vector<std::string>> prefixes;  // industry
  std::vector<std::string> excluded_prefixes;
  uint8_t mask = 7;
  std::vector<const Literal*> lits;
};

using DomainKey = std::tuple<int, NodeId, NodeId>;
using State = std::map<DomainKey, Domain>;

bool Apply(Domain& d, const Literal& l) {
  switch (l.kind) {
    case LitKind::kNum:
      d.range = d.range.Intersect(l.range);
      if (l.except) d.except.push_back(*l.except);
      if (d.range.Empty()) return false;
      if (d.range.IsPoint()) {
        for (const Number& e : d.except) {
          if (Cmp(e, *d.range.lo) == 0) return false;
        }
      }
      return true;
    case LitKind::kBool:
      if (d.value && *d.value != l.value) return false;
      d.value = l.value;
      return true;
    case LitKind::kText: {
      if (l.value) {
        std::set<std::string> s(l.strings.begin(), l.strings.end());
        if (d.allowed) {
          std::set<std::string> both;
          for (const std::string& x : *d.allowed) {
            if (s.count(x)) both.insert(x);
          }
          s = std::move(both);
        }
        d.allowed = std::move(s);
      } else {
        d.excluded.insert(l.strings.begin(), l.strings.end());
      }
      if (!d.allowed) return true;
      for (const std::string& x : *d.allowed) {
        if (!d.excluded.count(x)) return true;
      }
      return false;
    }
    case LitKind::kIndustry: {
      if (l.value) {
        if (!d.prefixes) {
          d.prefixes = l.strings;
        } else {
          // A code under p and under q is under the longer of the two when
          // one is a prefix of the other.
          std::vector<std::string> both;
          for (const std::string& p : *d.prefixes) {
            for (const std::string& q : l.strings) {
              if (IsPrefix(p, q)) both.push_back(q);
              else if (IsPrefix(q, p)) both.push_back(p);
            }
          }
          d.prefixes = std::move(both);
        }
      } else {
        d.excluded_prefixes.insert(d.excluded_prefixes.end(), l.strings.begin(), l.strings.end());
      }
      if (!d.prefixes) return true;
      for (const std::string& p : *d.prefixes) {
        bool covered = std::any_of(d.excluded_prefixes.begin(), d.excluded_prefixes.end(),
                                   [&](const std::string& q) { return IsPrefix(q, p); });
        if (!covered) return true;
      }
      return false;
    }
    case LitKind::kOrder:
      d.mask &= l.mask;
      return d.mask != 0;
  }
  return true;
}

class Search {
 public:
  Search(const FormulaBuilder& b, int budget) : b_(b), budget_(budget) {}

  SatAnswer Run(const FormulaPtr& f) {
    SatAnswer out;
    State st;
    bool sat = Step({f.get()}, st);
    if (sat) {
      out.result = SatResult::kSat;
    } else if (exhausted_) {
      out.result = SatResult::kUnknown;
    } else {
      out.result = SatResult::kUnsat;
      out.clash = first_clash_;
      out.single_alternative = !branched_;
    }
    return out;
  }

 private:
  Domain Fresh(const Literal& l) const {
    Domain d;
    if (l.kind == LitKind::kNum) d.range = b_.FieldBounds(l.var);
    return d;
  }

  void RecordClash(const Domain& before, const Literal& l) {
    if (first_clash_) return;
    // The earliest literal that clashes with `l` on its own.
    for (const Literal* k : before.lits) {
      Domain d = Fresh(l);
      if (Apply(d, *k) && !Apply(d, l)) {
        first_clash_ = std::make_pair(*k, l);
        return;
      }
    }
    first_clash_ = std::make_pair(before.lits.empty() ? l : *before.lits.front(), l);
  }

  bool Step(std::vector<const Formula*> goals, State& st) {
    while (!goals.empty()) {
      if (--budget_ < 0) {
        exhausted_ = true;
        return false;
      }
      const Formula* f = goals.back();
      goals.pop_back();
      switch (f->kind) {
        case Formula::Kind::kTrue:
          break;
        case Formula::Kind::kFalse:
          return false;
        case Formula::Kind::kLit: {
          const Literal& l = f->lit;
          DomainKey key{static_cast<int>(l.kind), l.var, l.var2};
          auto it = st.find(key);
          if (it == st.end()) it = st.emplace(key, Fresh(l)).first;
          Domain before = it->second;
          if (!Apply(it->second, l)) {
            RecordClash(before, l);
            return false;
          }
          it->second.lits.push_back(&l);
          break;
        }
        case Formula::Kind::kAnd:
          for (auto k = f->kids.rbegin(); k != f->kids.rend(); ++k) goals.push_back(k->get());
          break;
        case Formula::Kind::kOr: {
          if (f->kids.size() > 1) branched_ = true;
          for (const FormulaPtr& k : f->kids) {
            std::vector<const Formula*> next = goals;
            next.push_back(k.get());
            State copy = st;
            if (Step(std::move(next), copy)) return true;
            if (exhausted_) return false;
          }
          return false;
        }
      }
    }
    return true;
  }

  const FormulaBuilder& b_;
  int budget_;
  bool exhausted_ = false;
  bool branched_ = false;
  std::optional<std::pair<Literal, Literal>> first_clash_;
};

Interval Hull(const Interval& a, const Interval& b) {
  Interval r;
  if (a.lo && b.lo) r.lo = Cmp(*a.lo, *b.lo) <= 0 ? *a.lo : *b.lo;
  if (a.hi && b.hi) r.hi = Cmp(*a.hi, *b.hi) >= 0 ? *a.hi : *b.hi;
  return r;
}

std::optional<Number> AddOpt(const std::optional<Number>& a, const std::optional<Number>& b) {
  if (!a || !b) return std::nullopt;
  return Number::Add(*a, *b);
}

}  // namespace

SatAnswer Satisfiable(const FormulaBuilder& b, const FormulaPtr& f, int budget) {
  return Search(b, budget).Run(f);
}

Interval RangeOf(const FormulaBuilder& b, NodeId node) {
  const engine::RuleGraph& g = b.graph();
  const engine::Node& n = g.node(node);
  auto ops = g.operands(node);
  switch (n.op) {
    case Op::kConst: {
      if (std::optional<Number> v = NumericConstant(g.constant(n.payload))) return Interval::Point(*v);
      return Interval::All();
    }
    case Op::kField:
    case Op::kSeries:
      return b.FieldBounds(node);
    case Op::kCount:
    case Op::kPolicyBenefit: {
      Interval r;
      r.lo = Number();
      return r;
    }
    case Op::kSum: {
      // (list[, where], value): a sum of non-negative values is non-negative.
      if (ops.empty() || (n.aux & 2) == 0) return Interval::All();
      Interval v = RangeOf(b, ops.back());
      Interval r;
      if (v.lo && !v.lo->IsNegative()) r.lo = Number();
      return r;
    }
    case Op::kRecordField:
      return b.FieldBounds(node);
    case Op::kAdd: {
      Interval r = Interval::Point(Number());
      for (NodeId k : ops) {
        Interval x = RangeOf(b, k);
        r.lo = AddOpt(r.lo, x.lo);
        r.hi = AddOpt(r.hi, x.hi);
      }
      return r;
    }
    case Op::kSub: {
      if (ops.size() != 2) return Interval::All();
      Interval x = RangeOf(b, ops[0]), y = RangeOf(b, ops[1]);
      Interval r;
      if (x.lo && y.hi) r.lo = Number::Sub(*x.lo, *y.hi);
      if (x.hi && y.lo) r.hi = Number::Sub(*x.hi, *y.lo);
      return r;
    }
    case Op::kNeg: {
      Interval x = RangeOf(b, ops[0]);
      Interval r;
      if (x.hi) r.lo = x.hi->Negate();
      if (x.lo) r.hi = x.lo->Negate();
      return r;
    }
    case Op::kMul:
    case Op::kDiv: {
      if (ops.size() != 2) return Interval::All();
      Interval x = RangeOf(b, ops[0]), y = RangeOf(b, ops[1]);
      if (n.op == Op::kMul && x.IsPoint()) std::swap(x, y);
      if (!y.IsPoint()) {
        // Both non-negative: the product is too.
        if (n.op == Op::kMul && x.lo && y.lo && !x.lo->IsNegative() && !y.lo->IsNegative()) {
          Interval r;
          r.lo = Number::Mul(*x.lo, *y.lo);
          if (x.hi && y.hi) r.hi = Number::Mul(*x.hi, *y.hi);
          return r;
        }
        return Interval::All();
      }
      const Number& c = *y.lo;
      if (c.IsZero()) return n.op == Op::kMul ? Interval::Point(Number()) : Interval::All();
      auto scale = [&](const std::optional<Number>& v) -> std::optional<Number> {
        if (!v) return std::nullopt;
        return n.op == Op::kMul ? Number::Mul(*v, c) : Number::Div(*v, c);
      };
      Interval r;
      r.lo = scale(x.lo);
      r.hi = scale(x.hi);
      if (c.IsNegative()) std::swap(r.lo, r.hi);
      return r;
    }
    case Op::kMin:
    case Op::kMax: {
      bool is_min = n.op == Op::kMin;
      Interval r;
      bool first = true;
      for (NodeId k : ops) {
        Interval x = RangeOf(b, k);
        if (first) {
          r = x;
          first = false;
          continue;
        }
        // min: the low end is the lowest (unbounded if any is), the high end
        // the lowest bounded; max the other way round.
        auto pick = [&](const std::optional<Number>& p, const std::optional<Number>& q, bool low, bool keep_unbounded) {
          if (!p || !q) return keep_unbounded ? std::optional<Number>() : (p ? p : q);
          return (Cmp(*p, *q) <= 0) == low ? p : q;
        };
        r.lo = pick(r.lo, x.lo, /*low=*/is_min, /*keep_unbounded=*/is_min);
        r.hi = pick(r.hi, x.hi, /*low=*/is_min, /*keep_unbounded=*/!is_min);
      }
      r.lo_open = r.hi_open = false;
      return r;
    }
    case Op::kIf:
      if (ops.size() != 3) return Interval::All();
      return Hull(RangeOf(b, ops[1]), RangeOf(b, ops[2]));
    case Op::kFloor:
    case Op::kCeil:
    case Op::kRound: {
      Interval x = RangeOf(b, ops[0]);
      if (x.lo) x.lo = x.lo->Floor();
      if (x.hi) x.hi = x.hi->Ceil();
      x.lo_open = x.hi_open = false;
      return x;
    }
    default:
      return Interval::All();
  }
}

}  // namespace duixian::dsl::lint_internal
