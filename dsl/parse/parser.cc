#include "dsl/parse/parser.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "PolicyLexer.h"
#include "PolicyParser.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "antlr4-runtime.h"
#include "common/source/text_width.h"
#include "dsl/parse/internal/ast_builder.h"
#include "dsl/parse/internal/lexer_simulator.h"

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
    case g::PolicyLexer::SEMI: case g::PolicyLexer::FW_SEMI: return {"`;`", "`;`"};
    case g::PolicyLexer::RANGE: return {"`..`", "`..`"};
    case g::PolicyLexer::CLAUSE: return {"`clause`", "`条件`"};
    case g::PolicyLexer::POLICY: return {"`policy`", "`政策`"};
    case g::PolicyLexer::DEFINE: return {"`define`", "`定义`"};
    case antlr4::Token::EOF: return {"the end of the file", "文件结尾"};
    default: break;
  }
  return {};
}

struct Bracket {
  size_t open, fw_open, close, fw_close;
  const char* ascii_close;
};

constexpr Bracket kBrackets[] = {
    {g::PolicyLexer::LPAREN, g::PolicyLexer::FW_LPAREN, g::PolicyLexer::RPAREN,
     g::PolicyLexer::FW_RPAREN, ")"},
    {g::PolicyLexer::LBRACK, g::PolicyLexer::FW_LBRACK, g::PolicyLexer::RBRACK,
     g::PolicyLexer::FW_RBRACK, "]"},
    {g::PolicyLexer::LBRACE, g::PolicyLexer::FW_LBRACE, g::PolicyLexer::RBRACE,
     g::PolicyLexer::FW_RBRACE, "}"},
};

const Bracket* OpenerOf(size_t type) {
  for (const Bracket& b : kBrackets) {
    if (type == b.open || type == b.fw_open) return &b;
  }
  return nullptr;
}

const Bracket* CloserOf(size_t type) {
  for (const Bracket& b : kBrackets) {
    if (type == b.close || type == b.fw_close) return &b;
  }
  return nullptr;
}

// Keywords that can only begin a declaration or a policy item, never
// continue an expression.
bool StartsDeclaration(size_t type) {
  switch (type) {
    case g::PolicyLexer::IMPORT: case g::PolicyLexer::POLICY: case g::PolicyLexer::DEFINE:
    case g::PolicyLexer::DEPARTMENT: case g::PolicyLexer::BASIS: case g::PolicyLexer::REFERENCE:
    case g::PolicyLexer::TAGS: case g::PolicyLexer::EXCLUSIVE: case g::PolicyLexer::ASSUMED:
    case g::PolicyLexer::CLAUSE: case g::PolicyLexer::UNLESS: case g::PolicyLexer::REQUIRES:
    case g::PolicyLexer::BENEFIT: case g::PolicyLexer::TEST: case g::PolicyLexer::GIVEN:
    case g::PolicyLexer::EXPECT:
      return true;
    default:
      return false;
  }
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
    // Error recovery can report the same token twice; one problem, one diagnostic.
    if (last_range_ && *last_range_ == range) return;
    last_range_ = range;
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
      if (ReportUnclosed(parser, offending, type, range)) return;
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
    sink_.Add(std::move(d));
  }

 private:
  // A bracket left open: the file ends, a different closer comes, or a new
  // declaration starts inside `(` or `[`. Reported as E0105 at the point
  // where the closer is missing, with the opener labelled.
  bool ReportUnclosed(antlr4::Parser* parser, antlr4::Token* offending, size_t type,
                      SourceRange range) {
    std::vector<std::pair<const Bracket*, antlr4::Token*>> stack;
    antlr4::TokenStream* stream = parser->getTokenStream();
    size_t end = offending != nullptr ? offending->getTokenIndex() : stream->size();
    for (size_t i = 0; i < end && i < stream->size(); ++i) {
      antlr4::Token* t = stream->get(i);
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      if (const Bracket* b = OpenerOf(t->getType())) {
        stack.emplace_back(b, t);
      } else if (const Bracket* b = CloserOf(t->getType())) {
        auto match = std::find_if(stack.rbegin(), stack.rend(),
                                  [&](const auto& entry) { return entry.first == b; });
        if (match != stack.rend()) stack.erase(std::prev(match.base()), stack.end());
      }
    }
    if (stack.empty()) return false;
    const Bracket* open = stack.back().first;
    antlr4::Token* opener = stack.back().second;
    // A closer that matches an outer opener leaves the inner one unclosed; a
    // closer matching nothing is merely stray.
    const Bracket* closer = CloserOf(type);
    bool closes_outer = closer != nullptr && closer != open &&
                        std::any_of(stack.begin(), stack.end(),
                                    [&](const auto& entry) { return entry.first == closer; });
    bool missing = type == antlr4::Token::EOF || closes_outer ||
                   (open->close != g::PolicyLexer::RBRACE && StartsDeclaration(type));
    if (!missing) return false;
    const std::string line = std::to_string(opener->getLine());
    const std::string text = opener->getText();
    DiagArgs args = {{"closer", open->ascii_close}};
    if (open->close == g::PolicyLexer::RBRACE) {
      args.push_back({"what", absl::StrCat("the block opened on line ", line)});
      args.push_back({"what_zh", absl::StrCat("第 ", line, " 行开始的代码块")});
    } else {
      args.push_back({"what", absl::StrCat("the `", text, "` opened on line ", line)});
      args.push_back({"what_zh", absl::StrCat("第 ", line, " 行开始的 `", text, "`")});
    }
    sink_.Report(DiagCode::kE0105, range, args)
        .Label(builder_.RangeOf(opener), {absl::StrCat("this `", text, "` is not closed"),
                                          absl::StrCat("这个 `", text, "` 没有闭合")})
        .Emit();
    return true;
  }

  const AstBuilder& builder_;
  DiagnosticSink& sink_;
  std::optional<SourceRange> last_range_;
  int count_ = 0;
  bool limit_reported_ = false;
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
      sink.Report(DiagCode::kE0104, r,
                  {{"char", absl::StrCat("`", t->getText(), "`")}, {"ascii", fw.ascii}})
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

// An unknown unit lexes as a number glued to a Han name (`3公里`). Each is
// reported once (E0106); the name is moved off the parser's channel and the
// number is poisoned, so neither a syntax error nor a unit mismatch follows.
void ReportUnknownUnits(const std::vector<antlr4::Token*>& tokens, AstBuilder& builder,
                        DiagnosticSink& sink) {
  // A keyword glued to a name after a number (`2024且非严重失信`) is not a unit.
  constexpr const char* kNotUnits[] = {"且", "并且", "或", "非", "不"};
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    antlr4::Token* number = tokens[i];
    antlr4::Token* unit = tokens[i + 1];
    if (number->getType() != g::PolicyLexer::NUMBER || unit->getType() != g::PolicyLexer::HAN_ID ||
        number->getStopIndex() + 1 != unit->getStartIndex()) {
      continue;
    }
    const std::string text = unit->getText();
    bool keyword = false;
    for (const char* k : kNotUnits) keyword = keyword || text.rfind(k, 0) == 0;
    if (keyword) continue;
    sink.Report(DiagCode::kE0106, builder.RangeOf(unit), {{"unit", text}})
        .PrimaryLabel({"not a unit", "不是单位"})
        .Help({"units are 元 万元 亿元 % ‰ 人 名 项 件 个 家 年 个月 天 工作日",
               "可用的单位：元 万元 亿元 % ‰ 人 名 项 件 个 家 年 个月 天 工作日"})
        .Emit();
    if (auto* writable = dynamic_cast<antlr4::WritableToken*>(unit)) {
      writable->setChannel(antlr4::Token::HIDDEN_CHANNEL);
    }
    builder.PoisonNumber(number->getTokenIndex());
  }
}

// Nesting of brackets, runs of prefix operators and `if` inside `if`,
// checked before parsing so deeply nested input cannot exhaust the
// recursive-descent parser's stack.
bool NestingWithinLimit(const std::vector<antlr4::Token*>& tokens, const AstBuilder& builder,
                        int limit, DiagnosticSink& sink) {
  int depth = 0;
  int prefix_run = 0;
  // Whether each open bracket counts: the block of a policy or a test (a
  // brace right after its quoted title) and a test's `given {` are
  // structure, not nesting.
  std::vector<bool> counted;
  // `if` has no closing token: an `if` counts as a level until the bracket
  // it stands in closes or a new clause, arm or declaration begins.
  std::vector<int> ifs = {0};
  size_t previous = antlr4::Token::INVALID_TYPE;
  for (antlr4::Token* t : tokens) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    size_t type = t->getType();
    bool prefix = type == g::PolicyLexer::NOT || type == g::PolicyLexer::MINUS;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (const Bracket* b = OpenerOf(type)) {
      bool block = b->close == g::PolicyLexer::RBRACE &&
                   (previous == g::PolicyLexer::STRING || previous == g::PolicyLexer::GIVEN);
      counted.push_back(!block);
      ifs.push_back(0);
      if (!block) ++depth;
    } else if (CloserOf(type) != nullptr && !counted.empty()) {
      if (counted.back()) --depth;
      counted.pop_back();
      depth -= ifs.back();
      ifs.pop_back();
    } else if (type == g::PolicyLexer::IF) {
      ++ifs.back();
      ++depth;
    } else if (StartsDeclaration(type) || type == g::PolicyLexer::WHEN) {
      depth -= ifs.back();
      ifs.back() = 0;
    }
    previous = type;
    if (depth > limit || prefix_run > limit) {
      sink.Report(DiagCode::kE0108, builder.RangeOf(t), {{"limit", std::to_string(limit)}}).Emit();
      return false;
    }
  }
  return true;
}

}  // namespace

ParseResult ParseFile(const SourceFile& file, std::string module, DiagnosticSink& sink,
                      const ParseLimits& limits) {
  ParseResult result;
  result.file.file = file.id();
  result.file.module = module;
  // The ANTLR runtime converts input to UTF-32 and throws on bad bytes.
  size_t bad = FindInvalidUtf8(file.text());
  if (bad != std::string_view::npos) {
    uint32_t at = static_cast<uint32_t>(bad);
    sink.Report(DiagCode::kE0103, SourceRange{file.id(), at, at + 1},
                {{"char", "(invalid UTF-8)"}, {"char_zh", "（无效的 UTF-8 字节）"}})
        .Note({"policy files must be UTF-8 text", "政策文件必须是 UTF-8 编码的文本"})
        .Emit();
    return result;
  }
  AstBuilder builder(file, sink, limits.max_tree_depth);
  try {
    antlr4::ANTLRInputStream input(std::string(file.text()));
    dsl_internal::PolicyLexerWithWideCharCache lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();

    std::vector<antlr4::Token*> all = tokens.getTokens();
    for (antlr4::Token* t : all) {
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL ||
          t->getType() == antlr4::Token::EOF) {
        continue;
      }
      // `3％` and `3%` are one quantity; `duixian fmt` writes the latter.
      std::string text = t->getText();
      if (t->getType() == g::PolicyLexer::QUANTITY) text = absl::StrReplaceAll(text, {{"％", "%"}});
      absl::StrAppend(&result.canonical_tokens, t->getType(), "\t", text, "\n");
    }
    ReportFullWidth(all, builder, sink);
    ReportUnknownUnits(all, builder, sink);
    if (!NestingWithinLimit(all, builder, limits.max_nesting, sink)) return result;

    // Two-stage parsing (the ANTLR book's advice): the fast SLL mode with
    // bail-out first; only input that fails it is parsed again in full LL
    // mode, with error recovery and our diagnostics.
    g::PolicyParser parser(&tokens);
    parser.removeErrorListeners();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    g::PolicyParser::FileContext* tree = nullptr;
    try {
      tree = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    ErrorListener listener(builder, sink);
    if (tree == nullptr) {
      parser.reset();
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.addErrorListener(&listener);
      tree = parser.file();
    }
    result.file = builder.BuildFile(tree, std::move(module));
  } catch (const std::exception& e) {
    // The ANTLR runtime may throw on pathological input; report, never crash.
    sink.Report(DiagCode::kE0109, SourceRange{file.id(), 0, 0}).Note({e.what(), e.what()}).Emit();
  }
  return result;
}

}  // namespace duixian::dsl
