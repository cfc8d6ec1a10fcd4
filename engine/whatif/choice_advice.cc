#include "engine/whatif/choice_advice.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace duixian::engine::whatif {
namespace {

// A text no rule names: stands for "any other value".
constexpr char kUnnamed[] = "\x1f(unnamed value)";

std::string Shown(const Scalar& v) {
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "是" : "否";
  if (const std::string* s = std::get_if<std::string>(&v)) return *s;
  return "（空）";
}

}  // namespace

std::vector<NodeId> ChoiceFields(const Probe& probe, NodeId atom) {
  const Program& p = probe.program();
  std::vector<NodeId> out;
  for (NodeId id : p.graph.Cone(atom)) {
    const Node& n = p.graph.node(id);
    if ((n.op != Op::kField && n.op != Op::kSeries) || n.record_dependent) continue;
    const FieldDef& f = p.schema->fields()[n.payload];
    if (f.actionable != Actionable::kChoose) continue;
    std::optional<Scalar> v = probe.BaseValue(id);
    if (!v || std::holds_alternative<std::monostate>(*v)) continue;
    out.push_back(id);
  }
  return out;
}

std::optional<NearMiss> ChoiceNearMiss(Probe& probe, const PolicyInfo& info, int clause, NodeId atom, bool want,
                                       NodeId var) {
  const Program& p = probe.program();
  const RuleGraph& g = p.graph;
  const int field = static_cast<int>(g.node(var).payload);
  // A yearly field (纳税信用等级[2024]): that year's value changes.
  const std::optional<int> year = g.node(var).op == Op::kSeries ? std::optional<int>(g.node(var).aux) : std::nullopt;
  const FieldDef& f = p.schema->fields()[static_cast<size_t>(field)];
  const Scalar now = *probe.BaseValue(var);

  std::vector<Scalar> tried;
  bool text = false;
  switch (f.type) {
    case FieldType::kBool: tried = {Scalar(true), Scalar(false)}; break;
    case FieldType::kEnum:
      for (const std::string& v : f.enum_values) tried.push_back(Scalar(v));
      break;
    case FieldType::kString: {
      text = true;
      std::set<std::string> named;
      for (NodeId id : g.Cone(atom)) {
        const Node& n = g.node(id);
        if (n.op == Op::kConst) {
          if (const std::string* s = std::get_if<std::string>(&g.constant(n.payload))) named.insert(*s);
        } else if (n.op == Op::kInSet) {
          for (const std::string& s : g.set(n.payload).strings) named.insert(s);
        }
      }
      for (const std::string& s : named) tried.push_back(Scalar(s));
      break;
    }
    default: return std::nullopt;
  }

  auto holds = [&](const Scalar& v) {
    probe.Set(field, year, FieldValue(v));
    probe.RunNodes(probe.date(), {atom});
    probe.Restore(field);
    std::optional<Scalar> r = probe.ProbeValue(atom);
    return r && std::holds_alternative<bool>(*r) && std::get<bool>(*r) == want;
  };
  NearMiss nm;
  for (const Scalar& v : tried) {
    if (v != now && holds(v)) nm.values.push_back(v);
  }
  std::vector<Scalar> failing;
  if (text) {
    nm.other_values = holds(Scalar(std::string(kUnnamed)));
    if (nm.other_values) {
      for (const Scalar& v : tried) {
        if (std::find(nm.values.begin(), nm.values.end(), v) == nm.values.end()) failing.push_back(v);
      }
    }
  }
  if (nm.values.empty() && !nm.other_values) return std::nullopt;

  nm.clause = clause;
  nm.comparison = ExprText(p, atom);
  if (!want) nm.comparison = absl::StrCat("非 (", nm.comparison, ")");
  nm.kind = NearMiss::Kind::kChoose;
  nm.field = field;
  nm.year = year;
  nm.now = now;
  std::vector<std::string> shown;
  for (const Scalar& v : nm.values) shown.push_back(Shown(v));
  std::vector<std::string> excluded;
  for (const Scalar& v : failing) excluded.push_back(Shown(v));
  if (std::find(failing.begin(), failing.end(), now) == failing.end() && nm.other_values) {
    excluded.insert(excluded.begin(), Shown(now));
  }
  const std::string& label = info.clauses[static_cast<size_t>(clause)].label;
  const std::string what = year ? absl::StrCat(f.label, "[", *year, "]") : f.label;
  const std::string now_zh = absl::StrCat("（现为", Shown(now), "）");
  const std::string now_en = absl::StrCat(" (now ", Shown(now), ")");
  if (nm.other_values) {
    nm.text_zh = absl::StrCat(label, "：", what, "需改为", absl::StrJoin(excluded, "、"), "以外的值", now_zh);
    nm.text_en = absl::StrCat(label, ": ", what, " must be a value other than ", absl::StrJoin(excluded, ", "),
                              now_en);
  } else if (shown.size() == 1) {
    nm.text_zh = absl::StrCat(label, "：", what, "需为", shown[0], now_zh);
    nm.text_en = absl::StrCat(label, ": ", what, " must be ", shown[0], now_en);
  } else {
    nm.text_zh = absl::StrCat(label, "：", what, "需为", absl::StrJoin(shown, "、"), "之一", now_zh);
    nm.text_en = absl::StrCat(label, ": ", what, " must be one of ", absl::StrJoin(shown, ", "), now_en);
  }
  return nm;
}

}  // namespace duixian::engine::whatif
