// ReadWholeFile gives back every byte of a file whatever its size, in one
// read when fstat's size is right, and names what it cannot read;
// FolderFileReader, which opens files relative to their folder, gives the
// same bytes and the same errors.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/batch/input_walker.h"
#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;

std::string Write(const fs::path& path, size_t size) {
  std::string text;
  for (size_t i = 0; i < size; ++i) text.push_back(static_cast<char>('a' + i % 26));
  std::ofstream(path, std::ios::binary) << text;
  return text;
}

TEST(ReadWholeFileTest, ReadsEveryByteOfFilesOfAnySize) {
  const fs::path dir = fs::temp_directory_path() / ("dx_read_whole_file_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string text = "left over from a longer file before";  // the buffer is reused
  for (size_t size : {size_t{0}, size_t{1}, size_t{2700}, size_t{4095}, size_t{4096}, size_t{4097}, size_t{100000}}) {
    const std::string expected = Write(dir / "firm.json", size);
    std::string error;
    ASSERT_TRUE(ReadWholeFile((dir / "firm.json").string(), &text, &error, 1 << 20)) << size << ": " << error;
    EXPECT_EQ(text, expected) << size;
  }
  std::string error;
  Write(dir / "big.json", 5000);
  EXPECT_FALSE(ReadWholeFile((dir / "big.json").string(), &text, &error, 4999));
  EXPECT_NE(error.find("larger"), std::string::npos) << error;
  EXPECT_TRUE(ReadWholeFile((dir / "big.json").string(), &text, &error, 5000)) << error;
  EXPECT_EQ(text.size(), 5000u);
  EXPECT_FALSE(ReadWholeFile(dir.string(), &text, &error, 1 << 20));
  EXPECT_EQ(error, "is a folder, not a firm file");
  EXPECT_FALSE(ReadWholeFile((dir / "absent.json").string(), &text, &error, 1 << 20));
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
  fs::remove_all(dir);
}

TEST(FolderFileReaderTest, SameBytesAndErrorsAsReadWholeFile) {
  const fs::path dir = fs::temp_directory_path() / ("dx_folder_file_reader_" + std::to_string(::getpid()));
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b" / "folder.json");
  const std::string a1 = Write(dir / "a" / "1.json", 10), a2 = Write(dir / "a" / "2.json", 5000);
  const std::string b1 = Write(dir / "b" / "1.json", 77);
  FolderFileReader reader;
  std::string text, error;
  // Folders in turn, and back: each file's own bytes.
  const std::pair<fs::path, std::string> reads[] = {
      {dir / "a" / "1.json", a1}, {dir / "a" / "2.json", a2}, {dir / "b" / "1.json", b1},
      {dir / "a" / "1.json", a1}, {dir / "b" / "1.json", b1}};
  for (const auto& [path, expected] : reads) {
    ASSERT_TRUE(reader.Read(path.string(), &text, &error, 1 << 20)) << path << ": " << error;
    EXPECT_EQ(text, expected) << path;
  }
  // What it cannot read, it reports as ReadWholeFile does: a missing file,
  // a folder named like a firm file, a file past the size limit, a file in
  // a folder that does not exist.
  for (const fs::path& path : {dir / "a" / "absent.json", dir / "b" / "folder.json", dir / "a" / "2.json",
                               dir / "absent" / "1.json"}) {
    std::string expected_error, reader_error;
    const uint64_t limit = 4999;
    EXPECT_FALSE(ReadWholeFile(path.string(), &text, &expected_error, limit)) << path;
    EXPECT_FALSE(reader.Read(path.string(), &text, &reader_error, limit)) << path;
    EXPECT_FALSE(expected_error.empty()) << path;
    EXPECT_EQ(reader_error, expected_error) << path;
  }
  // And reads on after a folder it could not open.
  ASSERT_TRUE(reader.Read((dir / "a" / "1.json").string(), &text, &error, 1 << 20)) << error;
  EXPECT_EQ(text, a1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace duixian::engine
