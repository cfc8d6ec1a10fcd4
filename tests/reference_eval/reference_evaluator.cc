#include "tests/reference_eval/reference_evaluator.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace duixian::reference {

using engine::CivilDate;
using engine::Node;
using engine::NodeId;
using engine::Number;
using engine::Op;

// A value of the walk: unknown, an error (with its reason), or a datum.
struct ReferenceEvaluator::Value {
  enum class Kind { kUnknown, kError, kBool, kNumber, kDate, kString, kList };
  Kind kind = Kind::kUnknown;
  bool b = false;
  Number num;
  CivilDate date;
  std::string str;
  const engine::RecordList* list = nullptr;
  std::string error;

  bool known() const { return kind != Kind::kUnknown && kind != Kind::kError; }
  static Value Bool(bool v) { Value x; x.kind = Kind::kBool; x.b = v; return x; }
  static Value Num(Number v) { Value x; x.kind = Kind::kNumber; x.num = v; return x; }
  static Value Date(CivilDate v) { Value x; x.kind = Kind::kDate; x.date = v; return x; }
  static Value Str(std::string v) { Value x; x.kind = Kind::kString; x.str = std::move(v); return x; }
  static Value Error(std::string why) { Value x; x.kind = Kind::kError; x.error = std::move(why); return x; }
};

namespace {

using Value = ReferenceEvaluator::Value;

Value FromScalar(const engine::Scalar& s) {
  if (const bool* b = std::get_if<bool>(&s)) return Value::Bool(*b);
  if (const Number* n = std::get_if<Number>(&s)) return Value::Num(*n);
  if (const CivilDate* d = std::get_if<CivilDate>(&s)) return Value::Date(*d);
  if (const std::string* t = std::get_if<std::string>(&s)) return Value::Str(*t);
  return Value();
}

// The first error among the operands, else unknown if any is unknown.
std::optional<Value> Blocked(const std::vector<Value>& operands) {
  for (const Value& v : operands) {
    if (v.kind == Value::Kind::kError) return v;
  }
  for (const Value& v : operands) {
    if (!v.known()) return Value();
  }
  return std::nullopt;
}

// GB/T 4754-2017 section of a two-digit division, written out again here.
char SectionOf(int division) {
  const char* table =
      // 01-05 A, 06-12 B, 13-43 C, 44-46 D, 47-50 E, 51-52 F, 53-60 G, 61-62 H,
      // 63-65 I, 66-69 J, 70 K, 71-72 L, 73-75 M, 76-79 N, 80-82 O, 83 P,
      // 84-85 Q, 86-90 R, 91-96 S, 97 T
      "?AAAAABBBBBBBCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCDDDEEEEFFGGGGGGGGHHIIIJJJJKLLMMMNNNNOOOPQQRRRRRSSSSSST";
  if (division < 1 || division > 97) return '\0';
  return table[division];
}

// Whether industry code `code` lies under `prefix` (section letter and/or
// leading digits); a code without its letter takes the section of its
// division.
bool Under(const std::string& code, const std::string& prefix) {
  std::string code_digits = code, prefix_digits = prefix;
  char code_letter = '\0', prefix_letter = '\0';
  if (!code.empty() && std::isupper(static_cast<unsigned char>(code[0]))) {
    code_letter = code[0];
    code_digits = code.substr(1);
  }
  if (!prefix.empty() && std::isupper(static_cast<unsigned char>(prefix[0]))) {
    prefix_letter = prefix[0];
    prefix_digits = prefix.substr(1);
  }
  if (code_letter == '\0' && code_digits.size() >= 2) {
    code_letter = SectionOf((code_digits[0] - '0') * 10 + (code_digits[1] - '0'));
  }
  if (prefix_letter != '\0' && prefix_letter != code_letter) return false;
  return code_digits.compare(0, prefix_digits.size(), prefix_digits) == 0 &&
         prefix_digits.size() <= code_digits.size();
}

int Order(const Value& a, const Value& b) {
  switch (a.kind) {
    case Value::Kind::kNumber: return a.num.Compare(b.num);
    case Value::Kind::kDate: return a.date < b.date ? -1 : (a.date == b.date ? 0 : 1);
    case Value::Kind::kString: return a.str < b.str ? -1 : (a.str == b.str ? 0 : 1);
    case Value::Kind::kBool: return a.b == b.b ? 0 : (a.b ? 1 : -1);
    default: return 0;
  }
}

}  // namespace

Value ReferenceEvaluator::Eval(NodeId id, const engine::Record* rec) {
  const engine::RuleGraph& g = program_.graph;
  const Node& n = g.node(id);
  std::vector<NodeId> ops(g.operands(id).begin(), g.operands(id).end());
  auto all = [&] {
    std::vector<Value> out;
    for (NodeId o : ops) out.push_back(Eval(o, rec));
    return out;
  };
  switch (n.op) {
    case Op::kConst: {
      const engine::Constant& c = g.constant(n.payload);
      if (const bool* b = std::get_if<bool>(&c)) return Value::Bool(*b);
      if (const Number* x = std::get_if<Number>(&c)) return Value::Num(*x);
      if (const CivilDate* d = std::get_if<CivilDate>(&c)) return Value::Date(*d);
      return Value::Str(std::get<std::string>(c));
    }
    case Op::kEvalDate:
      return Value::Date(date_);
    case Op::kField: {
      if (n.payload >= firm_->size()) return Value();
      const engine::Scalar* s = std::get_if<engine::Scalar>(&firm_->value(n.payload));
      return s == nullptr ? Value() : FromScalar(*s);
    }
    case Op::kSeries: {
      if (n.payload >= firm_->size()) return Value();
      const engine::YearSeries* s = std::get_if<engine::YearSeries>(&firm_->value(n.payload));
      if (s == nullptr) return Value();
      for (const auto& [year, v] : *s) {
        if (year == n.aux) return FromScalar(v);
      }
      return Value();
    }
    case Op::kList: {
      if (n.payload >= firm_->size()) return Value();
      const engine::RecordList* l = std::get_if<engine::RecordList>(&firm_->value(n.payload));
      if (l == nullptr) return Value();
      Value v;
      v.kind = Value::Kind::kList;
      v.list = l;
      return v;
    }
    case Op::kRecordField:
      if (rec == nullptr || n.payload >= rec->fields.size()) return Value();
      return FromScalar(rec->fields[n.payload]);
    case Op::kNot: {
      Value a = Eval(ops[0], rec);
      return a.known() ? Value::Bool(!a.b) : a;
    }
    case Op::kAnd:
    case Op::kOr: {
      // Kleene: one decisive operand decides; otherwise any open operand
      // leaves it open (the first error, else unknown).
      const bool decisive = n.op == Op::kOr;
      std::vector<Value> vs = all();
      for (const Value& v : vs) {
        if (v.known() && v.b == decisive) return Value::Bool(decisive);
      }
      if (std::optional<Value> open = Blocked(vs)) return *open;
      return Value::Bool(!decisive);
    }
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
      std::vector<Value> vs = all();
      if (std::optional<Value> open = Blocked(vs)) return *open;
      if (vs[0].kind != vs[1].kind || vs[0].kind == Value::Kind::kList) {
        return Value::Error("values of different kinds compared");
      }
      int c = Order(vs[0], vs[1]);
      switch (n.op) {
        case Op::kEq: return Value::Bool(c == 0);
        case Op::kNe: return Value::Bool(c != 0);
        case Op::kLt: return Value::Bool(c < 0);
        case Op::kLe: return Value::Bool(c <= 0);
        case Op::kGt: return Value::Bool(c > 0);
        default: return Value::Bool(c >= 0);
      }
    }
    case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: {
      std::vector<Value> vs = all();
      if (std::optional<Value> open = Blocked(vs)) return *open;
      std::optional<Number> r;
      if (n.op == Op::kAdd) r = Number::Add(vs[0].num, vs[1].num);
      if (n.op == Op::kSub) r = Number::Sub(vs[0].num, vs[1].num);
      if (n.op == Op::kMul) r = Number::Mul(vs[0].num, vs[1].num);
      if (n.op == Op::kDiv) {
        if (vs[1].num.IsZero()) return Value::Error("division by zero");
        r = Number::Div(vs[0].num, vs[1].num);
      }
      return r ? Value::Num(*r) : Value::Error("arithmetic overflow");
    }
    case Op::kNeg: {
      Value a = Eval(ops[0], rec);
      return a.known() ? Value::Num(a.num.Negate()) : a;
    }
    case Op::kMin:
    case Op::kMax: {
      std::vector<Value> vs = all();
      if (std::optional<Value> open = Blocked(vs)) return *open;
      Value best = vs[0];
      for (const Value& v : vs) {
        if (n.op == Op::kMin ? v.num < best.num : v.num > best.num) best = v;
      }
      return best;
    }
    case Op::kFloor:
    case Op::kCeil: {
      Value a = Eval(ops[0], rec);
      if (!a.known()) return a;
      return Value::Num(n.op == Op::kFloor ? a.num.Floor() : a.num.Ceil());
    }
    case Op::kRound: {
      Value a = Eval(ops[0], rec);
      if (!a.known()) return a;
      std::optional<Number> r = n.payload == 0 ? a.num.RoundHalfUp(n.aux) : a.num.Truncate(n.aux);
      return r ? Value::Num(*r) : Value::Error("arithmetic overflow");
    }
    case Op::kAddYears: case Op::kAddMonths: case Op::kAddDays: case Op::kAddWorkdays: {
      std::vector<Value> vs = all();
      if (std::optional<Value> open = Blocked(vs)) return *open;
      std::optional<int64_t> k = vs[1].num.ToInt64();
      if (!k || *k < -100000 || *k > 100000) return Value::Error("a duration must be a whole number");
      const int c = static_cast<int>(*k);
      if (n.op == Op::kAddYears) return Value::Date(vs[0].date.AddYears(c));
      if (n.op == Op::kAddMonths) return Value::Date(vs[0].date.AddMonths(c));
      if (n.op == Op::kAddDays) return Value::Date(vs[0].date.AddDays(c));
      if (c < 0) return Value::Error("working days can only be added forward");
      absl::StatusOr<CivilDate> r = program_.calendar->AddWorkingDays(vs[0].date, c, false);
      return r.ok() ? Value::Date(*r) : Value::Error("the holiday calendar does not cover that year");
    }
    case Op::kWorkdaysBetween: {
      std::vector<Value> vs = all();
      if (std::optional<Value> open = Blocked(vs)) return *open;
      absl::StatusOr<int> r = program_.calendar->CountWorkingDays(vs[0].date, vs[1].date);
      return r.ok() ? Value::Num(Number::FromInt(*r))
                    : Value::Error("the holiday calendar does not cover that year");
    }
    case Op::kYearOf: {
      Value a = Eval(ops[0], rec);
      return a.known() ? Value::Num(Number::FromInt(a.date.year())) : a;
    }
    case Op::kInSet: {
      Value a = Eval(ops[0], rec);
      if (!a.known()) return a;
      const engine::ConstSet& s = g.set(n.payload);
      if (a.kind == Value::Kind::kString) {
        return Value::Bool(std::find(s.strings.begin(), s.strings.end(), a.str) != s.strings.end());
      }
      if (a.kind == Value::Kind::kNumber) {
        return Value::Bool(std::find(s.numbers.begin(), s.numbers.end(), a.num) != s.numbers.end());
      }
      return Value::Error("set membership of a value of another kind");
    }
    case Op::kIndustryIn: {
      Value a = Eval(ops[0], rec);
      if (!a.known()) return a;
      if (a.kind != Value::Kind::kString) return Value::Error("industry code is not text");
      for (const std::string& prefix : g.set(n.payload).strings) {
        if (Under(a.str, prefix)) return Value::Bool(true);
      }
      return Value::Bool(false);
    }
    case Op::kIf: {
      Value c = Eval(ops[0], rec);
      if (c.known()) return Eval(c.b ? ops[1] : ops[2], rec);
      // An open condition does not matter when both branches agree.
      Value a = Eval(ops[1], rec);
      Value b = Eval(ops[2], rec);
      if (a.known() && b.known() && a.kind == b.kind && a.kind != Value::Kind::kList && Order(a, b) == 0) {
        return a;
      }
      return c;
    }
    case Op::kKnown:
      return Value::Bool(Eval(ops[0], rec).known());
    case Op::kCount: case Op::kAny: case Op::kAll: case Op::kSum: {
      Value list = Eval(ops[0], nullptr);
      if (!list.known()) return list;
      const bool has_where = (n.aux & 1) != 0;
      const bool has_value = (n.aux & 2) != 0;
      int64_t count = 0;
      bool open = false;
      Number sum;
      for (const engine::Record& r : *list.list) {
        bool selected = true;
        if (has_where) {
          Value w = Eval(ops[1], &r);
          if (!w.known()) {
            // any/all stay open on such a record; count/sum cannot go on.
            if (n.op == Op::kAny || n.op == Op::kAll) {
              open = true;
              continue;
            }
            return w;
          }
          selected = w.b;
        }
        if (n.op == Op::kAny && selected) return Value::Bool(true);
        if (n.op == Op::kAll && !selected) return Value::Bool(false);
        if (!selected) continue;
        ++count;
        if (n.op == Op::kSum) {
          Value v = Eval(ops[has_where ? 2 : 1], &r);
          if (!v.known()) return v;
          std::optional<Number> s = Number::Add(sum, v.num);
          if (!s) return Value::Error("arithmetic overflow");
          sum = *s;
        }
      }
      (void)has_value;
      if (n.op == Op::kAny) return open ? Value() : Value::Bool(false);
      if (n.op == Op::kAll) return open ? Value() : Value::Bool(true);
      if (n.op == Op::kCount) return Value::Num(Number::FromInt(count));
      return Value::Num(sum);
    }
    case Op::kPolicyEligible: {
      const ReferencePolicy& p = Policy(static_cast<int>(n.payload));
      if (p.verdict == engine::Verdict::kUndetermined) return Value();
      return Value::Bool(p.verdict == engine::Verdict::kEligible);
    }
    case Op::kPolicyBenefit: {
      const ReferencePolicy& p = Policy(static_cast<int>(n.payload));
      if (p.verdict == engine::Verdict::kIneligible) return Value::Num(Number());
      if (p.verdict == engine::Verdict::kUndetermined || !p.benefit) return Value();
      return Value::Num(*p.benefit);
    }
  }
  return Value::Error("unknown operation");
}

// The data whose absence leaves node `id` open: below an open node, the
// open operands that decide it.
std::set<engine::MissingField> ReferenceEvaluator::Missing(NodeId id) {
  const engine::RuleGraph& g = program_.graph;
  const Node& n = g.node(id);
  std::set<engine::MissingField> out;
  if (n.record_dependent || Eval(id, nullptr).known()) return out;
  std::vector<NodeId> ops(g.operands(id).begin(), g.operands(id).end());
  auto add = [&](NodeId o) {
    std::set<engine::MissingField> m = Missing(o);
    out.insert(m.begin(), m.end());
  };
  switch (n.op) {
    case Op::kField:
    case Op::kList:
      out.insert({static_cast<int>(n.payload), std::nullopt});
      return out;
    case Op::kSeries:
      out.insert({static_cast<int>(n.payload), n.aux});
      return out;
    case Op::kCount: case Op::kAny: case Op::kAll: case Op::kSum:
      // Either the list is missing or one of its records lacks a value the
      // rule needs: the list is what to ask for.
      out.insert({static_cast<int>(g.node(ops[0]).payload), std::nullopt});
      return out;
    case Op::kPolicyEligible:
    case Op::kPolicyBenefit: {
      const ReferencePolicy& p = Policy(static_cast<int>(n.payload));
      out.insert(p.missing.begin(), p.missing.end());
      if (n.op == Op::kPolicyBenefit) out.insert(p.benefit_missing.begin(), p.benefit_missing.end());
      return out;
    }
    case Op::kIf: {
      Value c = Eval(ops[0], nullptr);
      if (c.known()) {
        add(c.b ? ops[1] : ops[2]);  // the branch not taken does not matter
      } else {
        for (NodeId o : ops) add(o);
      }
      return out;
    }
    default:
      for (NodeId o : ops) add(o);
      return out;
  }
}

ReferencePolicy& ReferenceEvaluator::Policy(int p) {
  auto done = policies_.find(p);
  if (done != policies_.end()) return done->second;
  if (!in_progress_.insert(p).second) {
    static ReferencePolicy cycle;  // the compiler rejects cycles
    return cycle;
  }
  const engine::PolicyInfo& info = program_.policies[static_cast<size_t>(p)];
  ReferencePolicy r;
  std::vector<int> open;
  for (size_t c = 0; c < info.clauses.size(); ++c) {
    const engine::ClauseInfo& clause = info.clauses[c];
    Value v = Eval(clause.node, nullptr);
    if (v.known()) {
      bool fails = clause.kind == engine::ClauseKind::kException ? v.b : !v.b;
      if (fails) r.failing.insert(static_cast<int>(c));
    } else {
      open.push_back(static_cast<int>(c));
      if (v.kind == Value::Kind::kError) r.errors.insert(absl::StrCat(clause.label, ": ", v.error));
    }
  }
  if (!r.failing.empty()) {
    r.verdict = engine::Verdict::kIneligible;
    r.errors.clear();
  } else if (!open.empty()) {
    r.verdict = engine::Verdict::kUndetermined;
    for (int c : open) {
      std::set<engine::MissingField> m = Missing(info.clauses[static_cast<size_t>(c)].node);
      r.missing.insert(m.begin(), m.end());
    }
  } else {
    r.verdict = engine::Verdict::kEligible;
    if (info.benefit) {
      Value b = Eval(info.benefit->node, nullptr);
      if (b.known()) {
        r.benefit_clamped = b.num.IsNegative();
        r.benefit = b.num.IsNegative() ? Number() : b.num;
      } else {
        if (b.kind == Value::Kind::kError) r.errors.insert(absl::StrCat("benefit: ", b.error));
        r.benefit_missing = Missing(info.benefit->node);
      }
    }
  }
  in_progress_.erase(p);
  return policies_.emplace(p, std::move(r)).first->second;
}

std::vector<ReferencePolicy> ReferenceEvaluator::Evaluate(const engine::FirmRecord& firm, CivilDate date) {
  firm_ = &firm;
  date_ = date;
  policies_.clear();
  in_progress_.clear();
  std::vector<ReferencePolicy> out;
  for (size_t p = 0; p < program_.policies.size(); ++p) out.push_back(Policy(static_cast<int>(p)));
  // Exclusive groups: among a group's eligible policies the highest benefit
  // is granted (the first listed on a tie); the others are superseded.
  std::map<std::string, int> winner;
  for (size_t p = 0; p < out.size(); ++p) {
    const std::string& group = program_.policies[p].exclusive_group;
    if (group.empty() || out[p].verdict != engine::Verdict::kEligible) continue;
    auto [it, first] = winner.emplace(group, static_cast<int>(p));
    if (!first && out[p].benefit.value_or(Number()) > out[static_cast<size_t>(it->second)].benefit.value_or(Number())) {
      it->second = static_cast<int>(p);
    }
  }
  for (size_t p = 0; p < out.size(); ++p) {
    const std::string& group = program_.policies[p].exclusive_group;
    if (group.empty() || out[p].verdict != engine::Verdict::kEligible) continue;
    if (winner[group] != static_cast<int>(p)) out[p].superseded_by = winner[group];
  }
  return out;
}

namespace {

std::string Fields(const engine::Program& program, const std::set<engine::MissingField>& fields) {
  std::vector<std::string> names;
  for (const engine::MissingField& m : fields) {
    std::string name = program.schema->fields()[static_cast<size_t>(m.field)].name;
    if (m.year) absl::StrAppend(&name, "[", *m.year, "]");
    names.push_back(name);
  }
  return absl::StrCat("{", absl::StrJoin(names, ", "), "}");
}

std::string Clauses(const engine::PolicyInfo& info, const std::set<int>& clauses) {
  std::vector<std::string> labels;
  for (int c : clauses) labels.push_back(info.clauses[static_cast<size_t>(c)].label);
  return absl::StrCat("{", absl::StrJoin(labels, ", "), "}");
}

}  // namespace

std::vector<std::string> ReferenceEvaluator::Compare(const engine::Program& program,
                                                     const std::vector<ReferencePolicy>& expected,
                                                     const engine::Decision& actual, engine::EvalMode mode) {
  std::vector<std::string> out;
  if (actual.policies.size() != expected.size()) {
    out.push_back(absl::StrCat("policy count: reference ", expected.size(), ", engine ", actual.policies.size()));
    return out;
  }
  for (size_t p = 0; p < expected.size(); ++p) {
    const ReferencePolicy& e = expected[p];
    const engine::PolicyDecision& a = actual.policies[p];
    const engine::PolicyInfo& info = program.policies[p];
    auto differ = [&](const std::string& what, const std::string& ref, const std::string& eng) {
      if (ref != eng) out.push_back(absl::StrCat(info.id, " ", what, ": reference ", ref, ", engine ", eng));
    };
    differ("verdict", engine::VerdictName(e.verdict), engine::VerdictName(a.verdict));
    std::set<int> failing(a.failing.begin(), a.failing.end());
    if (mode == engine::EvalMode::kVerdict) {
      bool subset = std::includes(e.failing.begin(), e.failing.end(), failing.begin(), failing.end());
      if (!subset || failing.empty() != e.failing.empty()) {
        differ("failing (verdict mode: a non-empty subset)", Clauses(info, e.failing), Clauses(info, failing));
      }
    } else {
      differ("failing", Clauses(info, e.failing), Clauses(info, failing));
    }
    differ("missing", Fields(program, e.missing),
           Fields(program, std::set<engine::MissingField>(a.missing.begin(), a.missing.end())));
    differ("benefit", e.benefit ? e.benefit->ToString(40) : "none", a.benefit ? a.benefit->ToString(40) : "none");
    differ("benefit missing", Fields(program, e.benefit_missing),
           Fields(program, std::set<engine::MissingField>(a.benefit_missing.begin(), a.benefit_missing.end())));
    differ("benefit clamped", e.benefit_clamped ? "yes" : "no", a.benefit_clamped ? "yes" : "no");
    differ("superseded by", std::to_string(e.superseded_by), std::to_string(a.superseded_by));
    differ("errors", absl::StrJoin(e.errors, "; "),
           absl::StrJoin(std::set<std::string>(a.errors.begin(), a.errors.end()), "; "));
  }
  return out;
}

}  // namespace duixian::reference
