// Near-miss advice and deciding sets of missing fields, checked against the
// evaluator: the suggested change makes the comparison hold and one grid
// unit less does not; a deciding set makes the verdict eligible with the
// other missing fields still missing, and no smaller set can.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/eval/decision_json.h"
#include "engine/whatif/advisor.h"
#include "nlohmann/json.hpp"
#include "tests/dsl/eval_fixture.h"

namespace duixian {
namespace {

using engine::CivilDate;
using engine::Decision;
using engine::EvalMode;
using engine::NearMiss;
using engine::Number;
using engine::PolicyDecision;
using engine::Verdict;
using ::testing::HasSubstr;
using namespace testing_internal;

std::string Policy(const std::string& body) {
  return "policy DX-T-01 \"测试政策\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
         "  window 2025-06-16 .. 2025-07-18\n" + body + "\n}\n";
}

struct Case {
  dsl::Compilation c;
  engine::FirmRecord firm;
  CivilDate date;
  Decision decision;
};

Case Advise(const std::string& body, const std::string& firm_json, const char* date = "2025-06-20") {
  Case k{CompileTexts({{"t.policy", Policy(body)}}), Firm(firm_json), *CivilDate::Parse(date), {}};
  EXPECT_TRUE(k.c.program != nullptr) << AllDiagnostics(k.c);
  if (!k.c.program) return k;
  engine::Evaluator ev(k.c.program);
  k.decision = ev.Evaluate(k.firm, k.date, EvalMode::kExplain);
  engine::whatif::Advisor(k.c.program).Advise(k.firm, k.date, &k.decision);
  return k;
}

const PolicyDecision& Only(const Case& k) { return k.decision.policies.at(0); }

// Sets a yearly numeric field of a copy of the firm.
engine::FirmRecord WithSeries(const Case& k, const char* field, int year, const Number& value) {
  engine::FirmRecord f = k.firm;
  int index = k.c.program->schema->IndexOf(field);
  engine::YearSeries series;
  if (auto* s = std::get_if<engine::YearSeries>(&f.value(static_cast<size_t>(index)))) series = *s;
  bool set = false;
  for (auto& [y, v] : series) {
    if (y == year) { v = value; set = true; }
  }
  if (!set) series.push_back({year, value});
  f.mutable_value(static_cast<size_t>(index)) = series;
  return f;
}

engine::Outcome ClauseOutcome(const Case& k, const engine::FirmRecord& firm, CivilDate date, int clause = 0) {
  engine::Evaluator ev(k.c.program);
  Decision d = ev.Evaluate(firm, date, EvalMode::kExplain);
  return d.policies.at(0).clauses.at(static_cast<size_t>(clause)).outcome;
}

// The suggested target holds; one unit short of it does not.
void ExpectExactBoundary(const Case& k, const NearMiss& nm, const char* field, const Number& unit) {
  ASSERT_TRUE(nm.year.has_value());
  EXPECT_EQ(ClauseOutcome(k, WithSeries(k, field, *nm.year, nm.target), k.date), engine::Outcome::kTrue);
  Number short_by_one = nm.kind == NearMiss::Kind::kIncrease ? *Number::Sub(nm.target, unit)
                                                             : *Number::Add(nm.target, unit);
  EXPECT_EQ(ClauseOutcome(k, WithSeries(k, field, *nm.year, short_by_one), k.date), engine::Outcome::kFalse);
}

TEST(NearMiss, MoneyShortfallInWholeYuan) {
  Case k = Advise("  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n",
                  R"({"revenue": {"2024": "18500000"}})");
  ASSERT_EQ(Only(k).verdict, Verdict::kIneligible);
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kIncrease);
  EXPECT_EQ(nm.change, Number::FromInt(1500000));
  EXPECT_EQ(nm.target, Number::FromInt(20000000));
  EXPECT_THAT(nm.text_zh, HasSubstr("营业收入[2024]还差150万元"));
  ExpectExactBoundary(k, nm, "revenue", Number::FromInt(1));
}

TEST(NearMiss, StrictBoundAndFenAmounts) {
  // 超过 is strict: exactly 2000万元 is not enough, so one more yuan.
  Case k = Advise("  clause 营收 \"营业收入超过2000万元\": 营业收入[ref] > 2000万元\n",
                  R"({"revenue": {"2024": "18500000.40"}})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.change, Number::FromInt(1500000));  // 20000000.40 > 2000万元
  ExpectExactBoundary(k, nm, "revenue", Number::FromInt(1));
  Case exact = Advise("  clause 营收 \"营业收入超过2000万元\": 营业收入[ref] > 2000万元\n",
                      R"({"revenue": {"2024": "18500000"}})");
  ASSERT_EQ(Only(exact).near_misses.size(), 1u);
  EXPECT_EQ(Only(exact).near_misses[0].change, Number::FromInt(1500001));
  ExpectExactBoundary(exact, Only(exact).near_misses[0], "revenue", Number::FromInt(1));
}

TEST(NearMiss, RatioThroughTheNumeratorOnly) {
  // Revenue is actionable but raising it lowers the ratio: only R&D is advised.
  Case k = Advise("  clause 强度 \"研发费用占营业收入比例不低于3%\": 研发费用[ref] / 营业收入[ref] >= 3%\n",
                  R"({"revenue": {"2024": "20000000"}, "rd_expense": {"2024": "520000"}})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.field, k.c.program->schema->IndexOf("rd_expense"));
  EXPECT_EQ(nm.change, Number::FromInt(80000));
  ASSERT_TRUE(nm.quantity_now && nm.quantity_required);
  EXPECT_EQ(*nm.quantity_now, Number::Ratio(26, 1000));
  EXPECT_TRUE(nm.quantity_is_ratio);
  EXPECT_THAT(nm.text_zh, HasSubstr("需再提高0.4个百分点"));
  EXPECT_THAT(nm.text_zh, HasSubstr("研发费用[2024]还差8万元"));
  ExpectExactBoundary(k, nm, "rd_expense", Number::FromInt(1));
}

TEST(NearMiss, NonTerminatingRatioStillExact) {
  // 3% of 3333333 is 99999.99: the first whole-yuan R&D amount is 100000.
  Case k = Advise("  clause 强度 \"研发强度不低于3%\": 研发费用[ref] / 营业收入[ref] >= 3%\n",
                  R"({"revenue": {"2024": "3333333"}, "rd_expense": {"2024": "90000.5"}})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.target, *Number::Parse("100000.5"));
  ExpectExactBoundary(k, nm, "rd_expense", Number::FromInt(1));
}

TEST(NearMiss, PercentFieldInHundredthsOfAPoint) {
  Case k = Advise("  clause 占比 \"研发费用占比不低于3%\": 研发费用占比[ref] >= 3%\n",
                  R"({"rd_expense_ratio": {"2024": "0.0255"}})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.change, Number::Ratio(45, 10000));
  EXPECT_THAT(nm.text_zh, HasSubstr("需再提高0.45个百分点"));
  ExpectExactBoundary(k, nm, "rd_expense_ratio", Number::Ratio(1, 10000));
}

TEST(NearMiss, ThroughArithmeticAndGrowth) {
  // Growth of at least 20%: (rev[ref] - rev[ref-1]) / rev[ref-1] >= 20%; only this year's revenue is raised.
  Case k = Advise(
      "  clause 增长 \"营业收入增长不低于20%\": (营业收入[ref] - 营业收入[ref-1]) / 营业收入[ref-1] >= 20%\n",
      R"({"revenue": {"2023": "10000000", "2024": "11000000"}})");
  std::vector<NearMiss> ms = Only(k).near_misses;
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].year, 2024);
  EXPECT_EQ(ms[0].change, Number::FromInt(1000000));
  ExpectExactBoundary(k, ms[0], "revenue", Number::FromInt(1));
}

TEST(NearMiss, DecreaseForAnUpperBound) {
  Case k = Advise("  clause 裁员 \"裁员不超过5人\": 裁员人数[ref] <= 5人\n", R"({"layoffs": {"2024": 8}})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kDecrease);
  EXPECT_EQ(nm.change, Number::FromInt(3));
  ExpectExactBoundary(k, nm, "layoffs", Number::FromInt(1));
}

TEST(NearMiss, WaitForAnAnniversary) {
  Case k = Advise("  clause 成立满三年 \"成立满3年\": 成立日期 + 3年 <= today\n", R"({"established_date": "2022-10-26"})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kWait);
  EXPECT_EQ(nm.days, 128);
  EXPECT_EQ(nm.until.ToString(), "2025-10-26");
  EXPECT_THAT(nm.text_zh, HasSubstr("成立满三年还差128天"));
  EXPECT_EQ(ClauseOutcome(k, k.firm, nm.until), engine::Outcome::kTrue);
  EXPECT_EQ(ClauseOutcome(k, k.firm, nm.until.AddDays(-1)), engine::Outcome::kFalse);
}

TEST(NearMiss, NoAdviceOnFieldsAFirmCannotChange) {
  Case k = Advise("  clause 税源 \"在本地缴税占比不低于50%\": 园区缴税占比 >= 50%\n",
                  R"({"park_tax_share": "0.4"})");
  ASSERT_EQ(Only(k).verdict, Verdict::kIneligible);
  EXPECT_TRUE(Only(k).near_misses.empty());
}

TEST(NearMiss, EveryFailingComparisonOfAConjunction) {
  Case k = Advise(
      "  clause 规模 \"营业收入不低于2000万元且从业人员不少于50人\": 营业收入[ref] >= 2000万元 且 从业人员[ref] >= 50人\n",
      R"({"revenue": {"2024": "19000000"}, "employees": {"2024": 45}})");
  ASSERT_EQ(Only(k).near_misses.size(), 2u);
  EXPECT_FALSE(Only(k).near_misses[0].alternative);
  EXPECT_EQ(Only(k).near_misses[1].change, Number::FromInt(5));
  EXPECT_THAT(Only(k).near_misses[1].text_zh, HasSubstr("从业人员[2024]还差5人"));
}

TEST(NearMiss, InDecisionJsonAndText) {
  Case k = Advise("  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n",
                  R"({"revenue": {"2024": "18500000"}})");
  nlohmann::json j = nlohmann::json::parse(engine::DecisionToJson(*k.c.program, k.decision));
  const nlohmann::json& nm = j["policies"][0]["near_miss"][0];
  EXPECT_EQ(nm["clause"], "营收");
  EXPECT_EQ(nm["field"], "revenue");
  EXPECT_EQ(nm["year"], 2024);
  EXPECT_EQ(nm["kind"], "increase");
  EXPECT_EQ(nm["current"], "18500000");
  EXPECT_EQ(nm["target"], "20000000");
  EXPECT_EQ(nm["change"], "1500000");
}

// ------------------------------------------------------------ deciding sets

constexpr char kTwoClauses[] =
    "  clause 资格 \"规上工业企业、战略性新兴产业或数字化牵引单位\": 规上工业企业 或 战略性新兴产业 或 数字化牵引单位\n"
    "  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n";

TEST(DecidingSet, SmallestSetMakesItEligibleWithTheRestMissing) {
  Case k = Advise(kTwoClauses, R"({"name": "某公司"})");
  const PolicyDecision& pd = Only(k);
  ASSERT_EQ(pd.verdict, Verdict::kUndetermined);
  ASSERT_EQ(pd.missing.size(), 4u);
  ASSERT_TRUE(pd.deciding.has_value());
  ASSERT_EQ(pd.deciding->fields.size(), 2u);
  // The first smallest set in schema order: strategic_emerging comes first.
  EXPECT_EQ(pd.deciding->fields[0].field, k.c.program->schema->IndexOf("strategic_emerging"));
  EXPECT_EQ(pd.deciding->fields[0].condition_zh, "是");
  EXPECT_EQ(pd.deciding->fields[1].field, k.c.program->schema->IndexOf("revenue"));
  EXPECT_EQ(pd.deciding->fields[1].condition_zh, "≥ 2000万元");

  // Supplying just these two (the others stay missing) decides it: eligible.
  engine::FirmRecord f = WithSeries(k, "revenue", 2024, Number::FromInt(20000000));
  f.mutable_value(static_cast<size_t>(k.c.program->schema->IndexOf("strategic_emerging"))) = engine::Scalar(true);
  engine::Evaluator ev(k.c.program);
  EXPECT_EQ(ev.Evaluate(f, k.date, EvalMode::kVerdict).policies[0].verdict, Verdict::kEligible);
  // No single field can: each clause needs one.
  for (const char* field : {"above_scale_industrial", "strategic_emerging", "digital_leading_unit"}) {
    engine::FirmRecord g = k.firm;
    g.mutable_value(static_cast<size_t>(k.c.program->schema->IndexOf(field))) = engine::Scalar(true);
    EXPECT_EQ(ev.Evaluate(g, k.date, EvalMode::kVerdict).policies[0].verdict, Verdict::kUndetermined) << field;
  }
  EXPECT_EQ(ev.Evaluate(WithSeries(k, "revenue", 2024, Number::FromInt(90000000)), k.date, EvalMode::kVerdict)
                .policies[0].verdict,
            Verdict::kUndetermined);
}

TEST(DecidingSet, OneFieldWhenTheRestIsKnown) {
  Case k = Advise(kTwoClauses, R"({"strategic_emerging": true, "revenue": {"2023": "1"}})");
  const PolicyDecision& pd = Only(k);
  ASSERT_EQ(pd.verdict, Verdict::kUndetermined);
  ASSERT_TRUE(pd.deciding.has_value());
  ASSERT_EQ(pd.deciding->fields.size(), 1u);
  EXPECT_EQ(pd.deciding->fields[0].year, 2024);
  nlohmann::json j = nlohmann::json::parse(engine::DecisionToJson(*k.c.program, k.decision));
  EXPECT_EQ(j["policies"][0]["deciding"][0]["field"], "revenue");
  EXPECT_EQ(j["policies"][0]["deciding"][0]["eligible_if"], "≥ 2000万元");
}

TEST(DecidingSet, NoneWhenNoValueCanMakeItEligible) {
  // The two clauses contradict each other: no revenue makes it eligible.
  Case k = Advise("  clause 营收 \"营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n"
                  "  clause 矛盾 \"营业收入低于1000万元\": 营业收入[ref] < 1000万元\n",
                  R"({"name": "某公司"})");
  ASSERT_EQ(Only(k).verdict, Verdict::kUndetermined);
  EXPECT_FALSE(Only(k).deciding.has_value());
}

}  // namespace
}  // namespace duixian
