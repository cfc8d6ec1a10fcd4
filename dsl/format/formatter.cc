#include "dsl/format/formatter.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/source/text_width.h"
#include "dsl/format/internal/layout.h"
#include "dsl/format/internal/normalize.h"
#include "dsl/parse/parser.h"
#include "dsl/parse/tokens.h"

namespace duixian::dsl {
namespace {

// The first place where two token streams differ in a significant token or
// a comment, as "line N", or "" when they agree.
std::string FirstDifference(std::string_view a, const std::vector<Token>& ta, std::string_view b,
                            const std::vector<Token>& tb) {
  auto kept = [](const std::vector<Token>& ts) {
    std::vector<Token> out;
    for (const Token& t : ts) {
      if (t.kind != TokenKind::WS) out.push_back(t);
    }
    return out;
  };
  std::vector<Token> ka = kept(ta), kb = kept(tb);
  auto text = [](std::string_view s, const Token& t) {
    std::string_view v = s.substr(t.begin, t.end - t.begin);
    if (t.kind == TokenKind::LINE_COMMENT) v = v.substr(0, v.find_last_not_of(" \t") + 1);
    return v;
  };
  for (size_t i = 0; i < ka.size() || i < kb.size(); ++i) {
    if (i >= ka.size() || i >= kb.size() || ka[i].kind != kb[i].kind ||
        text(a, ka[i]) != text(b, kb[i])) {
      uint32_t at = i < ka.size() ? ka[i].begin : static_cast<uint32_t>(a.size());
      size_t line = 1 + static_cast<size_t>(std::count(a.begin(), a.begin() + at, '\n'));
      return absl::StrCat("line ", line);
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<std::string> FormatSource(const std::string& path, std::string_view text,
                                         SourceManager& sources, DiagnosticSink& sink) {
  std::string normalized = FindInvalidUtf8(text) == std::string_view::npos
                               ? dsl_internal::NormalizeFullWidth(text)
                               : std::string(text);
  FileId id = sources.AddBuffer(path, normalized);
  const SourceFile& file = sources.file(id);
  DiagnosticSink syntax;
  ParseFile(file, path, syntax);
  if (syntax.error_count() > 0) {
    for (const Diagnostic& d : syntax.diagnostics()) sink.Add(d);
    return absl::FailedPreconditionError(absl::StrCat(path, " has syntax errors; not formatted"));
  }
  std::vector<Token> tokens = LexTokens(file.text());
  std::string out = dsl_internal::LayOut(file.text(), tokens);
  std::string diff = FirstDifference(file.text(), tokens, out, LexTokens(out));
  if (!diff.empty()) {
    return absl::InternalError(absl::StrCat(
        path, ": formatting would change the tokens at ", diff, "; file left unchanged"));
  }
  return out;
}

}  // namespace duixian::dsl
