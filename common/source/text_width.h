// Terminal display width of text, for aligning carets under CJK source.
// East Asian Wide/Fullwidth count 2, Ambiguous counts 1 (or 2 when
// `ambiguous_wide`), combining marks / ZWJ / variation selectors count 0.
#ifndef DX_COMMON_SOURCE_TEXT_WIDTH_H_
#define DX_COMMON_SOURCE_TEXT_WIDTH_H_

#include <cstdint>
#include <string_view>

namespace duixian {

// Decodes one UTF-8 code point starting at text[*pos] and advances *pos.
// Invalid bytes decode as U+FFFD and advance by one byte.
char32_t DecodeUtf8(std::string_view text, size_t* pos);

// Width of one code point in terminal cells (0, 1 or 2). Control characters
// return 0 here; the renderer prints them as <U+XXXX>.
int CodePointWidth(char32_t cp, bool ambiguous_wide = false);

// Sum of code-point widths of `text`; tabs advance to the next multiple of
// `tab_width` counting from `start_column` (0-based).
int DisplayWidth(std::string_view text, bool ambiguous_wide = false,
                 int tab_width = 4, int start_column = 0);

// Number of code points in `text`.
uint32_t CodePointCount(std::string_view text);

}  // namespace duixian

#endif  // DX_COMMON_SOURCE_TEXT_WIDTH_H_
