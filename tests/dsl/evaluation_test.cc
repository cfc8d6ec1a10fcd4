// Every construct of the policy language, parsed, checked, lowered and
// evaluated; exact boundaries; Kleene logic; sharing; digests.
#include <iterator>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/eval/decision_json.h"
#include "tests/dsl/eval_fixture.h"

namespace duixian {
namespace {

using engine::CivilDate;
using engine::Decision;
using engine::EvalMode;
using engine::Evaluator;
using engine::FirmRecord;
using engine::Number;
using engine::PolicyDecision;
using engine::Verdict;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using namespace testing_internal;

// A policy with the usual header around `body` (CompileTexts adds the import).
std::string Policy(const std::string& id, const std::string& body,
                   const std::string& extra_header = "") {
  return "policy " + id + " \"测试政策\" {\n  department \"东莞市测试局\"\n"
         "  reference year 2024\n  window 2025-06-16 .. 2025-07-18\n" + extra_header + body + "\n}\n";
}

// Two decisions of one policy agree on everything but explanations.
void ExpectSameDecision(const PolicyDecision& a, const PolicyDecision& b, const std::string& where) {
  EXPECT_EQ(a.verdict, b.verdict) << where;
  EXPECT_EQ(a.failing, b.failing) << where;
  EXPECT_EQ(a.open, b.open) << where;
  EXPECT_EQ(a.missing, b.missing) << where;
  EXPECT_EQ(a.errors, b.errors) << where;
  EXPECT_EQ(a.benefit, b.benefit) << where;
  EXPECT_EQ(a.benefit_missing, b.benefit_missing) << where;
}

// Screening (kAllClauses) against explain mode, which walks lazily, with
// one evaluator for all the firms: each policy's verdict, failing and open
// clauses, missing fields, errors and benefit must be the same.
void ExpectScreeningAgreesWithTheLazyWalk(const dsl::Compilation& c, const std::vector<std::string>& firms) {
  ASSERT_TRUE(c.program != nullptr) << AllDiagnostics(c);
  Evaluator ev(c.program);
  const CivilDate date = *CivilDate::Parse("2025-06-20");
  for (const std::string& json : firms) {
    const FirmRecord firm = Firm(json);
    const Decision walked = ev.Evaluate(firm, date, EvalMode::kExplain);
    const Decision screened = ev.Evaluate(firm, date, EvalMode::kAllClauses);
    ASSERT_EQ(screened.policies.size(), walked.policies.size());
    for (size_t p = 0; p < screened.policies.size(); ++p) {
      ExpectSameDecision(screened.policies[p], walked.policies[p], c.program->policies[p].id + " " + json);
    }
  }
}

Number Yuan(const char* text) { return *Number::Parse(text); }

// ------------------------------------------------------------ boundaries

TEST(BoundaryTest, RevenueExactlyAtThresholdMeetsNotLessThan) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] 不低于 2000万元")}});
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": "20000000"}})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": 20000000.00}})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": "19999999.99"}})", "2025-06-20").verdict, Verdict::kIneligible);
}

TEST(BoundaryTest, RdRatioExactlyThreePercent) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause 强度 \"研发费用占营业收入比例不低于3%\": 研发费用[ref] / 营业收入[ref] >= 3%")}});
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": 20000000}, "rd_expense": {"2024": 600000}})", "2025-06-20").verdict,
            Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": 20000000}, "rd_expense": {"2024": "599999.99"}})", "2025-06-20").verdict,
            Verdict::kIneligible);
  // 0.1 + 0.2 style binary drift cannot happen: 3% of 0.3亿 exactly.
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": 0.3}, "rd_expense": {"2024": 0.009}})", "2025-06-20").verdict,
            Verdict::kEligible);
}

TEST(BoundaryTest, ChineseBoundaryWordsFollowCivilCode) {
  // 以上/以下 include the number; 超过/不满 exclude it.
  auto c = CompileTexts({{"p.policy",
                          Policy("T-UP", "clause a: 营业收入[ref] 2000万元以上") + Policy("T-DOWN", "clause a: 从业人员[ref] 300人以下") +
                              Policy("T-OVER", "clause a: 营业收入[ref] 超过 2000万元") + Policy("T-UNDER", "clause a: 从业人员[ref] 不满 300人")}});
  const char* at_rev = R"({"revenue": {"2024": 20000000}})";
  const char* at_emp = R"({"employees": {"2024": 300}})";
  EXPECT_EQ(EvalPolicy(c, "T-UP", at_rev, "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-OVER", at_rev, "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-DOWN", at_emp, "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-UNDER", at_emp, "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-OVER", R"({"revenue": {"2024": "20000000.01"}})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-UNDER", R"({"employees": {"2024": 299}})", "2025-06-20").verdict, Verdict::kEligible);
}

TEST(BoundaryTest, TenPercentOfIncrementCappedToTheFen) {
  auto c = CompileTexts({{"p.policy",
                          Policy("T-1", "clause a: 研发费用[ref] > 0元\n"
                                        "benefit \"按研发费用增量的10%给予补助，最高不超过500万元\":\n"
                                        "  round(min((研发费用[ref] - 研发费用[ref-1]) * 10%, 500万元))")}});
  auto d = EvalPolicy(c, "T-1", R"({"rd_expense": {"2024": "13345678.91", "2023": "1000000.00"}})", "2025-06-20");
  ASSERT_TRUE(d.benefit.has_value());
  EXPECT_EQ(*d.benefit, Yuan("1234567.89"));  // 1234567.891 rounded to the fen
  d = EvalPolicy(c, "T-1", R"({"rd_expense": {"2024": "61000000.00", "2023": "1000000.00"}})", "2025-06-20");
  EXPECT_EQ(*d.benefit, Yuan("5000000"));     // capped
  d = EvalPolicy(c, "T-1", R"({"rd_expense": {"2024": "13345678.95", "2023": "1000000.00"}})", "2025-06-20");
  EXPECT_EQ(*d.benefit, Yuan("1234567.90"));  // 1234567.895: half up
  d = EvalPolicy(c, "T-1", R"({"rd_expense": {"2024": "51000000.05", "2023": "1000000.00"}})", "2025-06-20");
  EXPECT_EQ(*d.benefit, Yuan("5000000"));     // the cap applies before rounding
}

// ------------------------------------------------------------ Kleene logic

struct Tri {
  const char* json;  // value of independent_legal_person (bool field)
};

// An aggregate nested in a where-clause over the same list re-reads the
// record field the outer comparison already read: the outer record's value
// must survive the inner loop over the other records.
TEST(AggregateTest, NestedAggregateOverTheSameListKeepsTheOuterRecord) {
  auto c = CompileTexts({{"p.policy", Policy("T-1",
      "clause a: count(行政处罚 where 罚款金额 > sum(行政处罚.罚款金额) / 2) == 1")}});
  // 10 and 100 of 110: only 100 is above half.
  const char* firm = R"({"penalties": [{"amount": 10}, {"amount": 100}]})";
  for (EvalMode mode : {EvalMode::kVerdict, EvalMode::kAllClauses, EvalMode::kExplain}) {
    EXPECT_EQ(EvalPolicy(c, "T-1", firm, "2025-06-20", mode).verdict, Verdict::kEligible);
  }
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"penalties": [{"amount": 100}, {"amount": 10}]})", "2025-06-20").verdict,
            Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"penalties": [{"amount": 50}, {"amount": 50}]})", "2025-06-20").verdict,
            Verdict::kIneligible);
}

// The same with a computed number as the held operand: the inner aggregate
// computes `罚款金额 * 2` again for every record, and the outer record's
// product must not be the inner's last one.
TEST(AggregateTest, NestedAggregateKeepsTheOuterRecordsComputedNumber) {
  auto c = CompileTexts({{"p.policy", Policy("T-1",
      "clause a: count(行政处罚 where 罚款金额 * 2 > sum(行政处罚.罚款金额 where 罚款金额 * 2 > 罚款金额)) == 1")}});
  // Sum 110: only 100 * 2 is above it.
  for (const char* firm : {R"({"penalties": [{"amount": 10}, {"amount": 100}]})",
                           R"({"penalties": [{"amount": 100}, {"amount": 10}]})"}) {
    for (EvalMode mode : {EvalMode::kVerdict, EvalMode::kAllClauses, EvalMode::kExplain}) {
      EXPECT_EQ(EvalPolicy(c, "T-1", firm, "2025-06-20", mode).verdict, Verdict::kEligible) << firm;
    }
  }
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"penalties": [{"amount": 100}, {"amount": 100}]})", "2025-06-20").verdict,
            Verdict::kIneligible);
}

// Screening (kAllClauses) computes an aggregate's where-clause and summed
// value record by record in a forward pass of their own, an and/or stopping
// at its first decisive operand; explain mode walks them lazily. Both must
// give the same verdicts, failing clauses, missing fields, errors and
// amounts, for and/or where-clauses with operands open, decisive or in
// error, sums whose where-clause and value share a node, and records
// lacking fields.
TEST(AggregateTest, ScreeningAgreesWithTheLazyWalkRecordByRecord) {
  auto c = CompileTexts({{"p.policy",
      Policy("T-AND", "clause a: 存在(行政处罚 其中 罚款金额 >= 10万元 且 处罚日期 在 今日 前 2年 以内)") +
      Policy("T-OR", "clause a: count(资质称号 where 级别 == \"国家级\" 或 称号 == \"高新技术企业\") >= 1") +
      Policy("T-NOT", "clause a: 非 存在(行政处罚 其中 重大处罚 或 罚款金额 / 0 > 1元)") +
      Policy("T-ALL", "clause a: all(项目 where 已备案 且 总投资 > 0元)") +
      Policy("T-SUM", "clause a: sum(已获资助.金额 where 金额 * 2 > 1000元 且 年度 == 2024) > 0元\n"
                      "benefit: sum(已获资助.金额 where 年度 == 2024 或 金额 * 2 > 5000元) * 10%") +
      Policy("T-COUNT", "clause a: count(项目) >= 2 且 count(项目 where 总投资 >= 100万元) < 3")}});
  ASSERT_TRUE(c.program != nullptr) << AllDiagnostics(c);
  const std::vector<std::string> firms = {
      "{}",
      R"({"penalties": [], "titles": [], "projects": [], "benefits_received": []})",
      R"({"penalties": [{"amount": 200000}, {"amount": 100000, "date": "2025-01-02", "major": false}]})",
      R"({"penalties": [{"date": "2025-01-01", "major": false}, {"amount": 5, "date": "2020-01-01", "major": true}]})",
      R"({"penalties": [{"amount": 3, "major": false}]})",
      R"({"titles": [{"name": "小巨人", "level": "省级"}, {"name": "高新技术企业"}]})",
      R"({"titles": [{"name": "小巨人", "level": "市级"}, {"level": "国家级"}]})",
      R"({"titles": [{"name": "小巨人"}]})",
      R"({"projects": [{"filed": true, "investment": 2000000}, {"filed": true}, {"investment": 5}]})",
      R"({"projects": [{"filed": false}, {"investment": 1000000}]})",
      R"({"projects": [{"filed": true, "investment": 1000000}, {"filed": true, "investment": 3000000}]})",
      R"({"benefits_received": [{"year": 2024, "amount": 600}, {"year": 2023, "amount": 9000}, {"amount": 100}]})",
      R"({"benefits_received": [{"year": 2024}, {"year": 2022, "amount": 10}]})",
      R"({"benefits_received": [{"year": 2024, "amount": 400}, {"year": 2024, "amount": 700}]})",
  };
  ExpectScreeningAgreesWithTheLazyWalk(c, firms);
  // Spot checks that the shapes are exercised as meant.
  EXPECT_EQ(EvalPolicy(c, "T-OR", firms[5], "2025-06-20", EvalMode::kAllClauses).verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-OR", firms[7], "2025-06-20", EvalMode::kAllClauses).verdict, Verdict::kUndetermined);
  EXPECT_EQ(EvalPolicy(c, "T-AND", firms[2], "2025-06-20", EvalMode::kAllClauses).verdict, Verdict::kEligible);
  EXPECT_EQ(*EvalPolicy(c, "T-SUM", firms[13], "2025-06-20", EvalMode::kAllClauses).benefit, Yuan("110"));
  EXPECT_FALSE(EvalPolicy(c, "T-SUM", firms[11], "2025-06-20", EvalMode::kAllClauses).benefit.has_value());
}

TEST(KleeneTest, TruthTablesOfAndOrNot) {
  // a = 独立法人, b = 健全财务制度; missing means unknown.
  auto c = CompileTexts({{"p.policy", Policy("T-AND", "clause x: 独立法人 且 健全财务制度") +
                                          Policy("T-OR", "clause x: 独立法人 或 健全财务制度") +
                                          Policy("T-NOT", "clause x: 非 独立法人")}});
  const char* values[] = {"true", "false", nullptr};
  auto firm = [](const char* a, const char* b) {
    std::string j = "{";
    if (a) j += std::string("\"independent_legal_person\": ") + a;
    if (a && b) j += ", ";
    if (b) j += std::string("\"sound_financial_system\": ") + b;
    return j + "}";
  };
  auto tri = [](const char* v) { return v == nullptr ? 2 : (std::string(v) == "true" ? 1 : 0); };
  for (const char* a : values) {
    for (const char* b : values) {
      int ta = tri(a), tb = tri(b);
      // Expected under Kleene logic (1 true, 0 false, 2 unknown).
      int and_expected = (ta == 0 || tb == 0) ? 0 : (ta == 1 && tb == 1) ? 1 : 2;
      int or_expected = (ta == 1 || tb == 1) ? 1 : (ta == 0 && tb == 0) ? 0 : 2;
      auto verdict_of = [](int t) { return t == 1 ? Verdict::kEligible : t == 0 ? Verdict::kIneligible : Verdict::kUndetermined; };
      for (EvalMode mode : {EvalMode::kVerdict, EvalMode::kExplain, EvalMode::kAllClauses}) {
        EXPECT_EQ(EvalPolicy(c, "T-AND", firm(a, b), "2025-06-20", mode).verdict, verdict_of(and_expected))
            << firm(a, b);
        EXPECT_EQ(EvalPolicy(c, "T-OR", firm(a, b), "2025-06-20", mode).verdict, verdict_of(or_expected)) << firm(a, b);
      }
    }
    int not_expected = tri(a) == 2 ? 2 : 1 - tri(a);
    EXPECT_EQ(EvalPolicy(c, "T-NOT", firm(a, nullptr), "2025-06-20").verdict,
              not_expected == 1 ? Verdict::kEligible : not_expected == 0 ? Verdict::kIneligible : Verdict::kUndetermined);
  }
}

TEST(KleeneTest, OneUnknownAndOneFalseClauseIsIneligible) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause 法人: 独立法人\nclause 营收: 营业收入[ref] >= 2000万元")}});
  for (EvalMode mode : {EvalMode::kVerdict, EvalMode::kExplain, EvalMode::kAllClauses}) {
    auto d = EvalPolicy(c, "T-1", R"({"revenue": {"2024": 100}})", "2025-06-20", mode);
    EXPECT_EQ(d.verdict, Verdict::kIneligible);
    EXPECT_THAT(FailingLabels(c, d), ElementsAre("营收"));
    EXPECT_TRUE(d.missing.empty());
  }
}

TEST(KleeneTest, UndeterminedNamesExactlyTheMissingFields) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: 独立法人\nclause b: 营业收入[ref] >= 2000万元 且 研发费用[ref-1] > 0元")}});
  auto d = EvalPolicy(c, "T-1", R"({"independent_legal_person": true, "revenue": {"2024": 30000000}})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  EXPECT_THAT(MissingNames(c, d), ElementsAre("rd_expense[2023]"));
  // Ruling out on what is known wins over missing data.
  d = EvalPolicy(c, "T-1", R"({"independent_legal_person": false})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kIneligible);
}

// ------------------------------------------------------------ exceptions, requires, groups

TEST(PolicyLogicTest, ExceptionWinsOverClauses) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: 独立法人\nunless 重复 \"已获资助的不予重复资助\": received(DG-X-1, year 2024)\nbenefit: 10万元")}});
  auto d = EvalPolicy(c, "T-1", R"({"independent_legal_person": true, "benefits_received": [{"policy": "DG-X-1", "year": 2024, "amount": 50000}]})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kIneligible);
  EXPECT_THAT(FailingLabels(c, d), ElementsAre("重复"));
  d = EvalPolicy(c, "T-1", R"({"independent_legal_person": true, "benefits_received": [{"policy": "DG-X-1", "year": 2023}]})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kEligible);
  EXPECT_EQ(*d.benefit, Yuan("100000"));
  // The exception cannot be decided without the list of benefits received.
  d = EvalPolicy(c, "T-1", R"({"independent_legal_person": true})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  EXPECT_THAT(MissingNames(c, d), ElementsAre("benefits_received"));
}

TEST(PolicyLogicTest, RequiresEligibleOfAnotherPolicy) {
  auto c = CompileTexts({{"p.policy", Policy("T-BASE", "clause a: 独立法人\nbenefit: 5万元") +
                                          Policy("T-ADDON", "requires eligible(T-BASE)\nclause b: 规上工业企业\nbenefit: 3万元")}});
  EXPECT_EQ(EvalPolicy(c, "T-ADDON", R"({"independent_legal_person": true, "above_scale_industrial": true})", "2025-06-20").verdict,
            Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-ADDON", R"({"independent_legal_person": false, "above_scale_industrial": true})", "2025-06-20").verdict,
            Verdict::kIneligible);
  auto d = EvalPolicy(c, "T-ADDON", R"({"above_scale_industrial": true})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  // What leaves the required policy open is what this one is missing too.
  EXPECT_THAT(MissingNames(c, d), ElementsAre("independent_legal_person"));
}

// Policies are settled with each one some rule reads before its readers
// (Evaluator::Run::EvaluationOrder): listing the readers first or last must
// change no decision, in any mode.
TEST(PolicyLogicTest, ReadersListedBeforeThePoliciesTheyReadDecideTheSame) {
  const std::string base = Policy("T-BASE", "clause a: 独立法人\nbenefit: 5万元");
  const std::string town = Policy("T-TOWN", "requires eligible(T-BASE)\nclause b: 规上工业企业\nbenefit: benefit_of(T-BASE) * 50%");
  const std::string top = Policy("T-TOP", "requires 符合(T-TOWN) 或 eligible(T-BASE)\nclause c: 增值税一般纳税人\nbenefit: 补助额(T-TOWN) + 1万元");
  auto readers_last = CompileTexts({{"p.policy", base + town + top}});
  auto readers_first = CompileTexts({{"p.policy", top + town + base}});
  ASSERT_TRUE(readers_last.program) << AllDiagnostics(readers_last);
  ASSERT_TRUE(readers_first.program) << AllDiagnostics(readers_first);
  const std::vector<std::string> firms = {
      R"({"independent_legal_person": true, "above_scale_industrial": true, "general_taxpayer": true})",
      R"({"independent_legal_person": true, "above_scale_industrial": false})",
      R"({"independent_legal_person": false, "above_scale_industrial": true})",
      R"({"above_scale_industrial": true})",
      R"({})",
  };
  for (const EvalMode mode : {EvalMode::kVerdict, EvalMode::kExplain, EvalMode::kAllClauses}) {
    Evaluator last(readers_last.program), first(readers_first.program);
    for (const std::string& json : firms) {
      const Decision a = last.Evaluate(Firm(json), *CivilDate::Parse("2025-06-20"), mode);
      const Decision b = first.Evaluate(Firm(json), *CivilDate::Parse("2025-06-20"), mode);
      for (const std::string id : {"T-BASE", "T-TOWN", "T-TOP"}) {
        const PolicyDecision& x = a.policies[static_cast<size_t>(readers_last.program->FindPolicy(id))];
        const PolicyDecision& y = b.policies[static_cast<size_t>(readers_first.program->FindPolicy(id))];
        ExpectSameDecision(x, y, id + " " + json + " mode " + std::to_string(static_cast<int>(mode)));
      }
    }
  }
  // The chain itself: eligible all the way up, each amount from the one below.
  Evaluator ev(readers_first.program);
  const Decision d = ev.Evaluate(Firm(firms[0]), *CivilDate::Parse("2025-06-20"), EvalMode::kAllClauses);
  const PolicyDecision& top_decision = d.policies[static_cast<size_t>(readers_first.program->FindPolicy("T-TOP"))];
  EXPECT_EQ(top_decision.verdict, Verdict::kEligible);
  EXPECT_EQ(*top_decision.benefit, Yuan("35000"));
  ExpectScreeningAgreesWithTheLazyWalk(readers_first, firms);
}

TEST(PolicyLogicTest, LabelledRequiresIsNamedWhenItFails) {
  auto c = CompileTexts({{"p.policy", Policy("T-BASE", "clause a: 独立法人\nbenefit: 5万元") +
                                          Policy("T-ADDON", "requires 挂牌 \"已获挂牌奖励\": eligible(T-BASE) 或 received(T-BASE)\n"
                                                            "clause b: 规上工业企业\nbenefit: 3万元\n"
                                                            "test \"没有挂牌\" { given { 独立法人: false, 已获资助: [], 规上工业企业: true }\n"
                                                            "  expect ineligible because 挂牌 }")}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  const auto& info = c.program->policies[c.program->FindPolicy("T-ADDON")];
  EXPECT_EQ(info.clauses[0].label, "挂牌");
  EXPECT_EQ(info.clauses[0].text, "已获挂牌奖励");
  auto d = EvalPolicy(c, "T-ADDON", R"({"independent_legal_person": false, "benefits_received": [{"policy": "T-BASE", "year": 2023}],
      "above_scale_industrial": true})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kEligible);
  d = EvalPolicy(c, "T-ADDON", R"({"independent_legal_person": false, "benefits_received": [], "above_scale_industrial": true})",
                 "2025-06-20");
  EXPECT_THAT(FailingLabels(c, d), ElementsAre("挂牌"));
  // Unlabelled, the rule as written is the label.
  auto c2 = CompileTexts({{"p.policy", Policy("T-BASE", "clause a: 独立法人") +
                                           Policy("T-ADDON", "requires eligible(T-BASE)  或\n   received(T-BASE)\nclause b: 规上工业企业")}});
  ASSERT_TRUE(c2.program) << AllDiagnostics(c2);
  EXPECT_EQ(c2.program->policies[c2.program->FindPolicy("T-ADDON")].clauses[0].label, "eligible(T-BASE) 或 received(T-BASE)");
}

TEST(PolicyLogicTest, ExclusiveGroupGrantsTheHighestBenefit) {
  auto c = CompileTexts({{"p.policy", Policy("T-A", "clause a: 独立法人\nbenefit: 5万元", "  exclusive group 上规\n") +
                                          Policy("T-B", "clause a: 独立法人\nbenefit: 15万元", "  exclusive group 上规\n")}});
  engine::Evaluator ev(c.program);
  engine::Decision d = ev.Evaluate(Firm(R"({"independent_legal_person": true})"), *engine::CivilDate::Parse("2025-06-20"),
                                   EvalMode::kVerdict);
  int a = c.program->FindPolicy("T-A"), b = c.program->FindPolicy("T-B");
  EXPECT_EQ(d.policies[a].superseded_by, b);
  EXPECT_EQ(d.policies[b].superseded_by, -1);
  // Totals count both as eligible but grant only the higher amount.
  engine::DecisionTotals t = engine::Totals(d);
  EXPECT_EQ(t.eligible, 2);
  EXPECT_EQ(t.total_benefit, Yuan("150000"));
}

// ------------------------------------------------------------ constructs

TEST(ConstructTest, TiersTakeTheFirstMatchingBand) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: 营业收入[ref] > 0元\nbenefit: tiers {\n when 营业收入[ref] >= 10亿元: 100万元\n"
                                                    " when 营业收入[ref] >= 5亿元: 50万元\n else: 20万元\n}")}});
  EXPECT_EQ(*EvalPolicy(c, "T-1", R"({"revenue": {"2024": 1000000000}})", "2025-06-20").benefit, Yuan("1000000"));
  EXPECT_EQ(*EvalPolicy(c, "T-1", R"({"revenue": {"2024": 999999999}})", "2025-06-20").benefit, Yuan("500000"));
  EXPECT_EQ(*EvalPolicy(c, "T-1", R"({"revenue": {"2024": 1}})", "2025-06-20").benefit, Yuan("200000"));
}

TEST(ConstructTest, ChineseTiersAndIfAndStepwiseIncrement) {
  auto c = CompileTexts({{"p.policy",
                          Policy("T-1", "条件 a: 含税销售额[ref] >= 5亿元\n补助 \"每增加1亿元支持5万元，最高50万元\":\n"
                                        "  最小值(向下取整((含税销售额[ref] - 含税销售额[ref-1]) / 1亿元) * 5万元, 50万元)") +
                              Policy("T-2", "条件 a: 营业收入[ref] > 0元\n补助: 如果 规上工业企业 则 10万元 否则 分档 { 当 营业收入[ref] >= 1亿元: 3万元 }")}});
  EXPECT_EQ(*EvalPolicy(c, "T-1", R"({"sales_incl_tax": {"2024": 780000000, "2023": 500000000}})", "2025-06-20").benefit,
            Yuan("100000"));  // 2.8亿 increase → 2 steps
  EXPECT_EQ(*EvalPolicy(c, "T-1", R"({"sales_incl_tax": {"2024": 2000000000, "2023": 500000000}})", "2025-06-20").benefit,
            Yuan("500000"));
  EXPECT_EQ(*EvalPolicy(c, "T-2", R"({"revenue": {"2024": 5}, "above_scale_industrial": true})", "2025-06-20").benefit,
            Yuan("100000"));
  EXPECT_EQ(*EvalPolicy(c, "T-2", R"({"revenue": {"2024": 5}, "above_scale_industrial": false})", "2025-06-20").benefit,
            Yuan("0"));  // no tier reached
}

TEST(ConstructTest, MinMaxFloorCeilRoundTruncate) {
  auto c = CompileTexts({{"p.policy",
                          Policy("T-MAX", "clause a: 独立法人\nbenefit: max(研发费用[ref] * 1%, 1万元, 2000元)") +
                              Policy("T-CEIL", "clause a: 独立法人\nbenefit: ceil(研发费用[ref] / 1万元) * 1元") +
                              Policy("T-TRUNC", "clause a: 独立法人\nbenefit: truncate(研发费用[ref] / 3, 1)") +
                              Policy("T-ROUND0", "clause a: 独立法人\nbenefit: 四舍五入(研发费用[ref] / 3, 0)")}});
  const char* firm = R"({"independent_legal_person": true, "rd_expense": {"2024": 2000001}})";
  EXPECT_EQ(*EvalPolicy(c, "T-MAX", firm, "2025-06-20").benefit, Yuan("20000.01"));
  EXPECT_EQ(*EvalPolicy(c, "T-CEIL", firm, "2025-06-20").benefit, Yuan("201"));
  EXPECT_EQ(*EvalPolicy(c, "T-TRUNC", firm, "2025-06-20").benefit, Yuan("666667"));
  EXPECT_EQ(*EvalPolicy(c, "T-ROUND0", firm, "2025-06-20").benefit, Yuan("666667"));
}

TEST(ConstructTest, SetsTownsAndIndustryHierarchy) {
  auto c = CompileTexts({{"p.policy", Policy("T-TOWN", "clause a: 镇街 属于 {\"麻涌镇\", \"茶山镇\"}") +
                                          Policy("T-NOTOWN", "clause a: 镇街 不属于 {\"麻涌镇\"}") +
                                          Policy("T-FOOD", "clause a: 食品饮料业") + Policy("T-MFG", "clause a: 制造业") +
                                          Policy("T-GROUP", "clause a: 行业代码 属于 \"C397\"") +
                                          Policy("T-WATER", "clause a: 水乡功能区")}});
  EXPECT_EQ(EvalPolicy(c, "T-TOWN", R"({"town": "麻涌镇"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-TOWN", R"({"town": "虎门镇"})", "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-NOTOWN", R"({"town": "虎门镇"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-WATER", R"({"town": "麻涌镇"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-FOOD", R"({"industry_code": "C1461"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-FOOD", R"({"industry_code": "1461"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-FOOD", R"({"industry_code": "C3974"})", "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-MFG", R"({"industry_code": "3974"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-MFG", R"({"industry_code": "F5191"})", "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-GROUP", R"({"industry_code": "C3974"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-GROUP", R"({"industry_code": "C3981"})", "2025-06-20").verdict, Verdict::kIneligible);
}

TEST(ConstructTest, OrderedEnumsCompareByRank) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: 纳税信用等级[ref] >= \"B\"") +
                                          Policy("T-2", "clause a: 纳税信用等级[ref] < \"M\"")}});
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"tax_credit_rating": {"2024": "A"}})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"tax_credit_rating": {"2024": "B"}})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"tax_credit_rating": {"2024": "M"}})", "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-2", R"({"tax_credit_rating": {"2024": "C"}})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-2", R"({"tax_credit_rating": {"2024": "M"}})", "2025-06-20").verdict, Verdict::kIneligible);
}

TEST(ConstructTest, DatesDurationsWindowAndWorkingDays) {
  auto c = CompileTexts({{"p.policy",
                          Policy("T-AGE", "clause 成立满三年: 成立日期 + 3年 <= today") +
                              Policy("T-WIN", "clause 窗口: workdays(window.start, window.end) >= 15工作日") +
                              Policy("T-SHORT", "clause 窗口: 工作日数(申报期.开始, 申报期.结束) >= 15工作日",
                                     "  effective 2025-01-01 .. 2025-12-31\n") +
                              Policy("T-WD", "clause 材料: 成立日期 + 5工作日 <= 2024-10-12") +
                              Policy("T-YEAR", "clause 年份: year(成立日期) == ref")}});
  EXPECT_EQ(EvalPolicy(c, "T-AGE", R"({"established_date": "2022-06-20"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-AGE", R"({"established_date": "2022-06-21"})", "2025-06-20").verdict, Verdict::kIneligible);
  // 2025-06-16 .. 2025-07-18 has 25 working days.
  EXPECT_EQ(EvalPolicy(c, "T-WIN", "{}", "2025-06-20").verdict, Verdict::kEligible);
  // 2024-09-27 + 5 working days counts the make-up Sunday 09-29 and skips
  // the National Day holiday: 2024-10-10. From 2024-10-08: 10-14.
  EXPECT_EQ(EvalPolicy(c, "T-WD", R"({"established_date": "2024-09-27"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-WD", R"({"established_date": "2024-10-08"})", "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-YEAR", R"({"established_date": "2024-03-01"})", "2025-06-20").verdict, Verdict::kEligible);
}

TEST(ConstructTest, ChineseRangeMarkInPeriods) {
  // 至 is the range mark (it once lexed as a one-character name); 至今 is a name.
  auto c = CompileTexts({{"p.policy", "policy T-ZH \"测试政策\" {\n  department \"东莞市测试局\"\n"
                                      "  effective 2025-01-01 至 2025-12-31\n  window 2025-06-16至2025-07-18\n"
                                      "  clause 窗口: workdays(window.start, window.end) >= 15工作日\n}\n"}});
  EXPECT_EQ(EvalPolicy(c, "T-ZH", "{}", "2025-06-20").verdict, Verdict::kEligible);
}

TEST(ConstructTest, WorkingDaysBeyondThePublishedCalendarAreAnError) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: workdays(成立日期, 2027-03-01) >= 15工作日")}});
  auto d = EvalPolicy(c, "T-1", R"({"established_date": "2026-12-01"})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_THAT(d.errors[0], ::testing::HasSubstr("calendar"));
}

TEST(ConstructTest, AggregatesOverRecordLists) {
  auto c = CompileTexts({{"p.policy",
                          Policy("T-ANY", "clause 处罚: 非 近两年大额处罚") +
                              Policy("T-COUNT", "clause 称号: count(资质称号 where 级别 == \"国家级\") >= 2") +
                              Policy("T-ALL", "clause 备案: all(项目 where 已备案)") +
                              Policy("T-SUM", "clause a: 独立法人\nbenefit: sum(已获资助.金额 where 年度 == ref) * 10%") +
                              Policy("T-ZH", "clause 处罚: 非 存在(行政处罚 其中 罚款金额 >= 10万元 且 处罚日期 在 今日 前 2年 以内)")}});
  const char* big_recent = R"({"penalties": [{"amount": 100000, "date": "2023-06-21"}]})";
  const char* big_old = R"({"penalties": [{"amount": 100000, "date": "2023-06-19"}]})";
  const char* small_recent = R"({"penalties": [{"amount": "99999.99", "date": "2025-01-01"}]})";
  EXPECT_EQ(EvalPolicy(c, "T-ANY", big_recent, "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-ANY", big_old, "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-ANY", small_recent, "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-ANY", R"({"penalties": []})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-ANY", "{}", "2025-06-20").verdict, Verdict::kUndetermined);
  EXPECT_EQ(EvalPolicy(c, "T-ZH", big_recent, "2025-06-20").verdict, Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-ZH", big_old, "2025-06-20").verdict, Verdict::kEligible);
  // A record missing the amount leaves the answer open unless another decides it.
  EXPECT_EQ(EvalPolicy(c, "T-ANY", R"({"penalties": [{"date": "2025-01-01"}]})", "2025-06-20").verdict,
            Verdict::kUndetermined);
  EXPECT_EQ(EvalPolicy(c, "T-ANY", R"({"penalties": [{"date": "2025-01-01"}, {"amount": 200000, "date": "2025-01-02"}]})",
                       "2025-06-20").verdict,
            Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-COUNT", R"({"titles": [{"name": "单项冠军", "level": "国家级"}, {"name": "小巨人", "level": "国家级"}]})",
                       "2025-06-20").verdict,
            Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-COUNT", R"({"titles": [{"name": "单项冠军", "level": "国家级"}, {"name": "高企", "level": "省级"}]})",
                       "2025-06-20").verdict,
            Verdict::kIneligible);
  EXPECT_EQ(EvalPolicy(c, "T-ALL", R"({"projects": [{"filed": true}, {"filed": true}]})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-ALL", R"({"projects": [{"filed": true}, {"filed": false}]})", "2025-06-20").verdict, Verdict::kIneligible);
  auto d = EvalPolicy(c, "T-SUM", R"({"independent_legal_person": true, "benefits_received": [
      {"policy": "A", "year": 2024, "amount": 100000}, {"policy": "B", "year": 2024, "amount": "50000.50"},
      {"policy": "C", "year": 2023, "amount": 900000}]})", "2025-06-20");
  EXPECT_EQ(*d.benefit, Yuan("15000.05"));
}

TEST(ConstructTest, EnglishChineseAndTraditionalKeywordsAreEquivalent) {
  auto c = CompileTexts({{"p.policy",
                          Policy("T-EN", "clause a: revenue[ref] >= 20000000元 and not serious_dishonesty") +
                              Policy("T-ZH", "条件 a: 营业收入[上年度] 不低于 2000万元 且 非 严重失信") +
                              Policy("T-TW", "條件 a: 营业收入[ref] 不低於 2000萬元 並且 非 严重失信")}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  // The same rule is the same node, however it is spelt.
  auto node = [&](const char* id) { return c.program->policies[c.program->FindPolicy(id)].clauses[0].node; };
  EXPECT_EQ(node("T-EN"), node("T-ZH"));
  EXPECT_EQ(node("T-ZH"), node("T-TW"));
}


TEST(ConstructTest, IfBranchesTakeWholeComparisons) {
  // 参保 ≤30人: 裁员 ≤ 6人; otherwise ≤ 2人 (the else branch is a comparison).
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: if 参保人数[ref] <= 30人 then 裁员人数[ref] <= 6人 else 裁员人数[ref] <= 2人")}});
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"insured_employees": {"2024": 30}, "layoffs": {"2024": 6}})", "2025-06-20").verdict,
            Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"insured_employees": {"2024": 31}, "layoffs": {"2024": 3}})", "2025-06-20").verdict,
            Verdict::kIneligible);
  // An open condition does not matter when both branches agree.
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"layoffs": {"2024": 0}})", "2025-06-20").verdict, Verdict::kEligible);
  auto d = EvalPolicy(c, "T-1", R"({"layoffs": {"2024": 4}})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  EXPECT_THAT(MissingNames(c, d), ElementsAre("insured_employees[2024]"));
}

TEST(ConstructTest, ReceivedIgnoresRecordsWithoutPolicyId) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: 独立法人\nunless got: received(DG-X-1)")}});
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"independent_legal_person": true, "benefits_received": [{"year": 2024, "amount": 50000}]})",
                       "2025-06-20").verdict,
            Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"independent_legal_person": true, "benefits_received": [{"year": 2024}, {"policy": "DG-X-1"}]})",
                       "2025-06-20").verdict,
            Verdict::kIneligible);
}

TEST(ConstructTest, BenefitOfAnotherPolicyForTownTopUps) {
  // A town matches the city award 1 : 0.5.
  auto c = CompileTexts({{"p.policy", Policy("T-CITY", "clause a: 规上工业企业\nbenefit: min(研发费用[ref] * 10%, 50万元)") +
                                          Policy("T-TOWN", "requires eligible(T-CITY)\nclause b: 镇街 == \"虎门镇\"\n"
                                                           "benefit \"按市资助额1:0.5配套\": 补助额(T-CITY) * 50%")}});
  auto d = EvalPolicy(c, "T-TOWN", R"({"above_scale_industrial": true, "town": "虎门镇", "rd_expense": {"2024": 1000000}})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kEligible);
  EXPECT_EQ(*d.benefit, Yuan("50000"));
  d = EvalPolicy(c, "T-TOWN", R"({"above_scale_industrial": true, "town": "虎门镇"})", "2025-06-20");
  EXPECT_EQ(d.verdict, Verdict::kEligible);
  EXPECT_FALSE(d.benefit.has_value());  // the city amount needs 研发费用
  ASSERT_EQ(d.benefit_missing.size(), 1u);
  EXPECT_EQ(c.program->schema->fields()[d.benefit_missing[0].field].name, "rd_expense");
  EXPECT_EQ(d.benefit_missing[0].year, 2024);
}

TEST(ConstructTest, KnownTellsWhetherDataIsThere) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: 已知(营业收入[ref]) 且 known(镇街)")}});
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"revenue": {"2024": 1}, "town": "虎门镇"})", "2025-06-20").verdict, Verdict::kEligible);
  EXPECT_EQ(EvalPolicy(c, "T-1", R"({"town": "虎门镇"})", "2025-06-20").verdict, Verdict::kIneligible);
}

TEST(ConstructTest, ExplanationsQuoteAggregatesOnOneLine) {
  auto c = CompileTexts({{"p.policy", Policy("T-1", "clause a: count(行政处罚\n      where 罚款金额 >= 10万元) == 0")}});
  auto d = EvalPolicy(c, "T-1", R"({"penalties": []})", "2025-06-20");
  ASSERT_EQ(d.clauses.size(), 1u);
  bool found = false;
  for (const auto& v : d.clauses[0].values) {
    if (v.what == "count(行政处罚 where 罚款金额 >= 10万元)") found = true;
  }
  EXPECT_TRUE(found);
}

// ------------------------------------------------------------ sharing and modes

TEST(SharingTest, SameClauseInTwoPoliciesIsOneGraphNode) {
  auto c = CompileTexts({{"a.policy", Policy("T-A", "clause 注册 \"在莞注册\": 在莞注册 且 具有独立法人资格\nclause x: 规上工业企业")},
                         {"b.policy", Policy("T-B", "clause 登记 \"在东莞市注册\": 在莞注册 且 具有独立法人资格\nclause y: 限上企业")}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  const auto& a = c.program->policies[c.program->FindPolicy("T-A")];
  const auto& b = c.program->policies[c.program->FindPolicy("T-B")];
  EXPECT_EQ(a.clauses[0].node, b.clauses[0].node);
  EXPECT_NE(a.clauses[1].node, b.clauses[1].node);
  EXPECT_EQ(c.program->graph.Verify(), "");
}

TEST(SharingTest, DefinitionsUsingRefFollowEachPolicysReferenceYear) {
  auto c = CompileTexts({{"a.policy", Policy("T-A", "clause r: 非 规上研发为零")},
                         {"b.policy", "import common\npolicy T-B \"x\" {\n department \"d\"\n reference year 2023\n clause r: 非 规上研发为零\n}\n"},
                         {"c.policy", Policy("T-C", "clause r: 非 规上研发为零")}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  auto node = [&](const char* id) { return c.program->policies[c.program->FindPolicy(id)].clauses[0].node; };
  EXPECT_NE(node("T-A"), node("T-B"));
  EXPECT_EQ(node("T-A"), node("T-C"));
}

TEST(ModeTest, VerdictAndExplainModesAgree) {
  std::string policies = Policy("T-1", "clause a: 在莞注册\nclause b: 营业收入[ref] >= 2000万元\nclause c: 非 不予资助情形\n"
                                       "unless d: received(T-1)\nbenefit: min(营业收入[ref] * 1%, 50万元)");
  auto c = CompileTexts({{"p.policy", policies}});
  const char* firms[] = {
      "{}",
      R"({"registered_city": "东莞市", "revenue": {"2024": 30000000}})",
      R"({"registered_city": "东莞市", "revenue": {"2024": 30000000}, "serious_dishonesty": false, "penalties": [],
          "above_scale_industrial": false, "energy_target_met": true, "benefits_received": []})",
      R"({"registered_city": "深圳市", "revenue": {"2024": 30000000}})",
      R"({"registered_city": "东莞市", "revenue": {"2024": 10}, "serious_dishonesty": true})",
  };
  for (const char* f : firms) {
    auto v = EvalPolicy(c, "T-1", f, "2025-06-20", EvalMode::kVerdict);
    auto e = EvalPolicy(c, "T-1", f, "2025-06-20", EvalMode::kExplain);
    EXPECT_EQ(v.verdict, e.verdict) << f;
    EXPECT_EQ(v.missing, e.missing) << f;
    EXPECT_EQ(v.benefit, e.benefit) << f;
    if (v.verdict != Verdict::kIneligible) {
      EXPECT_EQ(v.failing, e.failing) << f;
    }
    EXPECT_EQ(e.clauses.size(), 4u);
  }
  auto e = EvalPolicy(c, "T-1", firms[2], "2025-06-20");
  EXPECT_EQ(e.verdict, Verdict::kEligible);
  EXPECT_EQ(*e.benefit, Yuan("300000"));
  ASSERT_FALSE(e.clauses[1].values.empty());
  EXPECT_EQ(e.clauses[1].values[0].text, "3000万元");
  EXPECT_EQ(e.clauses[1].values[0].what, "营业收入[2024]");
}

// Screening (kAllClauses) computes the firm-only nodes of every clause in
// one forward pass, including those the lazy walk skips: what follows an
// `and`'s first false operand, an `if`'s other branch, an aggregate behind
// a decided `or`. None of that may show: each policy's verdict, failing
// clauses, missing fields, errors and benefit must be those of explain mode,
// which walks lazily.
TEST(ModeTest, ScreeningForwardPassAgreesWithTheLazyWalk) {
  auto c = CompileTexts({{"p.policy",
      Policy("T-DIV", "clause a: 独立法人 且 营业收入[ref] / 从业人员[ref] >= 1万元") +
      Policy("T-OR", "clause a: (独立法人 或 营业收入[ref] >= 2000万元) 且 研发费用[ref] > 0元") +
      Policy("T-IF", "clause a: if 参保人数[ref] <= 30人 then 裁员人数[ref] <= 6人 else 营业收入[ref] / 从业人员[ref] > 1元") +
      Policy("T-AGG", "clause a: 独立法人 或 count(资质称号 where 级别 == \"国家级\") >= 1\n"
                      "clause b: 非 存在(行政处罚 其中 罚款金额 >= 10万元)") +
      Policy("T-REF", "requires eligible(T-OR)\nclause b: 独立法人 且 营业收入[ref] >= 1元\n"
                      "benefit: min(营业收入[ref] / 从业人员[ref], 10万元)")}});
  ASSERT_TRUE(c.program != nullptr) << AllDiagnostics(c);
  const char* firms[] = {
      "{}",
      R"({"independent_legal_person": false, "revenue": {"2024": 5}, "employees": {"2024": 0}})",
      R"({"independent_legal_person": true, "revenue": {"2024": 50000}, "employees": {"2024": 0}})",
      R"({"independent_legal_person": true, "rd_expense": {"2024": 1}, "employees": {"2024": 2}})",
      R"({"independent_legal_person": true, "rd_expense": {"2024": 1}, "revenue": {"2024": 30000}, "employees": {"2024": 0}})",
      R"({"revenue": {"2024": 30000000}, "rd_expense": {"2024": 0}, "layoffs": {"2024": 3}})",
      R"({"insured_employees": {"2024": 31}, "revenue": {"2024": 7}, "employees": {"2024": 0}, "layoffs": {"2024": 9}})",
      R"({"insured_employees": {"2024": 5}, "layoffs": {"2024": 9}, "titles": [], "penalties": []})",
      R"({"titles": [{"name": "小巨人", "level": "国家级"}], "penalties": [{"amount": 5}, {"date": "2024-01-01"}]})",
      R"({"independent_legal_person": false, "titles": [{"name": "x"}], "penalties": [{"amount": 200000}]})",
  };
  ExpectScreeningAgreesWithTheLazyWalk(c, std::vector<std::string>(std::begin(firms), std::end(firms)));
  // What the lazy walk never reaches stays out of the screening answer: a
  // firm ruled out by 独立法人 has no division-by-zero error, and one whose
  // `or` is decided is not asked for 营业收入.
  auto d = EvalPolicy(c, "T-DIV", firms[1], "2025-06-20", EvalMode::kAllClauses);
  EXPECT_EQ(d.verdict, Verdict::kIneligible);
  EXPECT_TRUE(d.errors.empty());
  d = EvalPolicy(c, "T-OR", R"({"independent_legal_person": true})", "2025-06-20", EvalMode::kAllClauses);
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  EXPECT_THAT(MissingNames(c, d), ElementsAre("rd_expense[2024]"));
  d = EvalPolicy(c, "T-DIV", firms[2], "2025-06-20", EvalMode::kAllClauses);
  EXPECT_EQ(d.verdict, Verdict::kUndetermined);
  EXPECT_EQ(d.errors.size(), 1u);  // the division by zero, where it decides
}

// ------------------------------------------------------------ digest

TEST(DigestTest, ChangesWithRulesNumbersAndTextsOnly) {
  std::string base = Policy("T-1", "clause 营收 \"营业收入不低于2000万元\": 营业收入[ref] >= 2000万元");
  auto digest = [](const std::string& text) {
    auto c = CompileTexts({{"p.policy", text}});
    EXPECT_TRUE(c.program) << AllDiagnostics(c);
    return c.program ? c.program->digest : std::string();
  };
  std::string d0 = digest(base);
  EXPECT_EQ(d0.size(), 64u);
  // Layout and comments do not change it.
  std::string spaced = base;
  spaced.replace(spaced.find(">="), 2, "   >=   ");
  EXPECT_EQ(digest(spaced), d0);
  EXPECT_EQ(digest("# 注释\n" + base + "\n// another comment\n\n"), d0);
  // A rule, a number or a text shown to firms does.
  std::string rule = base;
  rule.replace(rule.find(">="), 2, ">");
  EXPECT_NE(digest(rule), d0);
  std::string number = base;
  number.replace(number.rfind("2000万元"), std::string("2000万元").size(), "2001万元");
  EXPECT_NE(digest(number), d0);
  std::string text = base;
  text.replace(text.find("营业收入不低于"), std::string("营业收入不低于").size(), "营业收入达到");
  EXPECT_NE(digest(text), d0);
}

}  // namespace
}  // namespace duixian
