// Lays out the token stream of a policy file in the canonical form: item and
// block structure fixed, spacing between tokens fixed, line breaks inside
// expressions and test data kept where the author put them. The rules are
// listed in docs/design.md ("Formatter").
#ifndef DX_DSL_FORMAT_INTERNAL_LAYOUT_H_
#define DX_DSL_FORMAT_INTERNAL_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "dsl/parse/tokens.h"

namespace duixian::dsl_internal {

// `tokens` are LexTokens(text) of a file that parses without errors; the
// result holds the same significant tokens and comments in the same order.
std::string LayOut(std::string_view text, const std::vector<dsl::Token>& tokens);

}  // namespace duixian::dsl_internal

#endif  // DX_DSL_FORMAT_INTERNAL_LAYOUT_H_
