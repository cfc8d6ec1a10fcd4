// Limits through the public C++ API: the defaults, policy limits at load
// time, firm limits and the evaluation budget at evaluation time (a firm
// over the budget is a firm error, never a decision without verdicts).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "duixian/duixian.hpp"
#include "nlohmann/json.hpp"
#include "tests/api/api_fixture.h"

namespace duixian::api_test {
namespace {

using nlohmann::json;

std::shared_ptr<const PolicySet> LoadRevenueWith(const Limits& limits) {
  return PolicySet::LoadSources(SchemaJson(), CalendarJson(), RevenuePolicy("2000万元"), limits);
}

Limits Budget(uint64_t steps) {
  Limits l;
  l.max_eval_steps = steps;
  return l;
}

TEST(LimitsTest, TheSetKeepsTheLimitsItWasLoadedWith) {
  EXPECT_EQ(LoadRevenue("2000万元")->limits().max_eval_steps, 5'000'000u);
  EXPECT_EQ(LoadRevenue("2000万元")->limits().max_json_depth, 64u);
  Limits l;
  l.max_items = 7;
  l.max_clauses = 9;
  auto set = LoadRevenueWith(l);
  EXPECT_EQ(set->limits().max_items, 7u);
  EXPECT_EQ(set->limits().max_clauses, 9u);
}

TEST(LimitsTest, EvaluationOverTheBudgetIsAFirmErrorNotAVerdict) {
  auto set = LoadRevenueWith(Budget(1));
  for (Mode mode : {Mode::kVerdict, Mode::kExplain}) {
    try {
      set->Evaluate(kFirm2500, {"2025-06-20", mode}, "huge.json");
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::kFirmError);
      EXPECT_NE(std::string(e.what()).find("huge.json"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("limit of 1 steps"), std::string::npos) << e.what();
      ASSERT_EQ(e.diagnostics().size(), 1u);
      EXPECT_EQ(e.diagnostics()[0].code, "firm");
      EXPECT_EQ(e.diagnostics()[0].file, "huge.json");
      EXPECT_NE(e.diagnostics()[0].message_zh.find("上限 1 步"), std::string::npos) << e.diagnostics()[0].message_zh;
    }
  }
  std::vector<BatchItem> items = set->EvaluateBatch({kFirm2500, "[]"}, {"2025-06-20"});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].status, Status::kFirmError);
  EXPECT_TRUE(items[0].json.empty());
  EXPECT_NE(items[0].error.find("steps"), std::string::npos) << items[0].error;
  EXPECT_EQ(items[1].status, Status::kFirmError);  // bad JSON, as before
  // A generous budget, and no limit at all, decide the firm.
  for (uint64_t steps : {uint64_t{1'000'000}, uint64_t{0}}) {
    json r = json::parse(LoadRevenueWith(Budget(steps))->Evaluate(kFirm2500, {"2025-06-20"}));
    EXPECT_EQ(r["policies"][0]["verdict"], "eligible");
  }
}

TEST(LimitsTest, AHolderReloadsWithTheLimitsOfTheSetItServes) {
  PolicySetHolder holder(LoadRevenueWith(Budget(1)));
  ASSERT_TRUE(holder.ReloadSources(SchemaJson(), CalendarJson(), RevenuePolicy("3000万元")).ok());
  EXPECT_EQ(holder.Current()->limits().max_eval_steps, 1u);
  try {
    holder.Evaluate(kFirm2500, {"2025-06-20"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kFirmError);
  }
}

TEST(LimitsTest, FirmLimitsNameTheFieldAndTheLimit) {
  Limits l;
  l.max_json_depth = 2;
  l.max_number_digits = 5;
  auto set = LoadRevenueWith(l);
  try {
    set->Evaluate(R"({"revenue": {"2024": [1]}})", {"2025-06-20"}, "deep.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kFirmError);
    EXPECT_NE(std::string(e.what()).find("nested more than 2 levels"), std::string::npos) << e.what();
  }
  try {
    set->Evaluate(kFirm2500, {"2025-06-20"}, "digits.json");  // 25000000: 8 digits
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kFirmError);
    EXPECT_EQ(e.diagnostics().at(0).field, "revenue.2024") << e.what();
  }
  Limits small;
  small.max_firm_bytes = 10;
  EXPECT_THROW(LoadRevenueWith(small)->Evaluate(kFirm2500, {"2025-06-20"}), Error);
}

TEST(LimitsTest, PolicyLimitsAreDiagnostics) {
  Limits l;
  l.max_policy_bytes = 16;
  try {
    LoadRevenueWith(l);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kPolicyError);
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics()[0].code, "E0112");
  }
  Limits one_clause;
  one_clause.max_clauses = 1;
  std::vector<Source> two = {{"t/two", "t/two.policy",
                              "policy T-TWO \"两条\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
                              "  clause 甲: 营业收入[ref] 不低于 1元\n  clause 乙: 营业收入[ref] 不低于 2元\n}\n"}};
  EXPECT_NO_THROW(PolicySet::LoadSources(SchemaJson(), CalendarJson(), two));
  try {
    PolicySet::LoadSources(SchemaJson(), CalendarJson(), two, one_clause);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::kPolicyError);
    EXPECT_EQ(e.diagnostics().at(0).code, "E0409");
  }
}

TEST(LimitsTest, ZeroOrOutOfRangeLimitsAreInvalidArguments) {
  auto expect_invalid = [](Limits l, const std::string& name) {
    try {
      LoadRevenueWith(l);
      ADD_FAILURE() << name << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::kInvalidArgument) << name;
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  Limits a;
  a.max_json_depth = 0;
  expect_invalid(a, "max_json_depth");
  Limits b;
  b.max_clauses = uint64_t{1} << 40;
  expect_invalid(b, "max_clauses");
  Limits c;
  c.max_elaboration_steps = 0;
  expect_invalid(c, "max_elaboration_steps");
  EXPECT_THROW(PolicySet::LoadDirectory(std::string(DX_SOURCE_DIR) + "/policies", a), Error);
}

}  // namespace
}  // namespace duixian::api_test
