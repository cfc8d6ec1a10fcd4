// ReadWholeFile gives back every byte of a file whatever its size, in one
// read when fstat's size is right, and names what it cannot read.
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

}  // namespace
}  // namespace duixian::engine
