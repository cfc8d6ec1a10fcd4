// SortedFileWalker yields a folder tree's firm files in byte order at every
// level, descends into folders (a link to a folder too) where they sort,
// reports a folder named like a firm file and keeps a dangling link as an
// input, and skips hidden names and files that are not *.json.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/batch/input_walker.h"
#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;

TEST(SortedFileWalkerTest, YieldsFirmFilesInByteOrderAtEveryLevel) {
  const fs::path dir = fs::temp_directory_path() / ("dx_sorted_file_walker_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path root = dir / "firms";
  for (const char* folder : {"b", "a/inner", "a.json", ".hidden"}) fs::create_directories(root / folder);
  fs::create_directories(dir / "elsewhere");
  for (const fs::path& file : {root / "b" / "2.json", root / "b" / "10.json", root / "a" / "z.json",
                               root / "a" / "inner" / "x.json", root / "B.json", root / "notes.txt",
                               root / ".hidden" / "h.json", root / ".dot.json", dir / "elsewhere" / "e.json"}) {
    std::ofstream(file) << "{}";
  }
  fs::create_directory_symlink(dir / "elsewhere", root / "c-link");
  fs::create_symlink(dir / "nowhere.json", root / "d-dangling.json");

  SortedFileWalker walker(root.string() + "/");
  WalkEntry e;
  std::vector<std::string> seen;
  while (walker.Next(&e)) {
    seen.push_back(e.relative + (e.error.empty() ? "" : " ! " + e.error));
    EXPECT_EQ(e.path, root.string() + "/" + e.relative);
  }
  const std::vector<std::string> expected = {
      "B.json",                                     // 'B' sorts before 'a'
      "a/inner/x.json", "a/z.json",                 // "a" before "a.json"; "inner" before "z.json"
      "a.json ! is a folder, not a firm file",      // a folder where a file was expected
      "b/10.json", "b/2.json",                      // byte order, not numeric
      "c-link/e.json",                              // a link to a folder is walked
      "d-dangling.json"};                           // reported when read, not skipped
  EXPECT_EQ(seen, expected);

  SortedFileWalker missing((dir / "absent").string());
  ASSERT_TRUE(missing.Next(&e));
  EXPECT_NE(e.error.find("No such file"), std::string::npos) << e.error;
  EXPECT_FALSE(missing.Next(&e));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace duixian::engine
