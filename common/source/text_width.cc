// Display width per STYLE.md B7: East Asian W/F = 2, Ambiguous = 1 (2 on
// request), combining marks, ZWJ and variation selectors = 0. utf8proc has
// no Ambiguous flag, so the Ambiguous ranges are tabled here.
#include "common/source/text_width.h"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>

namespace duixian {
namespace {

struct CodePointRange {
  char32_t first;
  char32_t last;
};

// East_Asian_Width=A from the Unicode 14 UCD (same data as utf8proc 2.8).
// Regenerate from EastAsianWidth.txt, or from Perl's copy:
//   /usr/share/perl/5.36.0/unicore/lib/Ea/A.pl (an inversion list).
// Zero-width code points in these ranges (e.g. U+0300..U+036F) are caught
// before the table is consulted.
constexpr CodePointRange kAmbiguous[] = {
    {0x00A1, 0x00A1},   {0x00A4, 0x00A4},     {0x00A7, 0x00A8},
    {0x00AA, 0x00AA},   {0x00AD, 0x00AE},     {0x00B0, 0x00B4},
    {0x00B6, 0x00BA},   {0x00BC, 0x00BF},     {0x00C6, 0x00C6},
    {0x00D0, 0x00D0},   {0x00D7, 0x00D8},     {0x00DE, 0x00E1},
    {0x00E6, 0x00E6},   {0x00E8, 0x00EA},     {0x00EC, 0x00ED},
    {0x00F0, 0x00F0},   {0x00F2, 0x00F3},     {0x00F7, 0x00FA},
    {0x00FC, 0x00FC},   {0x00FE, 0x00FE},     {0x0101, 0x0101},
    {0x0111, 0x0111},   {0x0113, 0x0113},     {0x011B, 0x011B},
    {0x0126, 0x0127},   {0x012B, 0x012B},     {0x0131, 0x0133},
    {0x0138, 0x0138},   {0x013F, 0x0142},     {0x0144, 0x0144},
    {0x0148, 0x014B},   {0x014D, 0x014D},     {0x0152, 0x0153},
    {0x0166, 0x0167},   {0x016B, 0x016B},     {0x01CE, 0x01CE},
    {0x01D0, 0x01D0},   {0x01D2, 0x01D2},     {0x01D4, 0x01D4},
    {0x01D6, 0x01D6},   {0x01D8, 0x01D8},     {0x01DA, 0x01DA},
    {0x01DC, 0x01DC},   {0x0251, 0x0251},     {0x0261, 0x0261},
    {0x02C4, 0x02C4},   {0x02C7, 0x02C7},     {0x02C9, 0x02CB},
    {0x02CD, 0x02CD},   {0x02D0, 0x02D0},     {0x02D8, 0x02DB},
    {0x02DD, 0x02DD},   {0x02DF, 0x02DF},     {0x0300, 0x036F},
    {0x0391, 0x03A1},   {0x03A3, 0x03A9},     {0x03B1, 0x03C1},
    {0x03C3, 0x03C9},   {0x0401, 0x0401},     {0x0410, 0x044F},
    {0x0451, 0x0451},   {0x2010, 0x2010},     {0x2013, 0x2016},
    {0x2018, 0x2019},   {0x201C, 0x201D},     {0x2020, 0x2022},
    {0x2024, 0x2027},   {0x2030, 0x2030},     {0x2032, 0x2033},
    {0x2035, 0x2035},   {0x203B, 0x203B},     {0x203E, 0x203E},
    {0x2074, 0x2074},   {0x207F, 0x207F},     {0x2081, 0x2084},
    {0x20AC, 0x20AC},   {0x2103, 0x2103},     {0x2105, 0x2105},
    {0x2109, 0x2109},   {0x2113, 0x2113},     {0x2116, 0x2116},
    {0x2121, 0x2122},   {0x2126, 0x2126},     {0x212B, 0x212B},
    {0x2153, 0x2154},   {0x215B, 0x215E},     {0x2160, 0x216B},
    {0x2170, 0x2179},   {0x2189, 0x2189},     {0x2190, 0x2199},
    {0x21B8, 0x21B9},   {0x21D2, 0x21D2},     {0x21D4, 0x21D4},
    {0x21E7, 0x21E7},   {0x2200, 0x2200},     {0x2202, 0x2203},
    {0x2207, 0x2208},   {0x220B, 0x220B},     {0x220F, 0x220F},
    {0x2211, 0x2211},   {0x2215, 0x2215},     {0x221A, 0x221A},
    {0x221D, 0x2220},   {0x2223, 0x2223},     {0x2225, 0x2225},
    {0x2227, 0x222C},   {0x222E, 0x222E},     {0x2234, 0x2237},
    {0x223C, 0x223D},   {0x2248, 0x2248},     {0x224C, 0x224C},
    {0x2252, 0x2252},   {0x2260, 0x2261},     {0x2264, 0x2267},
    {0x226A, 0x226B},   {0x226E, 0x226F},     {0x2282, 0x2283},
    {0x2286, 0x2287},   {0x2295, 0x2295},     {0x2299, 0x2299},
    {0x22A5, 0x22A5},   {0x22BF, 0x22BF},     {0x2312, 0x2312},
    {0x2460, 0x24E9},   {0x24EB, 0x254B},     {0x2550, 0x2573},
    {0x2580, 0x258F},   {0x2592, 0x2595},     {0x25A0, 0x25A1},
    {0x25A3, 0x25A9},   {0x25B2, 0x25B3},     {0x25B6, 0x25B7},
    {0x25BC, 0x25BD},   {0x25C0, 0x25C1},     {0x25C6, 0x25C8},
    {0x25CB, 0x25CB},   {0x25CE, 0x25D1},     {0x25E2, 0x25E5},
    {0x25EF, 0x25EF},   {0x2605, 0x2606},     {0x2609, 0x2609},
    {0x260E, 0x260F},   {0x261C, 0x261C},     {0x261E, 0x261E},
    {0x2640, 0x2640},   {0x2642, 0x2642},     {0x2660, 0x2661},
    {0x2663, 0x2665},   {0x2667, 0x266A},     {0x266C, 0x266D},
    {0x266F, 0x266F},   {0x269E, 0x269F},     {0x26BF, 0x26BF},
    {0x26C6, 0x26CD},   {0x26CF, 0x26D3},     {0x26D5, 0x26E1},
    {0x26E3, 0x26E3},   {0x26E8, 0x26E9},     {0x26EB, 0x26F1},
    {0x26F4, 0x26F4},   {0x26F6, 0x26F9},     {0x26FB, 0x26FC},
    {0x26FE, 0x26FF},   {0x273D, 0x273D},     {0x2776, 0x277F},
    {0x2B56, 0x2B59},   {0x3248, 0x324F},     {0xE000, 0xF8FF},
    {0xFE00, 0xFE0F},   {0xFFFD, 0xFFFD},     {0x1F100, 0x1F10A},
    {0x1F110, 0x1F12D}, {0x1F130, 0x1F169},   {0x1F170, 0x1F18D},
    {0x1F18F, 0x1F190}, {0x1F19B, 0x1F1AC},   {0xE0100, 0xE01EF},
    {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD},
};

bool IsAmbiguous(char32_t cp) {
  auto it = std::upper_bound(
      std::begin(kAmbiguous), std::end(kAmbiguous), cp,
      [](char32_t c, const CodePointRange& r) { return c < r.first; });
  if (it == std::begin(kAmbiguous)) return false;
  --it;
  return cp <= it->last;
}

}  // namespace

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

char32_t DecodeUtf8(std::string_view text, size_t* pos) {
  constexpr char32_t kReplacement = 0xFFFD;
  const size_t n = text.size();
  size_t i = *pos;
  if (i >= n) return kReplacement;  // nothing to decode; *pos stays put
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  // The lead byte gives the sequence length, its payload bits and the
  // smallest value that length may encode (anything less is overlong).
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    *pos = i + 1;
    return kReplacement;
  }
  if (n - i < static_cast<size_t>(len)) {
    *pos = i + 1;
    return kReplacement;
  }
  for (int k = 1; k < len; ++k) {
    const uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + len;
  return cp;
}

int CodePointWidth(char32_t cp, bool ambiguous_wide) {
  if (IsControl(cp)) return 0;
  if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
      (cp >= 0xE0100 && cp <= 0xE01EF)) {
    return 0;
  }
  if (cp > 0x10FFFF) return 1;  // shown as U+FFFD
  const auto c = static_cast<utf8proc_int32_t>(cp);
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
      return 0;
    default:
      break;
  }
  if (IsAmbiguous(cp)) return ambiguous_wide ? 2 : 1;
  return utf8proc_charwidth(c);
}

int WidthScanner::Next(char32_t cp) {
  const bool breaks = first_ || utf8proc_grapheme_break_stateful(
                                    static_cast<utf8proc_int32_t>(prev_),
                                    static_cast<utf8proc_int32_t>(cp), &state_);
  first_ = false;
  prev_ = cp;
  return breaks ? CodePointWidth(cp, ambiguous_wide_) : 0;
}

int DisplayWidth(std::string_view text, bool ambiguous_wide, int tab_width,
                 int start_column) {
  if (tab_width <= 0) tab_width = 1;
  if (start_column < 0) start_column = 0;
  WidthScanner scanner(ambiguous_wide);
  int column = start_column;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = DecodeUtf8(text, &pos);
    const int width = scanner.Next(cp);  // keeps cluster state in step
    column += cp == '\t' ? tab_width - column % tab_width : width;
  }
  return column - start_column;
}

uint32_t CodePointCount(std::string_view text) {
  uint32_t count = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    DecodeUtf8(text, &pos);
    ++count;
  }
  return count;
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    // A genuine U+FFFD is three bytes; a one-byte step means a bad sequence.
    if (cp == 0xFFFD && pos - start == 1) return start;
  }
  return std::string_view::npos;
}

}  // namespace duixian
