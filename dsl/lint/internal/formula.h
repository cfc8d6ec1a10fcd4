// Exact reasoning over the boolean rules of the rule graph for the logic
// lints: a bool node becomes a negation-normal formula over literals
// (a numeric or date node within an interval, a bool node, a text node in or
// out of a set, an industry code under prefixes, an order between two nodes);
// a bounded backtracking search decides whether a conjunction of such
// formulas can hold, and when it cannot, names two literals that clash.
// Literals over unrelated nodes are independent, so "cannot hold" is exact
// for what the literals say and never a false alarm; relations the literals
// cannot express (x > y + 3) are left open, never guessed.
#ifndef DX_DSL_LINT_INTERNAL_FORMULA_H_
#define DX_DSL_LINT_INTERNAL_FORMULA_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/ir/rule_graph.h"
#include "engine/profile/schema.h"
#include "engine/value/number.h"

namespace duixian::dsl::lint_internal {

// A set of numbers between two optional bounds (none: unbounded).
struct Interval {
  std::optional<engine::Number> lo;
  std::optional<engine::Number> hi;
  bool lo_open = false;
  bool hi_open = false;

  static Interval All() { return Interval{}; }
  static Interval Point(const engine::Number& n) { return Interval{n, n, false, false}; }
  bool Empty() const;
  bool IsPoint() const { return lo && hi && !Empty() && lo->Compare(*hi) == 0; }
  Interval Intersect(const Interval& o) const;
  // True when every value of `o` lies in this interval.
  bool Covers(const Interval& o) const;
  bool operator==(const Interval& o) const;
};

enum class LitKind : uint8_t {
  kNum,       // var ∈ range (∖ except)
  kBool,      // var == value (an opaque bool node)
  kText,      // var ∈ strings (in) or ∉ strings (!in)
  kIndustry,  // var under one of the prefixes (in) or under none (!in)
  kOrder,     // var ? var2 with ? in the mask: bit0 <, bit1 ==, bit2 >
};

struct Literal {
  LitKind kind = LitKind::kBool;
  engine::NodeId var = engine::kNoNode;
  engine::NodeId var2 = engine::kNoNode;
  engine::NodeId origin = engine::kNoNode;  // the atom, for its source text
  Interval range;
  std::optional<engine::Number> except;
  bool value = true;  // kBool; kText / kIndustry: in
  std::vector<std::string> strings;
  uint8_t mask = 7;
};

struct Formula;
using FormulaPtr = std::shared_ptr<const Formula>;
struct Formula {
  enum class Kind : uint8_t { kTrue, kFalse, kLit, kAnd, kOr };
  Kind kind = Kind::kTrue;
  Literal lit;
  std::vector<FormulaPtr> kids;
};

// Builds formulas from a graph; memoised per (node, polarity).
// Thread-compatible; the graph and schema must outlive it.
class FormulaBuilder {
 public:
  FormulaBuilder(const engine::RuleGraph& graph, const engine::Schema& schema)
      : graph_(graph), schema_(schema) {}
  FormulaPtr Of(engine::NodeId node, bool positive = true);
  static FormulaPtr And(std::vector<FormulaPtr> kids);
  // The schema's bounds of a node that reads a number field, else All().
  Interval FieldBounds(engine::NodeId node) const;
  const engine::RuleGraph& graph() const { return graph_; }

 private:
  FormulaPtr Build(engine::NodeId node, bool positive);
  std::optional<Literal> Compare(engine::NodeId node, bool positive);

  const engine::RuleGraph& graph_;
  const engine::Schema& schema_;
  std::map<std::pair<engine::NodeId, bool>, FormulaPtr> memo_;
};

enum class SatResult { kSat, kUnsat, kUnknown };

struct SatAnswer {
  SatResult result = SatResult::kUnknown;
  // kUnsat: two literals that clash in the first refuted alternative (the
  // same literal twice when it clashes with the schema's bounds alone) and
  // whether every alternative was refuted by that same pair.
  std::optional<std::pair<Literal, Literal>> clash;
  bool single_alternative = true;
};

// Whether `f` can be true for some firm. `budget` bounds the search steps;
// past it the answer is kUnknown.
SatAnswer Satisfiable(const FormulaBuilder& b, const FormulaPtr& f, int budget = 20000);

// Interval of values a number node can take (schema bounds of fields,
// constants, + − × ÷ by constants, min, max, tiers); All() when unknown.
Interval RangeOf(const FormulaBuilder& b, engine::NodeId node);

}  // namespace duixian::dsl::lint_internal

#endif  // DX_DSL_LINT_INTERNAL_FORMULA_H_
