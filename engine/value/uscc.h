// The unified social credit code (统一社会信用代码, GB 32100-2015).
#ifndef DX_ENGINE_VALUE_USCC_H_
#define DX_ENGINE_VALUE_USCC_H_

#include <string>
#include <string_view>

namespace duixian::engine {

// Empty string when `code` is a valid 18-character USCC (charset
// 0-9A-Z without I O S V Z, positions 3–8 digits, check character per the
// standard's weights). Otherwise a short English reason naming what is wrong,
// e.g. "check character is 'M', expected '9'" or "character 'I' at position 5
// is not allowed".
std::string UsccProblem(std::string_view code);

// Chinese wording of the same reason (for messages shown to officers).
std::string UsccProblemZh(std::string_view code);

// The check character the first 17 characters call for; '\0' if they contain
// a character outside the charset.
char UsccCheckChar(std::string_view first17);

}  // namespace duixian::engine

#endif  // DX_ENGINE_VALUE_USCC_H_
