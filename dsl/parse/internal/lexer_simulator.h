// Internal to dsl/parse: the ANTLR lexer's simulator, with its DFA cache
// extended to characters above ASCII.
//
// ANTLR caches the lexer DFA's transitions only for code points 0–127
// (LexerATNSimulator::MAX_DFA_EDGE): every Han character of a policy file
// — keywords, names, clause texts — was matched by simulating the ATN
// again, most of the time of compiling the catalogue. This simulator keeps
// those transitions too, in one map shared by every lexer of the process
// (DFA states are shared the same way and live as long as the process), so
// a character is simulated once per DFA state. Same tokens, found faster.
//
//   PolicyLexerWithWideCharCache lexer(&input);  // a g::PolicyLexer
//
// Thread-safe: the map is guarded, like ANTLR's own DFA.
#ifndef DX_DSL_PARSE_INTERNAL_LEXER_SIMULATOR_H_
#define DX_DSL_PARSE_INTERNAL_LEXER_SIMULATOR_H_

#include "PolicyLexer.h"
#include "antlr4-runtime.h"

namespace duixian::dsl_internal {

// The generated policy lexer with the caching simulator in place of its
// own (which it deletes, as it would have deleted its own).
class PolicyLexerWithWideCharCache : public duixian_grammar::PolicyLexer {
 public:
  explicit PolicyLexerWithWideCharCache(antlr4::CharStream* input);
};

}  // namespace duixian::dsl_internal

#endif  // DX_DSL_PARSE_INTERNAL_LEXER_SIMULATOR_H_
