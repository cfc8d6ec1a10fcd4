// Runs the real `duixian` binary: exit codes, output formats, bad inputs.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cli_runner.h"
#include "nlohmann/json.hpp"

namespace {

using duixian::testing_internal::CliRun;
using duixian::testing_internal::Duixian;
using duixian::testing_internal::FreshTempDir;

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path TempDir(const std::string& name) { return FreshTempDir("duixian_cli_test", name); }

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A policy folder with the real schema and calendar and one policy file.
fs::path PolicyDir(const std::string& name, const std::string& policy) {
  fs::path dir = TempDir(name);
  fs::copy_file(fs::path(DX_SOURCE_DIR) / "policies/schema.json", dir / "schema.json");
  fs::copy_file(fs::path(DX_SOURCE_DIR) / "policies/calendar.json", dir / "calendar.json");
  fs::copy_file(fs::path(DX_SOURCE_DIR) / "policies/common.policy", dir / "common.policy");
  Write(dir / "test/p.policy", policy);
  return dir;
}

const char kPolicy[] =
    "import common\n"
    "policy T-CLI-1 \"测试\" {\n"
    "  department \"东莞市测试局\"\n"
    "  reference year 2024\n"
    "  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n"
    "  benefit \"奖励10万元\": 10万元\n"
    "}\n";

TEST(CliTest, HelpAndUsageExitCodes) {
  EXPECT_EQ(Duixian("--help").exit_code, 0);
  for (const char* cmd : {"check", "test", "eval", "schema", "doc"}) {
    CliRun r = Duixian(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_THAT(r.out, HasSubstr("usage: duixian")) << cmd;
  }
  CliRun r = Duixian("chek");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("duixian check"));
  EXPECT_EQ(Duixian("").exit_code, 2);
  EXPECT_EQ(Duixian("eval --policies policies examples/firms/none.json").exit_code, 2);  // no --date
  EXPECT_EQ(Duixian("check --bogus").exit_code, 2);
}

TEST(CliTest, CheckBundledPoliciesIsClean) {
  CliRun r = Duixian("check policies");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("0 个错误"));
  EXPECT_THAT(r.out, HasSubstr("policy set "));
}

TEST(CliTest, CheckReportsErrorsInBothLanguagesAndJson) {
  fs::path dir = PolicyDir("bad", "import common\npolicy T-BAD \"x\" {\n  department \"d\"\n  clause a: 注册资金 >= 500万元\n}\n");
  CliRun zh = Duixian("check " + dir.string() + " --color never");
  EXPECT_EQ(zh.exit_code, 1);
  EXPECT_THAT(zh.out, HasSubstr("错误[E0201]: 未知的企业画像字段 `注册资金`"));
  EXPECT_THAT(zh.out, HasSubstr("注册资本"));  // did you mean
  CliRun en = Duixian("check " + dir.string() + " --lang en --color never");
  EXPECT_THAT(en.out, HasSubstr("error[E0201]: unknown profile field `注册资金`"));
  CliRun shortform = Duixian("check " + dir.string() + " --diagnostics-format short");
  EXPECT_THAT(shortform.out, HasSubstr("p.policy:4:13: 错误[E0201]"));
  CliRun json = Duixian("check " + dir.string() + " --diagnostics-format json", true);
  nlohmann::json j = nlohmann::json::parse(json.out.substr(0, json.out.rfind(']') + 1), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["code"], "E0201");
  CliRun alias = Duixian("check " + dir.string() + " --format json", true);
  EXPECT_EQ(alias.out, json.out);
  fs::remove_all(dir);
}

TEST(CliTest, EvalExplainsAndKeepsGoingPastBadFiles) {
  fs::path dir = PolicyDir("eval", kPolicy);
  Write(dir / "firms/good.json", R"({"uscc": "91441900708017879M", "revenue": {"2024": "30000000.00"}})");
  Write(dir / "firms/low.json", R"({"uscc": "91350200776049653A", "营业收入": {"2024": 100}})");
  Write(dir / "firms/bad_uscc.json", R"({"uscc": "91350203M0001QAY9B"})");
  Write(dir / "firms/bad_json.json", "{\"revenue\": ");
  Write(dir / "firms/bad_type.json", R"({"revenue": {"2024": true}})");
  std::string firms = (dir / "firms/good.json").string() + " " + (dir / "firms/bad_uscc.json").string() + " " +
                      (dir / "firms/bad_json.json").string() + " " + (dir / "firms/bad_type.json").string() + " " +
                      (dir / "firms/low.json").string();
  CliRun text = Duixian("eval --policies " + dir.string() + " --date 2025-06-20 " + firms);
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_THAT(text.out, HasSubstr("[符合] T-CLI-1"));
  EXPECT_THAT(text.out, HasSubstr("补助 10万元"));
  EXPECT_THAT(text.out, HasSubstr("营业收入[2024] = 3000万元"));
  EXPECT_THAT(text.out, HasSubstr("[不符合] T-CLI-1"));
  EXPECT_THAT(text.out, HasSubstr("bad_uscc.json"));
  EXPECT_THAT(text.out, HasSubstr("校验位是 'B'，应为 '9'"));  // the default language, zh
  EXPECT_THAT(text.out, HasSubstr("bad_json.json:1:"));
  EXPECT_THAT(text.out, HasSubstr("revenue.2024"));

  CliRun json = Duixian("eval --format json --policies " + dir.string() + " --date 2025-06-20 " +
                         (dir / "firms/good.json").string(),
                     false);
  EXPECT_EQ(json.exit_code, 0);
  nlohmann::json j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  EXPECT_EQ(j["format"], "duixian.decision/1");
  EXPECT_EQ(j["firm"], "91441900708017879M");
  EXPECT_EQ(j["date"], "2025-06-20");
  EXPECT_EQ(j["policy_set"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["policies"][0]["verdict"], "eligible");
  EXPECT_EQ(j["policies"][0]["benefit"], "100000.00");
  EXPECT_EQ(j["policies"][0]["clauses"][0]["text"], "上年度营业收入不低于2000万元");
  EXPECT_EQ(j["policies"][0]["clauses"][0]["values"][0]["value"], "3000万元");
  fs::remove_all(dir);
}

// The firm limits given on the command line hold for decoding the files
// too, not only for reading them and for the evaluation budget.
TEST(CliTest, EvalDecodesUnderTheGivenLimits) {
  fs::path dir = PolicyDir("eval_limits", kPolicy);
  Write(dir / "firms/deep.json", R"({"revenue": {"2024": [1]}})");
  CliRun r = Duixian("eval --lang en --max-depth 2 --policies " + dir.string() + " --date 2025-06-20 " +
                     (dir / "firms/deep.json").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("nested more than 2 levels"));
  fs::remove_all(dir);
}

TEST(CliTest, EvalReportsBadFirmFilesInTheChosenLanguage) {
  fs::path dir = PolicyDir("eval_lang", kPolicy);
  Write(dir / "firms/bad.json", R"({"revenue": {"2024": "很多"}})");
  std::string args = " --policies " + dir.string() + " --date 2025-06-20 " + (dir / "firms/bad.json").string();
  CliRun zh = Duixian("eval" + args);
  EXPECT_EQ(zh.exit_code, 1);
  EXPECT_THAT(zh.out, HasSubstr("错误: "));
  EXPECT_THAT(zh.out, HasSubstr("字段 `revenue.2024`："));
  EXPECT_THAT(zh.out, Not(HasSubstr("field `")));
  CliRun en = Duixian("eval --lang en" + args);
  EXPECT_THAT(en.out, HasSubstr("error: "));
  EXPECT_THAT(en.out, HasSubstr("field `revenue.2024`: "));
  fs::remove_all(dir);
}

TEST(CliTest, TestCommandShowsExpectedAndActual) {
  fs::path dir = PolicyDir("tests",
                           "import common\npolicy T-T \"x\" {\n  department \"d\"\n  reference year 2024\n"
                           "  clause 营收: 营业收入[ref] >= 2000万元\n  benefit: 10万元\n"
                           "  test \"ok\" { given { 营业收入: {2024: 2000万元} } expect eligible, benefit 10万元 }\n"
                           "  test \"wrong\" { given { 营业收入: {2024: 1999万元} } expect eligible }\n}\n");
  CliRun r = Duixian("test " + dir.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("FAIL  T-T  wrong"));
  EXPECT_THAT(r.out, HasSubstr("verdict: expected eligible, got ineligible"));
  EXPECT_THAT(r.out, HasSubstr("policy tests: 1 passed, 1 failed"));
  fs::remove_all(dir);
}

TEST(CliTest, SchemaExportsJsonSchema) {
  CliRun r = Duixian("schema --json-schema", false);
  EXPECT_EQ(r.exit_code, 0);
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_TRUE(j["properties"].contains("revenue"));
  CliRun table = Duixian("schema");
  EXPECT_THAT(table.out, HasSubstr("revenue\t营业收入\tmoney[year]"));
}

}  // namespace
