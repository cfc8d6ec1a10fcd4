#include "dsl/parse/internal/ast_builder.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/source/text_width.h"
#include "dsl/parse/parser.h"

namespace duixian::dsl_internal {
namespace {

using P = g::PolicyParser;

struct UnitInfo {
  const char* text;
  ast::Unit unit;
  int64_t mul;  // scale numerator
  int64_t div;  // scale denominator
};

// Longest spellings first so "万元" is not taken for "元".
constexpr UnitInfo kUnits[] = {
    {"个工作日", ast::Unit::kWorkdays, 1, 1}, {"個工作日", ast::Unit::kWorkdays, 1, 1},
    {"工作日", ast::Unit::kWorkdays, 1, 1},   {"万元", ast::Unit::kYuan, 10000, 1},
    {"萬元", ast::Unit::kYuan, 10000, 1},     {"亿元", ast::Unit::kYuan, 100000000, 1},
    {"億元", ast::Unit::kYuan, 100000000, 1}, {"个月", ast::Unit::kMonths, 1, 1},
    {"個月", ast::Unit::kMonths, 1, 1},       {"元", ast::Unit::kYuan, 1, 1},
    {"%", ast::Unit::kPercent, 1, 100},       {"％", ast::Unit::kPercent, 1, 100},
    {"‰", ast::Unit::kPercent, 1, 1000},      {"人", ast::Unit::kPersons, 1, 1},
    {"名", ast::Unit::kPersons, 1, 1},        {"项", ast::Unit::kItems, 1, 1},
    {"項", ast::Unit::kItems, 1, 1},          {"件", ast::Unit::kItems, 1, 1},
    {"个", ast::Unit::kItems, 1, 1},          {"個", ast::Unit::kItems, 1, 1},
    {"家", ast::Unit::kItems, 1, 1},          {"年", ast::Unit::kYears, 1, 1},
    {"天", ast::Unit::kDays, 1, 1},           {"日", ast::Unit::kDays, 1, 1},
};

template <typename T>
T* As(antlr4::ParserRuleContext* ctx) {
  return dynamic_cast<T*>(ctx);
}

ast::BinaryOp CompareOp(P::CompOpContext* op) {
  if (op->GE()) return ast::BinaryOp::kGe;
  if (op->GT()) return ast::BinaryOp::kGt;
  if (op->LE()) return ast::BinaryOp::kLe;
  if (op->LT()) return ast::BinaryOp::kLt;
  if (op->EQ()) return ast::BinaryOp::kEq;
  return ast::BinaryOp::kNe;
}

// Left-associative chains (a + b - c, a 且 b 且 c): operators alternate with
// operands among the children. `op_of` maps an operator token to the AST op.
template <typename Part, typename BuildPart, typename OpOf>
ast::ExprPtr FoldChain(antlr4::ParserRuleContext* ctx, const std::vector<Part*>& parts, FileId file,
                       BuildPart build, OpOf op_of, const AstBuilder& builder) {
  ast::ExprPtr acc = build(parts[0]);
  size_t operand = 1;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (term == nullptr || operand >= parts.size()) continue;
    ast::ExprPtr rhs = build(parts[operand++]);
    SourceRange span{file, acc->span.begin, rhs->span.end};
    acc = ast::MakeExpr(span, ast::Binary{op_of(term->getSymbol()->getType()), std::move(acc),
                                          std::move(rhs), builder.RangeOf(term->getSymbol())});
  }
  return acc;
}

}  // namespace

AstBuilder::AstBuilder(const SourceFile& file, DiagnosticSink& sink, int max_depth)
    : file_(file), sink_(sink), max_depth_(max_depth) {
  std::string_view text = file.text();
  cp_to_byte_.reserve(text.size() + 1);
  size_t pos = 0;
  while (pos < text.size()) {
    cp_to_byte_.push_back(static_cast<uint32_t>(pos));
    DecodeUtf8(text, &pos);
  }
  cp_to_byte_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t AstBuilder::ByteOffset(size_t cp) const {
  if (cp >= cp_to_byte_.size()) return cp_to_byte_.back();
  return cp_to_byte_[cp];
}

SourceRange AstBuilder::RangeOf(antlr4::Token* token) const {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) {
    uint32_t end = static_cast<uint32_t>(file_.text().size());
    return SourceRange{file_.id(), end, end};
  }
  return SourceRange{file_.id(), ByteOffset(token->getStartIndex()),
                     ByteOffset(token->getStopIndex() + 1)};
}

SourceRange AstBuilder::RangeOf(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr) return SourceRange{file_.id(), 0, 0};
  SourceRange start = RangeOf(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (stop == nullptr || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) {
    return start;
  }
  return SourceRange{file_.id(), start.begin, RangeOf(stop).end};
}

bool AstBuilder::Poisoned(antlr4::tree::TerminalNode* number) const {
  return number != nullptr && poisoned_numbers_.contains(number->getSymbol()->getTokenIndex());
}

bool AstBuilder::PoisonedValue(P::ValueContext* value) const {
  auto* n = dynamic_cast<P::NumberValueContext*>(value);
  return n != nullptr && Poisoned(n->NUMBER());
}

std::string AstBuilder::NameText(P::NameContext* ctx) {
  return ctx == nullptr ? std::string() : ctx->getText();
}

std::string AstBuilder::StringValue(antlr4::Token* token) {
  std::string raw = token->getText();
  // "…" with backslash escapes, or “…” (reported as full-width by the driver).
  if (raw.rfind("\"", 0) == 0) {
    std::string out;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 2 < raw.size()) {
        char c = raw[++i];
        out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
      } else {
        out.push_back(raw[i]);
      }
    }
    return out;
  }
  const std::string open = "“", close = "”";
  if (raw.size() >= open.size() + close.size()) {
    return raw.substr(open.size(), raw.size() - open.size() - close.size());
  }
  return raw;
}

std::optional<engine::CivilDate> AstBuilder::DateValue(antlr4::Token* token) {
  std::string text = token->getText();
  std::optional<engine::CivilDate> date = engine::CivilDate::Parse(text);
  if (!date) {
    sink_.Report(DiagCode::kE0107, RangeOf(token), {{"text", text}})
        .PrimaryLabel({"no such day", "没有这一天"})
        .Help({"write dates as YYYY-MM-DD, e.g. 2023-09-01",
               "日期写作 YYYY-MM-DD，例如 2023-09-01"})
        .Emit();
  }
  return date;
}

ast::NumberLit AstBuilder::NumberValue(antlr4::Token* token, bool negate) {
  ast::NumberLit lit;
  lit.text = token->getText();
  std::string text = lit.text;
  size_t split = 0;
  while (split < text.size() && ((text[split] >= '0' && text[split] <= '9') || text[split] == '.')) {
    ++split;
  }
  std::string digits = text.substr(0, split);
  std::string unit = text.substr(split);
  std::optional<engine::Number> value = engine::Number::Parse(digits);
  if (!value) {
    sink_.Report(DiagCode::kE0110, RangeOf(token), {{"text", text}}).Emit();
    return lit;
  }
  lit.value = *value;
  if (!unit.empty()) {
    bool found = false;
    for (const UnitInfo& u : kUnits) {
      if (unit == u.text) {
        found = true;
        lit.unit = u.unit;
        std::optional<engine::Number> scaled = engine::Number::Mul(
            lit.value, engine::Number::Ratio(u.mul, u.div));
        if (scaled) lit.value = *scaled;
        break;
      }
    }
    if (!found) {
      sink_.Report(DiagCode::kE0106, RangeOf(token), {{"unit", unit}}).Emit();
    }
  }
  if (negate) lit.value = lit.value.Negate();
  return lit;
}

ast::ExprPtr AstBuilder::ErrorExpr(SourceRange span) {
  return ast::MakeExpr(span, ast::Poisoned{});
}

// ---------------------------------------------------------------- decls

ast::PolicyFile AstBuilder::BuildFile(P::FileContext* ctx, std::string module) {
  ast::PolicyFile out;
  out.file = file_.id();
  out.module = std::move(module);
  auto add_import = [&](P::ImportDeclContext* imp) {
    if (imp->modulePath() == nullptr) return;
    std::string path;
    for (P::NameContext* n : imp->modulePath()->name()) {
      if (!path.empty()) path += "/";
      path += NameText(n);
    }
    out.imports.push_back({path, RangeOf(imp->modulePath())});
  };
  for (P::ImportDeclContext* imp : ctx->importDecl()) add_import(imp);
  for (P::TopDeclContext* top : ctx->topDecl()) {
    if (top->importDecl() != nullptr) {
      // Still honoured, so nothing else breaks for want of it.
      sink_.Report(DiagCode::kE0111, RangeOf(top->importDecl()),
                   {{"what", "import"}, {"what_zh", "导入"}})
          .Help({"move the import to the top of the file", "把导入移到文件开头"})
          .Emit();
      add_import(top->importDecl());
    } else if (top->policyDecl() != nullptr) {
      out.policies.push_back(BuildPolicy(top->policyDecl()));
    } else if (top->defineDecl() != nullptr) {
      out.defines.push_back(BuildDefine(top->defineDecl()));
    }
  }
  return out;
}

ast::DefineDecl AstBuilder::BuildDefine(P::DefineDeclContext* ctx) {
  ast::DefineDecl d;
  d.name = NameText(ctx->name());
  d.name_span = RangeOf(ctx->name());
  if (ctx->STRING() != nullptr) d.text = StringValue(ctx->STRING()->getSymbol());
  d.expr = ctx->expr() ? BuildExpr(ctx->expr()) : ErrorExpr(RangeOf(ctx));
  d.span = RangeOf(ctx);
  return d;
}

std::optional<ast::Period> AstBuilder::BuildPeriod(P::PeriodContext* ctx) {
  if (ctx == nullptr || ctx->DATE().size() != 2) return std::nullopt;
  std::optional<engine::CivilDate> start = DateValue(ctx->DATE(0)->getSymbol());
  std::optional<engine::CivilDate> end = DateValue(ctx->DATE(1)->getSymbol());
  if (!start || !end) return std::nullopt;
  ast::Period p{*start, *end, RangeOf(ctx)};
  if (*end < *start) {
    sink_.Report(DiagCode::kE0406, p.span,
                 {{"start", start->ToString()}, {"end", end->ToString()}})
        .Emit();
  }
  return p;
}

ast::PolicyDecl AstBuilder::BuildPolicy(P::PolicyDeclContext* ctx) {
  ast::PolicyDecl p;
  p.span = RangeOf(ctx);
  if (ctx->policyId() != nullptr) {
    p.id = ctx->policyId()->getText();
    p.id_span = RangeOf(ctx->policyId());
  }
  if (ctx->STRING() != nullptr) p.title = StringValue(ctx->STRING()->getSymbol());
  for (P::PolicyItemContext* item : ctx->policyItem()) BuildPolicyItem(item, p);
  return p;
}

void AstBuilder::BuildPolicyItem(P::PolicyItemContext* item, ast::PolicyDecl& p) {
  auto duplicate = [&](const char* what, const char* what_zh, antlr4::ParserRuleContext* at) {
    sink_.Report(DiagCode::kE0403, RangeOf(at), {{"what", what}, {"what_zh", what_zh}}).Emit();
  };
  if (auto* x = As<P::DeptItemContext>(item)) {
    if (p.department) duplicate("department", "部门", x);
    if (x->STRING()) p.department = ast::MetaString{StringValue(x->STRING()->getSymbol()), RangeOf(x)};
  } else if (auto* x = As<P::BasisItemContext>(item)) {
    if (p.basis) duplicate("basis", "依据", x);
    if (x->STRING()) p.basis = ast::MetaString{StringValue(x->STRING()->getSymbol()), RangeOf(x)};
  } else if (auto* x = As<P::EffectiveItemContext>(item)) {
    if (p.effective) duplicate("effective", "有效期", x);
    p.effective = BuildPeriod(x->period());
  } else if (auto* x = As<P::WindowItemContext>(item)) {
    if (p.window) duplicate("window", "申报期", x);
    p.window = BuildPeriod(x->period());
  } else if (auto* x = As<P::ReferenceItemContext>(item)) {
    if (p.reference_year) duplicate("reference", "基准年", x);
    if (x->NUMBER()) {
      std::optional<engine::Number> n = engine::Number::Parse(x->NUMBER()->getText());
      std::optional<int64_t> year = n ? n->ToInt64() : std::nullopt;
      if (year && *year >= 1900 && *year <= 2999) {
        p.reference_year = static_cast<int>(*year);
      } else {
        sink_.Report(DiagCode::kE0110, RangeOf(x->NUMBER()->getSymbol()),
                     {{"text", x->NUMBER()->getText()}})
            .PrimaryLabel({"a reference year is a four-digit year", "基准年应是四位年份"})
            .Emit();
      }
      p.reference_span = RangeOf(x);
    }
  } else if (auto* x = As<P::TagsItemContext>(item)) {
    for (P::TagContext* t : x->tag()) {
      std::string text = t->STRING() ? StringValue(t->STRING()->getSymbol()) : NameText(t->name());
      p.tags.push_back({text, RangeOf(t)});
    }
  } else if (auto* x = As<P::ExclusiveItemContext>(item)) {
    if (p.exclusive_group) duplicate("exclusive group", "互斥组", x);
    if (P::TagContext* t = x->tag()) {
      std::string text = t->STRING() ? StringValue(t->STRING()->getSymbol()) : NameText(t->name());
      p.exclusive_group = ast::NamedSpan{text, RangeOf(t)};
    }
  } else if (auto* x = As<P::AssumedItemContext>(item)) {
    if (x->STRING()) p.assumed.push_back({StringValue(x->STRING()->getSymbol()), RangeOf(x)});
  } else if (auto* x = As<P::ClauseItemContext>(item)) {
    ast::ClauseDecl c;
    c.kind = ast::ClauseKind::kCondition;
    c.label = NameText(x->name());
    c.label_span = RangeOf(x->name());
    if (x->STRING()) c.text = StringValue(x->STRING()->getSymbol());
    c.expr = x->expr() ? BuildExpr(x->expr()) : ErrorExpr(RangeOf(x));
    c.span = RangeOf(x);
    p.clauses.push_back(std::move(c));
  } else if (auto* x = As<P::UnlessItemContext>(item)) {
    ast::ClauseDecl c;
    c.kind = ast::ClauseKind::kException;
    c.label = NameText(x->name());
    c.label_span = RangeOf(x->name());
    if (x->STRING()) c.text = StringValue(x->STRING()->getSymbol());
    c.expr = x->expr() ? BuildExpr(x->expr()) : ErrorExpr(RangeOf(x));
    c.span = RangeOf(x);
    p.clauses.push_back(std::move(c));
  } else if (auto* x = As<P::RequiresItemContext>(item)) {
    ast::ClauseDecl c;
    c.kind = ast::ClauseKind::kRequires;
    c.expr = x->expr() ? BuildExpr(x->expr()) : ErrorExpr(RangeOf(x));
    if (x->name() != nullptr) {
      // requires 挂牌 "已获新三板挂牌奖励": eligible(P) 或 received(P)
      c.label = NameText(x->name());
      c.label_span = RangeOf(x->name());
      if (x->STRING() != nullptr) c.text = StringValue(x->STRING()->getSymbol());
    } else {
      // Unlabelled: the rule as written, spaces normalised.
      std::string_view text = file_.text();
      SourceRange r = x->expr() ? RangeOf(x->expr()) : RangeOf(x);
      bool space = false;
      for (char ch : text.substr(r.begin, r.end - r.begin)) {
        if (ch == ' ' || ch == '\n' || ch == '\t') {
          space = true;
          continue;
        }
        if (space && !c.label.empty()) c.label.push_back(' ');
        space = false;
        c.label.push_back(ch);
      }
      c.label_span = RangeOf(x);
    }
    c.span = RangeOf(x);
    p.clauses.push_back(std::move(c));
  } else if (auto* x = As<P::BenefitItemContext>(item)) {
    if (p.benefit) duplicate("benefit", "补助", x);
    ast::BenefitDecl b;
    if (x->STRING()) b.text = StringValue(x->STRING()->getSymbol());
    b.expr = x->expr() ? BuildExpr(x->expr()) : ErrorExpr(RangeOf(x));
    b.span = RangeOf(x);
    p.benefit = std::move(b);
  } else if (auto* x = As<P::LocalDefineItemContext>(item)) {
    if (x->defineDecl()) p.defines.push_back(BuildDefine(x->defineDecl()));
  } else if (auto* x = As<P::TestItemContext>(item)) {
    if (x->testDecl()) p.tests.push_back(BuildTest(x->testDecl()));
  }
}

ast::TestDecl AstBuilder::BuildTest(P::TestDeclContext* ctx) {
  ast::TestDecl t;
  t.span = RangeOf(ctx);
  if (ctx->STRING()) t.name = StringValue(ctx->STRING()->getSymbol());
  t.given.span = t.span;
  t.given.kind = ast::DataObject{};
  auto duplicate = [&](const char* what, const char* what_zh, antlr4::ParserRuleContext* at) {
    sink_.Report(DiagCode::kE0403, RangeOf(at), {{"what", what}, {"what_zh", what_zh}}).Emit();
  };
  bool has_on = false;
  for (P::TestPartContext* part : ctx->testPart()) {
    if (auto* g = As<P::GivenPartContext>(part)) {
      if (t.has_given) duplicate("given", "给定", g);
      if (g->object()) {
        t.given = BuildObject(g->object());
        t.has_given = true;
      }
    } else if (auto* on = As<P::OnPartContext>(part)) {
      if (has_on) duplicate("on", "评估日", on);
      has_on = true;
      if (on->DATE()) t.on = DateValue(on->DATE()->getSymbol());
    } else if (auto* ex = As<P::ExpectPartContext>(part)) {
      for (P::ExpectationContext* e : ex->expectation()) {
        bool verdict = As<P::ExpectEligibleContext>(e) || As<P::ExpectIneligibleContext>(e) ||
                       As<P::ExpectUndeterminedContext>(e);
        if (verdict && t.verdict != ast::ExpectedVerdict::kNone) {
          duplicate("expected verdict", "期望结论", e);
        }
        if (As<P::ExpectBenefitContext>(e) && t.benefit) duplicate("benefit", "补助", e);
        if (As<P::ExpectEligibleContext>(e)) {
          t.verdict = ast::ExpectedVerdict::kEligible;
          t.verdict_span = RangeOf(e);
        } else if (As<P::ExpectIneligibleContext>(e)) {
          t.verdict = ast::ExpectedVerdict::kIneligible;
          t.verdict_span = RangeOf(e);
        } else if (As<P::ExpectUndeterminedContext>(e)) {
          t.verdict = ast::ExpectedVerdict::kUndetermined;
          t.verdict_span = RangeOf(e);
        } else if (auto* b = As<P::ExpectBecauseContext>(e)) {
          for (P::NameContext* n : b->name()) t.because.push_back({NameText(n), RangeOf(n)});
        } else if (auto* m = As<P::ExpectMissingContext>(e)) {
          for (P::MissingRefContext* r : m->missingRef()) {
            ast::MissingRef ref;
            ref.field = NameText(r->name());
            ref.span = RangeOf(r);
            if (r->NUMBER()) {
              std::optional<engine::Number> n = engine::Number::Parse(r->NUMBER()->getText());
              if (n && n->ToInt64()) ref.year = static_cast<int>(*n->ToInt64());
            }
            t.missing.push_back(std::move(ref));
          }
        } else if (auto* b = As<P::ExpectBenefitContext>(e)) {
          if (b->expr()) t.benefit = BuildExpr(b->expr());
        }
      }
    }
  }
  return t;
}

ast::DataValue AstBuilder::BuildObject(P::ObjectContext* ctx) {
  ast::DataValue v;
  v.span = RangeOf(ctx);
  ast::DataObject obj;
  for (P::EntryContext* e : ctx->entry()) {
    ast::DataEntry entry;
    P::KeyContext* key = e->key();
    if (key == nullptr) continue;
    if (key->NUMBER()) {
      entry.key = key->NUMBER()->getText();
      entry.key_is_number = true;
    } else if (key->STRING()) {
      entry.key = StringValue(key->STRING()->getSymbol());
    } else {
      entry.key = NameText(key->name());
    }
    entry.key_span = RangeOf(key);
    if (e->value() == nullptr || PoisonedValue(e->value())) continue;
    entry.value = BuildValue(e->value());
    obj.entries.push_back(std::move(entry));
  }
  v.kind = std::move(obj);
  return v;
}

ast::DataValue AstBuilder::BuildValue(P::ValueContext* ctx) {
  ast::DataValue v;
  v.span = RangeOf(ctx);
  if (auto* o = As<P::ObjectValueContext>(ctx)) {
    return BuildObject(o->object());
  }
  if (auto* l = As<P::ListValueContext>(ctx)) {
    ast::DataList list;
    for (P::ValueContext* item : l->value()) {
      if (!PoisonedValue(item)) list.items.push_back(BuildValue(item));
    }
    v.kind = std::move(list);
  } else if (auto* n = As<P::NumberValueContext>(ctx)) {
    antlr4::Token* tok = n->NUMBER() ? n->NUMBER()->getSymbol() : n->QUANTITY()->getSymbol();
    v.kind = NumberValue(tok, n->MINUS() != nullptr);
  } else if (auto* s = As<P::StringValueContext>(ctx)) {
    v.kind = ast::StringLit{StringValue(s->STRING()->getSymbol())};
  } else if (auto* d = As<P::DateValueContext>(ctx)) {
    std::optional<engine::CivilDate> date = DateValue(d->DATE()->getSymbol());
    v.kind = ast::DateLit{date.value_or(engine::CivilDate())};
  } else if (auto* b = As<P::BoolValueContext>(ctx)) {
    v.kind = ast::BoolLit{b->TRUE() != nullptr};
  } else {
    v.kind = ast::BoolLit{false};
  }
  return v;
}

// ---------------------------------------------------------------- exprs

bool AstBuilder::Enter(SourceRange span) { return EnterChain(2, span); }

bool AstBuilder::EnterChain(size_t operands, SourceRange span) {
  const int levels = static_cast<int>(std::min<size_t>(operands, 1u << 30)) - 1;
  if (depth_ + levels <= max_depth_) {
    depth_ += levels;
    return true;
  }
  if (!depth_reported_) {
    depth_reported_ = true;
    sink_.Report(DiagCode::kE0108, span, {{"limit", std::to_string(max_depth_)}})
        .Note({"a chain of operators (`a and b and c …`) counts one level per operator",
               "连续的运算（`甲 且 乙 且 丙 …`）每个运算符算一层"})
        .Emit();
  }
  return false;
}

ast::ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx) {
  if (ctx == nullptr || (ctx->orExpr() == nullptr && ctx->ifExpr() == nullptr)) {
    return ErrorExpr(RangeOf(ctx));
  }
  if (!Enter(RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
  ast::ExprPtr e;
  if (P::IfExprContext* x = ctx->ifExpr()) {
    if (x->expr().size() != 3) {
      e = ErrorExpr(RangeOf(x));
    } else {
      e = ast::MakeExpr(RangeOf(x), ast::IfThenElse{BuildExpr(x->expr(0)), BuildExpr(x->expr(1)),
                                                    BuildExpr(x->expr(2))});
    }
  } else {
    e = BuildOr(ctx->orExpr());
  }
  --depth_;
  return e;
}

ast::ExprPtr AstBuilder::BuildOr(P::OrExprContext* ctx) {
  std::vector<P::AndExprContext*> parts = ctx->andExpr();
  if (parts.empty()) return ErrorExpr(RangeOf(ctx));
  if (!EnterChain(parts.size(), RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
  ast::ExprPtr e = FoldChain(ctx, parts, file_.id(), [this](P::AndExprContext* x) { return BuildAnd(x); },
                   [](size_t) { return ast::BinaryOp::kOr; }, *this);
  LeaveChain(parts.size());
  return e;
}

ast::ExprPtr AstBuilder::BuildAnd(P::AndExprContext* ctx) {
  std::vector<P::NotExprContext*> parts = ctx->notExpr();
  if (parts.empty()) return ErrorExpr(RangeOf(ctx));
  if (!EnterChain(parts.size(), RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
  ast::ExprPtr e = FoldChain(ctx, parts, file_.id(), [this](P::NotExprContext* x) { return BuildNot(x); },
                   [](size_t) { return ast::BinaryOp::kAnd; }, *this);
  LeaveChain(parts.size());
  return e;
}

ast::ExprPtr AstBuilder::BuildNot(P::NotExprContext* ctx) {
  if (ctx->NOT() != nullptr) {
    if (ctx->notExpr() == nullptr) return ErrorExpr(RangeOf(ctx));
    if (!Enter(RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
    ast::ExprPtr operand = BuildNot(ctx->notExpr());
    --depth_;
    return ast::MakeExpr(RangeOf(ctx), ast::Unary{ast::UnaryOp::kNot, std::move(operand)});
  }
  if (ctx->cmpExpr() == nullptr) return ErrorExpr(RangeOf(ctx));
  return BuildCmp(ctx->cmpExpr());
}

ast::ExprPtr AstBuilder::BuildCmp(P::CmpExprContext* ctx) {
  SourceRange span = RangeOf(ctx);
  const std::vector<P::AddExprContext*> operands = ctx->addExpr();
  if (operands.empty()) return ErrorExpr(span);
  // Which form the tokens after the first operand make (see the grammar).
  if (ctx->compOp() != nullptr) {
    if (operands.size() != 2) return ErrorExpr(span);
    return ast::MakeExpr(span, ast::Binary{CompareOp(ctx->compOp()), BuildAdd(operands[0]),
                                           BuildAdd(operands[1]), RangeOf(ctx->compOp())});
  }
  if (ctx->postOp() != nullptr) {
    if (operands.size() != 2) return ErrorExpr(span);
    ast::BinaryOp op = ctx->postOp()->POST_GE() ? ast::BinaryOp::kGe : ast::BinaryOp::kLe;
    return ast::MakeExpr(span, ast::Binary{op, BuildAdd(operands[0]), BuildAdd(operands[1]),
                                           RangeOf(ctx->postOp())});
  }
  if (ctx->IN() != nullptr || ctx->NOT_IN() != nullptr) {
    if (operands.size() != 2) return ErrorExpr(span);
    bool negated = ctx->NOT_IN() != nullptr || ctx->NOT() != nullptr;
    return ast::MakeExpr(span, ast::InSet{BuildAdd(operands[0]), BuildAdd(operands[1]), negated});
  }
  if (ctx->WITHIN() != nullptr) {
    if (operands.size() != 3) return ErrorExpr(span);
    return ast::MakeExpr(span, ast::Within{BuildAdd(operands[0]), BuildAdd(operands[1]),
                                           BuildAdd(operands[2]), ctx->BEFORE() != nullptr});
  }
  if (ctx->AT() != nullptr) {
    // value 在 anchor 前 duration 以内
    if (operands.size() != 3) return ErrorExpr(span);
    return ast::MakeExpr(span, ast::Within{BuildAdd(operands[0]), BuildAdd(operands[2]),
                                           BuildAdd(operands[1]), ctx->BEFORE() != nullptr});
  }
  if (operands.size() != 1) return ErrorExpr(span);
  return BuildAdd(operands[0]);
}

ast::ExprPtr AstBuilder::BuildAdd(P::AddExprContext* ctx) {
  if (ctx == nullptr) return ErrorExpr(SourceRange{file_.id(), 0, 0});
  std::vector<P::MulExprContext*> parts = ctx->mulExpr();
  if (parts.empty()) return ErrorExpr(RangeOf(ctx));
  if (!EnterChain(parts.size(), RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
  ast::ExprPtr e = FoldChain(ctx, parts, file_.id(), [this](P::MulExprContext* x) { return BuildMul(x); },
                   [](size_t t) { return t == P::PLUS ? ast::BinaryOp::kAdd : ast::BinaryOp::kSub; }, *this);
  LeaveChain(parts.size());
  return e;
}

ast::ExprPtr AstBuilder::BuildMul(P::MulExprContext* ctx) {
  std::vector<P::UnaryExprContext*> parts = ctx->unaryExpr();
  if (parts.empty()) return ErrorExpr(RangeOf(ctx));
  if (!EnterChain(parts.size(), RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
  ast::ExprPtr e = FoldChain(ctx, parts, file_.id(), [this](P::UnaryExprContext* x) { return BuildUnary(x); },
                   [](size_t t) { return t == P::STAR ? ast::BinaryOp::kMul : ast::BinaryOp::kDiv; }, *this);
  LeaveChain(parts.size());
  return e;
}

ast::ExprPtr AstBuilder::BuildUnary(P::UnaryExprContext* ctx) {
  if (ctx->MINUS() != nullptr) {
    if (ctx->unaryExpr() == nullptr) return ErrorExpr(RangeOf(ctx));
    if (!Enter(RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
    ast::ExprPtr operand = BuildUnary(ctx->unaryExpr());
    --depth_;
    return ast::MakeExpr(RangeOf(ctx), ast::Unary{ast::UnaryOp::kNeg, std::move(operand)});
  }
  if (ctx->postfixExpr() == nullptr) return ErrorExpr(RangeOf(ctx));
  return BuildPostfix(ctx->postfixExpr());
}

ast::ExprPtr AstBuilder::BuildPostfix(P::PostfixExprContext* ctx) {
  if (ctx->primary() == nullptr) return ErrorExpr(RangeOf(ctx));
  std::vector<P::ExprContext*> indexes = ctx->expr();
  std::vector<P::NameContext*> names = ctx->name();
  const size_t chain = 1 + indexes.size() + names.size();
  if (!EnterChain(chain, RangeOf(ctx))) return ErrorExpr(RangeOf(ctx));
  ast::ExprPtr acc = BuildPrimary(ctx->primary());
  size_t expr_i = 0, name_i = 0;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (dynamic_cast<P::LbrackContext*>(child) != nullptr && expr_i < indexes.size()) {
      ast::ExprPtr index = BuildExpr(indexes[expr_i]);
      SourceRange span{file_.id(), acc->span.begin, RangeOf(indexes[expr_i]).end + 1};
      ++expr_i;
      acc = ast::MakeExpr(span, ast::Index{std::move(acc), std::move(index)});
    } else if (dynamic_cast<P::NameContext*>(child) != nullptr && name_i < names.size()) {
      P::NameContext* n = names[name_i++];
      SourceRange member_span = RangeOf(n);
      SourceRange span{file_.id(), acc->span.begin, member_span.end};
      acc = ast::MakeExpr(span, ast::Member{std::move(acc), NameText(n), member_span});
    }
  }
  LeaveChain(chain);
  return acc;
}

ast::ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx) {
  SourceRange span = RangeOf(ctx);
  if (auto* x = As<P::NumberLitContext>(ctx)) {
    if (Poisoned(x->NUMBER())) return ErrorExpr(span);
    return ast::MakeExpr(span, NumberValue(x->NUMBER()->getSymbol(), false));
  }
  if (auto* x = As<P::QuantityLitContext>(ctx)) {
    return ast::MakeExpr(span, NumberValue(x->QUANTITY()->getSymbol(), false));
  }
  if (auto* x = As<P::StringLitContext>(ctx)) {
    return ast::MakeExpr(span, ast::StringLit{StringValue(x->STRING()->getSymbol())});
  }
  if (auto* x = As<P::DateLitContext>(ctx)) {
    std::optional<engine::CivilDate> d = DateValue(x->DATE()->getSymbol());
    if (!d) return ErrorExpr(span);
    return ast::MakeExpr(span, ast::DateLit{*d});
  }
  if (auto* x = As<P::BoolLitContext>(ctx)) {
    return ast::MakeExpr(span, ast::BoolLit{x->TRUE() != nullptr});
  }
  if (As<P::RefYearContext>(ctx)) return ast::MakeExpr(span, ast::RefYear{});
  if (As<P::TodayRefContext>(ctx) || As<P::EvalDateRefContext>(ctx)) {
    return ast::MakeExpr(span, ast::EvalDate{});
  }
  if (As<P::WindowRefContext>(ctx)) return ast::MakeExpr(span, ast::PeriodRef{true});
  if (As<P::EffectiveRefContext>(ctx)) return ast::MakeExpr(span, ast::PeriodRef{false});
  if (auto* x = As<P::AggregateContext>(ctx)) {
    ast::Aggregate agg;
    agg.kind = x->COUNT() ? ast::AggKind::kCount
               : x->ANY() ? ast::AggKind::kAny
               : x->ALL() ? ast::AggKind::kAll
                          : ast::AggKind::kSum;
    std::vector<P::NameContext*> names = x->name();
    if (names.empty()) return ErrorExpr(span);
    agg.list = NameText(names[0]);
    agg.list_span = RangeOf(names[0]);
    if (names.size() > 1) {
      agg.field = NameText(names[1]);
      agg.field_span = RangeOf(names[1]);
    }
    if (x->expr()) agg.where = BuildExpr(x->expr());
    return ast::MakeExpr(span, std::move(agg));
  }
  if (auto* x = As<P::TiersContext>(ctx)) {
    ast::Tiers tiers;
    for (P::TierArmContext* arm : x->tierArm()) {
      if (arm->expr().size() != 2) continue;
      tiers.arms.push_back({BuildExpr(arm->expr(0)), BuildExpr(arm->expr(1))});
    }
    if (x->expr()) tiers.otherwise = BuildExpr(x->expr());
    return ast::MakeExpr(span, std::move(tiers));
  }
  if (auto* x = As<P::EligibleCallContext>(ctx)) {
    ast::Call call;
    call.name = "eligible";
    call.name_span = RangeOf(x->ELIGIBLE()->getSymbol());
    if (x->POLICY_ID()) {
      ast::CallArg arg;
      arg.kind = ast::CallArg::Kind::kPolicy;
      arg.policy = x->POLICY_ID()->getText();
      arg.span = RangeOf(x->POLICY_ID()->getSymbol());
      call.args.push_back(std::move(arg));
    }
    return ast::MakeExpr(span, std::move(call));
  }
  if (auto* x = As<P::CallContext>(ctx)) {
    ast::Call call;
    call.name = NameText(x->name());
    call.name_span = RangeOf(x->name());
    for (P::CallArgContext* a : x->callArg()) {
      ast::CallArg arg;
      arg.span = RangeOf(a);
      if (a->POLICY_ID()) {
        arg.kind = ast::CallArg::Kind::kPolicy;
        arg.policy = a->POLICY_ID()->getText();
      } else if (a->YEAR()) {
        arg.kind = ast::CallArg::Kind::kYear;
        arg.expr = BuildExpr(a->expr());
      } else {
        arg.expr = BuildExpr(a->expr());
      }
      call.args.push_back(std::move(arg));
    }
    return ast::MakeExpr(span, std::move(call));
  }
  if (auto* x = As<P::NameRefContext>(ctx)) {
    return ast::MakeExpr(span, ast::NameRef{NameText(x->name())});
  }
  if (auto* x = As<P::ParensContext>(ctx)) {
    ast::ExprPtr inner = BuildExpr(x->expr());
    inner->span = span;
    return inner;
  }
  if (auto* x = As<P::SetLitContext>(ctx)) {
    ast::SetLit set;
    for (P::ExprContext* e : x->expr()) set.items.push_back(BuildExpr(e));
    return ast::MakeExpr(span, std::move(set));
  }
  return ErrorExpr(span);
}

}  // namespace duixian::dsl_internal
