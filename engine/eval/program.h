// A compiled policy set: the shared rule graph, one entry per policy (its
// metadata, clauses and benefit rule pointing into the graph), the schema and
// holiday calendar it was checked against, and the digest of its sources.
// Built by the DSL's lowering (or by hand in tests); immutable afterwards and
// shared across threads as std::shared_ptr<const Program>.
#ifndef DX_ENGINE_EVAL_PROGRAM_H_
#define DX_ENGINE_EVAL_PROGRAM_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/ir/rule_graph.h"
#include "engine/profile/schema.h"
#include "engine/value/holiday_calendar.h"

namespace duixian::engine {

enum class ClauseKind { kCondition, kException, kRequires };

struct ClauseInfo {
  std::string label;
  std::string text;      // the policy's wording, quoted back to firms
  ClauseKind kind = ClauseKind::kCondition;
  NodeId node = kNoNode;
  std::string location;  // "policies/kj/rd.policy:12"
};

struct BenefitInfo {
  std::string text;
  NodeId node = kNoNode;
  std::string location;
};

struct DatePeriod {
  CivilDate start;
  CivilDate end;
};

struct PolicyInfo {
  std::string id;
  std::string title;
  std::string department;
  std::string basis;
  std::optional<DatePeriod> effective;
  std::optional<DatePeriod> window;
  std::optional<int> reference_year;
  std::vector<std::string> tags;
  std::string exclusive_group;        // empty: none
  std::vector<std::string> assumed;   // figures not in the source, assumed
  std::vector<ClauseInfo> clauses;    // in source order
  std::optional<BenefitInfo> benefit;
  std::string file;
  // Clause indexes in the order verdict mode tries them: cheapest first.
  std::vector<int> verdict_order;
};

// Human-readable name of a node that reads firm data, for explanations:
// the field, its year, or the aggregate as written.
struct Observable {
  int field = -1;          // schema field index, -1 for aggregates
  std::optional<int> year;
  std::string text;        // e.g. "营业收入[2022]" or "count(行政处罚 where …)"
};

struct Program {
  std::shared_ptr<const Schema> schema;
  std::shared_ptr<const HolidayCalendar> calendar;
  RuleGraph graph;
  std::vector<PolicyInfo> policies;
  absl::flat_hash_map<std::string, int> policy_index;
  absl::flat_hash_map<NodeId, Observable> observables;
  std::string digest;  // SHA-256 over the canonical sources

  int FindPolicy(std::string_view id) const {
    auto it = policy_index.find(std::string(id));
    return it == policy_index.end() ? -1 : it->second;
  }
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_EVAL_PROGRAM_H_
