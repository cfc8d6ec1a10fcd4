#include "dsl/parse/parser.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "PolicyLexer.h"
#include "PolicyParser.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "antlr4-runtime.h"
#include "common/source/text_width.h"
#include "dsl/parse/internal/ast_builder.h"

namespace duixian::dsl {
namespace {

namespace g = duixian_grammar;
using dsl_internal::AstBuilder;

// How a token kind is named to policy authors, in both languages.
LocalizedText TokenPhrase(size_t type) {
  switch (type) {
    case g::PolicyLexer::STRING: return {"a quoted text", "带引号的文字"};
    case g::PolicyLexer::ASCII_ID:
    case g::PolicyLexer::HAN_ID: return {"a name", "名称"};
    case g::PolicyLexer::NUMBER: return {"a number", "数字"};
    case g::PolicyLexer::QUANTITY: return {"an amount with a unit", "带单位的数"};
    case g::PolicyLexer::DATE: return {"a date", "日期"};
    case g::PolicyLexer::POLICY_ID: return {"a policy id", "政策编号"};
    case g::PolicyLexer::LBRACE: case g::PolicyLexer::FW_LBRACE: return {"`{`", "`{`"};
    case g::PolicyLexer::RBRACE: case g::PolicyLexer::FW_RBRACE: return {"`}`", "`}`"};
    case g::PolicyLexer::LPAREN: case g::PolicyLexer::FW_LPAREN: return {"`(`", "`(`"};
    case g::PolicyLexer::RPAREN: case g::PolicyLexer::FW_RPAREN: return {"`)`", "`)`"};
    case g::PolicyLexer::LBRACK: case g::PolicyLexer::FW_LBRACK: return {"`[`", "`[`"};
    case g::PolicyLexer::RBRACK: case g::PolicyLexer::FW_RBRACK: return {"`]`", "`]`"};
    case g::PolicyLexer::COLON: case g::PolicyLexer::FW_COLON: return {"`:`", "`:`"};
    case g::PolicyLexer::COMMA: case g::PolicyLexer::FW_COMMA: return {"`,`", "`,`"};
    case g::PolicyLexer::RANGE: return {"`..`", "`..`"};
    case g::PolicyLexer::CLAUSE: return {"`clause`", "`条件`"};
    case g::PolicyLexer::POLICY: return {"`policy`", "`政策`"};
    case g::PolicyLexer::DEFINE: return {"`define`", "`定义`"};
    case antlr4::Token::EOF: return {"the end of the file", "文件结尾"};
    default: break;
  }
  return {};
}

std::string Describe(antlr4::Token* token, bool zh) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) {
    return zh ? "文件结尾" : "the end of the file";
  }
  return absl::StrCat("`", token->getText(), "`");
}

// Collects syntax errors as diagnostics instead of printing them.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const AstBuilder& builder, DiagnosticSink& sink) : builder_(builder), sink_(sink) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (count_++ >= kMaxSyntaxErrors) {
      if (!limit_reported_) {
        limit_reported_ = true;
        sink_.Report(DiagCode::kE0109, builder_.RangeOf(offending)).Emit();
      }
      return;
    }
    SourceRange range = builder_.RangeOf(offending);
    size_t type = offending ? offending->getType() : antlr4::Token::EOF;
    if (type == g::PolicyLexer::UNTERMINATED_STRING) {
      sink_.Report(DiagCode::kE0102, range)
          .Help({"add the closing `\"` before the end of the line", "在行尾之前补上 `\"`"})
          .Emit();
      return;
    }
    if (type == g::PolicyLexer::ERROR_CHAR) {
      sink_.Report(DiagCode::kE0103, range, {{"char", Describe(offending, false)}}).Emit();
      return;
    }
    // Expected tokens, named in the author's words.
    std::vector<std::string> en, zh;
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
      antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
      for (ssize_t t : expected.toList()) {
        LocalizedText phrase = TokenPhrase(static_cast<size_t>(t));
        if (phrase.en.empty()) {
          std::string lit = parser->getVocabulary().getLiteralName(t);
          if (lit.empty()) continue;
          phrase = {absl::StrCat("`", lit.substr(1, lit.size() - 2), "`"),
                    absl::StrCat("`", lit.substr(1, lit.size() - 2), "`")};
        }
        if (std::find(en.begin(), en.end(), phrase.en) == en.end()) {
          en.push_back(phrase.en);
          zh.push_back(phrase.zh);
        }
      }
      bool wants_rbrace = expected.contains(static_cast<ssize_t>(g::PolicyLexer::RBRACE));
      if (type == antlr4::Token::EOF && wants_rbrace) {
        sink_.Report(DiagCode::kE0105, range, {{"closer", "}"}, {"what", "this block"}})
            .Emit();
        return;
      }
    }
    if (en.size() > 6 || en.empty()) {
      en = {"something else"};
      zh = {"其他内容"};
    }
    Diagnostic d;
    d.code = DiagCode::kE0101;
    d.severity = Severity::kError;
    d.primary = range;
    d.message = FormatMessage(
        DiagCode::kE0101,
        {{"found", Describe(offending, false)}, {"expected", absl::StrJoin(en, ", ")}});
    LocalizedText zh_msg = FormatMessage(
        DiagCode::kE0101,
        {{"found", Describe(offending, true)}, {"expected", absl::StrJoin(zh, "、")}});
    d.message.zh = zh_msg.zh;
    // An unknown unit lexes as a number followed by a name: say so.
    if (type == g::PolicyLexer::HAN_ID && previous_number_) {
      sink_.Report(DiagCode::kE0106, range, {{"unit", offending->getText()}})
          .Help({"units are 元 万元 亿元 % 人 项 件 个 年 个月 天 工作日",
                 "可用的单位：元 万元 亿元 % 人 项 件 个 年 个月 天 工作日"})
          .Emit();
      return;
    }
    sink_.Add(std::move(d));
  }

  void set_previous_number(bool v) { previous_number_ = v; }

 private:
  const AstBuilder& builder_;
  DiagnosticSink& sink_;
  int count_ = 0;
  bool limit_reported_ = false;
  bool previous_number_ = false;
};

// Tells the error listener whether the token before the offending one was a
// bare number (so `3公里` reads as an unknown unit, not a syntax error).
class UnitAwareStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit UnitAwareStrategy(ErrorListener* listener) : listener_(listener) {}
  void reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) override {
    antlr4::Token* t = e.getOffendingToken();
    bool prev_number = false;
    if (t != nullptr && t->getTokenIndex() > 0) {
      auto* stream = recognizer->getTokenStream();
      for (ssize_t i = static_cast<ssize_t>(t->getTokenIndex()) - 1; i >= 0; --i) {
        antlr4::Token* p = stream->get(static_cast<size_t>(i));
        if (p->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
          if (p->getType() == g::PolicyLexer::WS) break;  // a space: not a unit
          continue;
        }
        prev_number = p->getType() == g::PolicyLexer::NUMBER;
        break;
      }
    }
    listener_->set_previous_number(prev_number);
    antlr4::DefaultErrorStrategy::reportError(recognizer, e);
    listener_->set_previous_number(false);
  }

 private:
  ErrorListener* listener_;
};

struct FullWidth {
  size_t type;
  const char* ascii;
};

constexpr FullWidth kFullWidth[] = {
    {g::PolicyLexer::FW_LPAREN, "("}, {g::PolicyLexer::FW_RPAREN, ")"},
    {g::PolicyLexer::FW_LBRACK, "["}, {g::PolicyLexer::FW_RBRACK, "]"},
    {g::PolicyLexer::FW_LBRACE, "{"}, {g::PolicyLexer::FW_RBRACE, "}"},
    {g::PolicyLexer::FW_COMMA, ","},  {g::PolicyLexer::FW_COLON, ":"},
    {g::PolicyLexer::FW_SEMI, ";"},
};

void ReportFullWidth(const std::vector<antlr4::Token*>& tokens, const AstBuilder& builder,
                     DiagnosticSink& sink) {
  for (antlr4::Token* t : tokens) {
    for (const FullWidth& fw : kFullWidth) {
      if (t->getType() != fw.type) continue;
      SourceRange r = builder.RangeOf(t);
      sink.Report(DiagCode::kE0104, r, {{"char", absl::StrCat("`", t->getText(), "`")}, {"ascii", fw.ascii}})
          .PrimaryLabel({"full-width", "全角"})
          .Help({"`duixian fmt` turns full-width punctuation into half-width",
                 "`duixian fmt` 会把全角标点改成半角"})
          .Fix(r, fw.ascii)
          .Emit();
    }
    if (t->getType() == g::PolicyLexer::STRING && t->getText().rfind("“", 0) == 0) {
      SourceRange r = builder.RangeOf(t);
      const uint32_t quote_bytes = 3;  // “ and ” are three bytes each in UTF-8
      SourceRange open{r.file, r.begin, r.begin + quote_bytes};
      SourceRange close{r.file, r.end - quote_bytes, r.end};
      sink.Report(DiagCode::kE0104, open, {{"char", "`“`"}, {"ascii", "\""}})
          .PrimaryLabel({"full-width quotes", "全角引号"})
          .Fix(open, "\"")
          .Fix(close, "\"")
          .Emit();
    }
  }
}

// Nesting of brackets and runs of prefix operators, checked before parsing
// so deeply nested input cannot exhaust the recursive-descent parser's stack.
bool NestingWithinLimit(const std::vector<antlr4::Token*>& tokens, const AstBuilder& builder,
                        DiagnosticSink& sink) {
  int depth = 0;
  int prefix_run = 0;
  for (antlr4::Token* t : tokens) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    size_t type = t->getType();
    bool opens = type == g::PolicyLexer::LPAREN || type == g::PolicyLexer::FW_LPAREN ||
                 type == g::PolicyLexer::LBRACK || type == g::PolicyLexer::FW_LBRACK ||
                 type == g::PolicyLexer::LBRACE || type == g::PolicyLexer::FW_LBRACE;
    bool closes = type == g::PolicyLexer::RPAREN || type == g::PolicyLexer::FW_RPAREN ||
                  type == g::PolicyLexer::RBRACK || type == g::PolicyLexer::FW_RBRACK ||
                  type == g::PolicyLexer::RBRACE || type == g::PolicyLexer::FW_RBRACE;
    bool prefix = type == g::PolicyLexer::NOT || type == g::PolicyLexer::MINUS;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (opens) ++depth;
    if (closes) depth = std::max(0, depth - 1);
    if (depth > kMaxExprDepth || prefix_run > kMaxExprDepth) {
      sink.Report(DiagCode::kE0108, builder.RangeOf(t),
                  {{"limit", std::to_string(kMaxExprDepth)}})
          .Emit();
      return false;
    }
  }
  return true;
}

}  // namespace

ParseResult ParseFile(const SourceFile& file, std::string module, DiagnosticSink& sink) {
  ParseResult result;
  result.file.file = file.id();
  result.file.module = module;
  // The ANTLR runtime converts input to UTF-32 and throws on bad bytes.
  size_t bad = FindInvalidUtf8(file.text());
  if (bad != std::string_view::npos) {
    uint32_t at = static_cast<uint32_t>(bad);
    sink.Report(DiagCode::kE0103, SourceRange{file.id(), at, at + 1}, {{"char", "(invalid UTF-8)"}})
        .Note({"policy files must be UTF-8 text", "政策文件必须是 UTF-8 编码的文本"})
        .Emit();
    return result;
  }
  AstBuilder builder(file, sink);
  try {
    antlr4::ANTLRInputStream input(std::string(file.text()));
    g::PolicyLexer lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();

    std::vector<antlr4::Token*> all = tokens.getTokens();
    for (antlr4::Token* t : all) {
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL ||
          t->getType() == antlr4::Token::EOF) {
        continue;
      }
      absl::StrAppend(&result.canonical_tokens, t->getType(), "\t", t->getText(), "\n");
    }
    ReportFullWidth(all, builder, sink);
    if (!NestingWithinLimit(all, builder, sink)) return result;

    g::PolicyParser parser(&tokens);
    parser.removeErrorListeners();
    ErrorListener listener(builder, sink);
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<UnitAwareStrategy>(&listener));
    g::PolicyParser::FileContext* tree = parser.file();
    result.file = builder.BuildFile(tree, std::move(module));
  } catch (const std::exception& e) {
    // The ANTLR runtime may throw on pathological input; report, never crash.
    sink.Report(DiagCode::kE0109, SourceRange{file.id(), 0, 0}).Note({e.what(), e.what()}).Emit();
  }
  return result;
}

}  // namespace duixian::dsl
