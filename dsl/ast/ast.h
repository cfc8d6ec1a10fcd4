// The hand-written AST of policy files. Every node carries a byte SourceRange;
// the ANTLR parse tree never gets past dsl/parse/internal. Expressions are a
// closed std::variant (after cel-cpp common/expr.h), so adding a kind breaks
// every non-exhaustive visit at compile time.
#ifndef DX_DSL_AST_AST_H_
#define DX_DSL_AST_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/source/source_manager.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"

namespace duixian::dsl::ast {

// The unit written after a number. Amounts are scaled when parsed: 2000万元
// has value 20000000 and unit kYuan; 3% has value 3/100 and unit kPercent.
enum class Unit {
  kNone,
  kYuan,      // 元 万元 亿元
  kPercent,   // % ‰
  kPersons,   // 人 名
  kItems,     // 项 件 个 家
  kYears,     // 年
  kMonths,    // 个月
  kDays,      // 天 日
  kWorkdays,  // 工作日
};

enum class BinaryOp { kAnd, kOr, kAdd, kSub, kMul, kDiv, kEq, kNe, kLt, kLe, kGt, kGe };
enum class UnaryOp { kNot, kNeg };
enum class AggKind { kCount, kAny, kAll, kSum };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct BoolLit { bool value = false; };
struct NumberLit {
  engine::Number value;
  Unit unit = Unit::kNone;
  std::string text;  // as written, e.g. "2000万元"
};
struct StringLit { std::string value; };
struct DateLit { engine::CivilDate value; };
// `ref`: the policy's reference year.
struct RefYear {};
// `today` / `评估日`: the evaluation date.
struct EvalDate {};
// `window` / `effective`, usually followed by `.start` / `.end`.
struct PeriodRef { bool window = true; };
struct NameRef { std::string name; };
// What the parser could not read: already reported, so checking skips it.
struct Poisoned {};
struct Member {
  ExprPtr object;
  std::string member;
  SourceRange member_span;
};
struct Index {
  ExprPtr object;
  ExprPtr index;
};
struct Unary {
  UnaryOp op;
  ExprPtr operand;
};
struct Binary {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
  SourceRange op_span;
};
struct InSet {
  ExprPtr value;
  ExprPtr set;
  bool negated = false;
};
// `value within duration before|after anchor`.
struct Within {
  ExprPtr value;
  ExprPtr duration;
  ExprPtr anchor;
  bool before = true;
};
struct SetLit { std::vector<ExprPtr> items; };
struct CallArg {
  enum class Kind { kExpr, kPolicy, kYear };
  Kind kind = Kind::kExpr;
  ExprPtr expr;        // kExpr, kYear
  std::string policy;  // kPolicy
  SourceRange span;
};
struct Call {
  std::string name;
  SourceRange name_span;
  std::vector<CallArg> args;
};
struct Aggregate {
  AggKind kind;
  std::string list;
  SourceRange list_span;
  std::string field;  // sum(list.field …); empty otherwise
  SourceRange field_span;
  ExprPtr where;      // may be null
};
struct TierArm {
  ExprPtr when;
  ExprPtr value;
};
struct Tiers {
  std::vector<TierArm> arms;
  ExprPtr otherwise;  // may be null
};
struct IfThenElse {
  ExprPtr cond;
  ExprPtr then_value;
  ExprPtr else_value;
};

using ExprKind = std::variant<BoolLit, NumberLit, StringLit, DateLit, RefYear, EvalDate,
                              PeriodRef, NameRef, Poisoned, Member, Index, Unary, Binary, InSet,
                              Within, SetLit, Call, Aggregate, Tiers, IfThenElse>;

struct Expr {
  SourceRange span;
  ExprKind kind;
};

template <typename T>
ExprPtr MakeExpr(SourceRange span, T kind) {
  return std::make_unique<Expr>(Expr{span, ExprKind(std::move(kind))});
}

// ---- test data (`given { … }`)
struct DataValue;
struct DataEntry;
struct DataObject { std::vector<DataEntry> entries; };
struct DataList { std::vector<DataValue> items; };
struct DataValue {
  SourceRange span;
  std::variant<BoolLit, NumberLit, StringLit, DateLit, DataObject, DataList> kind;
};
struct DataEntry {
  std::string key;  // a name, a year or a string
  bool key_is_number = false;
  SourceRange key_span;
  DataValue value;
};

// ---- declarations
struct Period {
  engine::CivilDate start;
  engine::CivilDate end;
  SourceRange span;
};

enum class ClauseKind { kCondition, kException, kRequires };

struct ClauseDecl {
  ClauseKind kind = ClauseKind::kCondition;
  std::string label;
  SourceRange label_span;
  std::string text;  // the policy's own wording, quoted back to firms
  ExprPtr expr;
  SourceRange span;
};

struct DefineDecl {
  std::string name;
  SourceRange name_span;
  std::string text;
  ExprPtr expr;
  SourceRange span;
};

struct BenefitDecl {
  std::string text;
  ExprPtr expr;
  SourceRange span;
};

enum class ExpectedVerdict { kNone, kEligible, kIneligible, kUndetermined };

struct NamedSpan {
  std::string name;
  SourceRange span;
};

struct MissingRef {
  std::string field;
  std::optional<int> year;
  SourceRange span;
};

struct TestDecl {
  std::string name;
  SourceRange span;
  DataValue given;  // a DataObject (empty when absent)
  bool has_given = false;
  std::optional<engine::CivilDate> on;
  ExpectedVerdict verdict = ExpectedVerdict::kNone;
  SourceRange verdict_span;
  std::vector<NamedSpan> because;
  std::vector<MissingRef> missing;
  ExprPtr benefit;  // may be null
};

struct MetaString {
  std::string value;
  SourceRange span;
};

struct PolicyDecl {
  std::string id;
  SourceRange id_span;
  std::string title;
  SourceRange span;
  std::optional<MetaString> department;
  std::optional<MetaString> basis;
  std::optional<Period> effective;
  std::optional<Period> window;
  std::optional<int> reference_year;
  SourceRange reference_span;
  std::vector<NamedSpan> tags;
  std::optional<NamedSpan> exclusive_group;
  std::vector<MetaString> assumed;
  std::vector<ClauseDecl> clauses;  // conditions, exceptions, requires, in order
  std::optional<BenefitDecl> benefit;
  std::vector<DefineDecl> defines;  // local to the policy
  std::vector<TestDecl> tests;
};

struct ImportDecl {
  std::string module;  // "common" or "common/credit"
  SourceRange span;
};

struct PolicyFile {
  FileId file = kInvalidFileId;
  std::string module;  // path under the policy root without ".policy"
  std::vector<ImportDecl> imports;
  std::vector<DefineDecl> defines;
  std::vector<PolicyDecl> policies;
};

}  // namespace duixian::dsl::ast

#endif  // DX_DSL_AST_AST_H_
