// TextAppender builds text at the end of a TextBuffer through a raw
// pointer: what it leaves must be exactly what std::string::append would
// have built, whatever the room it starts with and however often it grows.
#include "engine/batch/text_appender.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

TEST(TextAppenderTest, LeavesExactlyWhatAppendingWouldHaveBuilt) {
  for (size_t room : {size_t{0}, size_t{1}, size_t{7}, size_t{4096}, size_t{65536}}) {
    const std::string kept = "kept ";
    TextBuffer out(kept.begin(), kept.end());
    std::string expected = kept;
    {
      TextAppender text(&out, room);
      for (int i = 0; i < 5000; ++i) {
        const std::string piece = "第" + std::to_string(i) + "行,";
        text.Append(piece);
        expected += piece;
        text.Append('|');
        expected += '|';
        text.AppendInt(i - 2500);
        expected += std::to_string(i - 2500);
      }
      text.Append(std::string(100000, 'x'));  // one piece larger than any room made so far
      expected += std::string(100000, 'x');
      text.Append("");
    }
    EXPECT_EQ(View(out), expected) << "room " << room;
  }
}

TEST(TextAppenderTest, WritesTheExtremeIntegers) {
  TextBuffer out;
  {
    TextAppender text(&out, 0);
    text.AppendInt(std::numeric_limits<int64_t>::min());
    text.Append(' ');
    text.AppendInt(std::numeric_limits<int64_t>::max());
    text.Append(' ');
    text.AppendInt(0);
  }
  EXPECT_EQ(View(out), "-9223372036854775808 9223372036854775807 0");
}

TEST(TextAppenderTest, AnAppenderThatWritesNothingLeavesTheStringAsItWas) {
  const std::string unchanged = "unchanged";
  TextBuffer out(unchanged.begin(), unchanged.end());
  { TextAppender text(&out); }
  EXPECT_EQ(View(out), "unchanged");
}

}  // namespace
}  // namespace duixian::engine
