#include "engine/whatif/program_slice.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/whatif/graph_analysis.h"

namespace duixian::engine::whatif {
namespace {

std::vector<NodeId> Roots(const PolicyInfo& info) {
  std::vector<NodeId> roots;
  for (const ClauseInfo& c : info.clauses) roots.push_back(c.node);
  if (info.benefit) roots.push_back(info.benefit->node);
  return roots;
}

// Policies `p` reads through eligible()/benefit_of().
std::vector<int> Reads(const Program& program, int p) {
  std::vector<int> out;
  for (NodeId r : Roots(program.policies[static_cast<size_t>(p)])) {
    for (NodeId id : program.graph.Cone(r)) {
      const Node& n = program.graph.node(id);
      if (n.op == Op::kPolicyEligible || n.op == Op::kPolicyBenefit) out.push_back(static_cast<int>(n.payload));
    }
  }
  return out;
}

std::string ConstantText(const Constant& c) {
  if (const Number* n = std::get_if<Number>(&c)) return n->ToString(40);
  if (const CivilDate* d = std::get_if<CivilDate>(&c)) return d->ToString();
  return "?";
}

}  // namespace

std::vector<int> PoliciesAround(const Program& program, int policy, std::vector<int>* affected_out) {
  const size_t n = program.policies.size();
  std::vector<std::vector<int>> reads(n), readers(n);
  for (size_t p = 0; p < n; ++p) {
    reads[p] = Reads(program, static_cast<int>(p));
    for (int q : reads[p]) readers[static_cast<size_t>(q)].push_back(static_cast<int>(p));
  }
  // Affected: the policy, its group, whoever reads an affected policy.
  std::set<int> affected;
  std::vector<int> todo = {policy};
  while (!todo.empty()) {
    int p = todo.back();
    todo.pop_back();
    if (!affected.insert(p).second) continue;
    const std::string& group = program.policies[static_cast<size_t>(p)].exclusive_group;
    for (size_t q = 0; q < n; ++q) {
      if (!group.empty() && program.policies[q].exclusive_group == group) todo.push_back(static_cast<int>(q));
    }
    for (int r : readers[static_cast<size_t>(p)]) todo.push_back(r);
  }
  if (affected_out != nullptr) affected_out->assign(affected.begin(), affected.end());
  // Plus everything they read (and those policies' groups, which decide their grants).
  std::set<int> keep;
  todo.assign(affected.begin(), affected.end());
  while (!todo.empty()) {
    int p = todo.back();
    todo.pop_back();
    if (!keep.insert(p).second) continue;
    for (int q : reads[static_cast<size_t>(p)]) todo.push_back(q);
    const std::string& group = program.policies[static_cast<size_t>(p)].exclusive_group;
    for (size_t q = 0; q < n; ++q) {
      if (!group.empty() && program.policies[q].exclusive_group == group) todo.push_back(static_cast<int>(q));
    }
  }
  return {keep.begin(), keep.end()};
}

std::shared_ptr<const Program> SliceProgram(const Program& program, const std::vector<int>& keep,
                                            const std::optional<Substitution>& substitute) {
  const RuleGraph& g = program.graph;
  std::vector<int> new_index(program.policies.size(), -1);
  for (size_t i = 0; i < keep.size(); ++i) new_index[static_cast<size_t>(keep[i])] = static_cast<int>(i);
  std::vector<bool> needed(g.size(), false);
  for (int p : keep) {
    for (NodeId r : Roots(program.policies[static_cast<size_t>(p)])) {
      for (NodeId id : g.Cone(r)) needed[static_cast<size_t>(id)] = true;
    }
  }
  GraphBuilder b;
  // Copies node `id` with operands mapped through `map`.
  auto copy = [&](NodeId id, const std::vector<NodeId>& map) {
    const Node& n = g.node(id);
    if (n.op == Op::kConst) return b.Constant(g.constant(n.payload));
    std::vector<NodeId> ops;
    for (NodeId o : g.operands(id)) ops.push_back(map[static_cast<size_t>(o)]);
    uint32_t payload = n.payload;
    if (n.op == Op::kInSet || n.op == Op::kIndustryIn) payload = b.AddSet(g.set(n.payload));
    if (n.op == Op::kPolicyEligible || n.op == Op::kPolicyBenefit) {
      payload = static_cast<uint32_t>(new_index[n.payload]);
    }
    return b.Add(n.op, n.type, ops, payload, n.aux);
  };
  std::vector<NodeId> map(g.size(), kNoNode);
  for (size_t i = 0; i < g.size(); ++i) {
    if (needed[i]) map[i] = copy(static_cast<NodeId>(i), map);
  }
  auto out = std::make_shared<Program>();
  out->schema = program.schema;
  out->calendar = program.calendar;
  out->digest = program.digest;
  std::vector<NodeId> changed = map;  // the substituted clause's (and benefit's) view
  NodeId changed_root = kNoNode;
  NodeId changed_benefit = kNoNode;
  if (substitute) {
    const PolicyInfo& swept = program.policies[static_cast<size_t>(substitute->policy)];
    NodeId root = swept.clauses[static_cast<size_t>(substitute->clause)].node;
    const bool benefit = substitute->benefit_too && swept.benefit.has_value();
    std::set<NodeId> cone;
    for (NodeId id : g.Cone(root)) cone.insert(id);
    if (benefit) {
      for (NodeId id : g.Cone(swept.benefit->node)) cone.insert(id);
    }
    std::vector<bool> differs(g.size(), false);
    for (NodeId id : cone) {  // ascending: operands first
      size_t i = static_cast<size_t>(id);
      if (id == substitute->constant) {
        changed[i] = b.Constant(substitute->value);
        differs[i] = true;
        continue;
      }
      bool any = false;
      for (NodeId o : g.operands(id)) any = any || differs[static_cast<size_t>(o)];
      if (any) {
        changed[i] = copy(id, changed);
        differs[i] = true;
      }
    }
    changed_root = changed[static_cast<size_t>(root)];
    if (benefit) changed_benefit = changed[static_cast<size_t>(swept.benefit->node)];
    out->digest = absl::StrCat(program.digest, "+", ConstantText(substitute->value));
  }
  for (int p : keep) {
    PolicyInfo info = program.policies[static_cast<size_t>(p)];
    for (size_t c = 0; c < info.clauses.size(); ++c) {
      bool swept = substitute && substitute->policy == p && substitute->clause == static_cast<int>(c);
      info.clauses[c].node = swept ? changed_root : map[static_cast<size_t>(info.clauses[c].node)];
    }
    if (info.benefit) {
      bool moved = changed_benefit != kNoNode && substitute->policy == p;
      info.benefit->node = moved ? changed_benefit : map[static_cast<size_t>(info.benefit->node)];
    }
    out->policy_index[info.id] = static_cast<int>(out->policies.size());
    out->policies.push_back(std::move(info));
  }
  for (const auto& [id, obs] : program.observables) {
    if (needed[static_cast<size_t>(id)]) out->observables.emplace(map[static_cast<size_t>(id)], obs);
  }
  out->graph = std::move(b).Finish();
  return out;
}

std::vector<Threshold> ThresholdsOf(const Program& program, NodeId clause_root) {
  const RuleGraph& g = program.graph;
  std::vector<Threshold> out;
  std::set<NodeId> seen;
  for (NodeId id : g.Cone(clause_root)) {
    const Node& n = g.node(id);
    bool compare = IsComparison(n.op);
    bool duration = n.op == Op::kAddYears || n.op == Op::kAddMonths || n.op == Op::kAddDays || n.op == Op::kAddWorkdays;
    if (!compare && !duration) continue;
    absl::Span<const NodeId> ops = g.operands(id);
    for (size_t k = duration ? 1 : 0; k < ops.size(); ++k) {
      const Node& c = g.node(ops[k]);
      if (c.op != Op::kConst || !seen.insert(ops[k]).second) continue;
      const Constant& v = g.constant(c.payload);
      if (!std::holds_alternative<Number>(v) && !std::holds_alternative<CivilDate>(v)) continue;
      Threshold t;
      t.constant = ops[k];
      t.value = v;
      t.duration = duration;
      t.context = ExprText(program, id);
      if (const CivilDate* d = std::get_if<CivilDate>(&v)) {
        t.text = d->ToString();
      } else if (duration) {
        const char* unit = n.op == Op::kAddYears ? "年" : n.op == Op::kAddMonths ? "个月" : n.op == Op::kAddDays ? "天" : "工作日";
        Number k_abs = std::get<Number>(v).Abs();
        t.text = absl::StrCat(k_abs.ToString(), unit);
      } else {
        Quantity q = InferQuantity(program, ops[1 - k]);
        t.text = FormatQuantity(std::get<Number>(v), q);
      }
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<int> BenefitsReading(const Program& program, const std::vector<int>& policies, NodeId constant) {
  std::vector<int> out;
  for (int p : policies) {
    const PolicyInfo& info = program.policies[static_cast<size_t>(p)];
    if (info.benefit && DependsOn(program.graph, info.benefit->node, constant)) out.push_back(p);
  }
  return out;
}

}  // namespace duixian::engine::whatif
