// TextAppender builds text at the end of a TextBuffer through a raw
// pointer: what it leaves must be exactly what std::string::append would
// have built, whatever the room it starts with and however often it grows.
#include "engine/batch/text_appender.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Pieces copied a whole chunk at a time (their bytes then up to 31 more,
// which the next piece overwrites), and cells written at the cursor, leave
// what appending each would have: lengths 0 to 70 around the chunk size,
// with room reserved once per run of pieces, as the formatter does.
TEST(TextAppenderTest, ChunkedPiecesAndCursorWritesLeaveExactlyThePieces) {
  // All pieces in one padded string, as ScreenFormatter keeps them.
  std::string arena;
  std::vector<std::pair<size_t, size_t>> pieces;
  for (size_t n = 0; n <= 70; ++n) {
    pieces.emplace_back(arena.size(), n);
    for (size_t i = 0; i < n; ++i) arena += static_cast<char>('a' + (n + i) % 26);
  }
  arena.append(TextAppender::kChunk, '\0');
  for (size_t room : {size_t{0}, size_t{5}, size_t{4096}}) {
    TextBuffer out;
    std::string expected;
    {
      TextAppender text(&out, room);
      for (int run = 0; run < 50; ++run) {
        size_t need = TextAppender::kChunk;
        for (const auto& [at, n] : pieces) need += n + 1;
        text.Reserve(need);
        for (const auto& [at, n] : pieces) {
          const std::string_view piece(arena.data() + at, n);
          text.AppendChunked(piece);
          text.Append(',');
          expected.append(piece);
          expected += ',';
        }
        text.Reserve(8);
        std::memcpy(text.cursor(), "cell", 4);
        text.Advance(4);
        expected += "cell";
      }
    }
    EXPECT_EQ(View(out), expected) << "room " << room;
  }
}

TEST(TextAppenderTest, AnAppenderThatWritesNothingLeavesTheStringAsItWas) {
  const std::string unchanged = "unchanged";
  TextBuffer out(unchanged.begin(), unchanged.end());
  { TextAppender text(&out); }
  EXPECT_EQ(View(out), "unchanged");
}

}  // namespace
}  // namespace duixian::engine
