#include "common/source/text_width.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace duixian {
namespace {

char32_t DecodeAt(std::string_view text, size_t start, size_t* next) {
  *next = start;
  return DecodeUtf8(text, next);
}

TEST(DecodeUtf8Test, DecodesOneToFourByteSequences) {
  size_t next = 0;
  EXPECT_EQ(DecodeAt("a", 0, &next), U'a');
  EXPECT_EQ(next, 1u);
  EXPECT_EQ(DecodeAt("é", 0, &next), U'é');
  EXPECT_EQ(next, 2u);
  EXPECT_EQ(DecodeAt("注", 0, &next), U'注');
  EXPECT_EQ(next, 3u);
  EXPECT_EQ(DecodeAt("😀", 0, &next), U'😀');
  EXPECT_EQ(next, 4u);
  EXPECT_EQ(DecodeAt("x注", 1, &next), U'注');
  EXPECT_EQ(next, 4u);
}

TEST(DecodeUtf8Test, InvalidBytesDecodeAsReplacementAndAdvanceOne) {
  const std::string_view cases[] = {
      "\x80",              // lone continuation byte
      "\xC0\x80",          // overlong NUL
      "\xE0\x80\xAF",      // overlong '/'
      "\xED\xA0\x80",      // UTF-16 surrogate
      "\xF4\x90\x80\x80",  // past U+10FFFF
      "\xE6\xB3",          // truncated 注
      "\xFF",
  };
  for (std::string_view bytes : cases) {
    size_t next = 0;
    EXPECT_EQ(DecodeUtf8(bytes, &next), 0xFFFDu)
        << testing::PrintToString(bytes);
    EXPECT_EQ(next, 1u);
  }
}

TEST(DecodeUtf8Test, PastTheEndDoesNotAdvance) {
  size_t next = 3;
  EXPECT_EQ(DecodeUtf8("abc", &next), 0xFFFDu);
  EXPECT_EQ(next, 3u);
}

TEST(CodePointWidthTest, WideAndFullwidthCountTwo) {
  EXPECT_EQ(CodePointWidth(U'a'), 1);
  EXPECT_EQ(CodePointWidth(U'注'), 2);
  EXPECT_EQ(CodePointWidth(U'（'), 2);
  EXPECT_EQ(CodePointWidth(U'）'), 2);
  EXPECT_EQ(CodePointWidth(U'，'), 2);
  EXPECT_EQ(CodePointWidth(U'：'), 2);
  EXPECT_EQ(CodePointWidth(U'「'), 2);
  EXPECT_EQ(CodePointWidth(U'　'), 2);  // ideographic space
  EXPECT_EQ(CodePointWidth(U'😀'), 2);
}

TEST(CodePointWidthTest, AmbiguousCountsOneUnlessAskedForTwo) {
  for (char32_t cp : {U'“', U'”', U'‘', U'’', U'…', U'—', U'·', U'≥',
                      U'≤', U'×', U'÷', U'°', U'§', U'±', U'①', U'⑳',
                      U'α', U'Ω', U'я', U'Ё', U'─', U'│', U'┼', U'€'}) {
    EXPECT_EQ(CodePointWidth(cp), 1) << static_cast<uint32_t>(cp);
    EXPECT_EQ(CodePointWidth(cp, /*ambiguous_wide=*/true), 2)
        << static_cast<uint32_t>(cp);
  }
  // Neutral and narrow characters do not change.
  EXPECT_EQ(CodePointWidth(U'a', true), 1);
  EXPECT_EQ(CodePointWidth(U'ç', true), 1);
  EXPECT_EQ(CodePointWidth(U'注', true), 2);
}

TEST(CodePointWidthTest, ZeroWidthCharacters) {
  EXPECT_EQ(CodePointWidth(0x0301), 0);        // combining acute (Mn)
  EXPECT_EQ(CodePointWidth(0x0301, true), 0);  // Mn even though EAW=A
  EXPECT_EQ(CodePointWidth(0x20DD), 0);  // combining enclosing circle (Me)
  EXPECT_EQ(CodePointWidth(0x200B), 0);  // zero width space (Cf)
  EXPECT_EQ(CodePointWidth(0x200D), 0);  // ZWJ
  EXPECT_EQ(CodePointWidth(0xFE0F), 0);  // variation selector 16
  EXPECT_EQ(CodePointWidth(0xFE00, true), 0);
  EXPECT_EQ(CodePointWidth(0xE0100, true), 0);
  EXPECT_EQ(CodePointWidth(0x07), 0);  // control: the renderer escapes it
  EXPECT_EQ(CodePointWidth(0x9B), 0);  // C1 control
}

TEST(DisplayWidthTest, CountsCjkAsTwoCells) {
  EXPECT_EQ(DisplayWidth("企业.注册资金"), 13);
  EXPECT_EQ(DisplayWidth("500万元"), 7);
  EXPECT_EQ(DisplayWidth("（企业.研发费用"), 15);
  EXPECT_EQ(DisplayWidth(""), 0);
}

TEST(DisplayWidthTest, AmbiguousQuotesDependOnOption) {
  EXPECT_EQ(DisplayWidth("“引号”"), 6);
  EXPECT_EQ(DisplayWidth("“引号”", /*ambiguous_wide=*/true), 8);
}

TEST(DisplayWidthTest, TabsAdvanceToNextStop) {
  EXPECT_EQ(DisplayWidth("\t"), 4);
  EXPECT_EQ(DisplayWidth("a\tb"), 5);
  EXPECT_EQ(DisplayWidth("注\t"), 4);
  EXPECT_EQ(DisplayWidth("abcd\t"), 8);
  EXPECT_EQ(DisplayWidth("\t", false, 4, /*start_column=*/2), 2);
  EXPECT_EQ(DisplayWidth("\t", false, /*tab_width=*/8), 8);
}

TEST(DisplayWidthTest, GraphemeClusterTakesFirstCodePointWidth) {
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1);  // e + combining acute
  // Family: man ZWJ woman ZWJ girl is one cluster, two cells.
  EXPECT_EQ(DisplayWidth("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"
                         "\xE2\x80\x8D\xF0\x9F\x91\xA7"),
            2);
  // Thumbs up with a skin-tone modifier.
  EXPECT_EQ(DisplayWidth("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), 2);
  // Hangul jamo L V T compose one syllable.
  EXPECT_EQ(DisplayWidth("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), 2);
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount("企业.注册资金"), 7u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("a\xFF"
                           "b"),
            3u);  // an invalid byte counts as one
  EXPECT_EQ(CodePointCount(""), 0u);
}

TEST(FindInvalidUtf8Test, ReportsFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("如果 企业"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("\xEF\xBF\xBD"), std::string_view::npos);  // U+FFFD
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"
                            "cd"),
            2u);
  EXPECT_EQ(FindInvalidUtf8("注\xE6\xB3"), 3u);
}

}  // namespace
}  // namespace duixian
