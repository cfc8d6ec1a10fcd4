// summary.json's totals against policies' effective periods: every policy is
// screened and counted, but the budget takes only the cash benefits of the
// policies in force on the screening date.
#include "engine/batch/screen_summary.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/ir/rule_graph.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::json;

DatePeriod Period(const char* start, const char* end) {
  return DatePeriod{*CivilDate::Parse(start), *CivilDate::Parse(end)};
}

// Four cash policies, one clause each (the same constant node): always in
// force, expired in 2013, starting 2025-07-01, and in force 2025; plus a tax
// benefit in force.
Program FivePolicies() {
  GraphBuilder b;
  NodeId yes = b.Constant(true);
  Program p;
  p.graph = std::move(b).Finish();
  auto policy = [&](const char* id, std::optional<DatePeriod> effective, std::vector<std::string> tags = {}) {
    PolicyInfo info;
    info.id = id;
    info.title = id;
    info.effective = effective;
    info.tags = std::move(tags);
    info.clauses.push_back({"c", "c", ClauseKind::kCondition, yes, "t.policy:1"});
    return info;
  };
  p.policies = {policy("ALWAYS", std::nullopt), policy("EXPIRED", Period("2013-01-01", "2013-12-31")),
                policy("NOT-YET", Period("2025-07-01", "2027-12-31")),
                policy("THIS-YEAR", Period("2025-01-01", "2025-12-31")),
                policy("TAX", Period("2024-01-01", "2026-12-31"), {"税收优惠"})};
  p.digest = "d";
  return p;
}

// One firm granted every policy: 1, 2, 4, 8 and 16 元.
Decision GrantedEverything() {
  Decision d;
  int64_t yuan = 1;
  for (int i = 0; i < 5; ++i, yuan *= 2) {
    PolicyDecision pd;
    pd.policy = i;
    pd.verdict = Verdict::kEligible;
    pd.benefit = Number::FromInt(yuan);
    d.policies.push_back(pd);
  }
  return d;
}

TEST(ScreenSummaryTest, BudgetCountsOnlyPoliciesInForceOnTheDate) {
  Program program = FivePolicies();
  ScreenSummary summary(program, {});
  summary.AddDecision(GrantedEverything(), -1);
  summary.AddDecision(GrantedEverything(), -1);
  json j = json::parse(summary.ToJson("2025-06-20"));
  // Everything granted is still reported…
  EXPECT_EQ(j["total_benefit"], "62.00");
  EXPECT_EQ(j["total_cash_benefit"], "30.00");
  EXPECT_EQ(j["total_tax_benefit"], "32.00");
  // …but the budget leaves out the expired and the not-yet-started policy.
  EXPECT_EQ(j["total_cash_benefit_in_force"], "18.00");  // ALWAYS 2 + THIS-YEAR 16
  EXPECT_EQ(j["policies_not_in_force"], 2);
  EXPECT_EQ(j["total_benefit_not_in_force"], "12.00");  // EXPIRED 4 + NOT-YET 8
  std::vector<bool> in_force;
  for (const json& p : j["policies"]) in_force.push_back(p["in_force"].get<bool>());
  EXPECT_EQ(in_force, (std::vector<bool>{true, false, false, true, true}));
  EXPECT_TRUE(j["policies"][0]["effective"].is_null());
  EXPECT_EQ(j["policies"][1]["effective"], (json{{"start", "2013-01-01"}, {"end", "2013-12-31"}}));
  EXPECT_EQ(j["policies"][1]["eligible"], 2);  // screened all the same
}

TEST(ScreenSummaryTest, EffectivePeriodBoundsAreInclusive) {
  Program program = FivePolicies();
  ScreenSummary summary(program, {});
  summary.AddDecision(GrantedEverything(), -1);
  json first_day = json::parse(summary.ToJson("2025-07-01"));
  EXPECT_EQ(first_day["policies"][2]["in_force"], true);
  EXPECT_EQ(first_day["policies_not_in_force"], 1);  // only EXPIRED
  json last_day = json::parse(summary.ToJson("2013-12-31"));
  EXPECT_EQ(last_day["policies"][1]["in_force"], true);
  EXPECT_EQ(last_day["policies"][3]["in_force"], false);
  json day_after = json::parse(summary.ToJson("2026-01-01"));
  EXPECT_EQ(day_after["policies"][3]["in_force"], false);
  EXPECT_EQ(day_after["total_cash_benefit_in_force"], "5.00");  // ALWAYS 1 + NOT-YET 4
}

// The screener's workers sum each batch into a summary of its own and the
// writer merges them in input order: the totals must be those of adding
// every firm to one summary, whatever the split.
TEST(ScreenSummaryTest, MergingBatchSummariesEqualsAddingEveryFirm) {
  Program program = FivePolicies();
  absl::StatusOr<Schema> schema = Schema::FromJson(
      R"({"version": 1, "fields": [{"name": "revenue", "label": "营业收入", "type": "money", "yearly": true,
          "unit": "元", "source": "税务", "group": "财务"}]})",
      "mini.json");
  ASSERT_TRUE(schema.ok()) << schema.status();
  program.schema = std::make_shared<const Schema>(*std::move(schema));
  auto firm = [](int variant) {
    Decision d = GrantedEverything();
    d.policies[1].verdict = Verdict::kIneligible;
    d.policies[1].benefit.reset();
    d.policies[1].failing = {0};
    if (variant % 2 == 0) {
      d.policies[2].verdict = Verdict::kUndetermined;
      d.policies[2].benefit.reset();
      d.policies[2].missing.push_back(MissingField{0, 2024});
    }
    if (variant == 5) d.policies[3].superseded_by = 0;
    return d;
  };
  auto town = [](int variant) { return variant % 3 == 0 ? 0 : (variant % 3 == 1 ? 1 : -1); };
  ScreenSummary whole(program, {"甲镇", "乙镇"});
  ScreenSummary merged(program, {"甲镇", "乙镇"});
  ScreenSummary batch(program, {"甲镇", "乙镇"});
  for (int i = 0; i < 7; ++i) {
    whole.AddDecision(firm(i), town(i));
    batch.AddDecision(firm(i), town(i));
    if (i == 3) {
      whole.AddError();
      batch.AddError();
    }
    if (i % 3 == 2 || i == 6) {  // batches of three firms, the last of one
      merged.Merge(batch);
      batch.Clear();
    }
  }
  EXPECT_EQ(batch.inputs(), 0u);
  EXPECT_EQ(merged.inputs(), 8u);
  EXPECT_EQ(merged.errors(), 1u);
  EXPECT_EQ(merged.Serialize(), whole.Serialize());
  const std::string json_text = merged.ToJson("2025-06-20");
  EXPECT_EQ(json_text, whole.ToJson("2025-06-20"));
  EXPECT_NE(json_text.find("revenue"), std::string::npos);  // the missing field is counted
}

}  // namespace
}  // namespace duixian::engine
