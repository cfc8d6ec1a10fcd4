#include "engine/eval/evaluator.h"

#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/format.h"
#include "engine/profile/firm_limits.h"

namespace duixian::engine {
namespace {

// A value during evaluation. Strings, lists and numbers point into the firm
// record or the program's constants, both of which outlive the evaluation,
// or, for a number a node computes, into that node's own number
// (Run::numbers_). 16 bytes: every node has a slot and every step writes
// one, and the slots of a policy set then fit the first-level data cache
// far better than with the 32-byte Number inside (48 bytes a slot, 61 KB
// for the catalog). The pointer kinds share one field, each read only for
// the matching kind.
struct Value {
  enum class Kind : uint8_t { kUnknown, kError, kBool, kNumber, kDate, kString, kList };
  Kind kind = Kind::kUnknown;
  bool b = false;
  CivilDate date;
  union {
    const std::string* str = nullptr;  // kString
    const RecordList* list;            // kList
    const char* error;                 // kError
    const Number* num;                 // kNumber
  };

  Value() {}

  static Value Bool(bool v) { Value x; x.kind = Kind::kBool; x.b = v; return x; }
  static Value Num(const Number* v) { Value x; x.kind = Kind::kNumber; x.num = v; return x; }
  static Value Date(CivilDate v) { Value x; x.kind = Kind::kDate; x.date = v; return x; }
  static Value Error(const char* why) { Value x; x.kind = Kind::kError; x.error = why; return x; }
  bool known() const { return kind != Kind::kUnknown && kind != Kind::kError; }
  bool number() const { return kind == Kind::kNumber; }
};

// The compiler's type check keeps other kinds out of arithmetic; a program
// built some other way gets this error rather than a number never set.
constexpr char kNotANumber[] = "a value that is not a number used as one";

static_assert(sizeof(Value) <= 16, "a Value should stay within 16 bytes");

const Number& ZeroNumber() {
  static const Number zero;
  return zero;
}

Value FromScalar(const Scalar& s) {
  Value v;
  switch (s.index()) {
    case 1: return Value::Bool(std::get<bool>(s));
    case 2: return Value::Num(&std::get<Number>(s));
    case 3: return Value::Date(std::get<CivilDate>(s));
    case 4: v.kind = Value::Kind::kString; v.str = &std::get<std::string>(s); return v;
    default: return v;
  }
}

// Unknown or error operands make the result unknown or error; error wins so
// that a division by zero is reported rather than hidden.
bool Propagate(const Value& a, const Value& b, Value* out) {
  if (a.kind == Value::Kind::kError) { *out = a; return true; }
  if (b.kind == Value::Kind::kError) { *out = b; return true; }
  if (!a.known() || !b.known()) { *out = Value(); return true; }
  return false;
}

// The result, when a number, is placed in `*out` (the node's own number).
Value Arith(Op op, const Value& a, const Value& b, Number* out_number) {
  Value out;
  if (Propagate(a, b, &out)) return out;
  if (!a.number() || !b.number()) return Value::Error(kNotANumber);
  std::optional<Number> r;
  switch (op) {
    case Op::kAdd: r = Number::Add(*a.num, *b.num); break;
    case Op::kSub: r = Number::Sub(*a.num, *b.num); break;
    case Op::kMul: r = Number::Mul(*a.num, *b.num); break;
    case Op::kDiv:
      if (b.num->IsZero()) return Value::Error("division by zero");
      r = Number::Div(*a.num, *b.num);
      break;
    default: break;
  }
  if (!r) return Value::Error("arithmetic overflow");
  *out_number = *r;
  return Value::Num(out_number);
}

// Whether comparison `op` (kEq … kGe) holds of a three-way result `c`.
inline bool Holds(Op op, int c) {
  switch (op) {
    case Op::kEq: return c == 0;
    case Op::kNe: return c != 0;
    case Op::kLt: return c < 0;
    case Op::kLe: return c <= 0;
    case Op::kGt: return c > 0;
    default: return c >= 0;  // kGe
  }
}

Value Compare(Op op, const Value& a, const Value& b) {
  Value out;
  if (Propagate(a, b, &out)) return out;
  int c = 0;
  if (a.kind == Value::Kind::kNumber && b.kind == Value::Kind::kNumber) {
    c = a.num->Compare(*b.num);
  } else if (a.kind == Value::Kind::kDate && b.kind == Value::Kind::kDate) {
    c = a.date < b.date ? -1 : (a.date == b.date ? 0 : 1);
  } else if (a.kind == Value::Kind::kString && b.kind == Value::Kind::kString) {
    c = a.str->compare(*b.str);
    c = c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else if (a.kind == Value::Kind::kBool && b.kind == Value::Kind::kBool) {
    c = a.b == b.b ? 0 : (a.b ? 1 : -1);
  } else {
    return Value::Error("values of different kinds compared");
  }
  if (op < Op::kEq || op > Op::kGe) return Value::Error("bad comparison");
  return Value::Bool(Holds(op, c));
}

const FieldValue* SlotOf(const FirmRecord& firm, uint32_t field) {
  if (field >= firm.size() || firm.IsMissing(field)) return nullptr;
  return &firm.value(field);
}

}  // namespace

char IndustrySection(int d) {
  struct Range { int lo, hi; char section; };
  static constexpr Range kRanges[] = {
      {1, 5, 'A'},   {6, 12, 'B'},  {13, 43, 'C'}, {44, 46, 'D'}, {47, 50, 'E'},
      {51, 52, 'F'}, {53, 60, 'G'}, {61, 62, 'H'}, {63, 65, 'I'}, {66, 69, 'J'},
      {70, 70, 'K'}, {71, 72, 'L'}, {73, 75, 'M'}, {76, 79, 'N'}, {80, 82, 'O'},
      {83, 83, 'P'}, {84, 85, 'Q'}, {86, 90, 'R'}, {91, 96, 'S'}, {97, 97, 'T'}};
  for (const Range& r : kRanges) {
    if (d >= r.lo && d <= r.hi) return r.section;
  }
  return '\0';
}

IndustryParts SplitIndustryPrefix(std::string_view s) {
  IndustryParts p;
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') {
    p.letter = s[0];
    s.remove_prefix(1);
  }
  p.digits = s;
  return p;
}

IndustryParts SplitIndustryCode(std::string_view code) {
  IndustryParts p = SplitIndustryPrefix(code);
  if (p.letter == '\0' && p.digits.size() >= 2) {
    p.letter = IndustrySection((p.digits[0] - '0') * 10 + (p.digits[1] - '0'));
  }
  return p;
}

bool IndustryCodeUnder(std::string_view code, std::string_view prefix) {
  const IndustryParts p = SplitIndustryPrefix(prefix);
  return IndustryCodeUnder(SplitIndustryCode(code), p.letter, p.digits);
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kEligible: return "eligible";
    case Verdict::kIneligible: return "ineligible";
    case Verdict::kUndetermined: return "undetermined";
  }
  return "?";
}

const char* VerdictNameZh(Verdict v) {
  switch (v) {
    case Verdict::kEligible: return "符合";
    case Verdict::kIneligible: return "不符合";
    case Verdict::kUndetermined: return "待定";
  }
  return "?";
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kTrue: return "true";
    case Outcome::kFalse: return "false";
    case Outcome::kUnknown: return "unknown";
    case Outcome::kError: return "error";
  }
  return "?";
}

// Per-firm scratch: memoised node values stamped with an epoch, so starting a
// new firm is O(1) rather than clearing every slot.
class Evaluator::Run {
  // A step of RunPlan: the node's id and a copy of it with its first
  // operands, so that the pass reads its steps in order from one array
  // (looking each node up in the graph was a cache miss in three).
  struct PlanStep {
    Node node;
    NodeId id = kNoNode;
    NodeId first[3] = {kNoNode, kNoNode, kNoNode};
  };
  // An aggregate's per-record steps (PlannedAggregate): the where-clause's
  // and the summed value's record-dependent nodes, operands first.
  struct RecordSteps {
    NodeId where = kNoNode, value = kNoNode;
    std::vector<PlanStep> where_steps, value_steps;
    // A where-clause that is an and/or has its steps operand by operand:
    // once operand `operand` is known (after the first `end` steps), a
    // decisive value decides the clause and the rest is skipped, as the
    // lazy walk stops at the first decisive operand.
    struct Exit {
      uint32_t end;
      NodeId operand;
    };
    std::vector<Exit> where_exits;
    bool where_decisive = false;  // true for an or, false for an and
  };

 public:
  explicit Run(const Program& program)
      : program_(program),
        graph_(program.graph),
        slots_(graph_.size()),
        numbers_(graph_.size()),
        stamp_(graph_.size(), 0),
        policy_stamp_(program.policies.size(), 0),
        policy_verdict_(program.policies.size(), Verdict::kUndetermined),
        policy_benefit_(program.policies.size()),
        policy_missing_(program.policies.size()),
        policy_benefit_missing_(program.policies.size()),
        observables_(program.policies.size()) {
    missing_seen_.assign(graph_.size(), 0);
    // The prefixes of every `industry in` set, split once.
    for (size_t id = 0; id < graph_.size(); ++id) {
      const Node& n = graph_.node(static_cast<NodeId>(id));
      if (n.op != Op::kIndustryIn) continue;
      if (industry_prefixes_.size() <= n.payload) industry_prefixes_.resize(n.payload + 1);
      std::vector<IndustryPrefix>& prefixes = industry_prefixes_[n.payload];
      if (!prefixes.empty()) continue;
      for (const std::string& prefix : graph_.set(n.payload).strings) {
        const IndustryParts parts = SplitIndustryPrefix(prefix);
        prefixes.push_back({parts.letter, std::string(parts.digits)});
      }
    }
    // The strings of every `in` set, hashed once: searching the sorted list
    // compared whole strings about five times a lookup.
    for (size_t id = 0; id < graph_.size(); ++id) {
      const Node& n = graph_.node(static_cast<NodeId>(id));
      if (n.op != Op::kInSet) continue;
      if (string_sets_.size() <= n.payload) string_sets_.resize(n.payload + 1);
      const std::vector<std::string>& strings = graph_.set(n.payload).strings;
      string_sets_[n.payload].insert(strings.begin(), strings.end());
    }
    // Constants do not depend on the firm: their values are made once.
    for (size_t id = 0; id < graph_.size(); ++id) {
      const Node& n = graph_.node(static_cast<NodeId>(id));
      if (n.op != Op::kConst || n.record_dependent) continue;
      slots_[id] = Compute(static_cast<NodeId>(id), n, nullptr);
      stamp_[id] = kAlways;
    }
    in_plan_ = BuildPlan();
    const std::vector<char>& in_plan = in_plan_;
    // Exclusive groups by index, and each policy's clauses in the two orders
    // (compact: the clause loop is the inner loop of screening, and
    // ClauseInfo carries the clause's texts).
    absl::flat_hash_map<std::string, int> groups;
    for (const PolicyInfo& info : program.policies) {
      auto ref = [&](int c) {
        const ClauseInfo& clause = info.clauses[static_cast<size_t>(c)];
        const bool planned = clause.node != kNoNode && in_plan[static_cast<size_t>(clause.node)];
        const Outcome fails_on = clause.kind == ClauseKind::kException ? Outcome::kTrue : Outcome::kFalse;
        return ClauseRef{clause.node, c, static_cast<uint8_t>(fails_on), planned};
      };
      std::vector<ClauseRef> source, verdict;
      for (size_t i = 0; i < info.clauses.size(); ++i) source.push_back(ref(static_cast<int>(i)));
      if (info.verdict_order.size() == info.clauses.size()) {
        for (int c : info.verdict_order) verdict.push_back(ref(c));
      } else {
        verdict = source;
      }
      source_clauses_.Add(source);
      verdict_clauses_.Add(verdict);
      has_lazy_clause_.push_back(
          std::any_of(source.begin(), source.end(), [](const ClauseRef& c) { return !c.planned; }));
      int g = -1;
      benefit_node_.push_back(info.benefit ? info.benefit->node : kNoNode);
      if (!info.exclusive_group.empty()) {
        g = groups.emplace(info.exclusive_group, static_cast<int>(groups.size())).first->second;
      }
      if (g >= 0) grouped_.push_back(static_cast<int>(group_of_.size()));
      group_of_.push_back(g);
    }
    group_count_ = groups.size();
    evaluation_order_ = EvaluationOrder();
    // Which observable nodes each clause and benefit reads (for explanations).
    for (size_t p = 0; p < program.policies.size(); ++p) {
      const PolicyInfo& info = program.policies[p];
      for (const ClauseInfo& c : info.clauses) observables_[p].push_back(ObservablesOf(c.node));
      if (info.benefit) observables_[p].push_back(ObservablesOf(info.benefit->node));
    }
  }

  void Evaluate(const FirmRecord& firm, CivilDate date, EvalMode mode, Decision& d) {
    firm_ = &firm;
    date_ = date;
    mode_ = mode;
    NextEpoch();
    steps_ = 0;
    over_budget_ = false;
    d.error.clear();
    d.firm = firm.id();
    d.date = date;
    if (d.policy_set_digest != program_.digest) d.policy_set_digest = program_.digest;
    d.explained = mode == EvalMode::kExplain;
    const size_t policy_count = program_.policies.size();  // not re-divided by sizeof(PolicyInfo) each time
    d.policies.resize(policy_count);
    if (mode == EvalMode::kAllClauses) RunPlan();
    PolicyDecision* const decisions = d.policies.data();
    for (const int p : evaluation_order_) {
      if (over_budget_) break;
      EvaluatePolicy(p, decisions[p]);
    }
    if (over_budget_) {
      d.policies.clear();
      d.explained = false;
      d.error = absl::StrCat("evaluating this firm takes more than the limit of ", max_steps_,
                             " steps (huge record lists?)");
      return;
    }
    ResolveExclusiveGroups(d);
  }

  void set_max_steps(uint64_t max_steps) { max_steps_ = max_steps; }

  void EvaluateNodes(const FirmRecord& firm, CivilDate date, const std::vector<NodeId>& nodes) {
    firm_ = &firm;
    date_ = date;
    mode_ = EvalMode::kExplain;
    NextEpoch();
    steps_ = 0;
    over_budget_ = false;
    for (NodeId id : nodes) Eval(id);
  }

  std::optional<Scalar> LastValue(NodeId id) const {
    if (id < 0 || static_cast<size_t>(id) >= graph_.size() || graph_.node(id).record_dependent ||
        !Evaluated(id)) {
      return std::nullopt;
    }
    const Value& v = slots_[static_cast<size_t>(id)];
    switch (v.kind) {
      case Value::Kind::kBool: return Scalar(v.b);
      case Value::Kind::kNumber: return Scalar(*v.num);
      case Value::Kind::kDate: return Scalar(v.date);
      case Value::Kind::kString: return Scalar(*v.str);
      default: return std::nullopt;
    }
  }

 private:
  // The order Evaluate settles the policies in: a policy that some rule
  // reads (eligible(), benefit_of()) before the policies whose rules read it,
  // otherwise program order. Read in program order, a policy listed after
  // its reader was settled twice a firm: once for the reader, into scratch,
  // and again in its turn (three policies a firm in the catalogue).
  std::vector<int> EvaluationOrder() const {
    const size_t count = program_.policies.size();
    std::vector<std::vector<int>> reads(count);  // per policy: the policies its rules read
    for (size_t p = 0; p < count; ++p) {
      const PolicyInfo& info = program_.policies[p];
      std::vector<NodeId> roots;
      for (const ClauseInfo& c : info.clauses) roots.push_back(c.node);
      if (info.benefit) roots.push_back(info.benefit->node);
      for (NodeId root : roots) {
        if (root == kNoNode) continue;
        for (NodeId id : graph_.Cone(root)) {
          const Node& n = graph_.node(id);
          if ((n.op == Op::kPolicyEligible || n.op == Op::kPolicyBenefit) && n.payload < count) {
            reads[p].push_back(static_cast<int>(n.payload));
          }
        }
      }
    }
    // Depth first, each policy after those it reads. The compiler rejects
    // cycles; a hand-built program with one still gets every policy once.
    std::vector<int> order;
    std::vector<char> placed(count, 0);
    std::vector<std::pair<int, size_t>> stack;  // (policy, next of its reads to visit)
    for (size_t start = 0; start < count; ++start) {
      if (placed[start]) continue;
      placed[start] = 1;
      stack.assign(1, {static_cast<int>(start), 0});
      while (!stack.empty()) {
        auto& [p, next] = stack.back();
        const std::vector<int>& r = reads[static_cast<size_t>(p)];
        if (next < r.size()) {
          const int q = r[next++];
          if (!placed[static_cast<size_t>(q)]) {
            placed[static_cast<size_t>(q)] = 1;
            stack.push_back({q, 0});
          }
          continue;
        }
        order.push_back(p);
        stack.pop_back();
      }
    }
    return order;
  }

  // The nodes RunPlan computes, each after its operands: in the cone of
  // some clause, not constant, not record-dependent, and reading no other
  // policy (eligible()/benefit_of() evaluate that policy, lazily). Also
  // notes which policies some rule refers to. Returns, per node, whether
  // the plan holds it.
  std::vector<char> BuildPlan() {
    referenced_policy_.assign(program_.policies.size(), 0);
    std::vector<char> in_cone(graph_.size(), 0), reads_policy(graph_.size(), 0);
    std::vector<char> in_plan(graph_.size(), 0);
    planned_outcome_.assign(graph_.size(), OutcomeCode{static_cast<uint8_t>(Outcome::kUnknown)});
    for (const PolicyInfo& info : program_.policies) {
      for (const ClauseInfo& c : info.clauses) {
        if (c.node == kNoNode) continue;
        for (NodeId id : graph_.Cone(c.node)) in_cone[static_cast<size_t>(id)] = 1;
      }
    }
    for (size_t id = 0; id < graph_.size(); ++id) {
      const Node& n = graph_.node(static_cast<NodeId>(id));
      bool reads = n.op == Op::kPolicyEligible || n.op == Op::kPolicyBenefit;
      if (reads && n.payload < referenced_policy_.size()) referenced_policy_[n.payload] = 1;
      for (NodeId o : graph_.operands(static_cast<NodeId>(id))) reads = reads || reads_policy[static_cast<size_t>(o)];
      reads_policy[id] = reads;
      if (in_cone[id] && !reads && !n.record_dependent && n.op != Op::kConst) {
        PlanStep step;
        step.node = n;
        step.id = static_cast<NodeId>(id);
        absl::Span<const NodeId> ops = graph_.operands(n);
        for (size_t i = 0; i < 3 && i < ops.size(); ++i) step.first[i] = ops[i];
        plan_.push_back(step);
        in_plan[id] = 1;
      }
    }
    // By depth (a node after everything below it, record-dependent parts
    // of an aggregate included), then by operation: runs of the same
    // operation keep the pass's dispatch predictable for the CPU.
    std::vector<int> depth(graph_.size(), 0);
    for (size_t id = 0; id < graph_.size(); ++id) {
      for (NodeId o : graph_.operands(static_cast<NodeId>(id))) {
        depth[id] = std::max(depth[id], depth[static_cast<size_t>(o)] + 1);
      }
    }
    std::stable_sort(plan_.begin(), plan_.end(), [&](const PlanStep& a, const PlanStep& b) {
      const size_t x = static_cast<size_t>(a.id), y = static_cast<size_t>(b.id);
      if (depth[x] != depth[y]) return depth[x] < depth[y];
      return a.node.op < b.node.op;
    });
    for (size_t i = 0; i < plan_.size(); ++i) {
      if (i == 0 || plan_[i].node.op != plan_[i - 1].node.op) {
        plan_runs_.push_back({plan_[i].node.op, static_cast<uint32_t>(i), static_cast<uint32_t>(i)});
      }
      plan_runs_.back().end = static_cast<uint32_t>(i + 1);
    }
    BuildRecordSteps();
    return in_plan;
  }

  // The per-record steps of every aggregate of the plan, except one whose
  // where-clause or value holds an aggregate over the same record (left to
  // Aggregate, whose Held copies keep an outer record's values apart).
  void BuildRecordSteps() {
    record_steps_of_.assign(graph_.size(), -1);
    for (const PlanStep& step : plan_) {
      const Node& n = step.node;
      if (n.op != Op::kCount && n.op != Op::kAny && n.op != Op::kAll && n.op != Op::kSum) continue;
      const absl::Span<const NodeId> ops = graph_.operands(n);
      const bool has_where = (n.aux & 1) != 0;
      const bool has_value = (n.aux & 2) != 0;
      RecordSteps rs;
      rs.where = has_where ? ops[1] : kNoNode;
      rs.value = has_value ? ops[has_where ? 2 : 1] : kNoNode;
      std::vector<char> where_seen, value_seen;
      if (rs.where != kNoNode && graph_.node(rs.where).record_dependent &&
          (graph_.node(rs.where).op == Op::kAnd || graph_.node(rs.where).op == Op::kOr)) {
        // Operand by operand, then the and/or itself.
        rs.where_decisive = graph_.node(rs.where).op == Op::kOr;
        bool nested = false;
        for (NodeId o : graph_.operands(rs.where)) {
          nested = nested || !RecordStepsOf(o, &where_seen, &rs.where_steps);
          rs.where_exits.push_back({static_cast<uint32_t>(rs.where_steps.size()), o});
        }
        if (nested || !RecordStepsOf(rs.where, &where_seen, &rs.where_steps)) continue;
      } else if (!RecordStepsOf(rs.where, &where_seen, &rs.where_steps)) {
        continue;
      }
      if (!RecordStepsOf(rs.value, &value_seen, &rs.value_steps)) continue;
      record_steps_of_[static_cast<size_t>(step.id)] = static_cast<int32_t>(record_steps_.size());
      record_steps_.push_back(std::move(rs));
    }
  }

  // Appends the record-dependent nodes under `root` not `seen` yet
  // (reached through record-dependent nodes only: below a firm-level node,
  // even an inner aggregate's where-clause belongs to that aggregate), in id
  // order, which puts operands first. False for a nested record-dependent
  // aggregate.
  bool RecordStepsOf(NodeId root, std::vector<char>* seen_nodes, std::vector<PlanStep>* out) const {
    if (root == kNoNode || !graph_.node(root).record_dependent) return true;
    std::vector<char>& seen = *seen_nodes;
    if (seen.size() < graph_.size()) seen.resize(graph_.size(), 0);
    if (seen[static_cast<size_t>(root)]) return true;
    std::vector<NodeId> nodes, stack = {root};
    seen[static_cast<size_t>(root)] = 1;
    while (!stack.empty()) {
      const NodeId id = stack.back();
      stack.pop_back();
      const Node& n = graph_.node(id);
      if (n.op == Op::kCount || n.op == Op::kAny || n.op == Op::kAll || n.op == Op::kSum) return false;
      nodes.push_back(id);
      for (NodeId o : graph_.operands(id)) {
        if (!graph_.node(o).record_dependent || seen[static_cast<size_t>(o)]) continue;
        seen[static_cast<size_t>(o)] = 1;
        stack.push_back(o);
      }
    }
    std::sort(nodes.begin(), nodes.end());
    for (NodeId id : nodes) {
      PlanStep step;
      step.node = graph_.node(id);
      step.id = id;
      const absl::Span<const NodeId> ops = graph_.operands(id);
      for (size_t i = 0; i < 3 && i < ops.size(); ++i) step.first[i] = ops[i];
      out->push_back(step);
    }
    return true;
  }

  std::vector<NodeId> ObservablesOf(NodeId root) const {
    std::vector<NodeId> out;
    if (root == kNoNode) return out;
    for (NodeId id : graph_.Cone(root)) {
      if (program_.observables.contains(id) && !graph_.node(id).record_dependent) {
        out.push_back(id);
      }
    }
    return out;
  }

  // Constants are computed once, when the evaluator is made, and stamped
  // kAlways; every other node is stamped with the firm's epoch when
  // computed — except the forward pass's, which all hold the firm's values
  // once it has run (planned_epoch_), and are not stamped one by one.
  static constexpr uint32_t kAlways = ~uint32_t{0};
  bool Evaluated(NodeId id) const {
    const uint32_t stamp = stamp_[static_cast<size_t>(id)];
    return stamp == epoch_ || stamp == kAlways || (planned_epoch_ == epoch_ && in_plan_[static_cast<size_t>(id)]);
  }

  // A new firm. The epoch never reaches kAlways: before it would, every
  // per-firm stamp is reset (once in four billion firms).
  void NextEpoch() {
    if (++epoch_ == kAlways) {
      for (uint32_t& stamp : stamp_) {
        if (stamp != kAlways) stamp = 0;
      }
      std::fill(policy_stamp_.begin(), policy_stamp_.end(), 0);
      split_code_of_ = nullptr;
      planned_epoch_ = 0;
      epoch_ = 1;
    }
  }

  // The node's value, in its slot (a reference: copying a whole Value
  // at every operand was a large part of evaluating). A slot is final for
  // the firm once computed, except a record-dependent node's, which holds
  // the value for the record last seen: see Held().
  const Value& Eval(NodeId id, const Record* rec = nullptr) {
    const Node& n = graph_.node(id);
    Value& slot = slots_[static_cast<size_t>(id)];
    if (!n.record_dependent) {
      if (Evaluated(id)) return slot;
      Store(&slot, id, n, nullptr);
      stamp_[static_cast<size_t>(id)] = epoch_;
      return slot;
    }
    Store(&slot, id, n, rec);
    return slot;
  }

  // Computes into the slot itself, not into a temporary copied there: a
  // result initialises the object it is placed in (Value is trivially
  // destructible, so the old value needs no destroying). No node reads its
  // own slot while being computed.
  void Store(Value* slot, NodeId id, const Node& n, const Record* rec) { ::new (slot) Value(Compute(id, n, rec)); }

  // Operand `op`'s value, kept valid while the other operands are
  // evaluated. A record-dependent operand's slot, and the number it points
  // to, can be overwritten meanwhile (an aggregate nested in a sibling over
  // the same list re-evaluates it for other records), so both are copied
  // into `store`.
  struct HeldValue {
    Value value;
    Number number;
  };
  const Value& Held(NodeId op, const Record* rec, HeldValue* store) {
    const Value& v = Eval(op, rec);
    if (!graph_.node(op).record_dependent) return v;
    store->value = v;
    if (v.number()) {
      store->number = *v.num;
      store->value.num = &store->number;
    }
    return store->value;
  }

  // A number computed by node `id`, in the node's own number: valid for
  // the firm (or, record-dependent, until the node is computed again, as
  // its slot).
  Value Num(NodeId id, const Number& x) {
    Number& own = numbers_[static_cast<size_t>(id)];
    own = x;
    return Value::Num(&own);
  }
  // `v` as node `id`'s result: a number it points to is copied into the
  // node's own (it may lie in a HeldValue, or in an operand's number that a
  // later record overwrites).
  Value Own(NodeId id, Value v) {
    if (v.number()) v = Num(id, *v.num);
    return v;
  }

  // Screening evaluates every clause of every policy (kAllClauses). The
  // nodes those clauses read that depend on the firm alone — not on a
  // record inside an aggregate, nor on another policy's verdict — are
  // computed first, in one forward pass over the graph: operands precede
  // their users, so each step reads its operands' slots directly, without
  // the recursion and memo checks of Eval (which were most of evaluating).
  // The pass also computes nodes the lazy walk would skip (what follows an
  // `and`'s first false operand, an `if`'s other branch). Nothing reads
  // those: a node's value is the same whenever it is computed, `and`/`or`
  // still stop at the first decisive operand, and CollectMissing walks only
  // into the operands of unknown nodes, every one of which the lazy walk
  // evaluates as well. So verdicts, failing clauses, missing fields and
  // errors are those of the lazy walk (the differential and fuzz tests
  // compare every mode with the reference evaluator).
  //
  // The plan is sorted by depth, then by operation, so it is a few dozen
  // runs of one operation (526 steps in 55 runs for the catalogue): the
  // operation is dispatched once a run, and each run's loop is compiled for
  // its operation (RunSteps), instead of a switch at every step.
  void RunPlan() {
    // Its steps are sorted by depth, so whatever a step reads through Eval
    // (a rare operation's operands) lies deeper and has already run.
    planned_epoch_ = epoch_;
    for (const PlanRun& run : plan_runs_) {
      const PlanStep* const begin = plan_.data() + run.begin;
      const PlanStep* const end = plan_.data() + run.end;
      switch (run.op) {
#define DX_PLAN_RUN(op) \
  case op:              \
    RunSteps<op>(begin, end); \
    break;
        DX_PLAN_RUN(Op::kField) DX_PLAN_RUN(Op::kSeries) DX_PLAN_RUN(Op::kList) DX_PLAN_RUN(Op::kNot)
        DX_PLAN_RUN(Op::kAnd) DX_PLAN_RUN(Op::kOr) DX_PLAN_RUN(Op::kEq) DX_PLAN_RUN(Op::kNe) DX_PLAN_RUN(Op::kLt)
        DX_PLAN_RUN(Op::kLe) DX_PLAN_RUN(Op::kGt) DX_PLAN_RUN(Op::kGe) DX_PLAN_RUN(Op::kAdd) DX_PLAN_RUN(Op::kSub)
        DX_PLAN_RUN(Op::kMul) DX_PLAN_RUN(Op::kDiv) DX_PLAN_RUN(Op::kYearOf) DX_PLAN_RUN(Op::kInSet)
        DX_PLAN_RUN(Op::kIndustryIn) DX_PLAN_RUN(Op::kIf) DX_PLAN_RUN(Op::kCount) DX_PLAN_RUN(Op::kAny)
        DX_PLAN_RUN(Op::kAll) DX_PLAN_RUN(Op::kSum)
#undef DX_PLAN_RUN
        default:  // the rare operations, each step dispatched on its own
          RunSteps<Op::kConst>(begin, end);
          break;
      }
    }
    // A pass stopped by the budget left slots unwritten: none is taken as
    // this firm's (the firm gets the budget's error anyway).
    if (over_budget_) planned_epoch_ = 0;
  }

  // A run of steps of operation `kOp` (kConst: of any operation, read from
  // each step).
  template <Op kOp>
  void RunSteps(const PlanStep* begin, const PlanStep* end) {
    for (const PlanStep* step = begin; step != end; ++step) {
      const NodeId id = step->id;
      Value* slot = &slots_[static_cast<size_t>(id)];
      RunStep(kOp == Op::kConst ? step->node.op : kOp, *step, slot);
      // The clause loop reads the outcomes of clause nodes. Noted for every
      // step, without a branch: testing which steps are clauses, and the
      // kind of value, were mispredicted about one time in four.
      planned_outcome_[static_cast<size_t>(id)] = OutcomeCode{OutcomeByte(*slot)};
    }
  }

  // One step of the forward pass, or of an aggregate's per-record steps
  // (RunRecordSteps; `record_` is then the record, else null). `op` is the
  // step's operation: a constant where the caller knows it, which leaves
  // only that operation's case.
  __attribute__((always_inline)) void RunStep(Op op, const PlanStep& step, Value* slot) {
    {
      const Node& n = step.node;
      const NodeId id = step.id;
      auto operand = [&](size_t i) -> const Value& { return slots_[static_cast<size_t>(step.first[i])]; };
      switch (op) {
        case Op::kField: ::new (slot) Value(ReadField(n)); break;
        case Op::kSeries: ::new (slot) Value(ReadSeries(n)); break;
        case Op::kList: ::new (slot) Value(ReadList(n)); break;
        case Op::kNot: ::new (slot) Value(Not(operand(0))); break;
        case Op::kAnd:
        case Op::kOr:
          // Up to three operands are in the step itself (one memory read fewer).
          AndOr(n.op == Op::kOr,
                n.operand_count <= 3 ? absl::MakeConstSpan(step.first, n.operand_count) : graph_.operands(n),
                [&](NodeId o) -> const Value& { return slots_[static_cast<size_t>(o)]; }, slot);
          break;
        case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
          // Most comparisons are of two numbers (a field and a threshold):
          // compared inline, the rest by Compare.
          const Value& a = operand(0);
          const Value& b = operand(1);
          if (a.kind == Value::Kind::kNumber && b.kind == Value::Kind::kNumber) {
            ::new (slot) Value(Value::Bool(Holds(n.op, a.num->Compare(*b.num))));
          } else if (a.kind <= Value::Kind::kError || b.kind <= Value::Kind::kError) {
            // A missing operand (most other calls): Compare's Propagate, inline.
            static_assert(Value::Kind::kUnknown < Value::Kind::kError && Value::Kind::kError < Value::Kind::kBool);
            ::new (slot) Value(a.kind == Value::Kind::kError ? a : b.kind == Value::Kind::kError ? b : Value());
          } else if (a.kind == Value::Kind::kString && b.kind == Value::Kind::kString &&
                     (n.op == Op::kEq || n.op == Op::kNe)) {
            // A code or category tested for one value: equality alone.
            ::new (slot) Value(Value::Bool((*a.str == *b.str) == (n.op == Op::kEq)));
          } else {
            ::new (slot) Value(Compare(n.op, a, b));
          }
          break;
        }
        // Arithmetic and years as Compute does them, from operands ready here.
        case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv:
          ::new (slot) Value(Arith(n.op, operand(0), operand(1), &numbers_[static_cast<size_t>(id)]));
          break;
        case Op::kYearOf: {
          const Value& a = operand(0);
          ::new (slot) Value(a.known() ? Num(id, Number::FromInt(a.date.year())) : a);
          break;
        }
        case Op::kInSet: ::new (slot) Value(InSet(n.payload, operand(0))); break;
        case Op::kIndustryIn: ::new (slot) Value(IndustryIn(n.payload, operand(0))); break;
        case Op::kIf: {
          const Value& c = operand(0);
          if (c.known()) {
            *slot = operand(c.b ? 1 : 2);
          } else {
            *slot = BranchesAgree(operand(1), operand(2)) ? operand(1) : c;
          }
          break;
        }
        case Op::kRecordField:  // only in an aggregate's per-record steps
          ::new (slot) Value(record_ == nullptr || n.payload >= record_->fields.size()
                                 ? Value()
                                 : FromScalar(record_->fields[n.payload]));
          break;
        case Op::kCount: case Op::kAny: case Op::kAll: case Op::kSum: {
          // Most firms' record lists are short or empty: an empty one is
          // decided here, the others by their per-record steps (or, for
          // an aggregate without them, by Aggregate).
          const Value& list = operand(0);
          if (list.kind == Value::Kind::kList && list.list->empty()) {
            ::new (slot) Value(AggregateResult(n.op, false, 0, Number(), &numbers_[static_cast<size_t>(id)]));
            break;
          }
          const int32_t steps = record_steps_of_[static_cast<size_t>(id)];
          if (steps >= 0) {
            PlannedAggregate(id, n, list, record_steps_[static_cast<size_t>(steps)], slot);
            break;
          }
          Store(slot, id, n, record_);
          break;
        }
        default:  // rare operations: computed as the lazy walk does (operands are ready)
          Store(slot, id, n, record_);
          break;
      }
    }
  }

  // An aggregate of the forward pass over a list with records: the nodes of
  // its where-clause and summed value that read a record are computed for
  // each record by RunStep, in one forward pass of their own, instead of by
  // Eval's recursion (a where-clause over a firm's titles, exhibitions or
  // investors was about a tenth of evaluating). The loop over the records
  // is Aggregate's (AggregateOver), reading the same values. The steps
  // count towards the evaluation budget as Compute's calls do.
  void PlannedAggregate(NodeId id, const Node& n, const Value& list, const RecordSteps& rs, Value* slot) {
    if (max_steps_ != 0 && ++steps_ > max_steps_) {
      over_budget_ = true;
      ::new (slot) Value(Value::Error("evaluation budget exceeded"));
      return;
    }
    if (!list.known()) {
      *slot = list;
      return;
    }
    ::new (slot) Value(AggregateOver(
        id, n, *list.list, rs.where != kNoNode, [&](const Record& r) -> const Value& {
          return RunRecordSteps(rs.where, rs.where_steps, rs.where_exits, rs.where_decisive, r);
        },
        [&](const Record& r) -> const Value& { return RunRecordSteps(rs.value, rs.value_steps, {}, false, r); }));
  }

  // The value of `root` for record `r`: its record-dependent nodes computed
  // in order (none when the root reads no record: its slot is the firm's).
  // With `exits` (a where-clause that is an and/or), it stops at the first
  // operand whose value is `decisive`, which is then the root's.
  const Value& RunRecordSteps(NodeId root, const std::vector<PlanStep>& steps,
                              absl::Span<const RecordSteps::Exit> exits, bool decisive, const Record& r) {
    if (max_steps_ != 0 && (steps_ += steps.size()) > max_steps_) {
      over_budget_ = true;
      static const Value kOverBudget = Value::Error("evaluation budget exceeded");
      return kOverBudget;
    }
    record_ = &r;
    Value* const out = &slots_[static_cast<size_t>(root)];
    auto run = [&](size_t i) { RunStep(steps[i].node.op, steps[i], &slots_[static_cast<size_t>(steps[i].id)]); };
    size_t i = 0;
    for (const RecordSteps::Exit& exit : exits) {
      for (; i < exit.end; ++i) run(i);
      const Value& v = slots_[static_cast<size_t>(exit.operand)];
      if (v.kind == Value::Kind::kBool && v.b == decisive) {
        record_ = nullptr;
        ::new (out) Value(Value::Bool(decisive));
        return *out;
      }
    }
    for (; i < steps.size(); ++i) run(i);
    record_ = nullptr;
    return *out;
  }

  Value ReadField(const Node& n) const {
    const FieldValue* slot = SlotOf(*firm_, n.payload);
    if (slot == nullptr || slot->index() != 0) return Value();
    return FromScalar(std::get<Scalar>(*slot));
  }

  Value ReadSeries(const Node& n) const {
    if (n.payload >= firm_->size()) return Value();
    // A series holds a few years: scanned here, not searched out of line.
    const YearSeries* series = std::get_if<YearSeries>(&firm_->value(n.payload));
    if (series == nullptr) return Value();
    for (const auto& [year, value] : *series) {
      if (year == static_cast<int>(n.aux)) return FromScalar(value);
    }
    return Value();
  }

  Value ReadList(const Node& n) const {
    const FieldValue* slot = SlotOf(*firm_, n.payload);
    if (slot == nullptr || slot->index() != 2) return Value();
    Value v;
    v.kind = Value::Kind::kList;
    v.list = &std::get<RecordList>(*slot);
    return v;
  }

  static Value Not(const Value& a) { return a.known() ? Value::Bool(!a.b) : a; }

  // Kleene: a decisive operand (false for and, true for or) wins over
  // unknown, so a firm can be ruled out on what is known. Outside explain
  // mode the operands after the first decisive one are not asked for.
  // The result is written into `*out` field by field: returned as a Value,
  // it went through a stack copy written a byte at a time and read back
  // eight bytes at once — a load the processor cannot forward from those
  // stores, which stalled on a seventh of the screening pass's samples
  // (perf, cpu-clock; docs/design.md, session 11).
  template <typename OperandValue>
  void AndOr(bool decisive, absl::Span<const NodeId> ops, OperandValue value_of, Value* out) {
    bool open = false;
    bool decided = false;
    bool in_error = false;
    const char* error = nullptr;  // the first operand's error (its text only: no Value copied)
    for (NodeId o : ops) {
      const Value& v = value_of(o);
      if (v.kind == Value::Kind::kBool) {
        if (v.b == decisive) {
          decided = true;
          if (mode_ != EvalMode::kExplain) break;
        }
      } else {
        open = true;
        if (v.kind == Value::Kind::kError && !in_error) {
          in_error = true;
          error = v.error;
        }
      }
    }
    const bool unknown = open && !decided;
    if (unknown && in_error) {
      *out = Value::Error(error);
      return;
    }
    // Decided: `decisive`; all known and none decisive: its opposite.
    out->kind = unknown ? Value::Kind::kUnknown : Value::Kind::kBool;
    out->b = !unknown && decided == decisive;
    out->date = CivilDate();
    out->str = nullptr;
  }

  Value InSet(uint32_t set, const Value& a) const {
    if (!a.known()) return a;
    if (a.kind == Value::Kind::kString) return Value::Bool(string_sets_[set].contains(*a.str));
    if (a.kind == Value::Kind::kNumber) {
      const std::vector<Number>& numbers = graph_.set(set).numbers;
      return Value::Bool(std::binary_search(numbers.begin(), numbers.end(), *a.num));
    }
    return Value::Error("set membership of a value of another kind");
  }

  // Whether code `a` lies under one of set `set`'s prefixes: the code is
  // split once, the prefixes were split when the evaluator was made.
  Value IndustryIn(uint32_t set, const Value& a) {
    if (!a.known()) return a;
    if (a.kind != Value::Kind::kString) return Value::Error("industry code is not text");
    // A firm's code is tested against some twenty sets: split once a firm
    // (a string of the record is not changed while the firm is evaluated).
    if (a.str != split_code_of_ || split_code_epoch_ != epoch_) {
      split_code_ = SplitIndustryCode(*a.str);
      split_code_of_ = a.str;
      split_code_epoch_ = epoch_;
    }
    const IndustryParts code = split_code_;
    for (const IndustryPrefix& p : industry_prefixes_[set]) {
      if (IndustryCodeUnder(code, p.letter, p.digits)) return Value::Bool(true);
    }
    return Value::Bool(false);
  }

  // An `if` whose condition is open is still known when both branches are
  // the same known value.
  static bool BranchesAgree(const Value& a, const Value& b) {
    return a.known() && b.known() && a.kind == b.kind && Compare(Op::kEq, a, b).b;
  }

  Value Compute(NodeId id, const Node& n, const Record* rec) {
    // Past the budget every node is an error: evaluation unwinds quickly and
    // Evaluate() reports the firm instead of its verdicts.
    if (max_steps_ != 0 && ++steps_ > max_steps_) {
      over_budget_ = true;
      return Value::Error("evaluation budget exceeded");
    }
    absl::Span<const NodeId> ops = graph_.operands(id);
    switch (n.op) {
      case Op::kConst: {
        const Constant& c = graph_.constant(n.payload);
        switch (c.index()) {
          case 0: return Value::Bool(std::get<bool>(c));
          case 1: return Value::Num(&std::get<Number>(c));
          case 2: return Value::Date(std::get<CivilDate>(c));
          default: {
            Value v;
            v.kind = Value::Kind::kString;
            v.str = &std::get<std::string>(c);
            return v;
          }
        }
      }
      case Op::kEvalDate: return Value::Date(date_);
      case Op::kField: return ReadField(n);
      case Op::kSeries: return ReadSeries(n);
      case Op::kList: return ReadList(n);
      case Op::kRecordField: {
        if (rec == nullptr || n.payload >= rec->fields.size()) return Value();
        return FromScalar(rec->fields[n.payload]);
      }
      case Op::kNot: return Not(Eval(ops[0], rec));
      case Op::kAnd:
      case Op::kOr: {
        Value v;
        AndOr(n.op == Op::kOr, ops, [&](NodeId o) -> const Value& { return Eval(o, rec); }, &v);
        return v;
      }
      case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
        HeldValue store;
        const Value& a = Held(ops[0], rec, &store);
        return Compare(n.op, a, Eval(ops[1], rec));
      }
      case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: {
        HeldValue store;
        const Value& a = Held(ops[0], rec, &store);
        return Arith(n.op, a, Eval(ops[1], rec), &numbers_[static_cast<size_t>(id)]);
      }
      case Op::kNeg: {
        const Value& a = Eval(ops[0], rec);
        if (!a.known()) return a;
        if (!a.number()) return Value::Error(kNotANumber);
        return Num(id, a.num->Negate());
      }
      case Op::kMin:
      case Op::kMax: {
        // Every operand is evaluated even once one is open, so the missing
        // fields name all the data the result needs (not only the first),
        // whatever else was evaluated before; an error wins over unknown.
        Number best;  // a copy: a later operand may overwrite the one it came from
        Value open;
        bool blocked = false;
        for (size_t i = 0; i < ops.size(); ++i) {
          const Value& v = Eval(ops[i], rec);
          if (!v.known()) {
            if (!blocked || (v.kind == Value::Kind::kError && open.kind != Value::Kind::kError)) open = v;
            blocked = true;
            continue;
          }
          if (!v.number()) return Value::Error(kNotANumber);
          if (i == 0 || (n.op == Op::kMin ? *v.num < best : *v.num > best)) best = *v.num;
        }
        return blocked ? open : Num(id, best);
      }
      case Op::kFloor:
      case Op::kCeil: {
        const Value& a = Eval(ops[0], rec);
        if (!a.known()) return a;
        if (!a.number()) return Value::Error(kNotANumber);
        return Num(id, n.op == Op::kFloor ? a.num->Floor() : a.num->Ceil());
      }
      case Op::kRound: {
        const Value& a = Eval(ops[0], rec);
        if (!a.known()) return a;
        if (!a.number()) return Value::Error(kNotANumber);
        std::optional<Number> r = n.payload == 0 ? a.num->RoundHalfUp(n.aux) : a.num->Truncate(n.aux);
        if (!r) return Value::Error("arithmetic overflow");
        return Num(id, *r);
      }
      case Op::kAddYears: case Op::kAddMonths: case Op::kAddDays: case Op::kAddWorkdays: {
        HeldValue store;
        const Value& d = Held(ops[0], rec, &store);
        const Value& k = Eval(ops[1], rec);
        Value out;
        if (Propagate(d, k, &out)) return out;
        if (!k.number()) return Value::Error(kNotANumber);
        std::optional<int64_t> count = k.num->ToInt64();
        if (!count || *count < -100000 || *count > 100000) {
          return Value::Error("a duration must be a whole number");
        }
        int32_t c = static_cast<int32_t>(*count);
        switch (n.op) {
          case Op::kAddYears: return Value::Date(d.date.AddYears(c));
          case Op::kAddMonths: return Value::Date(d.date.AddMonths(c));
          case Op::kAddDays: return Value::Date(d.date.AddDays(c));
          default: break;
        }
        if (c < 0) return Value::Error("working days can only be added forward");
        absl::StatusOr<CivilDate> r = program_.calendar->AddWorkingDays(d.date, c, false);
        if (!r.ok()) return Value::Error("the holiday calendar does not cover that year");
        return Value::Date(*r);
      }
      case Op::kWorkdaysBetween: {
        HeldValue store;
        const Value& a = Held(ops[0], rec, &store);
        const Value& b = Eval(ops[1], rec);
        Value out;
        if (Propagate(a, b, &out)) return out;
        absl::StatusOr<int> r = program_.calendar->CountWorkingDays(a.date, b.date);
        if (!r.ok()) return Value::Error("the holiday calendar does not cover that year");
        return Num(id, Number::FromInt(*r));
      }
      case Op::kYearOf: {
        const Value& a = Eval(ops[0], rec);
        if (!a.known()) return a;
        return Num(id, Number::FromInt(a.date.year()));
      }
      case Op::kInSet: return InSet(n.payload, Eval(ops[0], rec));
      case Op::kIndustryIn: return IndustryIn(n.payload, Eval(ops[0], rec));
      case Op::kIf: {
        HeldValue c_store, a_store;
        const Value& c = Held(ops[0], rec, &c_store);
        if (c.known()) return Own(id, Eval(c.b ? ops[1] : ops[2], rec));
        // An open condition does not matter when both branches agree.
        const Value& a = Held(ops[1], rec, &a_store);
        return BranchesAgree(a, Eval(ops[2], rec)) ? Own(id, a) : c;
      }
      case Op::kKnown:
        return Value::Bool(Eval(ops[0], rec).known());
      case Op::kCount: case Op::kAny: case Op::kAll: case Op::kSum:
        return Aggregate(id, n, ops);
      case Op::kPolicyEligible: {
        Verdict v = PolicyVerdict(static_cast<int>(n.payload));
        if (v == Verdict::kUndetermined) return Value();
        return Value::Bool(v == Verdict::kEligible);
      }
      case Op::kPolicyBenefit: {
        Verdict v = PolicyVerdict(static_cast<int>(n.payload));
        if (v == Verdict::kIneligible) return Value::Num(&ZeroNumber());
        if (v == Verdict::kUndetermined) return Value();
        const std::optional<Number>& amount = policy_benefit_[n.payload];
        return amount ? Value::Num(&*amount) : Value();
      }
    }
    return Value::Error("unknown operation");
  }

  Value Aggregate(NodeId id, const Node& n, absl::Span<const NodeId> ops) {
    const Value& list = Eval(ops[0]);
    if (!list.known()) return list;
    const bool has_where = (n.aux & 1) != 0;
    const bool has_value = (n.aux & 2) != 0;
    NodeId where = has_where ? ops[1] : kNoNode;
    NodeId value = has_value ? ops[has_where ? 2 : 1] : kNoNode;
    return AggregateOver(
        id, n, *list.list, has_where, [&](const Record& r) -> const Value& { return Eval(where, &r); },
        [&](const Record& r) -> const Value& { return Eval(value, &r); });
  }

  // The loop of an aggregate over `records`, each record's where-clause
  // value from `where_of` (when `has_where`) and summed value from
  // `value_of`: the lazy walk's Eval, or the screening pass's per-record
  // steps (PlannedAggregate).
  template <typename WhereOf, typename ValueOf>
  Value AggregateOver(NodeId id, const Node& n, const RecordList& records, bool has_where, WhereOf where_of,
                      ValueOf value_of) {
    int64_t count = 0;
    bool open = false;
    Number sum;
    for (const Record& r : records) {
      if (over_budget_) return Value::Error("evaluation budget exceeded");
      bool selected = true;
      if (has_where) {
        const Value& w = where_of(r);
        if (!w.known()) {
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
        const Value& v = value_of(r);
        if (!v.known()) return v;
        if (!v.number()) return Value::Error(kNotANumber);
        std::optional<Number> s = Number::Add(sum, *v.num);
        if (!s) return Value::Error("arithmetic overflow");
        sum = *s;
      }
    }
    return AggregateResult(n.op, open, count, sum, &numbers_[static_cast<size_t>(id)]);
  }

  // What a count/any/all/sum comes to once every record is seen: `open`
  // when a record's where-clause was unknown (any/all only). A number goes
  // in `*out_number` (the node's own).
  static Value AggregateResult(Op op, bool open, int64_t count, const Number& sum, Number* out_number) {
    switch (op) {
      case Op::kAny: return open ? Value() : Value::Bool(false);
      case Op::kAll: return open ? Value() : Value::Bool(true);
      case Op::kCount: *out_number = Number::FromInt(count); return Value::Num(out_number);
      default: *out_number = sum; return Value::Num(out_number);
    }
  }

  // A value's outcome as a byte, by table: no branch on its kind (the
  // screening pass notes one for every step).
  static uint8_t OutcomeByte(const Value& v) {
    static constexpr uint8_t kByKindAndBool[] = {
        static_cast<uint8_t>(Outcome::kUnknown), static_cast<uint8_t>(Outcome::kUnknown),  // kUnknown
        static_cast<uint8_t>(Outcome::kError),   static_cast<uint8_t>(Outcome::kError),    // kError
        static_cast<uint8_t>(Outcome::kFalse),   static_cast<uint8_t>(Outcome::kTrue),     // kBool
        static_cast<uint8_t>(Outcome::kUnknown), static_cast<uint8_t>(Outcome::kUnknown),  // kNumber
        static_cast<uint8_t>(Outcome::kUnknown), static_cast<uint8_t>(Outcome::kUnknown),  // kDate
        static_cast<uint8_t>(Outcome::kUnknown), static_cast<uint8_t>(Outcome::kUnknown),  // kString
        static_cast<uint8_t>(Outcome::kUnknown), static_cast<uint8_t>(Outcome::kUnknown),  // kList
    };
    static_assert(sizeof(kByKindAndBool) == 2 * (static_cast<size_t>(Value::Kind::kList) + 1));
    return kByKindAndBool[2 * static_cast<size_t>(v.kind) + (v.b ? 1 : 0)];
  }

  static Outcome OutcomeOf(const Value& v) { return static_cast<Outcome>(OutcomeByte(v)); }

  // The fields whose absence leaves `root` unknown: walk down through
  // operands that are themselves unknown, down to the data they read.
  // One walk may start from several roots (a policy's open clauses): a
  // node they share is visited once, and the caller sorts and dedups `out`.
  void BeginMissingWalk() {
    // Nodes visited in this walk carry this walk's number (no clearing).
    if (++missing_walk_ == 0) {
      std::fill(missing_seen_.begin(), missing_seen_.end(), 0);
      missing_walk_ = 1;
    }
  }
  void CollectMissing(NodeId root, MissingList* out) {
    std::vector<NodeId>& stack = missing_stack_;
    stack.assign(1, root);
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      uint32_t& seen = missing_seen_[static_cast<size_t>(id)];
      if (seen == missing_walk_) continue;
      seen = missing_walk_;
      const Node& n = graph_.node(id);
      if (n.record_dependent || !Evaluated(id)) continue;
      const Value& v = slots_[static_cast<size_t>(id)];
      if (v.known()) continue;
      switch (n.op) {
        case Op::kField:
        case Op::kList:
          out->push_back({static_cast<int>(n.payload), std::nullopt});
          continue;
        case Op::kSeries:
          out->push_back({static_cast<int>(n.payload), n.aux});
          continue;
        case Op::kCount: case Op::kAny: case Op::kAll: case Op::kSum: {
          // The list is there but some record lacks a value the rule needs.
          NodeId list = graph_.operands(id)[0];
          if (Evaluated(list) && slots_[static_cast<size_t>(list)].known()) {
            out->push_back({static_cast<int>(graph_.node(list).payload), std::nullopt});
          }
          break;
        }
        case Op::kIf: {
          // A decided condition: only the branch taken matters, even if the
          // other was evaluated (and left open) for another clause.
          absl::Span<const NodeId> ops = graph_.operands(id);
          const Value& c = slots_[static_cast<size_t>(ops[0])];
          if (Evaluated(ops[0]) && c.known()) {
            stack.push_back(c.b ? ops[1] : ops[2]);
            continue;
          }
          break;
        }
        case Op::kPolicyEligible:
        case Op::kPolicyBenefit: {
          // What leaves the other policy open leaves this one open too.
          const MissingList& m = policy_missing_[n.payload];
          out->insert(out->end(), m.begin(), m.end());
          if (n.op == Op::kPolicyBenefit) {
            const MissingList& b = policy_benefit_missing_[n.payload];
            out->insert(out->end(), b.begin(), b.end());
          }
          continue;
        }
        default:
          break;
      }
      for (NodeId o : graph_.operands(id)) stack.push_back(o);
    }
  }

  Verdict PolicyVerdict(int p) {
    if (policy_stamp_[static_cast<size_t>(p)] == epoch_) return policy_verdict_[static_cast<size_t>(p)];
    // Mark first: the compiler rejects cycles, this only guards against
    // hand-built programs.
    policy_stamp_[static_cast<size_t>(p)] = epoch_;
    policy_verdict_[static_cast<size_t>(p)] = Verdict::kUndetermined;
    policy_benefit_[static_cast<size_t>(p)].reset();
    policy_missing_[static_cast<size_t>(p)].clear();
    policy_benefit_missing_[static_cast<size_t>(p)].clear();
    // One scratch decision per nesting level: a policy read through eligible()
    // may itself read another.
    if (referenced_depth_ == referenced_.size()) referenced_.push_back(std::make_unique<PolicyDecision>());
    PolicyDecision& d = *referenced_[referenced_depth_++];
    EvaluatePolicy(p, d);
    --referenced_depth_;
    return d.verdict;
  }

  // The verdict modes: cheap clauses first (kVerdict stops at the first
  // that rules the policy out); explain mode goes in source order.
  __attribute__((noinline)) void SettleClauses(int p, const PolicyInfo& info, PolicyDecision& d) {
    const absl::Span<const ClauseRef> order = mode_ == EvalMode::kExplain
                                                  ? source_clauses_[static_cast<size_t>(p)]
                                                  : verdict_clauses_[static_cast<size_t>(p)];
    bool ruled_out = false;
    for (const ClauseRef& c : order) {
      const Value& v = Eval(c.node);
      const Outcome o = OutcomeOf(v);
      if (static_cast<uint8_t>(o) == c.fails_on) {
        d.failing.push_back(c.index);
        ruled_out = true;
        if (mode_ == EvalMode::kVerdict) break;
      } else if (o == Outcome::kUnknown || o == Outcome::kError) {
        d.open.push_back(c.index);
        if (o == Outcome::kError && v.error != nullptr) {
          d.errors.push_back(absl::StrCat(info.clauses[static_cast<size_t>(c.index)].label, ": ", v.error));
        }
      }
    }
    if (d.failing.size() > 1) std::sort(d.failing.begin(), d.failing.end());
    if (ruled_out) {
      d.verdict = Verdict::kIneligible;
      d.open.clear();
      d.errors.clear();
    } else if (!d.open.empty()) {
      std::sort(d.open.begin(), d.open.end());
      SettleOpen(info, d);
    } else {
      d.verdict = Verdict::kEligible;
    }
  }

  // Screening (kAllClauses) settles every clause, most of them read from
  // the outcomes RunPlan left in a dense array. In source order, so the
  // failing and open lists come out sorted; each is filled once from a
  // scratch array (the clause loop is the inner loop of screening).
  // Its rare paths (clauses outside the plan, open clauses, a benefit) are
  // out of line, and it is inlined into EvaluatePolicy: a policy is settled
  // 76 times a firm, and with the rare paths inline the two functions spent
  // some 2,000 instructions a firm saving and restoring registers.
  __attribute__((always_inline)) void SettleScreenedClauses(int p, const PolicyInfo& info, PolicyDecision& d) {
    const absl::Span<const ClauseRef> order = source_clauses_[static_cast<size_t>(p)];
    // Clauses outside the plan first, into the same array: evaluating one may
    // evaluate another policy (eligible()), which uses the scratch below.
    if (has_lazy_clause_[static_cast<size_t>(p)]) EvaluateLazyClauses(p);
    if (clause_scratch_.size() < 2 * order.size()) clause_scratch_.resize(2 * order.size());
    int* const failing = clause_scratch_.data();
    int* const open = failing + order.size();
    size_t failing_count = 0, open_count = 0;
    for (const ClauseRef& c : order) {
      const uint8_t o = static_cast<uint8_t>(planned_outcome_[static_cast<size_t>(c.node)]);
      // Branch-free: an index is written at both ends, and counted where it
      // belongs (fails_on is kTrue or kFalse, so an open clause never fails).
      failing[failing_count] = c.index;
      open[open_count] = c.index;
      failing_count += o == c.fails_on;
      open_count += o >= static_cast<uint8_t>(Outcome::kUnknown);
    }
    if (failing_count > 0) {
      d.verdict = Verdict::kIneligible;
      // Pushed one by one: most policies fail on a clause or two, and
      // InlinedVector's out-of-line assign cost ~60 instructions a call.
      for (size_t i = 0; i < failing_count; ++i) d.failing.push_back(failing[i]);
    } else if (open_count > 0) {
      SettleScreenedOpen(info, absl::MakeConstSpan(open, open_count), d);
    } else {
      d.verdict = Verdict::kEligible;
    }
  }

  __attribute__((noinline)) void EvaluateLazyClauses(int p) {
    for (const ClauseRef& c : source_clauses_[static_cast<size_t>(p)]) {
      if (!c.planned) planned_outcome_[static_cast<size_t>(c.node)] = OutcomeCode{OutcomeByte(Eval(c.node))};
    }
  }

  // No clause rules the policy out and some are open: undetermined.
  __attribute__((noinline)) void SettleScreenedOpen(const PolicyInfo& info, absl::Span<const int> open,
                                                    PolicyDecision& d) {
    for (int c : open) {
      d.open.push_back(c);
      const ClauseInfo& clause = info.clauses[static_cast<size_t>(c)];
      const Value& v = slots_[static_cast<size_t>(clause.node)];
      if (v.kind == Value::Kind::kError && v.error != nullptr) {
        d.errors.push_back(absl::StrCat(clause.label, ": ", v.error));
      }
    }
    SettleOpen(info, d);
  }

  // Undetermined: the fields whose absence leaves the open clauses open.
  void SettleOpen(const PolicyInfo& info, PolicyDecision& d) {
    d.verdict = Verdict::kUndetermined;
    BeginMissingWalk();
    for (int c : d.open) CollectMissing(info.clauses[static_cast<size_t>(c)].node, &d.missing);
    std::sort(d.missing.begin(), d.missing.end());
    d.missing.erase(std::unique(d.missing.begin(), d.missing.end()), d.missing.end());
  }

  // Empties an inlined vector of trivial elements, keeping a heap buffer it
  // may have: clear() frees it, so a policy failing on more than six
  // clauses allocated again for every firm a decision was reused for.
  // erase() keeps it but is an out-of-line call; elements are few.
  template <typename T, size_t N>
  static void EmptyKeepingStorage(absl::InlinedVector<T, N>& v) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (v.capacity() == N) {
      v.clear();  // inline, nothing to free
    } else {
      while (!v.empty()) v.pop_back();
    }
  }

  // Fills `d` (whatever it held before) with policy p's decision. Inlined
  // into Evaluate's loop over the policies (and PolicyVerdict): as a call it
  // saved and restored six registers per policy.
  __attribute__((always_inline)) void EvaluatePolicy(int p, PolicyDecision& d) {
    const PolicyInfo& info = program_.policies[static_cast<size_t>(p)];
    d.policy = p;
    d.verdict = Verdict::kUndetermined;
    // Most lists are empty already, and emptying an inlined vector is not free.
    EmptyKeepingStorage(d.failing);
    EmptyKeepingStorage(d.open);
    EmptyKeepingStorage(d.missing);
    if (!d.errors.empty()) d.errors.clear();
    if (d.benefit) d.benefit.reset();
    EmptyKeepingStorage(d.benefit_missing);
    d.benefit_clamped = false;
    d.superseded_by = -1;
    if (!d.clauses.empty()) d.clauses.clear();
    if (mode_ == EvalMode::kAllClauses) {
      SettleScreenedClauses(p, info, d);
    } else {
      SettleClauses(p, info, d);
    }
    const NodeId benefit_node = benefit_node_[static_cast<size_t>(p)];
    if (d.verdict == Verdict::kEligible && benefit_node != kNoNode) SettleBenefit(benefit_node, d);
    policy_stamp_[static_cast<size_t>(p)] = epoch_;
    policy_verdict_[static_cast<size_t>(p)] = d.verdict;
    if (referenced_policy_[static_cast<size_t>(p)]) Remember(p, d);
    if (mode_ == EvalMode::kExplain) Explain(p, &d);
  }

  // An eligible policy's amount, or why there is none.
  __attribute__((noinline)) void SettleBenefit(NodeId benefit_node, PolicyDecision& d) {
    const Value& b = Eval(benefit_node);
    if (b.number()) {
      if (b.num->IsNegative()) {
        d.benefit = Number();
        d.benefit_clamped = true;
      } else {
        d.benefit = *b.num;
      }
      return;
    }
    if (b.kind == Value::Kind::kError && b.error != nullptr) {
      d.errors.push_back(absl::StrCat("benefit: ", b.error));
    } else if (b.known()) {
      d.errors.push_back(absl::StrCat("benefit: ", kNotANumber));
    }
    BeginMissingWalk();
    CollectMissing(benefit_node, &d.benefit_missing);
    std::sort(d.benefit_missing.begin(), d.benefit_missing.end());
    d.benefit_missing.erase(std::unique(d.benefit_missing.begin(), d.benefit_missing.end()), d.benefit_missing.end());
  }

  // What eligible()/benefit_of() of another policy read: kept only for the
  // few policies some rule refers to.
  __attribute__((noinline)) void Remember(int p, const PolicyDecision& d) {
    policy_benefit_[static_cast<size_t>(p)] = d.benefit;
    // Most policies miss nothing, and assigning an empty list is not free.
    MissingList& missing = policy_missing_[static_cast<size_t>(p)];
    if (!d.missing.empty() || !missing.empty()) missing = d.missing;
    MissingList& benefit_missing = policy_benefit_missing_[static_cast<size_t>(p)];
    if (!d.benefit_missing.empty() || !benefit_missing.empty()) benefit_missing = d.benefit_missing;
  }

  void Explain(int p, PolicyDecision* d) {
    const PolicyInfo& info = program_.policies[static_cast<size_t>(p)];
    for (size_t c = 0; c < info.clauses.size(); ++c) {
      ClauseOutcome co;
      co.clause = static_cast<int>(c);
      Value v = Eval(info.clauses[c].node);
      co.outcome = OutcomeOf(v);
      if (co.outcome == Outcome::kError && v.error != nullptr) co.error = v.error;
      co.values = Seen(observables_[static_cast<size_t>(p)][c]);
      d->clauses.push_back(std::move(co));
    }
  }

  std::vector<SeenValue> Seen(const std::vector<NodeId>& nodes) {
    std::vector<SeenValue> out;
    for (NodeId id : nodes) {
      if (!Evaluated(id)) continue;
      const Observable& obs = program_.observables.at(id);
      const Value& v = slots_[static_cast<size_t>(id)];
      SeenValue s;
      s.field = obs.field;
      s.year = obs.year;
      s.what = obs.text;
      const FieldDef* def = obs.field >= 0 ? &program_.schema->fields()[static_cast<size_t>(obs.field)]
                                           : nullptr;
      switch (v.kind) {
        case Value::Kind::kUnknown: s.text = "缺失"; break;
        case Value::Kind::kError: s.text = absl::StrCat("错误: ", v.error ? v.error : ""); break;
        case Value::Kind::kBool: s.text = v.b ? "是" : "否"; break;
        case Value::Kind::kNumber: s.text = FormatNumberAs(*v.num, def); break;
        case Value::Kind::kDate: s.text = v.date.ToString(); break;
        case Value::Kind::kString: s.text = *v.str; break;
        case Value::Kind::kList: s.text = absl::StrCat(v.list->size(), " 条记录"); break;
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  void ResolveExclusiveGroups(Decision& d) {
    // At most one policy of a group is granted: the highest benefit wins,
    // ties go to the policy listed first.
    if (grouped_.empty()) return;
    std::vector<int>& winner = group_winner_;
    winner.assign(group_count_, -1);
    for (const int p : grouped_) {
      const size_t i = static_cast<size_t>(p);
      if (i >= d.policies.size()) break;
      const PolicyDecision& pd = d.policies[i];
      int g = group_of_[i];
      if (pd.verdict != Verdict::kEligible) continue;
      int& w = winner[static_cast<size_t>(g)];
      if (w < 0) {
        w = static_cast<int>(i);
        continue;
      }
      const PolicyDecision& best = d.policies[static_cast<size_t>(w)];
      if (pd.benefit.value_or(Number()) > best.benefit.value_or(Number())) w = static_cast<int>(i);
    }
    for (const int p : grouped_) {
      const size_t i = static_cast<size_t>(p);
      if (i >= d.policies.size()) break;
      PolicyDecision& pd = d.policies[i];
      int g = group_of_[i];
      if (pd.verdict != Verdict::kEligible) continue;
      int w = winner[static_cast<size_t>(g)];
      if (w != static_cast<int>(i)) pd.superseded_by = w;
    }
  }

  const Program& program_;
  const RuleGraph& graph_;
  std::vector<Value> slots_;
  std::vector<Number> numbers_;  // per node: the number it computed (Num())
  std::vector<uint32_t> stamp_;
  std::vector<char> in_plan_;     // per node: a step of the forward pass
  uint32_t planned_epoch_ = 0;    // the epoch whose forward pass has run
  std::vector<PlanStep> plan_;  // see RunPlan
  struct PlanRun {
    Op op;
    uint32_t begin, end;  // plan_[begin, end): steps of operation `op`
  };
  std::vector<PlanRun> plan_runs_;
  std::vector<RecordSteps> record_steps_;  // see PlannedAggregate
  std::vector<int32_t> record_steps_of_;   // per node: index into record_steps_, or -1
  const Record* record_ = nullptr;         // the record RunStep reads, in RunRecordSteps
  // Per clause node: OutcomeOf(its slot), set by RunPlan (and, for a clause
  // outside the plan, by SettleScreenedClauses).
  // An outcome byte of its own type: a store through uint8_t (a character
  // type) may alias anything, so after each one the forward pass had to
  // reload every array it reads from this object.
  enum class OutcomeCode : uint8_t {};
  std::vector<OutcomeCode> planned_outcome_;
  std::vector<int> clause_scratch_;       // SettleScreenedClauses: failing, then open clauses
  std::vector<int> evaluation_order_;     // see EvaluationOrder
  std::vector<char> has_lazy_clause_;     // per policy: a clause RunPlan leaves to Eval
  std::vector<uint32_t> policy_stamp_;
  std::vector<Verdict> policy_verdict_;
  std::vector<char> referenced_policy_;  // read by some eligible()/benefit_of()
  std::vector<std::optional<Number>> policy_benefit_;  // when eligible: the amount, or unknown
  // A clause as the clause loop needs it.
  struct ClauseRef {
    NodeId node;
    int index;       // into PolicyInfo::clauses
    uint8_t fails_on;  // the Outcome that rules the policy out: kFalse, or kTrue for an exception
    bool planned;    // computed by RunPlan
  };
  // Every policy's clauses in one array, policy after policy: the clause
  // loop then reads memory forward instead of one block per policy.
  struct ClauseTable {
    std::vector<ClauseRef> refs;
    std::vector<uint32_t> begin{0};  // policy p: refs[begin[p], begin[p + 1])
    void Add(const std::vector<ClauseRef>& policy) {
      refs.insert(refs.end(), policy.begin(), policy.end());
      begin.push_back(static_cast<uint32_t>(refs.size()));
    }
    absl::Span<const ClauseRef> operator[](size_t p) const {
      return absl::MakeConstSpan(refs.data() + begin[p], begin[p + 1] - begin[p]);
    }
  };
  ClauseTable source_clauses_;   // source order
  ClauseTable verdict_clauses_;  // cheapest first
  // A prefix of an `industry in` set (GB/T 4754), split by
  // SplitIndustryPrefix and kept. Per set index.
  struct IndustryPrefix {
    char letter = '\0';
    std::string digits;
  };
  std::vector<std::vector<IndustryPrefix>> industry_prefixes_;
  // The industry code IndustryIn split last, and for which firm.
  const std::string* split_code_of_ = nullptr;
  uint32_t split_code_epoch_ = 0;
  IndustryParts split_code_;
  std::vector<absl::flat_hash_set<std::string>> string_sets_;  // by set index, for `in`
  std::vector<int> group_of_;                   // exclusive group index, -1 for none
  std::vector<int> grouped_;                    // the policies in some group, in order
  std::vector<NodeId> benefit_node_;            // per policy, kNoNode without a benefit
  size_t group_count_ = 0;
  std::vector<int> group_winner_;               // scratch
  std::vector<NodeId> missing_stack_;           // scratch for CollectMissing
  std::vector<uint32_t> missing_seen_;          // per node: the walk that last saw it
  uint32_t missing_walk_ = 0;
  std::vector<MissingList> policy_missing_;
  std::vector<MissingList> policy_benefit_missing_;
  // Scratch for policies evaluated through eligible()/benefit_of().
  std::vector<std::unique_ptr<PolicyDecision>> referenced_;
  size_t referenced_depth_ = 0;
  // observables_[policy][clause] (the last entry is the benefit's, if any).
  std::vector<std::vector<std::vector<NodeId>>> observables_;
  uint32_t epoch_ = 0;
  uint64_t steps_ = 0;
  uint64_t max_steps_ = FirmLimits().max_eval_steps;
  bool over_budget_ = false;
  const FirmRecord* firm_ = nullptr;
  CivilDate date_;
  EvalMode mode_ = EvalMode::kVerdict;
};

Evaluator::Evaluator(std::shared_ptr<const Program> program)
    : program_(std::move(program)), run_(std::make_unique<Run>(*program_)) {}

Evaluator::~Evaluator() = default;

Decision Evaluator::Evaluate(const FirmRecord& firm, CivilDate date, EvalMode mode) {
  Decision d;
  run_->Evaluate(firm, date, mode, d);
  return d;
}

void Evaluator::EvaluateInto(const FirmRecord& firm, CivilDate date, EvalMode mode, Decision* out) {
  run_->Evaluate(firm, date, mode, *out);
}

void Evaluator::set_max_steps(uint64_t max_steps) { run_->set_max_steps(max_steps); }

std::optional<Scalar> Evaluator::LastValue(NodeId id) const { return run_->LastValue(id); }

void Evaluator::EvaluateNodes(const FirmRecord& firm, CivilDate date, const std::vector<NodeId>& nodes) {
  run_->EvaluateNodes(firm, date, nodes);
}

}  // namespace duixian::engine
