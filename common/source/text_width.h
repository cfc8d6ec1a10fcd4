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

// Tabs advance to the next multiple of this many columns, in diagnostics
// and in the columns the source manager reports alike.
constexpr int kTabWidth = 4;

// C0 and C1 control characters and DEL.
bool IsControl(char32_t cp);

// Width of one code point in terminal cells (0, 1 or 2). Control characters
// return 0 here; the renderer prints them as <U+XXXX>.
int CodePointWidth(char32_t cp, bool ambiguous_wide = false);

// Sum of code-point widths of `text`; tabs advance to the next multiple of
// `tab_width` counting from `start_column` (0-based).
int DisplayWidth(std::string_view text, bool ambiguous_wide = false,
                 int tab_width = kTabWidth, int start_column = 0);

// Number of code points in `text`.
uint32_t CodePointCount(std::string_view text);

// Byte offset of the first ill-formed UTF-8 sequence in `text` (overlong,
// surrogate, truncated or out of range), or std::string_view::npos if none.
size_t FindInvalidUtf8(std::string_view text);

// Grapheme-aware width of a stream of code points: a code point that
// continues a grapheme cluster adds nothing, so a cluster takes its first
// code point's width (emoji ZWJ sequences, Hangul jamo). Tabs and control
// characters are the caller's business. Thread-compatible.
class WidthScanner {
 public:
  explicit WidthScanner(bool ambiguous_wide = false)
      : ambiguous_wide_(ambiguous_wide) {}

  // Cells that `cp` adds after the code points already seen.
  int Next(char32_t cp);

 private:
  bool ambiguous_wide_;
  bool first_ = true;
  char32_t prev_ = 0;
  int32_t state_ = 0;  // utf8proc grapheme-break state
};

}  // namespace duixian

#endif  // DX_COMMON_SOURCE_TEXT_WIDTH_H_
