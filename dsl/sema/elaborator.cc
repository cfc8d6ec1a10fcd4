#include "dsl/sema/elaborator.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/source/text_width.h"

namespace duixian::dsl {
namespace {

using engine::FieldDef;
using engine::FieldType;
using engine::NodeId;
using engine::Number;
using engine::Op;
using engine::ValueType;

Type NumberType(Dim d) { return Type{TypeKind::kNumber, d, nullptr}; }

Type TypeOfField(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kBool: return Type{TypeKind::kBool, Dim::kPlain, &f};
    case FieldType::kInteger:
    case FieldType::kDecimal: return Type{TypeKind::kNumber, Dim::kPlain, &f};
    case FieldType::kMoney: return Type{TypeKind::kNumber, Dim::kMoney, &f};
    case FieldType::kPercent: return Type{TypeKind::kNumber, Dim::kPercent, &f};
    case FieldType::kCount:
      return Type{TypeKind::kNumber,
                  f.count_unit == engine::CountUnit::kPersons ? Dim::kPersons : Dim::kItems, &f};
    case FieldType::kDate: return Type{TypeKind::kDate, Dim::kPlain, &f};
    case FieldType::kString:
    case FieldType::kUscc: return Type{TypeKind::kString, Dim::kPlain, &f};
    case FieldType::kEnum: return Type{TypeKind::kEnum, Dim::kPlain, &f};
    case FieldType::kIndustryCode: return Type{TypeKind::kIndustry, Dim::kPlain, &f};
    case FieldType::kRecordList: return Type{TypeKind::kList, Dim::kPlain, &f};
  }
  return Type{};
}

ValueType RuntimeType(const Type& t) {
  switch (t.kind) {
    case TypeKind::kBool: return ValueType::kBool;
    case TypeKind::kNumber: return ValueType::kNumber;
    case TypeKind::kDate: return ValueType::kDate;
    case TypeKind::kList: return ValueType::kList;
    default: return ValueType::kString;
  }
}

Dim DimOfUnit(ast::Unit u) {
  switch (u) {
    case ast::Unit::kNone: return Dim::kPlain;
    case ast::Unit::kYuan: return Dim::kMoney;
    case ast::Unit::kPercent: return Dim::kPercent;
    case ast::Unit::kPersons: return Dim::kPersons;
    case ast::Unit::kItems: return Dim::kItems;
    case ast::Unit::kYears: return Dim::kYears;
    case ast::Unit::kMonths: return Dim::kMonths;
    case ast::Unit::kDays: return Dim::kDays;
    case ast::Unit::kWorkdays: return Dim::kWorkdays;
  }
  return Dim::kPlain;
}

bool IsDuration(Dim d) {
  return d == Dim::kYears || d == Dim::kMonths || d == Dim::kDays || d == Dim::kWorkdays;
}
bool IsCount(Dim d) { return d == Dim::kPersons || d == Dim::kItems; }
bool IsScalar(Dim d) { return d == Dim::kPlain || d == Dim::kPercent; }

// Whether two number dimensions may be compared or added.
bool Compatible(Dim a, Dim b) {
  if (a == b) return true;
  if (IsScalar(a) && IsScalar(b)) return true;
  // A bare number against a count or working days is plain enough (50 vs 50人).
  if ((a == Dim::kPlain && (IsCount(b) || b == Dim::kWorkdays)) ||
      (b == Dim::kPlain && (IsCount(a) || a == Dim::kWorkdays))) {
    return true;
  }
  return false;
}

const char* DimZh(Dim d) {
  switch (d) {
    case Dim::kPlain: return "数值";
    case Dim::kPercent: return "百分比";
    case Dim::kMoney: return "金额";
    case Dim::kPersons: return "人数";
    case Dim::kItems: return "数量";
    case Dim::kYears: return "年数";
    case Dim::kMonths: return "月数";
    case Dim::kDays: return "天数";
    case Dim::kWorkdays: return "工作日数";
  }
  return "数值";
}

const char* DimEn(Dim d) {
  switch (d) {
    case Dim::kPlain: return "a number";
    case Dim::kPercent: return "a percentage";
    case Dim::kMoney: return "money";
    case Dim::kPersons: return "a head count";
    case Dim::kItems: return "a count";
    case Dim::kYears: return "years";
    case Dim::kMonths: return "months";
    case Dim::kDays: return "days";
    case Dim::kWorkdays: return "working days";
  }
  return "a number";
}

// Levenshtein distance over code points.
size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  size_t pos = 0;
  while (pos < s.size()) out.push_back(DecodeUtf8(s, &pos));
  return out;
}

DiagArgs Join(DiagArgs a, const DiagArgs& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Chinese keywords that authors glue to a name (`非严重失信`).
// Only a prefix negation can stand before a name on its own: a glued 且 or 或
// needs an operand before it and fails to parse first. `不` is not a keyword
// by itself; `不严重失信` means `非 严重失信`.
struct GluedKeyword {
  const char* glued;
  const char* keyword;
};
constexpr GluedKeyword kGluedKeywords[] = {{"非", "非"}, {"不", "非"}};

}  // namespace

std::string TypeNameZh(const Type& t) {
  switch (t.kind) {
    case TypeKind::kError: return "错误";
    case TypeKind::kBool: return "是否";
    case TypeKind::kNumber: return DimZh(t.dim);
    case TypeKind::kDate: return "日期";
    case TypeKind::kString: return "文本";
    case TypeKind::kEnum: return "枚举";
    case TypeKind::kIndustry: return "行业代码";
    case TypeKind::kList: return "记录列表";
    case TypeKind::kSet: return "集合";
    case TypeKind::kSeries: return "按年数据";
    case TypeKind::kPeriod: return "期间";
  }
  return "?";
}

std::string TypeNameEn(const Type& t) {
  switch (t.kind) {
    case TypeKind::kError: return "an error";
    case TypeKind::kBool: return "true/false";
    case TypeKind::kNumber: return DimEn(t.dim);
    case TypeKind::kDate: return "a date";
    case TypeKind::kString: return "text";
    case TypeKind::kEnum: return "a choice";
    case TypeKind::kIndustry: return "an industry code";
    case TypeKind::kList: return "a record list";
    case TypeKind::kSet: return "a set";
    case TypeKind::kSeries: return "a yearly series";
    case TypeKind::kPeriod: return "a period";
  }
  return "?";
}

namespace {
// A type named in both languages: `{left}` in English, `{left_zh}` in Chinese.
DiagArgs TypeArgs(const std::string& key, const Type& t) {
  return {{key, TypeNameEn(t)}, {key + "_zh", TypeNameZh(t)}};
}
}  // namespace

struct Elaborator::Scope {
  const DefineTable* visible = nullptr;
  const std::vector<ast::DefineDecl>* local = nullptr;
  std::optional<int> ref_year;
  std::optional<ast::Period> window;
  std::optional<ast::Period> effective;
  bool placeholders = false;  // checking a definition on its own
  const FieldDef* record_def = nullptr;
  int list_field = -1;
  std::vector<const ast::DefineDecl*> expanding;
  std::vector<int>* required = nullptr;
};

Elaborator::Elaborator(const engine::Schema& schema, const SourceManager& sources,
                       DiagnosticSink& sink, engine::GraphBuilder& graph,
                       absl::flat_hash_map<NodeId, engine::Observable>& observables)
    : schema_(schema), sources_(sources), sink_(sink), graph_(graph), observables_(observables) {}

std::string Elaborator::Suggest(const std::string& name, const std::vector<std::string>& candidates) {
  std::u32string n = ToU32(name);
  std::string best;
  size_t best_d = 3;
  for (const std::string& c : candidates) {
    std::u32string u = ToU32(c);
    size_t limit = std::min<size_t>(2, std::max<size_t>(1, std::max(n.size(), u.size()) / 2));
    size_t d = EditDistance(n, u);
    if (d <= limit && d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

bool Elaborator::FirstReport(DiagCode code, SourceRange r) {
  return reported_.insert({static_cast<int>(code), r.file, r.begin}).second;
}

DiagnosticBuilder Elaborator::Report(DiagCode code, SourceRange r, const DiagArgs& args) {
  if (!FirstReport(code, r)) return discard_.Report(code, r, args);
  return sink_.Report(code, r, args);
}

std::string Elaborator::SourceText(SourceRange r) const {
  if (!r.valid() || static_cast<size_t>(r.file) >= sources_.size()) return "";
  std::string_view text = sources_.file(r.file).text();
  if (r.begin > text.size() || r.end > text.size() || r.end < r.begin) return "";
  // One line in explanations: runs of whitespace (line breaks, indentation)
  // become one space.
  std::string s;
  bool space = false;
  for (char ch : text.substr(r.begin, r.end - r.begin)) {
    if (ch == '\n' || ch == ' ' || ch == '\t' || ch == '\r') {
      space = true;
      continue;
    }
    if (space && !s.empty()) s.push_back(' ');
    space = false;
    s.push_back(ch);
  }
  return s;
}

void Elaborator::Observe(NodeId node, int field, std::optional<int> year, std::string text) {
  if (observables_.contains(node)) return;
  observables_[node] = engine::Observable{field, year, std::move(text)};
}

Typed Elaborator::Scalar(Type t, NodeId node) const {
  Typed out;
  out.type = t;
  out.node = node;
  return out;
}

Typed Elaborator::FieldValue(const ast::Expr& e, int index, Scope& s) {
  const FieldDef& f = schema_.fields()[static_cast<size_t>(index)];
  if (f.yearly) {
    Typed t;
    t.type = Type{TypeKind::kSeries, TypeOfField(f).dim, &f};
    t.series_field = index;
    return t;
  }
  Type type = TypeOfField(f);
  if (f.type == FieldType::kRecordList) {
    NodeId n = graph_.Add(Op::kList, ValueType::kList, {}, static_cast<uint32_t>(index));
    Observe(n, index, std::nullopt, f.label);
    return Scalar(type, n);
  }
  NodeId n = graph_.Add(Op::kField, RuntimeType(type), {}, static_cast<uint32_t>(index));
  Observe(n, index, std::nullopt, f.label);
  return Scalar(type, n);
}

Typed Elaborator::ExpandDefine(const ast::Expr& use, const ast::DefineDecl& def, Scope& s) {
  auto on_stack = std::find(s.expanding.begin(), s.expanding.end(), &def);
  if (on_stack != s.expanding.end()) {
    // The cycle proper, told from the member written first in the source, so
    // it is reported once however it is entered.
    std::vector<const ast::DefineDecl*> cycle(on_stack, s.expanding.end());
    auto first = std::min_element(cycle.begin(), cycle.end(), [](const auto* a, const auto* b) {
      return std::make_pair(a->name_span.file, a->name_span.begin) <
             std::make_pair(b->name_span.file, b->name_span.begin);
    });
    std::rotate(cycle.begin(), first, cycle.end());
    std::vector<std::string> names;
    for (const ast::DefineDecl* d : cycle) names.push_back(d->name);
    names.push_back(cycle.front()->name);
    Report(DiagCode::kE0404, cycle.front()->name_span, {{"cycle", absl::StrJoin(names, " → ")}})
        .Emit();
    return Error();
  }
  s.expanding.push_back(&def);
  // A definition sees no record fields of the aggregate it is used in.
  const FieldDef* saved_def = s.record_def;
  int saved_list = s.list_field;
  s.record_def = nullptr;
  s.list_field = -1;
  Typed t = ElabAny(*def.expr, s);
  s.record_def = saved_def;
  s.list_field = saved_list;
  s.expanding.pop_back();
  return t;
}

Typed Elaborator::ElabName(const ast::Expr& e, const ast::NameRef& n, Scope& s) {
  // 1. A field of the record an aggregate is iterating over.
  if (s.record_def != nullptr) {
    int idx = s.record_def->RecordFieldIndex(n.name);
    if (idx >= 0) {
      const FieldDef& rf = s.record_def->record_fields[static_cast<size_t>(idx)];
      Type type = TypeOfField(rf);
      NodeId node = graph_.Add(Op::kRecordField, RuntimeType(type), {}, static_cast<uint32_t>(idx),
                               s.list_field);
      return Scalar(type, node);
    }
  }
  // 2. Definitions: the policy's own, then those of the file and its imports.
  if (s.local != nullptr) {
    for (const ast::DefineDecl& d : *s.local) {
      if (d.name == n.name) return ExpandDefine(e, d, s);
    }
  }
  if (s.visible != nullptr) {
    auto it = s.visible->defines.find(n.name);
    if (it != s.visible->defines.end()) return ExpandDefine(e, *it->second, s);
  }
  // 3. Profile fields.
  int index = schema_.IndexOf(n.name);
  if (index >= 0) return FieldValue(e, index, s);

  // Not found: suggest, and spot keywords glued to a name.
  std::vector<std::string> candidates = schema_.AllNames();
  if (s.visible != nullptr) {
    for (const auto& [name, def] : s.visible->defines) candidates.push_back(name);
  }
  if (s.local != nullptr) {
    for (const ast::DefineDecl& d : *s.local) candidates.push_back(d.name);
  }
  if (s.record_def != nullptr) {
    for (const FieldDef& rf : s.record_def->record_fields) candidates.push_back(rf.label);
  }
  for (const GluedKeyword& kw : kGluedKeywords) {
    std::string glued = kw.glued;
    if (n.name.size() > glued.size() && n.name.rfind(glued, 0) == 0) {
      std::string rest = n.name.substr(glued.size());
      if (std::find(candidates.begin(), candidates.end(), rest) != candidates.end()) {
        std::string fixed = absl::StrCat(kw.keyword, " ", rest);
        Report(DiagCode::kE0202, e.span, {{"name", n.name}})
            .PrimaryLabel({"a keyword glued to a name", "关键字和名称连在了一起"})
            .Help({absl::StrCat("separate the keyword from the name: `", fixed, "`"),
                   absl::StrCat("关键字和名称之间要加空格：`", fixed, "`")})
            .Fix(e.span, fixed, FixIt::Applicability::kMaybeIncorrect)
            .Emit();
        return Error();
      }
    }
  }
  std::string near = Suggest(n.name, candidates);
  bool looks_like_field = !near.empty() && schema_.Find(near) != nullptr;
  DiagCode code = looks_like_field || s.record_def == nullptr ? DiagCode::kE0201 : DiagCode::kE0202;
  if (s.visible != nullptr && s.visible->defines.count(near) > 0) code = DiagCode::kE0202;
  DiagArgs args = {{"name", n.name}};
  if (s.record_def != nullptr && !near.empty() && s.record_def->RecordFieldIndex(near) >= 0) {
    // Close to a field of the records being counted: a misspelt record field.
    code = DiagCode::kE0209;
    args.push_back({"list", s.record_def->label});
  }
  auto b = Report(code, e.span, args);
  if (code == DiagCode::kE0201) {
    std::move(b)
        .PrimaryLabel({"not a profile field", "企业画像中没有这个字段"})
        .Note({"the fields are listed by `duixian schema`", "字段表见 `duixian schema`"});
  }
  if (!near.empty()) {
    std::move(b)
        .Help({absl::StrCat("a similar name is `", near, "`"),
               absl::StrCat("相近的名称是 `", near, "`")})
        .Fix(e.span, near, FixIt::Applicability::kMaybeIncorrect);
  }
  std::move(b).Emit();
  return Error();
}

NodeId Elaborator::DateShift(NodeId date, const Typed& d, bool negate) {
  NodeId count = d.node;
  if (negate) {
    count = d.constant ? graph_.Constant(d.constant->Negate())
                       : graph_.Add(Op::kNeg, ValueType::kNumber, {d.node});
  }
  Op op = d.type.dim == Dim::kYears    ? Op::kAddYears
          : d.type.dim == Dim::kMonths ? Op::kAddMonths
          : d.type.dim == Dim::kDays   ? Op::kAddDays
                                       : Op::kAddWorkdays;
  return graph_.Add(op, ValueType::kDate, {date, count});
}

Typed Elaborator::ElabArith(const ast::Expr& e, const ast::Binary& b, Typed l, Typed r, Scope& s) {
  const char* op_en = b.op == ast::BinaryOp::kAdd   ? "add"
                      : b.op == ast::BinaryOp::kSub ? "subtract"
                      : b.op == ast::BinaryOp::kMul ? "multiply"
                                                    : "divide";
  const char* op_zh = b.op == ast::BinaryOp::kAdd   ? "加"
                      : b.op == ast::BinaryOp::kSub ? "减"
                      : b.op == ast::BinaryOp::kMul ? "乘"
                                                    : "除";
  auto mismatch = [&]() {
    Report(DiagCode::kE0302, b.op_span,
           Join(Join(TypeArgs("left", l.type), TypeArgs("right", r.type)), {{"op", op_en}, {"op_zh", op_zh}}))
        .Label(b.lhs->span, {absl::StrCat("this is ", TypeNameEn(l.type)),
                             absl::StrCat("类型是「", TypeNameZh(l.type), "」")})
        .Label(b.rhs->span, {absl::StrCat("this is ", TypeNameEn(r.type)),
                             absl::StrCat("类型是「", TypeNameZh(r.type), "」")})
        .Emit();
    return Error();
  };
  // Dates shift by durations.
  if (l.type.kind == TypeKind::kDate && r.type.kind == TypeKind::kNumber && IsDuration(r.type.dim) &&
      (b.op == ast::BinaryOp::kAdd || b.op == ast::BinaryOp::kSub)) {
    return Scalar(Type{TypeKind::kDate}, DateShift(l.node, r, b.op == ast::BinaryOp::kSub));
  }
  if (l.type.kind != TypeKind::kNumber || r.type.kind != TypeKind::kNumber) return mismatch();
  Dim a = l.type.dim, c = r.type.dim, result = Dim::kPlain;
  switch (b.op) {
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub:
      if (!Compatible(a, c)) return mismatch();
      result = a == c ? a : (IsScalar(a) && IsScalar(c) ? Dim::kPlain : (a == Dim::kPlain ? c : a));
      break;
    case ast::BinaryOp::kMul:
      if (IsScalar(a)) {
        result = c == Dim::kPercent ? Dim::kPlain : c;
      } else if (IsScalar(c)) {
        result = a;
      } else if (IsCount(a) && c == Dim::kMoney) {
        result = Dim::kMoney;  // 人数 × 每人金额
      } else if (a == Dim::kMoney && IsCount(c)) {
        result = Dim::kMoney;
      } else {
        return mismatch();
      }
      break;
    default:  // kDiv
      if (a == c) {
        result = Dim::kPlain;  // a ratio: 研发费用 / 营业收入
      } else if (IsScalar(c)) {
        result = a;
      } else if (a == Dim::kMoney && IsCount(c)) {
        result = Dim::kMoney;  // 人均
      } else if (IsScalar(a) && IsScalar(c)) {
        result = Dim::kPlain;
      } else {
        return mismatch();
      }
      break;
  }
  Op op = b.op == ast::BinaryOp::kAdd   ? Op::kAdd
          : b.op == ast::BinaryOp::kSub ? Op::kSub
          : b.op == ast::BinaryOp::kMul ? Op::kMul
                                        : Op::kDiv;
  Typed out = Scalar(NumberType(result), engine::kNoNode);
  if (l.constant && r.constant) {
    std::optional<Number> v;
    switch (op) {
      case Op::kAdd: v = Number::Add(*l.constant, *r.constant); break;
      case Op::kSub: v = Number::Sub(*l.constant, *r.constant); break;
      case Op::kMul: v = Number::Mul(*l.constant, *r.constant); break;
      default: v = Number::Div(*l.constant, *r.constant); break;
    }
    if (v) {
      out.constant = v;
      out.node = graph_.Constant(*v);
      return out;
    }
  }
  out.node = graph_.Add(op, ValueType::kNumber, {l.node, r.node});
  return out;
}

void Elaborator::ReportEnumValue(SourceRange at, const std::string& value, const FieldDef& field) {
  auto b = Report(DiagCode::kE0212, at, {{"value", value}, {"field", field.label}});
  std::move(b).Note({absl::StrCat("values: ", absl::StrJoin(field.enum_values, ", ")),
                     absl::StrCat("可选值：", absl::StrJoin(field.enum_values, "、"))});
  std::string near = Suggest(value, field.enum_values);
  if (!near.empty()) {
    std::move(b)
        .Help({absl::StrCat("did you mean `", near, "`?"), absl::StrCat("是不是 `", near, "`？")})
        .Fix(at, absl::StrCat("\"", near, "\""), FixIt::Applicability::kMaybeIncorrect);
  }
  std::move(b).Emit();
}

Typed Elaborator::ElabCompare(const ast::Expr& e, Op op, Typed l, Typed r, SourceRange op_span,
                              const ast::Expr& le, const ast::Expr& re, Scope& s) {
  if (l.type.kind == TypeKind::kError || r.type.kind == TypeKind::kError) return Error();
  Type boolean{TypeKind::kBool};
  auto mismatch = [&](DiagCode code) {
    DiagArgs args = Join(TypeArgs("left", l.type), TypeArgs("right", r.type));
    auto b = Report(code, op_span,
                    code == DiagCode::kE0303 ? TypeArgs("type", NumberType(Dim::kMoney)) : args);
    std::move(b)
        .Label(le.span, {absl::StrCat("this is ", TypeNameEn(l.type)),
                         absl::StrCat("类型是「", TypeNameZh(l.type), "」")})
        .Label(re.span, {absl::StrCat("this is ", TypeNameEn(r.type)),
                         absl::StrCat("类型是「", TypeNameZh(r.type), "」")});
    if (code == DiagCode::kE0301 && l.type.kind == TypeKind::kNumber &&
        r.type.kind == TypeKind::kNumber &&
        ((l.type.dim == Dim::kMoney && r.type.dim == Dim::kPercent) ||
         (r.type.dim == Dim::kMoney && l.type.dim == Dim::kPercent))) {
      std::move(b).Help({"a percentage compares with a ratio, e.g. `研发费用[ref] / 营业收入[ref] >= 3%`",
                         "百分比应与比率比较，例如 `研发费用[ref] / 营业收入[ref] >= 3%`"});
    }
    if (code == DiagCode::kE0303) {
      std::move(b).Help({"write the unit, e.g. `2000万元`", "写明单位，例如 `2000万元`"});
    }
    std::move(b).Emit();
    return Error();
  };
  const bool ordering = op != Op::kEq && op != Op::kNe;
  // Ordered choices (纳税信用等级 A > B > M > C > D) compare by rank.
  auto enum_vs_string = [&](const Typed& en, const Typed& str, const ast::Expr& str_expr, Op o) -> Typed {
    const FieldDef* def = en.type.def;
    const auto* lit = std::get_if<ast::StringLit>(&str_expr.kind);
    if (lit == nullptr) {
      if (ordering) return mismatch(DiagCode::kE0301);
      return Scalar(boolean, graph_.Add(o, ValueType::kBool, {en.node, str.node}));
    }
    int rank = def->EnumIndex(lit->value);
    if (rank < 0) {
      ReportEnumValue(str_expr.span, lit->value, *def);
      return Error();
    }
    if (!ordering) return Scalar(boolean, graph_.Add(o, ValueType::kBool, {en.node, str.node}));
    if (!def->ordered) return mismatch(DiagCode::kE0301);
    // Values are listed best first: `>= B` is every value up to and including B.
    engine::ConstSet set;
    int n = static_cast<int>(def->enum_values.size());
    for (int i = 0; i < n; ++i) {
      bool keep = o == Op::kGe ? i <= rank : o == Op::kGt ? i < rank : o == Op::kLe ? i >= rank : i > rank;
      if (keep) set.strings.push_back(def->enum_values[static_cast<size_t>(i)]);
    }
    return Scalar(boolean, graph_.Add(Op::kInSet, ValueType::kBool, {en.node}, graph_.AddSet(set)));
  };
  auto flip = [](Op o) {
    switch (o) {
      case Op::kLt: return Op::kGt;
      case Op::kLe: return Op::kGe;
      case Op::kGt: return Op::kLt;
      case Op::kGe: return Op::kLe;
      default: return o;
    }
  };
  if (l.type.kind == TypeKind::kEnum && r.type.kind == TypeKind::kString) return enum_vs_string(l, r, re, op);
  if (r.type.kind == TypeKind::kEnum && l.type.kind == TypeKind::kString) return enum_vs_string(r, l, le, flip(op));
  if (l.type.kind == TypeKind::kSeries || r.type.kind == TypeKind::kSeries) {
    const Typed& series = l.type.kind == TypeKind::kSeries ? l : r;
    Report(DiagCode::kE0307, l.type.kind == TypeKind::kSeries ? le.span : re.span,
           {{"name", series.type.def->label}})
        .Help({absl::StrCat("e.g. `", series.type.def->label, "[ref]`"),
               absl::StrCat("例如 `", series.type.def->label, "[ref]`")})
        .Emit();
    return Error();
  }
  if (l.type.kind == TypeKind::kNumber && r.type.kind == TypeKind::kNumber) {
    if (!Compatible(l.type.dim, r.type.dim)) {
      bool bare = (l.type.dim == Dim::kMoney && r.type.dim == Dim::kPlain) ||
                  (r.type.dim == Dim::kMoney && l.type.dim == Dim::kPlain);
      return mismatch(bare ? DiagCode::kE0303 : DiagCode::kE0301);
    }
    return Scalar(boolean, graph_.Add(op, ValueType::kBool, {l.node, r.node}));
  }
  if (l.type.kind == TypeKind::kDate && r.type.kind == TypeKind::kDate) {
    return Scalar(boolean, graph_.Add(op, ValueType::kBool, {l.node, r.node}));
  }
  bool textual_l = l.type.kind == TypeKind::kString || l.type.kind == TypeKind::kIndustry ||
                   l.type.kind == TypeKind::kEnum;
  bool textual_r = r.type.kind == TypeKind::kString || r.type.kind == TypeKind::kIndustry ||
                   r.type.kind == TypeKind::kEnum;
  if (textual_l && textual_r && !ordering) {
    return Scalar(boolean, graph_.Add(op, ValueType::kBool, {l.node, r.node}));
  }
  if (l.type.kind == TypeKind::kBool && r.type.kind == TypeKind::kBool && !ordering) {
    return Scalar(boolean, graph_.Add(op, ValueType::kBool, {l.node, r.node}));
  }
  return mismatch(DiagCode::kE0301);
}

Typed Elaborator::ElabBinary(const ast::Expr& e, const ast::Binary& b, Scope& s) {
  if (b.op == ast::BinaryOp::kAnd || b.op == ast::BinaryOp::kOr) {
    // Flatten chains into one n-ary node.
    std::vector<const ast::Expr*> parts;
    std::vector<const ast::Expr*> stack = {b.rhs.get(), b.lhs.get()};
    while (!stack.empty()) {
      const ast::Expr* x = stack.back();
      stack.pop_back();
      const auto* inner = std::get_if<ast::Binary>(&x->kind);
      if (inner != nullptr && inner->op == b.op) {
        stack.push_back(inner->rhs.get());
        stack.push_back(inner->lhs.get());
      } else {
        parts.push_back(x);
      }
    }
    std::vector<NodeId> nodes;
    bool poisoned = false;
    for (const ast::Expr* p : parts) {
      Typed t = Elab(*p, s);
      if (t.type.kind == TypeKind::kError) {
        poisoned = true;
        continue;
      }
      if (t.type.kind != TypeKind::kBool) {
        Report(DiagCode::kE0304, p->span, TypeArgs("type", t.type))
            .PrimaryLabel({absl::StrCat("this is ", TypeNameEn(t.type)),
                           absl::StrCat("类型是「", TypeNameZh(t.type), "」")})
            .Emit();
        poisoned = true;
        continue;
      }
      nodes.push_back(t.node);
    }
    if (poisoned) return Error();
    return Scalar(Type{TypeKind::kBool},
                  graph_.Add(b.op == ast::BinaryOp::kAnd ? Op::kAnd : Op::kOr, ValueType::kBool, nodes));
  }
  Typed l = Elab(*b.lhs, s);
  Typed r = Elab(*b.rhs, s);
  if (l.type.kind == TypeKind::kError || r.type.kind == TypeKind::kError) return Error();
  switch (b.op) {
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub:
    case ast::BinaryOp::kMul:
    case ast::BinaryOp::kDiv:
      return ElabArith(e, b, std::move(l), std::move(r), s);
    default: break;
  }
  Op op = b.op == ast::BinaryOp::kEq   ? Op::kEq
          : b.op == ast::BinaryOp::kNe ? Op::kNe
          : b.op == ast::BinaryOp::kLt ? Op::kLt
          : b.op == ast::BinaryOp::kLe ? Op::kLe
          : b.op == ast::BinaryOp::kGt ? Op::kGt
                                       : Op::kGe;
  return ElabCompare(e, op, std::move(l), std::move(r), b.op_span, *b.lhs, *b.rhs, s);
}

Typed Elaborator::ElabIn(const ast::Expr& e, const ast::InSet& in, Scope& s) {
  Typed v = Elab(*in.value, s);
  Typed set;
  if (const auto* lit = std::get_if<ast::StringLit>(&in.set->kind)) {
    set.type = Type{TypeKind::kSet};
    set.set_strings = {lit->value};
  } else {
    set = Elab(*in.set, s);
  }
  if (v.type.kind == TypeKind::kError || set.type.kind == TypeKind::kError) return Error();
  if (set.type.kind != TypeKind::kSet) {
    Report(DiagCode::kE0311, in.set->span, TypeArgs("type", set.type)).Emit();
    return Error();
  }
  NodeId node;
  if (v.type.kind == TypeKind::kIndustry) {
    engine::ConstSet cs;
    cs.strings = set.set_strings;
    node = graph_.Add(Op::kIndustryIn, ValueType::kBool, {v.node}, graph_.AddSet(cs));
  } else if (v.type.kind == TypeKind::kEnum || v.type.kind == TypeKind::kString) {
    if (v.type.kind == TypeKind::kEnum) {
      bool bad = false;
      const auto* items = std::get_if<ast::SetLit>(&in.set->kind);
      for (const std::string& member : set.set_strings) {
        if (v.type.def->EnumIndex(member) >= 0) continue;
        // Point at the member itself when the set is written out.
        SourceRange at = in.set->span;
        for (size_t i = 0; items != nullptr && i < items->items.size(); ++i) {
          const auto* str = std::get_if<ast::StringLit>(&items->items[i]->kind);
          if (str != nullptr && str->value == member) {
            at = items->items[i]->span;
            break;
          }
        }
        ReportEnumValue(at, member, *v.type.def);
        bad = true;
      }
      if (bad) return Error();
    }
    engine::ConstSet cs;
    cs.strings = set.set_strings;
    node = graph_.Add(Op::kInSet, ValueType::kBool, {v.node}, graph_.AddSet(cs));
  } else if (v.type.kind == TypeKind::kNumber) {
    engine::ConstSet cs;
    cs.numbers = set.set_numbers;
    node = graph_.Add(Op::kInSet, ValueType::kBool, {v.node}, graph_.AddSet(cs));
  } else {
    Report(DiagCode::kE0311, in.value->span, TypeArgs("type", v.type)).Emit();
    return Error();
  }
  if (in.negated) node = graph_.Add(Op::kNot, ValueType::kBool, {node});
  return Scalar(Type{TypeKind::kBool}, node);
}

Typed Elaborator::ElabWithin(const ast::Expr& e, const ast::Within& w, Scope& s) {
  Typed v = Elab(*w.value, s);
  Typed d = Elab(*w.duration, s);
  Typed a = Elab(*w.anchor, s);
  if (v.type.kind == TypeKind::kError || d.type.kind == TypeKind::kError ||
      a.type.kind == TypeKind::kError) {
    return Error();
  }
  if (v.type.kind != TypeKind::kDate || a.type.kind != TypeKind::kDate) {
    const ast::Expr& bad = v.type.kind != TypeKind::kDate ? *w.value : *w.anchor;
    Report(DiagCode::kE0306, bad.span, {{"name", "within"}, {"expected", "dates"},
                                        {"expected_zh", "日期"}}).Emit();
    return Error();
  }
  if (d.type.kind != TypeKind::kNumber || !IsDuration(d.type.dim)) {
    Report(DiagCode::kE0306, w.duration->span,
           {{"name", "within"}, {"expected", "a duration such as 3年, 6个月, 30天 or 15工作日"},
            {"expected_zh", "期限，例如 3年、6个月、30天或15工作日"}})
        .Emit();
    return Error();
  }
  NodeId lo, hi;
  if (w.before) {
    lo = DateShift(a.node, d, true);
    hi = a.node;
  } else {
    lo = a.node;
    hi = DateShift(a.node, d, false);
  }
  NodeId ge = graph_.Add(Op::kGe, ValueType::kBool, {v.node, lo});
  NodeId le = graph_.Add(Op::kLe, ValueType::kBool, {v.node, hi});
  return Scalar(Type{TypeKind::kBool}, graph_.Add(Op::kAnd, ValueType::kBool, {ge, le}));
}

Typed Elaborator::ElabCall(const ast::Expr& e, const ast::Call& c, Scope& s) {
  auto is = [&](std::initializer_list<const char*> names) {
    for (const char* n : names) {
      if (c.name == n) return true;
    }
    return false;
  };
  auto expect = [&](const char* what_en, const char* what_zh) {
    Report(DiagCode::kE0306, c.name_span,
           {{"name", c.name}, {"expected", what_en}, {"expected_zh", what_zh}})
        .Emit();
    return Error();
  };
  std::vector<Typed> args;
  auto elab_args = [&]() -> bool {
    bool ok = true;
    for (const ast::CallArg& a : c.args) {
      if (a.kind == ast::CallArg::Kind::kPolicy) {
        args.push_back(Typed{});
        continue;
      }
      args.push_back(Elab(*a.expr, s));
      if (args.back().type.kind == TypeKind::kError) ok = false;
    }
    return ok;
  };
  if (is({"min", "max", "最小值", "最大值", "较小值", "较大值", "取小", "取大"})) {
    if (!elab_args()) return Error();
    if (args.size() < 2) return expect("two or more numbers", "两个或更多数值");
    for (const Typed& t : args) {
      if (t.type.kind != TypeKind::kNumber || !Compatible(t.type.dim, args[0].type.dim)) {
        return expect("numbers of the same unit", "单位相同的数值");
      }
    }
    std::vector<NodeId> nodes;
    Dim dim = args[0].type.dim;
    for (const Typed& t : args) {
      nodes.push_back(t.node);
      if (!IsScalar(t.type.dim)) dim = t.type.dim;
    }
    bool is_min = is({"min", "最小值", "较小值", "取小"});
    return Scalar(NumberType(dim), graph_.Add(is_min ? Op::kMin : Op::kMax, ValueType::kNumber, nodes));
  }
  if (is({"floor", "ceil", "向下取整", "向上取整"})) {
    if (!elab_args()) return Error();
    if (args.size() != 1 || args[0].type.kind != TypeKind::kNumber) {
      return expect("one number", "一个数值");
    }
    bool floor = is({"floor", "向下取整"});
    return Scalar(args[0].type, graph_.Add(floor ? Op::kFloor : Op::kCeil, ValueType::kNumber, {args[0].node}));
  }
  if (is({"round", "truncate", "四舍五入", "舍尾"})) {
    if (!elab_args()) return Error();
    if (args.empty() || args.size() > 2 || args[0].type.kind != TypeKind::kNumber) {
      return expect("a number and optionally the decimal places", "一个数值，以及可选的小数位数");
    }
    int digits = args[0].type.dim == Dim::kMoney ? 2 : 0;
    if (args.size() == 2) {
      std::optional<int64_t> d = args[1].constant ? args[1].constant->ToInt64() : std::nullopt;
      if (!d || *d < 0 || *d > 18) {
        return expect("a number and a whole number of decimal places 0..18",
                      "一个数值和 0 到 18 的整数小数位数");
      }
      digits = static_cast<int>(*d);
    }
    bool truncate = is({"truncate", "舍尾"});
    return Scalar(args[0].type, graph_.Add(Op::kRound, ValueType::kNumber, {args[0].node},
                                           truncate ? 1 : 0, digits));
  }
  if (is({"workdays", "工作日数"})) {
    if (!elab_args()) return Error();
    if (args.size() != 2 || args[0].type.kind != TypeKind::kDate || args[1].type.kind != TypeKind::kDate) {
      return expect("two dates (first and last day, both counted)", "两个日期（首日和末日，均计入）");
    }
    return Scalar(NumberType(Dim::kWorkdays),
                  graph_.Add(Op::kWorkdaysBetween, ValueType::kNumber, {args[0].node, args[1].node}));
  }
  if (is({"year", "年份"})) {
    if (!elab_args()) return Error();
    if (args.size() != 1 || args[0].type.kind != TypeKind::kDate) return expect("one date", "一个日期");
    return Scalar(NumberType(Dim::kPlain), graph_.Add(Op::kYearOf, ValueType::kNumber, {args[0].node}));
  }
  if (is({"known", "已知"})) {
    if (!elab_args()) return Error();
    if (args.size() != 1 || args[0].type.kind == TypeKind::kSeries || args[0].type.kind == TypeKind::kSet ||
        args[0].type.kind == TypeKind::kPeriod) {
      return expect("one value, e.g. known(营业收入[ref])", "一个值，例如 已知(营业收入[ref])");
    }
    return Scalar(Type{TypeKind::kBool}, graph_.Add(Op::kKnown, ValueType::kBool, {args[0].node}));
  }
  const bool benefit_of = is({"benefit_of", "补助额"});
  if (is({"eligible"}) || benefit_of) {
    if (c.args.size() != 1 || c.args[0].kind != ast::CallArg::Kind::kPolicy) {
      return benefit_of ? expect("one policy id, e.g. benefit_of(DG-GX-2024-01)", "一个政策编号，例如 补助额(DG-GX-2024-01)")
                        : expect("one policy id, e.g. eligible(DG-GX-2024-01)", "一个政策编号，例如 符合(DG-GX-2024-01)");
    }
    const std::string& id = c.args[0].policy;
    auto it = policy_index_ != nullptr ? policy_index_->find(id) : decltype(policy_index_->end()){};
    if (policy_index_ == nullptr || it == policy_index_->end()) {
      // Without the policy set (a definition checked on its own before the
      // set is known) nothing can be said yet.
      if (policy_index_ == nullptr && s.placeholders) {
        return Scalar(Type{TypeKind::kBool}, graph_.Constant(false));
      }
      std::vector<std::string> ids;
      if (policy_index_ != nullptr) {
        for (const auto& [known, index] : *policy_index_) ids.push_back(known);
      }
      std::sort(ids.begin(), ids.end());  // a deterministic suggestion
      std::string near = Suggest(id, ids);
      auto b = Report(DiagCode::kE0204, c.args[0].span, {{"name", id}});
      if (!near.empty()) {
        std::move(b).Help({absl::StrCat("did you mean `", near, "`?"), absl::StrCat("是不是 `", near, "`？")});
      }
      std::move(b).Emit();
      return Error();
    }
    if (s.required != nullptr) s.required->push_back(it->second);
    if (benefit_of) {
      // The other policy's benefit when eligible, 0 when ineligible, open
      // while undetermined: town top-ups (1:0.5 配套) and add-ons.
      NodeId n = graph_.Add(Op::kPolicyBenefit, ValueType::kNumber, {}, static_cast<uint32_t>(it->second));
      Observe(n, -1, std::nullopt, absl::StrCat("benefit_of(", id, ")"));
      return Scalar(NumberType(Dim::kMoney), n);
    }
    NodeId n = graph_.Add(Op::kPolicyEligible, ValueType::kBool, {}, static_cast<uint32_t>(it->second));
    Observe(n, -1, std::nullopt, absl::StrCat("eligible(", id, ")"));
    return Scalar(Type{TypeKind::kBool}, n);
  }
  if (is({"received", "已获"})) {
    // received(P[, year Y]): the firm's record of benefits already granted.
    std::string policy;
    const ast::CallArg* year_arg = nullptr;
    for (const ast::CallArg& a : c.args) {
      if (a.kind == ast::CallArg::Kind::kPolicy) {
        policy = a.policy;
      } else if (a.kind == ast::CallArg::Kind::kYear || year_arg == nullptr) {
        year_arg = &a;
      }
    }
    if (policy.empty()) return expect("a policy id and optionally `year Y`", "一个政策编号，以及可选的 `年度 Y`");
    int list = schema_.IndexOf("benefits_received");
    const FieldDef* def = list >= 0 ? &schema_.fields()[static_cast<size_t>(list)] : nullptr;
    int pf = def ? def->RecordFieldIndex("policy") : -1;
    int yf = def ? def->RecordFieldIndex("year") : -1;
    if (pf < 0 || yf < 0) {
      Report(DiagCode::kE0201, c.name_span, {{"name", "benefits_received"}}).Emit();
      return Error();
    }
    NodeId list_node = graph_.Add(Op::kList, ValueType::kList, {}, static_cast<uint32_t>(list));
    NodeId pol = graph_.Add(Op::kRecordField, ValueType::kString, {}, static_cast<uint32_t>(pf), list);
    // A record without a policy id is some other benefit, not this one.
    NodeId has_id = graph_.Add(Op::kKnown, ValueType::kBool, {pol});
    NodeId same = graph_.Add(Op::kEq, ValueType::kBool, {pol, graph_.Constant(policy)});
    NodeId where = graph_.Add(Op::kAnd, ValueType::kBool, {has_id, same});
    if (year_arg != nullptr) {
      Typed y = Elab(*year_arg->expr, s);
      if (y.type.kind == TypeKind::kError) return Error();
      if (y.type.kind != TypeKind::kNumber) return expect("a policy id and a year", "一个政策编号和一个年度");
      NodeId yr = graph_.Add(Op::kRecordField, ValueType::kNumber, {}, static_cast<uint32_t>(yf), list);
      NodeId same_year = graph_.Add(Op::kEq, ValueType::kBool, {yr, y.node});
      where = graph_.Add(Op::kAnd, ValueType::kBool, {where, same_year});
    }
    NodeId n = graph_.Add(Op::kAny, ValueType::kBool, {list_node, where}, 0, 1);
    Observe(list_node, list, std::nullopt, def->label);
    Observe(n, -1, std::nullopt, SourceText(e.span));
    return Scalar(Type{TypeKind::kBool}, n);
  }
  std::vector<std::string> known = {"min", "max", "floor", "ceil", "round", "truncate", "workdays",
                                    "year", "received", "eligible", "benefit_of", "known", "最小值", "最大值", "向下取整",
                                    "向上取整", "四舍五入", "舍尾", "工作日数", "年份", "已获", "补助额", "已知"};
  std::string near = Suggest(c.name, known);
  auto b = Report(DiagCode::kE0211, c.name_span, {{"name", c.name}});
  if (!near.empty()) {
    std::move(b).Help({absl::StrCat("did you mean `", near, "`?"), absl::StrCat("是不是 `", near, "`？")});
  }
  std::move(b).Emit();
  return Error();
}

Typed Elaborator::ElabAggregate(const ast::Expr& e, const ast::Aggregate& a, Scope& s) {
  int list = schema_.IndexOf(a.list);
  const FieldDef* def = list >= 0 ? &schema_.fields()[static_cast<size_t>(list)] : nullptr;
  if (def == nullptr) {
    std::vector<std::string> lists;
    for (const FieldDef& f : schema_.fields()) {
      if (f.type == FieldType::kRecordList) lists.push_back(f.label);
    }
    std::string near = Suggest(a.list, lists);
    auto b = Report(DiagCode::kE0201, a.list_span, {{"name", a.list}});
    if (!near.empty()) {
      std::move(b).Help({absl::StrCat("a similar name is `", near, "`"),
                         absl::StrCat("相近的名称是 `", near, "`")});
    }
    std::move(b).Emit();
    return Error();
  }
  if (def->type != FieldType::kRecordList) {
    Report(DiagCode::kE0310, a.list_span, {{"name", a.list}}).Emit();
    return Error();
  }
  NodeId list_node = graph_.Add(Op::kList, ValueType::kList, {}, static_cast<uint32_t>(list));
  Observe(list_node, list, std::nullopt, def->label);
  const FieldDef* saved_def = s.record_def;
  int saved_list = s.list_field;
  s.record_def = def;
  s.list_field = list;
  std::vector<NodeId> ops = {list_node};
  int aux = 0;
  bool ok = true;
  if (a.where) {
    Typed w = Elab(*a.where, s);
    if (w.type.kind == TypeKind::kError) {
      ok = false;
    } else if (w.type.kind != TypeKind::kBool) {
      Report(DiagCode::kE0304, a.where->span, TypeArgs("type", w.type)).Emit();
      ok = false;
    } else {
      ops.push_back(w.node);
      aux |= 1;
    }
  }
  Type result;
  Op op = a.kind == ast::AggKind::kCount ? Op::kCount
          : a.kind == ast::AggKind::kAny ? Op::kAny
          : a.kind == ast::AggKind::kAll ? Op::kAll
                                         : Op::kSum;
  if (a.kind == ast::AggKind::kSum) {
    int rf = a.field.empty() ? -1 : def->RecordFieldIndex(a.field);
    if (a.field.empty()) {
      Report(DiagCode::kE0306, e.span, {{"name", "sum"}, {"expected", "a record field: sum(list.field where …)"},
                                        {"expected_zh", "记录字段：合计(列表.字段 其中 …)"}}).Emit();
      ok = false;
    } else if (rf < 0) {
      std::vector<std::string> names;
      for (const FieldDef& f : def->record_fields) names.push_back(f.label);
      std::string near = Suggest(a.field, names);
      auto b = Report(DiagCode::kE0209, a.field_span, {{"list", def->label}, {"name", a.field}});
      if (!near.empty()) {
        std::move(b).Help({absl::StrCat("a similar field is `", near, "`"),
                           absl::StrCat("相近的字段是 `", near, "`")});
      }
      std::move(b).Emit();
      ok = false;
    } else {
      Type ft = TypeOfField(def->record_fields[static_cast<size_t>(rf)]);
      if (ft.kind != TypeKind::kNumber) {
        Report(DiagCode::kE0306, a.field_span, {{"name", "sum"}, {"expected", "a numeric record field"},
                                                {"expected_zh", "数值型的记录字段"}}).Emit();
        ok = false;
      } else {
        ops.push_back(graph_.Add(Op::kRecordField, ValueType::kNumber, {}, static_cast<uint32_t>(rf), list));
        aux |= 2;
        result = ft;
      }
    }
  } else if (!a.field.empty()) {
    Report(DiagCode::kE0306, a.field_span, {{"name", a.kind == ast::AggKind::kCount ? "count" : "any/all"},
                                            {"expected", "a record list, not one of its fields"},
                                            {"expected_zh", "记录列表，而不是其中的字段"}})
        .Emit();
    ok = false;
  } else {
    result = a.kind == ast::AggKind::kCount ? NumberType(Dim::kItems) : Type{TypeKind::kBool};
  }
  s.record_def = saved_def;
  s.list_field = saved_list;
  if (!ok) return Error();
  if (a.kind == ast::AggKind::kAll && !a.where) {
    Report(DiagCode::kE0306, e.span, {{"name", "all"}, {"expected", "a condition: all(list where …)"},
                                      {"expected_zh", "条件：全部(列表 其中 …)"}}).Emit();
    return Error();
  }
  NodeId n = graph_.Add(op, result.kind == TypeKind::kBool ? ValueType::kBool : ValueType::kNumber, ops, 0, aux);
  Observe(n, -1, std::nullopt, SourceText(e.span));
  return Scalar(result, n);
}

Typed Elaborator::ElabTiers(const ast::Expr& e, const ast::Tiers& t, Scope& s) {
  std::vector<std::pair<Typed, Typed>> arms;
  bool ok = true;
  for (const ast::TierArm& arm : t.arms) {
    Typed w = Elab(*arm.when, s);
    Typed v = Elab(*arm.value, s);
    if (w.type.kind == TypeKind::kError || v.type.kind == TypeKind::kError) {
      ok = false;
      continue;
    }
    if (w.type.kind != TypeKind::kBool) {
      Report(DiagCode::kE0304, arm.when->span, TypeArgs("type", w.type)).Emit();
      ok = false;
      continue;
    }
    arms.emplace_back(std::move(w), std::move(v));
  }
  std::optional<Typed> otherwise;
  if (t.otherwise) {
    otherwise = Elab(*t.otherwise, s);
    if (otherwise->type.kind == TypeKind::kError) ok = false;
  }
  if (!ok || arms.empty()) return Error();
  Type type = arms[0].second.type;
  auto same = [&](const Type& x) {
    return x.kind == type.kind && (x.kind != TypeKind::kNumber || Compatible(x.dim, type.dim));
  };
  for (size_t i = 1; i < arms.size(); ++i) {
    if (!same(arms[i].second.type)) {
      Report(DiagCode::kE0312, t.arms[i].value->span,
             Join(TypeArgs("left", type), TypeArgs("right", arms[i].second.type)))
          .Emit();
      return Error();
    }
  }
  NodeId acc;
  if (otherwise) {
    if (!same(otherwise->type)) {
      Report(DiagCode::kE0312, t.otherwise->span,
             Join(TypeArgs("left", type), TypeArgs("right", otherwise->type)))
          .Emit();
      return Error();
    }
    acc = otherwise->node;
  } else if (type.kind == TypeKind::kNumber) {
    acc = graph_.Constant(Number());  // no tier reached: nothing granted
  } else {
    Report(DiagCode::kE0306, e.span, {{"name", "tiers"}, {"expected", "an `else` value"},
                                      {"expected_zh", "`否则` 分支的值"}}).Emit();
    return Error();
  }
  // The first matching tier wins: list tiers from the highest band down.
  for (size_t i = arms.size(); i-- > 0;) {
    acc = graph_.Add(Op::kIf, RuntimeType(type), {arms[i].first.node, arms[i].second.node, acc});
  }
  return Scalar(type, acc);
}

Typed Elaborator::ElabIf(const ast::Expr& e, const ast::IfThenElse& t, Scope& s) {
  Typed c = Elab(*t.cond, s);
  Typed a = Elab(*t.then_value, s);
  Typed b = Elab(*t.else_value, s);
  if (c.type.kind == TypeKind::kError || a.type.kind == TypeKind::kError || b.type.kind == TypeKind::kError) {
    return Error();
  }
  if (c.type.kind != TypeKind::kBool) {
    Report(DiagCode::kE0304, t.cond->span, TypeArgs("type", c.type)).Emit();
    return Error();
  }
  if (a.type.kind != b.type.kind ||
      (a.type.kind == TypeKind::kNumber && !Compatible(a.type.dim, b.type.dim))) {
    Report(DiagCode::kE0312, t.else_value->span, Join(TypeArgs("left", a.type), TypeArgs("right", b.type)))
        .Emit();
    return Error();
  }
  Type type = a.type;
  if (type.kind == TypeKind::kNumber && IsScalar(type.dim)) type = b.type;
  return Scalar(type, graph_.Add(Op::kIf, RuntimeType(type), {c.node, a.node, b.node}));
}

Typed Elaborator::Elab(const ast::Expr& e, Scope& s) {
  Typed t = ElabAny(e, s);
  // A series, a record list or a period is only a step towards a value.
  if (t.type.kind == TypeKind::kSeries) {
    Report(DiagCode::kE0307, e.span, {{"name", t.type.def->label}})
        .Help({absl::StrCat("e.g. `", t.type.def->label, "[ref]`"),
               absl::StrCat("例如 `", t.type.def->label, "[ref]`")})
        .Emit();
    return Error();
  }
  if (t.type.kind == TypeKind::kList) {
    Report(DiagCode::kE0213, e.span, {{"name", t.type.def->label}})
        .Help({absl::StrCat("e.g. `count(", t.type.def->label, ") >= 1` or `any(",
                            t.type.def->label, " where …)`"),
               absl::StrCat("例如 `计数(", t.type.def->label, ") >= 1` 或 `存在(",
                            t.type.def->label, " 其中 …)`")})
        .Emit();
    return Error();
  }
  if (t.type.kind == TypeKind::kPeriod) {
    const char* name = t.period_is_window ? "window" : "effective";
    const char* name_zh = t.period_is_window ? "申报期" : "有效期";
    Report(DiagCode::kE0306, e.span,
           {{"name", name}, {"name_zh", name_zh}, {"expected", "`.start` or `.end` after it"},
            {"expected_zh", "后接 `.开始` 或 `.结束`"}})
        .Emit();
    return Error();
  }
  return t;
}

Typed Elaborator::ElabAny(const ast::Expr& e, Scope& s) {
  if (budget_->exhausted) return Error();
  if (++budget_->steps > budget_->max_steps) {
    budget_->exhausted = true;
    Report(DiagCode::kE0410, e.span, {{"limit", std::to_string(budget_->max_steps)}})
        .Note({"definitions are expanded anew wherever they are used",
               "定义在每处使用时都会重新展开"})
        .Emit();
    return Error();
  }
  if (budget_->depth >= budget_->max_depth) {
    if (budget_->depth_reported) return Error();
    budget_->depth_reported = true;
    Report(DiagCode::kE0411, e.span, {{"limit", std::to_string(budget_->max_depth)}})
        .Note({"definitions used inside definitions count as nesting",
               "定义中使用的定义也计入嵌套"})
        .Emit();
    return Error();
  }
  ++budget_->depth;
  Typed t = ElabKind(e, s);
  --budget_->depth;
  if (trace_ != nullptr && t.node != engine::kNoNode) trace_->emplace_back(&e, t.node);
  return t;
}

Typed Elaborator::ElabKind(const ast::Expr& e, Scope& s) {
  return std::visit(
      [&](const auto& k) -> Typed {
        using T = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<T, ast::BoolLit>) {
          return Scalar(Type{TypeKind::kBool}, graph_.Constant(k.value));
        } else if constexpr (std::is_same_v<T, ast::NumberLit>) {
          Typed t = Scalar(NumberType(DimOfUnit(k.unit)), graph_.Constant(k.value));
          t.constant = k.value;
          return t;
        } else if constexpr (std::is_same_v<T, ast::StringLit>) {
          return Scalar(Type{TypeKind::kString}, graph_.Constant(k.value));
        } else if constexpr (std::is_same_v<T, ast::DateLit>) {
          return Scalar(Type{TypeKind::kDate}, graph_.Constant(k.value));
        } else if constexpr (std::is_same_v<T, ast::RefYear>) {
          if (!s.ref_year) {
            Report(DiagCode::kE0210, e.span)
                .Help({"add `reference year 2024` to the policy", "在政策中加上 `基准年 2024`"})
                .Emit();
            return Error();
          }
          Number y = Number::FromInt(*s.ref_year);
          Typed t = Scalar(NumberType(Dim::kPlain), graph_.Constant(y));
          t.constant = y;
          return t;
        } else if constexpr (std::is_same_v<T, ast::EvalDate>) {
          return Scalar(Type{TypeKind::kDate}, graph_.Add(Op::kEvalDate, ValueType::kDate, {}));
        } else if constexpr (std::is_same_v<T, ast::PeriodRef>) {
          Typed t;
          t.type = Type{TypeKind::kPeriod};
          t.period_is_window = k.window;
          return t;
        } else if constexpr (std::is_same_v<T, ast::NameRef>) {
          return ElabName(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::Poisoned>) {
          return Error();
        } else if constexpr (std::is_same_v<T, ast::Member>) {
          Typed obj = ElabAny(*k.object, s);
          if (obj.type.kind == TypeKind::kError) return Error();
          if (obj.type.kind == TypeKind::kPeriod) {
            bool start = k.member == "start" || k.member == "开始" || k.member == "起始";
            bool end = k.member == "end" || k.member == "结束" || k.member == "截止";
            if (!start && !end) {
              Report(DiagCode::kE0306, k.member_span, {{"name", k.member}, {"expected", "`.start` or `.end`"},
                                                       {"expected_zh", "`.开始` 或 `.结束`"}})
                  .Emit();
              return Error();
            }
            const std::optional<ast::Period>& p = obj.period_is_window ? s.window : s.effective;
            if (!p) {
              if (s.placeholders) return Scalar(Type{TypeKind::kDate}, graph_.Constant(engine::CivilDate()));
              Report(DiagCode::kE0214, k.object->span)
                  .Help({"add `window YYYY-MM-DD .. YYYY-MM-DD` (or `effective …`) to the policy",
                         "在政策中声明 `申报期 YYYY-MM-DD .. YYYY-MM-DD`（或 `有效期 …`）"})
                  .Emit();
              return Error();
            }
            return Scalar(Type{TypeKind::kDate}, graph_.Constant(start ? p->start : p->end));
          }
          Report(DiagCode::kE0306, k.member_span, {{"name", k.member}, {"expected", "`window` or `effective` before it"},
                                                   {"expected_zh", "前面是 `申报期` 或 `有效期`"}})
              .Emit();
          return Error();
        } else if constexpr (std::is_same_v<T, ast::Index>) {
          Typed obj = ElabAny(*k.object, s);
          Typed idx = Elab(*k.index, s);
          if (obj.type.kind == TypeKind::kError || idx.type.kind == TypeKind::kError) return Error();
          if (obj.type.kind != TypeKind::kSeries) {
            Report(DiagCode::kE0308, k.object->span, {{"name", SourceText(k.object->span)}}).Emit();
            return Error();
          }
          std::optional<int64_t> year = idx.constant ? idx.constant->ToInt64() : std::nullopt;
          if (!year || *year < 1900 || *year > 2999) {
            Report(DiagCode::kE0306, k.index->span, {{"name", "[ ]"}, {"expected", "a year such as [2023], [ref] or [ref-1]"},
                                                     {"expected_zh", "年度，例如 [2023]、[上年度] 或 [上年度-1]"}})
                .Emit();
            return Error();
          }
          const FieldDef& f = schema_.fields()[static_cast<size_t>(obj.series_field)];
          Type type = TypeOfField(f);
          NodeId n = graph_.Add(Op::kSeries, RuntimeType(type), {}, static_cast<uint32_t>(obj.series_field),
                                static_cast<int32_t>(*year));
          Observe(n, obj.series_field, static_cast<int>(*year), absl::StrCat(f.label, "[", *year, "]"));
          return Scalar(type, n);
        } else if constexpr (std::is_same_v<T, ast::Unary>) {
          Typed x = Elab(*k.operand, s);
          if (x.type.kind == TypeKind::kError) return Error();
          if (k.op == ast::UnaryOp::kNot) {
            if (x.type.kind != TypeKind::kBool) {
              Report(DiagCode::kE0304, k.operand->span, TypeArgs("type", x.type)).Emit();
              return Error();
            }
            return Scalar(x.type, graph_.Add(Op::kNot, ValueType::kBool, {x.node}));
          }
          if (x.type.kind != TypeKind::kNumber) {
            Report(DiagCode::kE0306, e.span, {{"name", "-"}, {"expected", "a number"},
                                              {"expected_zh", "数值"}}).Emit();
            return Error();
          }
          if (x.constant) {
            Typed t = Scalar(x.type, graph_.Constant(x.constant->Negate()));
            t.constant = x.constant->Negate();
            return t;
          }
          return Scalar(x.type, graph_.Add(Op::kNeg, ValueType::kNumber, {x.node}));
        } else if constexpr (std::is_same_v<T, ast::Binary>) {
          return ElabBinary(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::InSet>) {
          return ElabIn(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::Within>) {
          return ElabWithin(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::SetLit>) {
          Typed t;
          t.type = Type{TypeKind::kSet};
          for (const ast::ExprPtr& item : k.items) {
            if (const auto* str = std::get_if<ast::StringLit>(&item->kind)) {
              t.set_strings.push_back(str->value);
            } else if (const auto* num = std::get_if<ast::NumberLit>(&item->kind)) {
              t.set_numbers.push_back(num->value);
            } else {
              Report(DiagCode::kE0306, item->span, {{"name", "{ }"}, {"expected", "texts or numbers written out"},
                                                    {"expected_zh", "直接写出的文字或数字"}})
                  .Emit();
              return Error();
            }
          }
          return t;
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          return ElabCall(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
          return ElabAggregate(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::Tiers>) {
          return ElabTiers(e, k, s);
        } else if constexpr (std::is_same_v<T, ast::IfThenElse>) {
          return ElabIf(e, k, s);
        }
      },
      e.kind);
}

void Elaborator::CheckDefine(const ast::DefineDecl& def, const DefineTable& visible) {
  // Checked once on its own, into a scratch graph, with placeholder context.
  engine::GraphBuilder scratch;
  absl::flat_hash_map<NodeId, engine::Observable> scratch_obs;
  Elaborator inner(schema_, sources_, sink_, scratch, scratch_obs);
  inner.reported_ = std::move(reported_);
  inner.policy_index_ = policy_index_;
  inner.budget_ = budget_;
  Scope s;
  s.visible = &visible;
  s.ref_year = 2000;
  s.placeholders = true;
  s.window = ast::Period{};
  s.effective = ast::Period{};
  s.expanding.push_back(&def);
  inner.ElabAny(*def.expr, s);
  reported_ = std::move(inner.reported_);
}

void Elaborator::LowerPolicy(const ast::PolicyDecl& p, const DefineTable& visible,
                             engine::PolicyInfo& out, std::vector<int>* required) {
  Scope s;
  s.visible = &visible;
  s.local = &p.defines;
  s.ref_year = p.reference_year;
  s.window = p.window;
  s.effective = p.effective;
  s.required = required;

  const SourceFile& file = sources_.file(p.span.file);
  auto location = [&](SourceRange r) {
    return absl::StrCat(file.path(), ":", file.Locate(r.begin).line);
  };
  out.id = p.id;
  out.title = p.title;
  out.file = file.path();
  if (p.department) out.department = p.department->value;
  if (p.basis) out.basis = p.basis->value;
  if (p.effective) out.effective = engine::DatePeriod{p.effective->start, p.effective->end};
  if (p.window) out.window = engine::DatePeriod{p.window->start, p.window->end};
  out.reference_year = p.reference_year;
  for (const ast::NamedSpan& t : p.tags) out.tags.push_back(t.name);
  if (p.exclusive_group) out.exclusive_group = p.exclusive_group->name;
  for (const ast::MetaString& a : p.assumed) out.assumed.push_back(a.value);

  if (!p.department) {
    Report(DiagCode::kE0402, p.id_span, {{"name", p.id}, {"what", "department"}, {"what_zh", "部门"}})
        .Help({"add `department \"东莞市…局\"`", "加上 `部门 \"东莞市…局\"`"})
        .Emit();
  }
  for (size_t i = 0; i < p.defines.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (p.defines[j].name != p.defines[i].name) continue;
      Report(DiagCode::kE0207, p.defines[i].name_span, {{"name", p.defines[i].name}})
          .Label(p.defines[j].name_span, {"first defined here", "首次定义在这里"})
          .Emit();
      break;
    }
  }
  std::vector<std::string> labels;
  bool has_condition = false;
  for (const ast::ClauseDecl& c : p.clauses) {
    if (c.kind != ast::ClauseKind::kRequires) {
      if (std::find(labels.begin(), labels.end(), c.label) != labels.end()) {
        Report(DiagCode::kE0206, c.label_span, {{"name", c.label}}).Emit();
      }
      labels.push_back(c.label);
    }
    if (c.kind != ast::ClauseKind::kException) has_condition = true;
    Typed t = Elab(*c.expr, s);
    engine::ClauseInfo info;
    info.label = c.label;
    info.text = c.text;
    info.kind = c.kind == ast::ClauseKind::kCondition   ? engine::ClauseKind::kCondition
                : c.kind == ast::ClauseKind::kException ? engine::ClauseKind::kException
                                                        : engine::ClauseKind::kRequires;
    info.location = location(c.span);
    if (t.type.kind != TypeKind::kError && t.type.kind != TypeKind::kBool) {
      Report(DiagCode::kE0304, c.expr->span, TypeArgs("type", t.type))
          .PrimaryLabel({absl::StrCat("this is ", TypeNameEn(t.type)),
                         absl::StrCat("类型是「", TypeNameZh(t.type), "」")})
          .Emit();
    }
    info.node = t.type.kind == TypeKind::kBool ? t.node : engine::kNoNode;
    out.clauses.push_back(std::move(info));
  }
  if (!has_condition) Report(DiagCode::kE0408, p.id_span, {{"name", p.id}}).Emit();
  if (p.benefit) {
    Typed t = Elab(*p.benefit->expr, s);
    if (t.type.kind != TypeKind::kError &&
        !(t.type.kind == TypeKind::kNumber && t.type.dim == Dim::kMoney)) {
      Report(DiagCode::kE0305, p.benefit->expr->span, TypeArgs("type", t.type))
          .Help({"write amounts with 元, 万元 or 亿元", "金额要带单位：元、万元或亿元"})
          .Emit();
    }
    if (t.type.kind == TypeKind::kNumber && t.type.dim == Dim::kMoney) {
      out.benefit = engine::BenefitInfo{p.benefit->text, t.node, location(p.benefit->span)};
    }
  }
  // Verdict mode tries cheap clauses first.
  std::vector<std::pair<size_t, int>> cost;
  for (size_t i = 0; i < out.clauses.size(); ++i) {
    NodeId n = out.clauses[i].node;
    cost.emplace_back(n == engine::kNoNode ? 0 : graph_.graph().Cone(n).size(), static_cast<int>(i));
  }
  std::stable_sort(cost.begin(), cost.end());
  for (const auto& [c, i] : cost) out.verdict_order.push_back(i);
}

std::optional<Number> Elaborator::ConstantMoney(const ast::Expr& expr) {
  Scope s;
  s.placeholders = true;
  Typed t = Elab(expr, s);
  if (t.type.kind == TypeKind::kNumber && t.constant &&
      (t.type.dim == Dim::kMoney || (t.type.dim == Dim::kPlain && t.constant->IsZero()))) {
    return t.constant;
  }
  if (t.type.kind == TypeKind::kNumber && t.type.dim == Dim::kMoney) {
    // Money, but read from the profile: a test states the amount itself.
    Report(DiagCode::kE0306, expr.span,
           {{"name", "benefit"}, {"name_zh", "补助"},
            {"expected", "an amount written out, such as 5万元"},
            {"expected_zh", "直接写出的金额，例如 5万元"}})
        .Emit();
  } else if (t.type.kind != TypeKind::kError) {
    Report(DiagCode::kE0305, expr.span, TypeArgs("type", t.type))
        .Help({"write the expected amount, e.g. `benefit 5万元`", "写出期望的金额，例如 `补助 5万元`"})
        .Emit();
  }
  return std::nullopt;
}

}  // namespace duixian::dsl
