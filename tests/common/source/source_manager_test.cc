#include "common/source/source_manager.h"

#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace duixian {
namespace {

using ::testing::HasSubstr;

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const std::string path = testing::TempDir() + name;
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return path;
}

TEST(SourceManagerTest, AddBufferNormalisesNewlines) {
  SourceManager sm;
  const FileId id = sm.AddBuffer("a.policy", "a\r\nb\rc\n\r\nd");
  const SourceFile& file = sm.file(id);
  EXPECT_EQ(file.text(), "a\nb\nc\n\nd");
  EXPECT_EQ(file.line_count(), 5u);
  EXPECT_EQ(file.LineText(1), "a");
  EXPECT_EQ(file.LineText(3), "c");
  EXPECT_EQ(file.LineText(4), "");
  EXPECT_EQ(file.LineText(5), "d");
  EXPECT_EQ(file.path(), "a.policy");
  EXPECT_EQ(file.id(), id);
}

TEST(SourceManagerTest, StripsByteOrderMark) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("b", "\xEF\xBB\xBF政策 x"));
  EXPECT_EQ(file.text(), "政策 x");
  EXPECT_EQ(file.Locate(0).column, 1u);
}

TEST(SourceManagerTest, FinalNewlineDoesNotOpenALine) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("c", "a\nbc\n"));
  EXPECT_EQ(file.line_count(), 2u);
  EXPECT_EQ(file.LineStart(2), 2u);
  EXPECT_EQ(file.LineText(2), "bc");
  EXPECT_EQ(file.LineText(3), "");
  EXPECT_EQ(file.LineText(0), "");
  // End of file sits just after the last character.
  const SourceFile::Location eof = file.Locate(5);
  EXPECT_EQ(eof.line, 2u);
  EXPECT_EQ(eof.column, 3u);
}

TEST(SourceManagerTest, EmptyBufferHasOneEmptyLine) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("e", ""));
  EXPECT_EQ(file.line_count(), 1u);
  EXPECT_EQ(file.LineText(1), "");
  const SourceFile::Location loc = file.Locate(10);
  EXPECT_EQ(loc.line, 1u);
  EXPECT_EQ(loc.column, 1u);
  EXPECT_EQ(loc.display_column, 1u);
}

TEST(SourceManagerTest, LineStartClamps) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("f", "ab\ncd\nef"));
  EXPECT_EQ(file.LineStart(0), 0u);
  EXPECT_EQ(file.LineStart(1), 0u);
  EXPECT_EQ(file.LineStart(3), 6u);
  EXPECT_EQ(file.LineStart(99), 6u);
}

// The three coordinates of STYLE.md B7 for `注册资金`.
TEST(SourceFileTest, LocateGivesCodePointAndDisplayColumns) {
  SourceManager sm;
  const std::string line = "  如果 企业.注册资金 >= 500万元";
  const SourceFile& file = sm.file(sm.AddBuffer("p", "政策 x\n" + line + "\n"));
  const uint32_t start = file.LineStart(2);
  const uint32_t offset = start + static_cast<uint32_t>(line.find("注册资金"));
  EXPECT_EQ(offset - start + 1, 17u);  // byte column
  const SourceFile::Location loc = file.Locate(offset);
  EXPECT_EQ(loc.line, 2u);
  EXPECT_EQ(loc.column, 9u);
  EXPECT_EQ(loc.display_column, 13u);
}

TEST(SourceFileTest, LocateExpandsTabs) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("t", "a\t注x"));
  const SourceFile::Location loc = file.Locate(5);  // x
  EXPECT_EQ(loc.column, 4u);
  EXPECT_EQ(loc.display_column, 7u);  // a, tab to 4, 注 = 2 cells
}

TEST(SourceFileTest, LocateInsideACharacterPointsAtItsStart) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("m", "a注b"));
  const SourceFile::Location loc = file.Locate(2);  // second byte of 注
  EXPECT_EQ(loc.column, 2u);
  EXPECT_EQ(loc.display_column, 2u);
  EXPECT_EQ(file.Locate(4).column, 3u);  // b
  EXPECT_EQ(file.Locate(4).display_column, 4u);
}

TEST(SourceFileTest, LocateOnNewlineAndPastEnd) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("n", "ab\ncd"));
  EXPECT_EQ(file.Locate(2).line, 1u);  // the newline ends line 1
  EXPECT_EQ(file.Locate(2).column, 3u);
  EXPECT_EQ(file.Locate(3).line, 2u);
  EXPECT_EQ(file.Locate(3).column, 1u);
  EXPECT_EQ(file.Locate(1000).line, 2u);
  EXPECT_EQ(file.Locate(1000).column, 3u);
}

TEST(SourceManagerTest, LoadNormalisesFileContents) {
  const std::string path =
      WriteTemp("dx_load_ok.policy", "\xEF\xBB\xBF政策 甲\r\n  条件 x\r\n");
  SourceManager sm;
  absl::StatusOr<FileId> id = sm.Load(path);
  ASSERT_TRUE(id.ok()) << id.status();
  const SourceFile& file = sm.file(*id);
  EXPECT_EQ(file.text(), "政策 甲\n  条件 x\n");
  EXPECT_EQ(file.path(), path);
  EXPECT_EQ(file.line_count(), 2u);
  EXPECT_EQ(sm.size(), 1u);
}

TEST(SourceManagerTest, LoadMissingFileIsNotFound) {
  SourceManager sm;
  absl::StatusOr<FileId> id = sm.Load(testing::TempDir() + "dx_no_such.policy");
  EXPECT_EQ(id.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(id.status().message(), HasSubstr("dx_no_such.policy"));
  EXPECT_EQ(sm.size(), 0u);
}

TEST(SourceManagerTest, LoadRejectsInvalidUtf8WithOffset) {
  const std::string path = WriteTemp("dx_bad_utf8.policy", "政策\xFF x");
  SourceManager sm;
  absl::StatusOr<FileId> id = sm.Load(path);
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(id.status().message(), HasSubstr("dx_bad_utf8.policy"));
  EXPECT_THAT(id.status().message(), HasSubstr("byte offset 6"));
  EXPECT_EQ(sm.size(), 0u);
}

TEST(SourceManagerTest, LoadDirectoryIsInvalidArgument) {
  SourceManager sm;
  absl::StatusOr<FileId> id = sm.Load(testing::TempDir());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SourceManagerTest, AddBufferKeepsInvalidBytes) {
  SourceManager sm;
  const SourceFile& file = sm.file(sm.AddBuffer("x",
                                                "a\xFF"
                                                "b"));
  EXPECT_EQ(file.text(),
            "a\xFF"
            "b");
  EXPECT_EQ(file.Locate(2).column, 3u);
}

}  // namespace
}  // namespace duixian
