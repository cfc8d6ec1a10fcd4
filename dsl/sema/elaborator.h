// Checks names, types and units of policy expressions and lowers them into
// the engine's rule graph in the same walk. Definitions are expanded in the
// context of each policy that uses them (its reference year, its window), so
// a definition reading `营业收入[ref]` becomes different nodes for different
// reference years and the same node wherever the year agrees; hash-consing in
// the GraphBuilder then shares every structurally equal piece.
#ifndef DX_DSL_SEMA_ELABORATOR_H_
#define DX_DSL_SEMA_ELABORATOR_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/diag/diagnostic.h"
#include "dsl/ast/ast.h"
#include "engine/eval/program.h"
#include "engine/ir/rule_graph.h"
#include "engine/profile/schema.h"

namespace duixian::dsl {

// Dimension of a number: what unit it carries.
enum class Dim : uint8_t { kPlain, kPercent, kMoney, kPersons, kItems, kYears, kMonths, kDays, kWorkdays };

enum class TypeKind : uint8_t {
  kError,     // poisoned: already reported, suppresses follow-on errors
  kBool, kNumber, kDate, kString, kEnum, kIndustry, kList,
  kSet,       // a constant set (towns, codes) usable after `in`
  kSeries,    // a yearly field not yet given a year
  kPeriod,    // `window` / `effective` before `.start` / `.end`
};

struct Type {
  TypeKind kind = TypeKind::kError;
  Dim dim = Dim::kPlain;
  const engine::FieldDef* def = nullptr;  // enum / list / series field
};

// "金额", "money", … for messages.
std::string TypeNameZh(const Type& t);
std::string TypeNameEn(const Type& t);

struct Typed {
  Type type;
  engine::NodeId node = engine::kNoNode;
  std::optional<engine::Number> constant;  // a constant number (years, literals)
  std::vector<std::string> set_strings;    // kSet
  std::vector<engine::Number> set_numbers; // kSet
  int series_field = -1;                   // kSeries
  bool period_is_window = true;            // kPeriod
};

// Definitions visible to one file: its own, then those of the modules it imports.
struct DefineTable {
  std::map<std::string, const ast::DefineDecl*> defines;
};

// What the elaborator may spend on one compilation before it reports and
// stops. Definitions expand anew in every use, so a chain of definitions
// that each use the previous one twice doubles the work per link, and a
// chain of definitions each using the next nests as deep as it is long.
struct ElaborationBudget {
  uint64_t max_steps = 5'000'000;  // expressions elaborated, all policies (E0410)
  int max_depth = 1024;            // expression depth, definitions expanded (E0411)
  uint64_t steps = 0;
  int depth = 0;
  bool exhausted = false;       // E0410 reported: everything after is poisoned
  bool depth_reported = false;  // E0411 is reported once
};

class Elaborator {
 public:
  Elaborator(const engine::Schema& schema, const SourceManager& sources, DiagnosticSink& sink,
             engine::GraphBuilder& graph,
             absl::flat_hash_map<engine::NodeId, engine::Observable>& observables);

  // When set, every expression elaborated to a node is appended as (expr,
  // node), innermost first: the linter maps rule-graph nodes back to the
  // text that produced them, also inside shared definitions.
  void set_trace(std::vector<std::pair<const ast::Expr*, engine::NodeId>>* trace) { trace_ = trace; }

  // The policy set being compiled (ids → index), for eligible(P).
  void set_policy_index(const absl::flat_hash_map<std::string, int>* index) { policy_index_ = index; }
  // Shared by every elaboration of one compilation; outlives the elaborator.
  void set_budget(ElaborationBudget* budget) { budget_ = budget; }

  // Checks a top-level definition once on its own (placeholder reference
  // year and window), so unused definitions are checked too.
  void CheckDefine(const ast::DefineDecl& def, const DefineTable& visible);

  // Lowers one policy into `out`; reports problems to the sink.
  void LowerPolicy(const ast::PolicyDecl& policy, const DefineTable& visible,
                   engine::PolicyInfo& out, std::vector<int>* required_policies);

  // Elaborates a constant expression of a test (an expected benefit).
  std::optional<engine::Number> ConstantMoney(const ast::Expr& expr);

  // The closest of `candidates` to `name` within edit distance 2, or "".
  static std::string Suggest(const std::string& name, const std::vector<std::string>& candidates);

 private:
  struct Scope;
  // A value: series, record lists and periods not taken apart are reported.
  Typed Elab(const ast::Expr& e, Scope& s);
  // Any elaboration, including a series before `[year]`, a record list and
  // `window` before `.start`; within the budget.
  Typed ElabAny(const ast::Expr& e, Scope& s);
  Typed ElabKind(const ast::Expr& e, Scope& s);
  void ReportEnumValue(SourceRange at, const std::string& value, const engine::FieldDef& field);
  Typed ElabName(const ast::Expr& e, const ast::NameRef& n, Scope& s);
  Typed ElabBinary(const ast::Expr& e, const ast::Binary& b, Scope& s);
  Typed ElabCompare(const ast::Expr& e, engine::Op op, Typed l, Typed r, SourceRange op_span,
                    const ast::Expr& le, const ast::Expr& re, Scope& s);
  Typed ElabArith(const ast::Expr& e, const ast::Binary& b, Typed l, Typed r, Scope& s);
  Typed ElabIn(const ast::Expr& e, const ast::InSet& in, Scope& s);
  Typed ElabWithin(const ast::Expr& e, const ast::Within& w, Scope& s);
  Typed ElabCall(const ast::Expr& e, const ast::Call& c, Scope& s);
  Typed ElabAggregate(const ast::Expr& e, const ast::Aggregate& a, Scope& s);
  Typed ElabTiers(const ast::Expr& e, const ast::Tiers& t, Scope& s);
  Typed ElabIf(const ast::Expr& e, const ast::IfThenElse& t, Scope& s);
  Typed ExpandDefine(const ast::Expr& use, const ast::DefineDecl& def, Scope& s);
  Typed FieldValue(const ast::Expr& e, int field_index, Scope& s);
  Typed Scalar(Type t, engine::NodeId node) const;
  Typed Error() const { return Typed{}; }
  engine::NodeId DateShift(engine::NodeId date, const Typed& duration, bool negate);
  void Observe(engine::NodeId node, int field, std::optional<int> year, std::string text);
  std::string SourceText(SourceRange r) const;
  // Reports once per (code, place): definitions expand once per policy.
  bool FirstReport(DiagCode code, SourceRange r);
  DiagnosticBuilder Report(DiagCode code, SourceRange r, const DiagArgs& args = {});

  const engine::Schema& schema_;
  const SourceManager& sources_;
  DiagnosticSink& sink_;
  DiagnosticSink discard_;
  engine::GraphBuilder& graph_;
  absl::flat_hash_map<engine::NodeId, engine::Observable>& observables_;
  const absl::flat_hash_map<std::string, int>* policy_index_ = nullptr;
  std::set<std::tuple<int, FileId, uint32_t>> reported_;
  ElaborationBudget own_budget_;
  ElaborationBudget* budget_ = &own_budget_;
  std::vector<std::pair<const ast::Expr*, engine::NodeId>>* trace_ = nullptr;
};

}  // namespace duixian::dsl

#endif  // DX_DSL_SEMA_ELABORATOR_H_
