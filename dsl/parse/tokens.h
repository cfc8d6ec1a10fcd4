// The token stream of a policy file, comments and whitespace included, for
// tools that work on the text rather than the AST (the formatter). Token
// kinds mirror dsl/grammar/PolicyLexer.g4; no ANTLR type appears here.
//
//   std::vector<Token> tokens = LexTokens(file.text());
//   for (const Token& t : tokens) if (t.kind == TokenKind::LINE_COMMENT) …
#ifndef DX_DSL_PARSE_TOKENS_H_
#define DX_DSL_PARSE_TOKENS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace duixian::dsl {

enum class TokenKind {
#define DX_TOKEN(name) name,
#include "dsl/parse/token_kinds.def"
#undef DX_TOKEN
};

// The grammar's name of a kind ("HAN_ID").
const char* TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind;
  uint32_t begin = 0;  // byte offsets into the lexed text, [begin, end)
  uint32_t end = 0;
  bool significant() const { return kind != TokenKind::WS && kind != TokenKind::LINE_COMMENT; }
};

// Lexes `text`, which must be valid UTF-8 (check with FindInvalidUtf8
// first). Every byte belongs to exactly one token; no EOF token. Never fails:
// characters the language does not know become ERROR_CHAR tokens.
std::vector<Token> LexTokens(std::string_view text);

// The same tokens from ANTLR's own lexer simulator, without the cache of
// transitions on characters above ASCII that every other lexing uses
// (dsl/parse/internal/lexer_simulator.h): the reference tests and the
// compiler fuzzer hold the cached lexer to.
std::vector<Token> LexTokensWithAntlrSimulator(std::string_view text);

}  // namespace duixian::dsl

#endif  // DX_DSL_PARSE_TOKENS_H_
