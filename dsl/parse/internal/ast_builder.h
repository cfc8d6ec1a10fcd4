// Turns the ANTLR parse tree of one file into the hand-written AST, converting
// code-point token positions to byte ranges and reporting what the grammar
// accepts but the language does not (full-width punctuation, bad dates, units).
#ifndef DX_DSL_PARSE_INTERNAL_AST_BUILDER_H_
#define DX_DSL_PARSE_INTERNAL_AST_BUILDER_H_

#include <string>
#include <vector>

#include "PolicyParser.h"
#include "absl/container/flat_hash_set.h"
#include "common/diag/diagnostic.h"
#include "common/source/source_manager.h"
#include "dsl/ast/ast.h"

namespace duixian::dsl_internal {

namespace g = duixian_grammar;
namespace ast = ::duixian::dsl::ast;

// The parser checks nesting before it runs (dsl::kMaxExprDepth brackets, as
// many prefix operators or nested `if` in a row); the builder bounds the
// depth of the tree it builds, operator chains included (`a 且 b 且 …` is a
// left-deep tree as deep as it is long), so that no later recursive walk —
// the elaborator, the destructor — can exhaust the stack.
inline constexpr int kMaxDepth = 8 * 64;

class AstBuilder {
 public:
  AstBuilder(const SourceFile& file, DiagnosticSink& sink, int max_depth = kMaxDepth);

  ast::PolicyFile BuildFile(g::PolicyParser::FileContext* ctx, std::string module);

  // Byte range of a token / a rule context.
  SourceRange RangeOf(antlr4::Token* token) const;
  SourceRange RangeOf(antlr4::ParserRuleContext* ctx) const;
  uint32_t ByteOffset(size_t code_point_index) const;

  // The number token at `token_index` carries an unknown unit, already
  // reported: it becomes an error expression (or a skipped test value).
  void PoisonNumber(size_t token_index) { poisoned_numbers_.insert(token_index); }

 private:
  ast::DefineDecl BuildDefine(g::PolicyParser::DefineDeclContext* ctx);
  ast::PolicyDecl BuildPolicy(g::PolicyParser::PolicyDeclContext* ctx);
  void BuildPolicyItem(g::PolicyParser::PolicyItemContext* ctx, ast::PolicyDecl& policy);
  std::optional<ast::Period> BuildPeriod(g::PolicyParser::PeriodContext* ctx);
  ast::TestDecl BuildTest(g::PolicyParser::TestDeclContext* ctx);
  ast::DataValue BuildValue(g::PolicyParser::ValueContext* ctx);
  ast::DataValue BuildObject(g::PolicyParser::ObjectContext* ctx);

  ast::ExprPtr BuildExpr(g::PolicyParser::ExprContext* ctx);
  ast::ExprPtr BuildOr(g::PolicyParser::OrExprContext* ctx);
  ast::ExprPtr BuildAnd(g::PolicyParser::AndExprContext* ctx);
  ast::ExprPtr BuildNot(g::PolicyParser::NotExprContext* ctx);
  ast::ExprPtr BuildCmp(g::PolicyParser::CmpExprContext* ctx);
  ast::ExprPtr BuildAdd(g::PolicyParser::AddExprContext* ctx);
  ast::ExprPtr BuildMul(g::PolicyParser::MulExprContext* ctx);
  ast::ExprPtr BuildUnary(g::PolicyParser::UnaryExprContext* ctx);
  ast::ExprPtr BuildPostfix(g::PolicyParser::PostfixExprContext* ctx);
  ast::ExprPtr BuildPrimary(g::PolicyParser::PrimaryContext* ctx);
  ast::ExprPtr ErrorExpr(SourceRange span);
  // Enters one level of expression nesting; false (reported once) past max_depth_.
  bool Enter(SourceRange span);
  // Enters the levels a left-folded chain of `operands` adds.
  bool EnterChain(size_t operands, SourceRange span);
  void LeaveChain(size_t operands) { depth_ -= static_cast<int>(operands) - 1; }
  // A number (or test value) whose unit was unknown (see PoisonNumber).
  bool Poisoned(antlr4::tree::TerminalNode* number) const;
  bool PoisonedValue(g::PolicyParser::ValueContext* value) const;

  std::string NameText(g::PolicyParser::NameContext* ctx);
  std::string StringValue(antlr4::Token* token);
  std::optional<engine::CivilDate> DateValue(antlr4::Token* token);
  ast::NumberLit NumberValue(antlr4::Token* token, bool negate);
  // Reports full-width punctuation inside `ctx` (E0104 with a fix-it).
  void CheckPunct(antlr4::ParserRuleContext* ctx);

  const SourceFile& file_;
  DiagnosticSink& sink_;
  std::vector<uint32_t> cp_to_byte_;
  absl::flat_hash_set<size_t> poisoned_numbers_;
  int max_depth_;
  int depth_ = 0;
  bool depth_reported_ = false;
};

}  // namespace duixian::dsl_internal

#endif  // DX_DSL_PARSE_INTERNAL_AST_BUILDER_H_
