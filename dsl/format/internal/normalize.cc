#include "dsl/format/internal/normalize.h"

#include "common/source/text_width.h"
#include "dsl/parse/tokens.h"

namespace duixian::dsl_internal {
namespace {

using dsl::TokenKind;

// Whether `text` holds anything this pass could change: the full-width block
// U+FF01–U+FF5E (EF BC xx / EF BD xx) or the quotes “” (E2 80 9C/9D) and
// 【】 (E3 80 90/91). Saves a lexer run on the common, clean file.
bool MayNeedWork(std::string_view text) {
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(text[i]);
    unsigned char b = static_cast<unsigned char>(text[i + 1]);
    unsigned char c = static_cast<unsigned char>(text[i + 2]);
    if (a == 0xEF && (b == 0xBC || b == 0xBD)) return true;
    if (a == 0xE2 && b == 0x80 && (c == 0x9C || c == 0x9D)) return true;
    if (a == 0xE3 && b == 0x80 && (c == 0x90 || c == 0x91)) return true;
  }
  return false;
}

const char* AsciiPunct(TokenKind kind) {
  switch (kind) {
    case TokenKind::FW_LPAREN: return "(";
    case TokenKind::FW_RPAREN: return ")";
    case TokenKind::FW_LBRACK: return "[";
    case TokenKind::FW_RBRACK: return "]";
    case TokenKind::FW_LBRACE: return "{";
    case TokenKind::FW_RBRACE: return "}";
    case TokenKind::FW_COMMA: return ",";
    case TokenKind::FW_COLON: return ":";
    case TokenKind::FW_SEMI: return ";";
    default: return nullptr;
  }
}

// “…” becomes "…" with `"` and `\` escaped, so the string's value is the same.
std::string AsciiQuoted(std::string_view curly) {
  const std::string_view open = "“", close = "”";
  std::string_view inner = curly.substr(open.size(), curly.size() - open.size() - close.size());
  std::string out = "\"";
  for (char c : inner) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// A full-width form of printable ASCII (U+FF01–U+FF5E) as ASCII, except the
// quote and the number sign: those would turn the rest of the line into a
// string or a comment, which is the author's call, not the formatter's.
std::string AsciiOfFullWidth(std::string_view text) {
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (pos != text.size() || cp < 0xFF01 || cp > 0xFF5E || cp == 0xFF02 || cp == 0xFF03) {
    return std::string(text);
  }
  return std::string(1, static_cast<char>(cp - 0xFF01 + 0x21));
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace

std::string NormalizeFullWidth(std::string_view text) {
  if (!MayNeedWork(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (const dsl::Token& t : dsl::LexTokens(text)) {
    std::string_view s = text.substr(t.begin, t.end - t.begin);
    if (const char* ascii = AsciiPunct(t.kind)) {
      out += ascii;
    } else if (t.kind == TokenKind::STRING && s.rfind("“", 0) == 0) {
      out += AsciiQuoted(s);
    } else if (t.kind == TokenKind::QUANTITY) {
      out += ReplaceAll(std::string(s), "％", "%");
    } else if (t.kind == TokenKind::ERROR_CHAR) {
      out += AsciiOfFullWidth(s);
    } else {
      out += s;
    }
  }
  return out;
}

}  // namespace duixian::dsl_internal
