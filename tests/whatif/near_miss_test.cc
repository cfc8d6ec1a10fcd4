// Near-miss advice and deciding sets of missing fields, checked against the
// evaluator: the suggested change makes the comparison hold and one grid
// unit less does not; a deciding set makes the verdict eligible with the
// other missing fields still missing, and no smaller set can.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

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

// The advice re-evaluates the firm under the budget it is given (the
// caller's max_eval_steps, as `duixian eval` and libduixian pass it), not
// the default: past it a probe's values are errors and nothing is advised.
TEST(NearMiss, AdviceRunsUnderTheBudgetItIsGiven) {
  Case k = Advise("  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n",
                  R"({"revenue": {"2024": "18500000"}})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  auto advise_with = [&](uint64_t max_steps) {
    engine::Evaluator ev(k.c.program);
    Decision d = ev.Evaluate(k.firm, k.date, EvalMode::kExplain);
    engine::whatif::Advisor advisor(k.c.program);
    advisor.set_max_steps(max_steps);
    advisor.Advise(k.firm, k.date, &d);
    return d.policies.at(0).near_misses;
  };
  std::vector<NearMiss> unlimited = advise_with(0);
  ASSERT_EQ(unlimited.size(), 1u);
  EXPECT_EQ(unlimited[0].target, Only(k).near_misses[0].target);
  EXPECT_TRUE(advise_with(1).empty());
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

// ------------------------------------------------- record lists, choices

// A copy of the firm with `records` (JSON objects) appended to list `field`.
engine::FirmRecord WithRecords(const Case& k, const char* field, const std::vector<std::string>& records) {
  const engine::Schema& schema = *k.c.program->schema;
  int index = schema.IndexOf(field);
  // Decode the records through a firm of their own, so they are read like any firm's.
  std::string list = "[";
  for (size_t i = 0; i < records.size(); ++i) list += (i ? "," : "") + records[i];
  list += "]";
  engine::FirmRecord extra = Firm(std::string("{\"") + field + "\": " + list + "}");
  engine::FirmRecord f = k.firm;
  engine::RecordList merged;
  if (auto* l = std::get_if<engine::RecordList>(&f.value(static_cast<size_t>(index)))) merged = *l;
  for (const engine::Record& r : std::get<engine::RecordList>(extra.value(static_cast<size_t>(index)))) {
    merged.push_back(r);
  }
  f.mutable_value(static_cast<size_t>(index)) = merged;
  return f;
}

std::vector<std::string> Repeat(const std::string& record, int n) { return std::vector<std::string>(static_cast<size_t>(n), record); }

TEST(NearMiss, RecordsToAddForACount) {
  constexpr char kNational[] = R"({"name": "新标准", "level": "国家标准", "lead": true, "published": "2024-03-01"})";
  Case k = Advise(
      "  clause 标准 \"主导制定国家标准不少于3项\": count(主导标准 where 主导制定 且 标准级别 == \"国家标准\") >= 3\n",
      R"({"standards": [{"name": "甲", "level": "国家标准", "lead": true, "published": "2023-01-01"},
                        {"name": "乙", "level": "团体标准", "lead": true, "published": "2023-01-01"}]})");
  ASSERT_EQ(Only(k).verdict, Verdict::kIneligible);
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kAddRecords);
  EXPECT_EQ(nm.field, k.c.program->schema->IndexOf("standards"));
  EXPECT_EQ(nm.records, 2);
  EXPECT_EQ(nm.current, Number::FromInt(1));
  EXPECT_EQ(nm.target, Number::FromInt(3));
  EXPECT_THAT(nm.text_zh, HasSubstr("主导标准还需2项"));
  EXPECT_THAT(nm.condition, HasSubstr("标准级别 == \"国家标准\""));
  // Two more matching records make it hold; one more does not.
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "standards", Repeat(kNational, 2)), k.date), engine::Outcome::kTrue);
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "standards", Repeat(kNational, 1)), k.date), engine::Outcome::kFalse);
}

TEST(NearMiss, RecordsThroughArithmeticAndStrictBound) {
  // count × 50万元 > 100万元: two standards give exactly 100万元, not above it; three do.
  constexpr char kNational[] = R"({"name": "新标准", "level": "国家标准", "lead": true, "published": "2024-03-01"})";
  Case k = Advise(
      "  clause 奖励额 \"按项计超过100万元\": count(主导标准 where 标准级别 == \"国家标准\") × 50万元 > 100万元\n",
      R"({"standards": [{"name": "甲", "level": "国家标准", "lead": true, "published": "2023-01-01"}]})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.records, 2);
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "standards", Repeat(kNational, 2)), k.date), engine::Outcome::kTrue);
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "standards", Repeat(kNational, 1)), k.date), engine::Outcome::kFalse);
}

TEST(NearMiss, OneRecordForAnAny) {
  Case k = Advise(
      "  clause 高企 \"上年度认定为高新技术企业\": any(资质称号 where 称号 == \"高新技术企业\" 且 认定年度 == ref)\n",
      R"({"titles": [{"name": "科技型中小企业", "level": "省级", "year": 2024}]})");
  ASSERT_EQ(Only(k).verdict, Verdict::kIneligible);
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kAddRecords);
  EXPECT_EQ(nm.records, 1);
  EXPECT_THAT(nm.text_zh, HasSubstr("资质称号还需1项"));
  EXPECT_THAT(nm.text_zh, HasSubstr("称号 == \"高新技术企业\""));
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "titles", {R"({"name": "高新技术企业", "level": "国家级", "year": 2024})"}),
                         k.date),
            engine::Outcome::kTrue);
  EXPECT_EQ(ClauseOutcome(k, k.firm, k.date), engine::Outcome::kFalse);
}

TEST(NearMiss, SumShortfallCarriedByOneRecord) {
  auto fair = [](const char* fee) {
    return std::string(R"({"name": "新展", "kind": "境外展", "start_date": "2024-09-01", "filed": true, "booth_fee": ")") +
           fee + "\"}";
  };
  auto clause = [](const char* op) {
    return std::string("  clause 展位费 \"上年度备案展会展位费合计达30万元\": "
                       "sum(展会.展位费 where 已网上备案 且 year(开展日期) == ref) ") + op + " 30万元\n";
  };
  const std::string body = clause(">=");
  const char* firm = R"({"exhibitions": [{"name": "甲", "kind": "境外展", "start_date": "2024-05-01", "filed": true, "booth_fee": "100000"},
                                          {"name": "乙", "kind": "境外展", "start_date": "2024-05-01", "filed": false, "booth_fee": "900000"}]})";
  Case k = Advise(body, firm);
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kAddAmount);
  EXPECT_EQ(nm.change, Number::FromInt(200000));
  EXPECT_EQ(nm.current, Number::FromInt(100000));
  EXPECT_EQ(nm.records, 1);
  EXPECT_THAT(nm.text_zh, HasSubstr("还差20万元"));
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "exhibitions", {fair("200000")}), k.date), engine::Outcome::kTrue);
  EXPECT_EQ(ClauseOutcome(k, WithRecords(k, "exhibitions", {fair("199999")}), k.date), engine::Outcome::kFalse);
  // Strict: one yuan more.
  Case strict = Advise(clause(">"), firm);
  ASSERT_EQ(Only(strict).near_misses.size(), 1u);
  EXPECT_EQ(Only(strict).near_misses[0].change, Number::FromInt(200001));
  EXPECT_EQ(ClauseOutcome(strict, WithRecords(strict, "exhibitions", {fair("200001")}), k.date), engine::Outcome::kTrue);
  EXPECT_EQ(ClauseOutcome(strict, WithRecords(strict, "exhibitions", {fair("200000")}), k.date), engine::Outcome::kFalse);
}

TEST(NearMiss, NoRecordAdviceForListsAFirmCannotAddTo) {
  // 行政处罚 is not actionable, and records can only be added, never removed.
  Case k = Advise("  clause 无处罚 \"无重大行政处罚\": count(行政处罚 where 重大处罚) == 0\n",
                  R"({"penalties": [{"authority": "x", "date": "2024-01-02", "amount": "0", "major": true}]})");
  ASSERT_EQ(Only(k).verdict, Verdict::kIneligible);
  EXPECT_TRUE(Only(k).near_misses.empty());
}

TEST(NearMiss, ValuesOfAnOrderedEnum) {
  Case k = Advise("  clause 数字化 \"数字化水平二级及以上\": 数字化水平等级 >= \"二级\"\n",
                  R"({"digital_level": "一级"})");
  ASSERT_EQ(Only(k).near_misses.size(), 1u);
  const NearMiss& nm = Only(k).near_misses[0];
  EXPECT_EQ(nm.kind, NearMiss::Kind::kChoose);
  EXPECT_EQ(nm.field, k.c.program->schema->IndexOf("digital_level"));
  ASSERT_EQ(nm.values.size(), 3u);
  EXPECT_FALSE(nm.other_values);
  EXPECT_THAT(nm.text_zh, HasSubstr("数字化水平等级需为四级、三级、二级之一（现为一级）"));
  // Each value offered makes it hold; every other value of the enum does not.
  const int field = k.c.program->schema->IndexOf("digital_level");
  for (const std::string& v : k.c.program->schema->fields()[static_cast<size_t>(field)].enum_values) {
    engine::FirmRecord f = k.firm;
    f.mutable_value(static_cast<size_t>(field)) = engine::Scalar(v);
    bool offered = std::find(nm.values.begin(), nm.values.end(), engine::Scalar(v)) != nm.values.end();
    EXPECT_EQ(ClauseOutcome(k, f, k.date), offered ? engine::Outcome::kTrue : engine::Outcome::kFalse) << v;
  }
}

TEST(NearMiss, BoolFieldAndMembershipInJson) {
  Case k = Advise("  clause 贯标 \"通过知识产权贯标\": 知识产权贯标\n"
                  "  clause 信用 \"纳税信用A级或B级\": 纳税信用等级[ref] 属于 {\"A\", \"B\"}\n",
                  R"({"ip_management_certified": false, "tax_credit_rating": {"2024": "M"}})");
  ASSERT_EQ(Only(k).near_misses.size(), 2u);
  const NearMiss& ip = Only(k).near_misses[0];
  EXPECT_EQ(ip.kind, NearMiss::Kind::kChoose);
  ASSERT_EQ(ip.values.size(), 1u);
  EXPECT_EQ(ip.values[0], engine::Scalar(true));
  EXPECT_THAT(ip.text_zh, HasSubstr("知识产权贯标需为是（现为否）"));
  nlohmann::json j = nlohmann::json::parse(engine::DecisionToJson(*k.c.program, k.decision));
  const nlohmann::json& tax = j["policies"][0]["near_miss"][1];
  EXPECT_EQ(tax["kind"], "choose");
  EXPECT_EQ(tax["field"], "tax_credit_rating");
  EXPECT_EQ(tax["current"], "M");
  EXPECT_EQ(tax["year"], 2024);
  EXPECT_EQ(tax["values"], nlohmann::json::parse(R"(["A", "B"])"));
  EXPECT_EQ(tax["other_values"], false);
  EXPECT_THAT(tax["comparison"].get<std::string>(), HasSubstr("纳税信用等级[2024] 属于 {\"A\", \"B\"}"));
  EXPECT_THAT(tax["text"].get<std::string>(), HasSubstr("纳税信用等级[2024]需为A、B之一（现为M）"));
  EXPECT_EQ(j["policies"][0]["near_miss"][0]["values"], nlohmann::json::parse("[true]"));
}

TEST(NearMiss, TextFieldOffersTheNamedValuesOrAnyOther) {
  // A schema in which 注册地 (text) is marked choose: the values are the ones the rule names.
  std::string schema_json = ReadSourceFile("policies/schema.json");
  const std::string key = "\"name\": \"registered_city\", \"label\": \"注册地\"";
  size_t at = schema_json.find(key);
  ASSERT_NE(at, std::string::npos);
  schema_json.insert(at + key.size(), ", \"actionable\": \"choose\"");
  auto schema = engine::Schema::FromJson(schema_json, "schema.json");
  ASSERT_TRUE(schema.ok()) << schema.status();
  auto shared = std::make_shared<const engine::Schema>(std::move(*schema));
  auto advise = [&](const std::string& body, const std::string& firm_json) {
    dsl::Compilation c = dsl::CompileSources(shared, TestCalendar(), {{"t", "t.policy", Policy(body)}});
    EXPECT_TRUE(c.program != nullptr) << AllDiagnostics(c);
    engine::FirmDecodeResult r = engine::DecodeFirmJson(*shared, firm_json, "firm.json");
    engine::Evaluator ev(c.program);
    Decision d = ev.Evaluate(*r.record, *CivilDate::Parse("2025-06-20"), EvalMode::kExplain);
    engine::whatif::Advisor(c.program).Advise(*r.record, *CivilDate::Parse("2025-06-20"), &d);
    return d.policies.at(0).near_misses;
  };
  std::vector<NearMiss> in = advise("  clause 注册 \"注册在广州或深圳\": 注册地 属于 {\"广州市\", \"深圳市\"}\n",
                                    R"({"registered_city": "东莞市"})");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].values, (std::vector<engine::Scalar>{std::string("广州市"), std::string("深圳市")}));
  EXPECT_FALSE(in[0].other_values);
  std::vector<NearMiss> out = advise("  clause 市外 \"注册在市外\": 非 (注册地 == \"东莞市\")\n",
                                     R"({"registered_city": "东莞市"})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].values.empty());
  EXPECT_TRUE(out[0].other_values);
  EXPECT_THAT(out[0].text_zh, HasSubstr("注册地需改为东莞市以外的值"));
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
