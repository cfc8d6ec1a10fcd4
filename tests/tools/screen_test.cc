// `duixian screen` end to end through the real binary: usage, outputs,
// the final summary line, and resume after kill -9 / SIGTERM giving outputs
// byte-identical to an uninterrupted run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/batch/screen_report.h"
#include "tests/tools/cli_runner.h"
#include "nlohmann/json.hpp"

namespace {

using duixian::testing_internal::CliRun;
using duixian::testing_internal::Duixian;
using duixian::testing_internal::FreshTempDir;
using duixian::testing_internal::Slurp;

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using nlohmann::json;

fs::path TempDir(const std::string& name) { return FreshTempDir("duixian_screen_test", name); }

// The sample firms, one per line, repeated to `lines` lines, every 50th bad.
fs::path SampleJsonl(const fs::path& dir, int lines) {
  std::vector<std::string> firms;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(DX_SOURCE_DIR) / "examples/firms")) {
    if (e.path().extension() == ".json") firms.push_back(json::parse(Slurp(e.path())).dump());
  }
  std::sort(firms.begin(), firms.end());
  std::string text;
  for (int i = 0; i < lines; ++i) {
    text += i % 50 == 49 ? std::string("{\"营业收入\": oops}") : firms[static_cast<size_t>(i) % firms.size()];
    text += "\n";
  }
  fs::path p = dir / "firms.jsonl";
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

std::string ScreenArgs(const fs::path& firms, const fs::path& out) {
  return "screen --policies policies --date 2025-06-20 --firms " + firms.string() + " --out " + out.string();
}

const char* kOutputs[] = {"results.jsonl", "errors.jsonl", "matrix.csv", "summary.json", "report.html"};

// Starts the binary, waits until it has written a checkpoint, sends `sig`.
// Returns the wait status, or -1 when the run ended before it was caught.
int InterruptAfterCheckpoint(const fs::path& firms, const fs::path& out, int sig) {
  std::string firms_s = firms.string(), out_s = out.string();
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(DX_SOURCE_DIR) != 0) _exit(127);
    freopen("/dev/null", "w", stderr);
    execl(DX_CLI_PATH, DX_CLI_PATH, "screen", "--policies", "policies", "--date", "2025-06-20", "--firms",
          firms_s.c_str(), "--out", out_s.c_str(), "--threads", "2", "--checkpoint-every", "100",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  for (int i = 0; i < 30000; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return -1;
    if (fs::exists(out / ".screen-checkpoint.json")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, sig);
  waitpid(pid, &status, 0);
  return status;
}

TEST(ScreenCliTest, HelpAndUsage) {
  CliRun r = Duixian("screen --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("usage: duixian screen"));
  EXPECT_THAT(Duixian("--help").out, HasSubstr("screen"));
  EXPECT_EQ(Duixian("screen --firms examples/firms --out /tmp/x").exit_code, 2);  // no --date
  EXPECT_EQ(Duixian("screen --date 2025-06-20 --out /tmp/x").exit_code, 2);      // no --firms
  EXPECT_EQ(Duixian("screen --date 2025-06-20 --firms examples/firms --out /tmp/x --threads 0").exit_code, 2);
  fs::path dir = TempDir("usage");
  r = Duixian(ScreenArgs(dir / "nothing-here", dir / "out"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("no such folder"));
}

TEST(ScreenCliTest, FolderRunWritesAllOutputsAndOneSummaryLine) {
  fs::path dir = TempDir("folder");
  fs::path firms = dir / "firms";
  fs::create_directories(firms / "b");
  int n = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(DX_SOURCE_DIR) / "examples/firms")) {
    fs::copy_file(e.path(), firms / (n % 2 ? "a-" : "b/") += e.path().filename());
    ++n;
  }
  std::ofstream(firms / "b/zz-bad.json") << "{\"统一社会信用代码\": \"91441900708017879A\"}";
  CliRun r = Duixian(ScreenArgs(firms, dir / "out") + " --threads 2 --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Not a terminal: no progress bar, one summary line.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr(std::to_string(n + 1) + " inputs"));
  EXPECT_THAT(r.out, HasSubstr("1 bad"));
  json summary = json::parse(Slurp(dir / "out/summary.json"));
  EXPECT_EQ(summary["results"], n);
  EXPECT_EQ(summary["errors"], 1);
  EXPECT_EQ(summary["date"], "2025-06-20");
  EXPECT_EQ(summary["policy_set"].get<std::string>().size(), 64u);
  // report.html: in place, named in the summary line, showing the summary's figures.
  ASSERT_TRUE(fs::exists(dir / "out/report.html"));
  EXPECT_THAT(r.out, HasSubstr("report " + (dir / "out/report.html").string()));
  std::string report = Slurp(dir / "out/report.html");
  EXPECT_EQ(report.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_THAT(report, HasSubstr(duixian::engine::FormatYuan(summary["total_benefit"].get<std::string>())));
  EXPECT_THAT(report, HasSubstr(summary["policy_set"].get<std::string>()));
  for (const json& p : summary["policies"]) {
    EXPECT_THAT(report, HasSubstr(duixian::engine::FormatCount(p["eligible"].get<uint64_t>()))) << p["id"];
  }
  EXPECT_THAT(report, ::testing::Not(HasSubstr("<script")));
  EXPECT_THAT(report, ::testing::Not(HasSubstr("http")));
  json error = json::parse(Slurp(dir / "out/errors.jsonl"));
  EXPECT_EQ(error["file"], "b/zz-bad.json");
  EXPECT_EQ(error["field"], "uscc");
  std::string matrix = Slurp(dir / "out/matrix.csv");
  EXPECT_EQ(matrix.rfind("\xEF\xBB\xBF序号,", 0), 0u);
  // The per-firm results agree with `duixian eval` on the same firm.
  std::string first;
  std::getline(std::istringstream(Slurp(dir / "out/results.jsonl")), first);
  json line = json::parse(first);
  CliRun eval = Duixian("eval --policies policies --date 2025-06-20 --format json " +
                        (firms / line["file"].get<std::string>()).string());
  json decision = json::parse(eval.out);
  EXPECT_EQ(decision["summary"]["eligible"].get<size_t>(), line["eligible"].size());
  EXPECT_EQ(decision["summary"]["ineligible"].get<size_t>(), line["ineligible"].size());
  EXPECT_EQ(decision["summary"]["undetermined"].get<size_t>(), line["undetermined"].size());
  EXPECT_EQ(decision["summary"]["total_benefit"], line["total_benefit"]);
  for (const json& p : decision["policies"]) {
    const std::string id = p["id"];
    if (p["verdict"] == "ineligible") {
      EXPECT_EQ(p["failing"], line["ineligible"][id]) << id;
    } else if (p["verdict"] == "undetermined") {
      EXPECT_EQ(p["missing"].size(), line["undetermined"][id].size()) << id;
    }
  }
}

TEST(ScreenCliTest, ResumeAfterKillGivesIdenticalOutputs) {
  fs::path dir = TempDir("kill");
  fs::path firms = SampleJsonl(dir, 6000);
  CliRun whole = Duixian(ScreenArgs(firms, dir / "whole") + " --threads 1");
  ASSERT_EQ(whole.exit_code, 0) << whole.out;

  // kill -9 after a checkpoint: the outputs are not in place yet.
  int status = InterruptAfterCheckpoint(firms, dir / "killed", SIGKILL);
  ASSERT_NE(status, -1) << "the run finished before it could be killed";
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_FALSE(fs::exists(dir / "killed/results.jsonl"));
  EXPECT_TRUE(fs::exists(dir / "killed/results.jsonl.part"));
  CliRun resumed = Duixian(ScreenArgs(firms, dir / "killed") + " --threads 2 --resume --lang en");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
  EXPECT_THAT(resumed.out, HasSubstr("resumed"));
  for (const char* name : kOutputs) {
    EXPECT_TRUE(Slurp(dir / "killed" / name) == Slurp(dir / "whole" / name)) << name;
  }

  // SIGTERM: stops cleanly with exit code 130, then resumes.
  status = InterruptAfterCheckpoint(firms, dir / "term", SIGTERM);
  ASSERT_NE(status, -1) << "the run finished before it could be stopped";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  resumed = Duixian(ScreenArgs(firms, dir / "term") + " --threads 8 --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
  for (const char* name : kOutputs) {
    EXPECT_TRUE(Slurp(dir / "term" / name) == Slurp(dir / "whole" / name)) << name;
  }
}

}  // namespace
