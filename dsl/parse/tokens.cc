#include "dsl/parse/tokens.h"

#include <string>

#include "PolicyLexer.h"
#include "dsl/parse/internal/lexer_simulator.h"
#include "antlr4-runtime.h"

namespace duixian::dsl {
namespace {

namespace g = duixian_grammar;

TokenKind KindOf(size_t type) {
  switch (type) {
#define DX_TOKEN(name) \
  case g::PolicyLexer::name: return TokenKind::name;
#include "dsl/parse/token_kinds.def"
#undef DX_TOKEN
    default: return TokenKind::ERROR_CHAR;
  }
}

}  // namespace

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
#define DX_TOKEN(name) \
  case TokenKind::name: return #name;
#include "dsl/parse/token_kinds.def"
#undef DX_TOKEN
  }
  return "?";
}

namespace {

template <typename Lexer>
std::vector<Token> Lex(std::string_view text) {
  // ANTLR counts code points; tokens carry byte offsets.
  std::vector<uint32_t> cp_to_byte;
  cp_to_byte.reserve(text.size() + 1);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cp_to_byte.push_back(i);
  }
  cp_to_byte.push_back(static_cast<uint32_t>(text.size()));

  antlr4::ANTLRInputStream input{std::string(text)};
  Lexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Token> out;
  for (auto t = lexer.nextToken(); t->getType() != antlr4::Token::EOF; t = lexer.nextToken()) {
    size_t start = t->getStartIndex(), stop = t->getStopIndex() + 1;
    if (stop >= cp_to_byte.size()) stop = cp_to_byte.size() - 1;
    out.push_back(Token{KindOf(t->getType()), cp_to_byte[start], cp_to_byte[stop]});
  }
  return out;
}

}  // namespace

std::vector<Token> LexTokens(std::string_view text) {
  return Lex<dsl_internal::PolicyLexerWithWideCharCache>(text);
}

std::vector<Token> LexTokensWithAntlrSimulator(std::string_view text) { return Lex<g::PolicyLexer>(text); }

// The list must name every lexer token, in order: a token added to the
// grammar without a line in token_kinds.def fails to compile here.
static_assert(static_cast<size_t>(TokenKind::ERROR_CHAR) + 1 == g::PolicyLexer::ERROR_CHAR);

}  // namespace duixian::dsl
