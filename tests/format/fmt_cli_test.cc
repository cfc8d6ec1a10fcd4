// `duixian fmt` end to end: --check, rewriting in place, standard input,
// folders, and files with syntax errors left alone.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "../tools/cli_runner.h"

namespace duixian {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing_internal::Duixian;
using testing_internal::FreshTempDir;

constexpr char kMessy[] = "define 甲 \"x\"：非 严重失信\n";
constexpr char kCanonical[] = "define 甲 \"x\":\n    非 严重失信\n";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

TEST(FmtCliTest, CheckListsFilesThatWouldChangeAndWritesNothing) {
  fs::path dir = FreshTempDir("dx_fmt", "check");
  WriteFile(dir / "a.policy", kMessy);
  WriteFile(dir / "b.policy", kCanonical);
  auto r = Duixian("fmt --check " + dir.string());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("a.policy"));
  EXPECT_THAT(r.out, testing::Not(HasSubstr("b.policy")));
  EXPECT_EQ(ReadFile(dir / "a.policy"), kMessy);
  fs::remove_all(dir);
}

TEST(FmtCliTest, RewritesInPlaceThenCheckIsClean) {
  fs::path dir = FreshTempDir("dx_fmt", "write");
  fs::create_directories(dir / "sub");
  WriteFile(dir / "sub" / "a.policy", kMessy);
  WriteFile(dir / "notes.txt", "not a policy：");
  auto r = Duixian("fmt " + dir.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("a.policy"));
  EXPECT_EQ(ReadFile(dir / "sub" / "a.policy"), kCanonical);
  EXPECT_EQ(ReadFile(dir / "notes.txt"), "not a policy：");
  EXPECT_EQ(Duixian("fmt --check " + (dir / "sub" / "a.policy").string()).exit_code, 0);
  fs::remove_all(dir);
}

TEST(FmtCliTest, StandardInputToStandardOutput) {
  fs::path dir = FreshTempDir("dx_fmt", "stdin");
  WriteFile(dir / "in.policy", kMessy);
  auto r = Duixian("fmt - < " + (dir / "in.policy").string(), /*with_stderr=*/false);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, kCanonical);
  auto c = Duixian("fmt --check - < " + (dir / "in.policy").string());
  EXPECT_EQ(c.exit_code, 1);
  fs::remove_all(dir);
}

TEST(FmtCliTest, SyntaxErrorsAreReportedAndTheFileKept) {
  fs::path dir = FreshTempDir("dx_fmt", "bad");
  const std::string bad = "define 甲 \"x\": (非 严重失信\n";
  WriteFile(dir / "bad.policy", bad);
  WriteFile(dir / "good.policy", kMessy);
  auto r = Duixian("fmt --lang en " + dir.string());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("bad.policy:1:"));
  EXPECT_THAT(r.out, HasSubstr("not formatted"));
  EXPECT_EQ(ReadFile(dir / "bad.policy"), bad);
  EXPECT_EQ(ReadFile(dir / "good.policy"), kCanonical) << "other files are still formatted";
  fs::remove_all(dir);
}

TEST(FmtCliTest, UsageErrors) {
  EXPECT_EQ(Duixian("fmt").exit_code, 2);
  EXPECT_EQ(Duixian("fmt --bogus x").exit_code, 2);
  auto missing = Duixian("fmt /no/such/file.policy");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("cannot read"));
  auto help = Duixian("fmt --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--check"));
}

}  // namespace
}  // namespace duixian
