// Rewrites the full-width forms an input method types into the ASCII the
// language wants: full-width brackets, comma, colon and semicolon, “…”
// quotes (re-escaped as "…"), ％ after a number, and full-width letters,
// digits and operators that the lexer rejects (２０００万元, ＞＝). Text inside
// strings and comments is never touched; line breaks never move.
#ifndef DX_DSL_FORMAT_INTERNAL_NORMALIZE_H_
#define DX_DSL_FORMAT_INTERNAL_NORMALIZE_H_

#include <string>
#include <string_view>

namespace duixian::dsl_internal {

// `text` must be valid UTF-8.
std::string NormalizeFullWidth(std::string_view text);

}  // namespace duixian::dsl_internal

#endif  // DX_DSL_FORMAT_INTERNAL_NORMALIZE_H_
