// Parses one policy file into the AST. Syntax problems become diagnostics in
// the sink; the returned AST holds whatever could be recovered.
//
//   DiagnosticSink sink;
//   ParseResult r = ParseFile(sources.file(id), "kj/rd-post-subsidy", sink);
//
// No ANTLR type appears in this header.
#ifndef DX_DSL_PARSE_PARSER_H_
#define DX_DSL_PARSE_PARSER_H_

#include <string>

#include "common/diag/diagnostic.h"
#include "common/source/source_manager.h"
#include "dsl/ast/ast.h"

namespace duixian::dsl {

struct ParseResult {
  ast::PolicyFile file;
  // The significant tokens (no whitespace, no comments), one per line as
  // "type\ttext". Hashing it gives a digest that changes with any rule,
  // number or text and not with layout or comments.
  std::string canonical_tokens;
};

// Nesting deeper than this is reported (E0108) instead of recursing further.
inline constexpr int kMaxExprDepth = 64;
// After this many syntax errors the rest of the file is skipped (E0109).
inline constexpr int kMaxSyntaxErrors = 20;

// How deep an expression may be; past a limit the parser reports E0108 with
// the limit instead of recursing on (hostile input must not exhaust the
// stack of the parser, the elaborator or a destructor).
struct ParseLimits {
  // Brackets, prefix operators in a row (`非 非 …`), `if` nested in an
  // `if`: checked on the tokens, before the recursive-descent parser runs.
  int max_nesting = kMaxExprDepth;
  // The expression tree, operator chains included: `a 且 b 且 c` is two
  // levels deep (left-folded).
  int max_tree_depth = 8 * kMaxExprDepth;
};

ParseResult ParseFile(const SourceFile& file, std::string module, DiagnosticSink& sink,
                      const ParseLimits& limits = {});

}  // namespace duixian::dsl

#endif  // DX_DSL_PARSE_PARSER_H_
