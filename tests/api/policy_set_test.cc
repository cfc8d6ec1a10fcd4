// The public C++ API: loading, evaluation, batch, errors and diagnostics.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "duixian/duixian.hpp"
#include "duixian/version.h"
#include "nlohmann/json.hpp"
#include "tests/api/api_fixture.h"

namespace duixian::api_test {
namespace {

using nlohmann::json;

TEST(PolicySetTest, VersionIsTheProjectVersion) { EXPECT_STREQ(LibraryVersion(), DUIXIAN_VERSION); }

TEST(PolicySetTest, CatalogLoadsAndEvaluatesAFirmFile) {
  auto set = PolicySet::LoadDirectory(std::string(DX_SOURCE_DIR) + "/policies");
  EXPECT_EQ(set->digest().size(), 64u);
  EXPECT_GT(set->policy_count(), 50u);
  std::string firm = ReadRepoFile("examples/firms/08-songshanhu-xinyuan-micro.json");
  json r = json::parse(set->Evaluate(firm, {"2025-06-20"}, "08.json"));
  EXPECT_EQ(r["format"], "duixian.decision/1");
  EXPECT_EQ(r["firm"], "91441900MA4W8N1C49");
  EXPECT_EQ(r["date"], "2025-06-20");
  EXPECT_EQ(r["policy_set"], set->digest());
  EXPECT_EQ(r["policies"].size(), set->policy_count());
  EXPECT_TRUE(r["policies"][0].contains("clauses"));  // explain is the default
}

TEST(PolicySetTest, VerdictModeAndCompactOutput) {
  auto set = LoadRevenue("2000万元");
  EvalOptions verdict{"2025-06-20", Mode::kVerdict, -1};
  std::string line = set->Evaluate(kFirm2500, verdict);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  json r = json::parse(line);
  EXPECT_EQ(r["policies"][0]["verdict"], "eligible");
  EXPECT_FALSE(r["policies"][0].contains("clauses"));
  json explained = json::parse(set->Evaluate(kFirm2500, {"2025-06-20"}));
  EXPECT_EQ(explained["policies"][0]["clauses"][0]["label"], "营收");
  // A firm without a USCC is named by the caller's name.
  EXPECT_EQ(r["firm"], "firm");
  EXPECT_EQ(json::parse(set->Evaluate(kFirm2500, verdict, "a.json"))["firm"], "a.json");
}

TEST(PolicySetTest, BadDateIsAnInvalidArgument) {
  auto set = LoadRevenue("2000万元");
  try {
    set->Evaluate(kFirm2500, {"2025-13-01"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("2025-13-01"), std::string::npos);
  }
}

TEST(PolicySetTest, BadFirmNamesLineColumnAndField) {
  auto set = LoadRevenue("2000万元");
  try {
    set->Evaluate("{\n  \"revenue\": {\"2024\": \"lots\"}\n}", {"2025-06-20"}, "bad.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kFirmError);
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const DiagnosticInfo& d = e.diagnostics()[0];
    EXPECT_EQ(d.code, "firm");
    EXPECT_EQ(d.file, "bad.json");
    EXPECT_EQ(d.field, "revenue.2024");
    EXPECT_EQ(d.line, 2);
    EXPECT_FALSE(d.message.empty());
    EXPECT_FALSE(d.message_zh.empty());
    EXPECT_NE(std::string(e.what()).find("bad.json:2"), std::string::npos) << e.what();
  }
  try {
    set->Evaluate("{\"revenue\": ", {"2025-06-20"}, "cut.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kFirmError);
    EXPECT_GT(e.diagnostics().at(0).line, 0);
  }
}

TEST(PolicySetTest, BatchKeepsGoingPastABadFirmAndMatchesSingleCalls) {
  auto set = LoadRevenue("2000万元");
  std::vector<std::string_view> firms = {kFirm2500, "[]", R"({"revenue": {"2024": 100}})"};
  std::vector<BatchItem> items = set->EvaluateBatch(firms, {"2025-06-20"});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].status, Status::kOk);
  EXPECT_EQ(items[0].json, set->Evaluate(kFirm2500, {"2025-06-20"}, "firm[0]"));
  EXPECT_EQ(items[1].status, Status::kFirmError);
  EXPECT_NE(items[1].error.find("firm[1]"), std::string::npos) << items[1].error;
  EXPECT_EQ(json::parse(items[2].json)["policies"][0]["verdict"], "ineligible");
  EXPECT_THROW(set->EvaluateBatch(firms, {"2025-06-20"}, {"only-one"}), Error);
}

TEST(PolicySetTest, PolicyErrorsComeBackAsDiagnosticsWithSpans) {
  std::vector<Source> bad = {{"t/bad", "t/bad.policy",
                              "policy T-BAD \"坏\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
                              "  clause a: 注册资金 >= 100万元\n}\n"}};
  try {
    PolicySet::LoadSources(SchemaJson(), CalendarJson(), bad);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kPolicyError);
    ASSERT_FALSE(e.diagnostics().empty());
    const DiagnosticInfo& d = e.diagnostics()[0];
    EXPECT_EQ(d.code, "E0201");
    EXPECT_EQ(d.severity, "error");
    EXPECT_EQ(d.file, "t/bad.policy");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 13);
    EXPECT_GT(d.end_column, d.column);
    json j = json::parse(DiagnosticsToJson(e.diagnostics()));
    EXPECT_EQ(j[0]["code"], "E0201");
    EXPECT_EQ(j[0]["line"], 4);
  }
}

TEST(PolicySetTest, UnreadableDirectoryIsAnIoError) {
  try {
    PolicySet::LoadDirectory("/nonexistent/policies");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kIoError);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/policies"), std::string::npos);
  }
  EXPECT_THROW(PolicySet::LoadSources("{", CalendarJson(), RevenuePolicy("1元")), Error);
}

}  // namespace
}  // namespace duixian::api_test
