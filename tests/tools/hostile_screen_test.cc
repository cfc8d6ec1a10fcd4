// `duixian screen` and `duixian eval` on the hostile-input corpus
// (tests/hostile/) plus the inputs made here: 10,000-deep nesting, a 100 MB
// file, a folder where a file is expected, an unreadable file, a dangling
// link, a FIFO, and hostile JSONL lines. Every input becomes exactly one row
// — a result, or an error naming file, field and reason — and the run goes
// on to the end.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/tools/cli_runner.h"

namespace {

using duixian::testing_internal::CliRun;
using duixian::testing_internal::Duixian;
using duixian::testing_internal::FreshTempDir;
using duixian::testing_internal::Slurp;
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using nlohmann::json;

void Write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

struct Expectation {
  bool ok = false;
  std::string field;   // "-": not checked
  std::string reason;  // substring of the English reason
};

std::map<std::string, Expectation> Manifest() {
  std::map<std::string, Expectation> out;
  std::ifstream in(std::string(DX_SOURCE_DIR) + "/tests/hostile/manifest.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    cols.resize(4);
    out[cols[0]] = {cols[1] == "ok", cols[2], cols[3]};
  }
  return out;
}

// Every line of a JSONL output, parsed (each must be valid JSON).
std::vector<json> Lines(const fs::path& p) {
  std::vector<json> out;
  std::istringstream in(Slurp(p));
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << p << ": " << line.substr(0, 200);
    out.push_back(j);
  }
  return out;
}

TEST(HostileScreenTest, EveryHostileInputIsOneRowAndTheRunGoesOn) {
  fs::path dir = FreshTempDir("duixian_hostile", "screen");
  fs::path firms = dir / "firms";
  fs::create_directories(firms);
  std::map<std::string, Expectation> expected = Manifest();
  ASSERT_GE(expected.size(), 60u);
  for (const auto& [name, e] : expected) {
    fs::copy_file(fs::path(DX_SOURCE_DIR) / "tests/hostile/firms" / name, firms / name);
  }
  const std::string valid = "{\"uscc\": \"91441900MA4UH3K265\", \"name\": \"x\"}";
  // Made here rather than committed.
  std::string deep = "{\"projects\": " + std::string(10000, '[') + std::string(10000, ']') + "}";
  Write(firms / "gen-deep-10000.json", deep);
  expected["gen-deep-10000.json"] = {false, "projects", "nested more than"};
  {
    std::ofstream big(firms / "gen-100mb.json", std::ios::binary);
    big << "{\"uscc\": \"91441900MA4UH3K265\",";
    big << std::string(100u << 20, ' ') << "\"name\": \"x\"}";
  }
  expected["gen-100mb.json"] = {false, "", "larger than"};
  fs::create_directories(firms / "gen-folder.json");
  Write(firms / "gen-folder.json" / "inside.json", valid);
  expected["gen-folder.json"] = {false, "", "is a folder"};
  fs::create_symlink(dir / "nowhere.json", firms / "gen-dangling-link.json");
  expected["gen-dangling-link.json"] = {false, "", "cannot open the file"};
  ASSERT_EQ(mkfifo((firms / "gen-fifo.json").c_str(), 0644), 0);
  expected["gen-fifo.json"] = {false, "", "not a regular file"};
  Write(firms / "gen-unreadable.json", valid);
  fs::permissions(firms / "gen-unreadable.json", fs::perms::none);
  // Root reads a file whatever its mode: then this input is simply a valid
  // firm, and permission errors cannot be produced this way. Said, not hidden.
  const bool root_reads_anyway = access((firms / "gen-unreadable.json").c_str(), R_OK) == 0;
  if (root_reads_anyway) {
    std::printf("note: running as root, which reads a file of mode 000; the unreadable-file case "
                "is checked as a readable file here (the dangling link and the FIFO still are unreadable)\n");
    expected["gen-unreadable.json"] = {true, "", ""};
  } else {
    expected["gen-unreadable.json"] = {false, "", "Permission denied"};
  }

  CliRun r = Duixian("screen --policies policies --date 2025-06-20 --threads 2 --firms " + firms.string() +
                     " --out " + (dir / "out").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::vector<json> results = Lines(dir / "out/results.jsonl");
  std::vector<json> errors = Lines(dir / "out/errors.jsonl");
  EXPECT_EQ(results.size() + errors.size(), expected.size());
  std::map<std::string, json> rows;
  for (const json& j : results) rows[j["file"].get<std::string>()] = j;
  for (const json& j : errors) {
    std::string file = j["file"].get<std::string>();
    EXPECT_EQ(rows.count(file), 0u) << file << " has two rows";
    rows[file] = j;
    rows[file]["is_error"] = true;
  }
  for (const auto& [name, e] : expected) {
    SCOPED_TRACE(name);
    ASSERT_EQ(rows.count(name), 1u) << "no row";
    const json& row = rows[name];
    if (e.ok) {
      EXPECT_FALSE(row.contains("is_error")) << row.dump();
      continue;
    }
    ASSERT_TRUE(row.contains("is_error")) << row.dump();
    EXPECT_EQ(row["field"], e.field) << row.dump();
    EXPECT_THAT(row["reason"].get<std::string>(), HasSubstr(e.reason)) << row.dump();
    EXPECT_FALSE(row["reason_zh"].get<std::string>().empty());
  }
  json summary = json::parse(Slurp(dir / "out/summary.json"));
  EXPECT_EQ(summary["results"].get<size_t>() + summary["errors"].get<size_t>(), expected.size());
  // A name a spreadsheet would run as a formula stays text in matrix.csv.
  std::string matrix = Slurp(dir / "out/matrix.csv");
  EXPECT_THAT(matrix, HasSubstr(",\"'=HYPERLINK("));
  EXPECT_THAT(matrix, ::testing::Not(HasSubstr(",=HYPERLINK(")));
  fs::permissions(firms / "gen-unreadable.json", fs::perms::owner_all);
  fs::remove_all(dir);
}

TEST(HostileScreenTest, HostileJsonlLinesAreRowsToo) {
  fs::path dir = FreshTempDir("duixian_hostile", "jsonl");
  const std::string valid = "{\"uscc\": \"91441900MA4UH3K265\", \"name\": \"x\"}";
  std::string text;
  text += valid + "\n";                                           // 1 ok
  text += "{\"name\": \"\xff\xfe\"}\n";                           // 2 invalid UTF-8
  text += std::string("{\"name\": \"a\0b\"}\n", 17);              // 3 NUL byte
  text += "{\"revenue\": {\"2024\": NaN}}\n";                     // 4 NaN
  text += "\n   \r\n";                                            // blank lines: not inputs
  text += "{\"uscc\": \"91441900MA4UH3K265\"}\r\n";               // 5 CRLF: ok
  text += "{\"name\": \"" + std::string(17u << 20, 'x') + "\"}\n";  // 6 a line over 16 MiB
  text += "[" + std::string(10000, '[') + "\n";                   // 7 deep and unfinished
  text += valid;                                                  // 8 no final newline: ok
  Write(dir / "firms.jsonl", text);
  CliRun r = Duixian("screen --policies policies --date 2025-06-20 --firms " + (dir / "firms.jsonl").string() +
                     " --out " + (dir / "out").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::vector<json> results = Lines(dir / "out/results.jsonl");
  std::vector<json> errors = Lines(dir / "out/errors.jsonl");
  std::vector<int> ok_lines, error_lines;
  for (const json& j : results) ok_lines.push_back(j["line"].get<int>());
  for (const json& j : errors) error_lines.push_back(j["line"].get<int>());
  EXPECT_EQ(ok_lines, (std::vector<int>{1, 7, 10}));
  EXPECT_EQ(error_lines, (std::vector<int>{2, 3, 4, 8, 9}));
  for (const json& j : errors) EXPECT_FALSE(j["reason"].get<std::string>().empty()) << j.dump();
  fs::remove_all(dir);
}

TEST(HostileEvalTest, BadPathsAreClearErrorsAndTheOthersStillRun) {
  fs::path dir = FreshTempDir("duixian_hostile", "eval");
  fs::create_directories(dir / "folder.json");
  std::string args = "eval --policies policies --date 2025-06-20 --format json " + (dir / "folder.json").string() +
                     " " + (dir / "missing.json").string() + " examples/firms/01-mayong-huawei-food.json " +
                     "tests/hostile/firms/number-40-digits.json";
  CliRun r = Duixian(args);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("folder.json: is a folder, not a firm file"));
  EXPECT_THAT(r.out, HasSubstr("missing.json: cannot open the file"));
  EXPECT_THAT(r.out, HasSubstr("number-40-digits.json:1:"));
  EXPECT_THAT(r.out, HasSubstr("duixian.decision/1"));  // the good firm still ran
  fs::remove_all(dir);
}

}  // namespace
