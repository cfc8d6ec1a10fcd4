// `duixian diff` and `duixian sweep` at the library level: a policy set
// diffed with itself changes nothing; gains, losses and benefit changes are
// counted; a sweep's points equal separate screening runs at those
// thresholds.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/batch/policy_diff.h"
#include "engine/batch/screen_summary.h"
#include "engine/batch/screener.h"
#include "engine/batch/threshold_sweep.h"
#include "nlohmann/json.hpp"
#include "tests/dsl/eval_fixture.h"

namespace duixian {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace testing_internal;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / ("dx_whatif_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A JSONL population: firm k has revenue 500万元 + k·100万元 in 2024 (k = 0..count-1),
// towns cycling, and a line that is not JSON.
fs::path Population(const std::string& name, int count) {
  fs::path dir = FreshDir(name);
  const char* towns[] = {"麻涌镇", "石龙镇", "松山湖"};
  std::ofstream out(dir / "firms.jsonl", std::ios::binary);
  for (int k = 0; k < count; ++k) {
    nlohmann::json f;
    f["name"] = "企业" + std::to_string(k);
    f["town"] = towns[k % 3];
    f["industry_code"] = k % 2 ? "C3974" : "F5171";
    f["revenue"] = {{"2024", std::to_string(5000000 + k * 1000000)}};
    out << f.dump() << "\n";
    if (k == 3) out << "{not json\n";
  }
  return dir / "firms.jsonl";
}

std::string Policy(const std::string& id, const std::string& body) {
  return "policy " + id + " \"测试政策\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
         "  window 2025-06-16 .. 2025-07-18\n" + body + "\n}\n";
}

const std::string kRevenue2000 =
    "  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n"
    "  benefit \"按营业收入的1%\": 营业收入[ref] * 1%\n";

engine::CivilDate Date() { return *engine::CivilDate::Parse("2025-06-20"); }

TEST(Diff, ThePolicySetWithItselfChangesNothing) {
  dsl::Compilation c = CompileTexts({{"a.policy", Policy("DX-T-01", kRevenue2000)}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  fs::path out = FreshDir("diff_self");
  engine::DiffOptions o;
  o.firms = Population("diff_self_pop", 40).string();
  o.out_dir = out.string();
  o.date = Date();
  o.threads = 3;
  absl::StatusOr<engine::DiffStats> s = engine::DiffPolicySets(c.program, c.program, o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->results, 40u);
  EXPECT_EQ(s->errors, 1u);
  EXPECT_EQ(s->firms_changed, 0u);
  EXPECT_EQ(s->benefit_change, "0.00");
  EXPECT_EQ(Slurp(out / "changes.jsonl"), "");
  nlohmann::json j = nlohmann::json::parse(Slurp(out / "diff.json"));
  EXPECT_EQ(j["format"], "duixian.diff/1");
  EXPECT_EQ(j["policies"][0]["gained"], 0);
  EXPECT_EQ(j["policies"][0]["lost"], 0);
  EXPECT_TRUE(j["policies"][0]["transitions"].empty());
  EXPECT_EQ(j["policies"][0]["eligible_before"], j["policies"][0]["eligible_after"]);
  EXPECT_EQ(j["total_benefit_before"], j["total_benefit_after"]);
  std::string html = Slurp(out / "report.html");
  EXPECT_THAT(html, HasSubstr("其余 1 项政策的判定与奖励均无变化"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Diff, CountsGainsLossesAndBenefitByTownAndIndustry) {
  dsl::Compilation before = CompileTexts({{"a.policy", Policy("DX-T-01", kRevenue2000)},
                                          {"b.policy", Policy("DX-T-02", "  clause 小 \"营业收入低于600万元\": 营业收入[ref] < 600万元\n  benefit \"1万元\": 1万元\n")}});
  dsl::Compilation after = CompileTexts(
      {{"a.policy", Policy("DX-T-01", "  clause 营收 \"上年度营业收入不低于1500万元\": 营业收入[ref] >= 1500万元\n"
                                      "  benefit \"按营业收入的1%\": 营业收入[ref] * 1%\n")},
       {"c.policy", Policy("DX-T-03", "  clause 大 \"营业收入不低于4000万元\": 营业收入[ref] >= 4000万元\n  benefit \"2万元\": 2万元\n")}});
  ASSERT_TRUE(before.program && after.program) << AllDiagnostics(before) << AllDiagnostics(after);
  fs::path out = FreshDir("diff_change");
  engine::DiffOptions o;
  o.firms = Population("diff_change_pop", 40).string();  // revenues 500万 … 4400万
  o.out_dir = out.string();
  o.date = Date();
  o.threads = 2;
  absl::StatusOr<engine::DiffStats> s = engine::DiffPolicySets(before.program, after.program, o);
  ASSERT_TRUE(s.ok()) << s.status();
  nlohmann::json j = nlohmann::json::parse(Slurp(out / "diff.json"));
  ASSERT_EQ(j["policies"].size(), 3u);  // after's order, then the removed policy
  const nlohmann::json& lowered = j["policies"][0];
  EXPECT_EQ(lowered["id"], "DX-T-01");
  EXPECT_EQ(lowered["gained"], 5);  // 1500万 … 1900万
  EXPECT_EQ(lowered["lost"], 0);
  EXPECT_EQ(lowered["eligible_before"], 25);
  EXPECT_EQ(lowered["eligible_after"], 30);
  EXPECT_EQ(lowered["benefit_change"], "850000.00");  // 1% of 1500万+…+1900万
  EXPECT_EQ(j["policies"][1]["in"], "after");
  EXPECT_EQ(j["policies"][1]["gained"], 5);  // 4000万 … 4400万
  EXPECT_EQ(j["policies"][2]["in"], "before");
  EXPECT_EQ(j["policies"][2]["lost"], 1);  // 500万
  EXPECT_EQ(j["policies"][2]["benefit_change"], "-10000.00");
  EXPECT_EQ(s->firms_gaining, 10u);
  EXPECT_EQ(s->firms_losing, 1u);
  EXPECT_EQ(s->firms_changed, 11u);
  EXPECT_EQ(j["total_benefit_change"], "940000.00");
  // Town and industry rows add up to the whole.
  int64_t gained = 0;
  for (const auto& t : j["towns"]) gained += t["gained"].get<int64_t>();
  EXPECT_EQ(gained, 10);
  gained = 0;
  for (const auto& t : j["industries"]) gained += t["gained"].get<int64_t>();
  EXPECT_EQ(gained, 10);
  // changes.jsonl: one line per changed firm, in input order.
  std::istringstream lines(Slurp(out / "changes.jsonl"));
  std::string line;
  int n = 0;
  int64_t last = -1;
  while (std::getline(lines, line)) {
    nlohmann::json l = nlohmann::json::parse(line);
    EXPECT_GT(l["n"].get<int64_t>(), last);
    last = l["n"].get<int64_t>();
    ++n;
  }
  EXPECT_EQ(n, 11);
}

// Screens `program` over `firms` and returns summary.json.
nlohmann::json ScreenSummary(std::shared_ptr<const engine::Program> program, const std::string& firms,
                             const std::string& name) {
  engine::ScreenOptions o;
  o.firms = firms;
  o.out_dir = FreshDir(name).string();
  o.date = Date();
  o.threads = 2;
  absl::StatusOr<engine::ScreenStats> s = engine::Screen(std::move(program), o);
  EXPECT_TRUE(s.ok()) << s.status();
  return nlohmann::json::parse(Slurp(fs::path(o.out_dir) / "summary.json"));
}

TEST(Sweep, PointsEqualSeparateScreeningRuns) {
  const std::string group = "  exclusive group 测试组\n";
  auto with = [&](const std::string& threshold) {
    return CompileTexts({{"a.policy", Policy("DX-T-01", group +
                                                        "  clause 营收 \"上年度营业收入达标\": 营业收入[ref] >= " +
                                                        threshold + "\n  benefit \"按营业收入的1%\": 营业收入[ref] * 1%\n")},
                         {"b.policy", Policy("DX-T-02", group + "  clause 营收 \"营业收入不低于3000万元\": 营业收入[ref] >= 3000万元\n"
                                                                "  benefit \"25万元\": 25万元\n")}});
  };
  dsl::Compilation base = with("2000万元");
  ASSERT_TRUE(base.program) << AllDiagnostics(base);
  std::string firms = Population("sweep_pop", 40).string();
  engine::SweepOptions o;
  o.firms = firms;
  o.out_dir = FreshDir("sweep_out").string();
  o.date = Date();
  o.threads = 3;
  o.policy = "DX-T-01";
  o.clause = "营收";
  o.from = "1000万元";
  o.to = "3000万元";
  o.steps = 4;
  absl::StatusOr<engine::SweepResult> r = engine::SweepThreshold(base.program, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->points.size(), 5u);
  EXPECT_EQ(r->current, "2000万元");
  EXPECT_EQ(r->points[0].threshold, "1000万元");
  EXPECT_EQ(r->points[2].threshold, "2000万元");
  for (size_t i : {size_t{0}, size_t{2}, size_t{4}}) {
    dsl::Compilation variant = with(r->points[i].threshold);
    ASSERT_TRUE(variant.program) << AllDiagnostics(variant);
    nlohmann::json s = ScreenSummary(variant.program, firms, "sweep_screen_" + std::to_string(i));
    const nlohmann::json& p = s["policies"][0];
    EXPECT_EQ(r->points[i].eligible, p["eligible"].get<uint64_t>()) << r->points[i].threshold;
    EXPECT_EQ(r->points[i].granted, p["granted"].get<uint64_t>()) << r->points[i].threshold;
    EXPECT_EQ(engine::FenToText(r->points[i].benefit_fen), p["total_benefit"].get<std::string>());
    EXPECT_EQ(engine::FenToText(r->points[i].affected_fen), s["total_benefit"].get<std::string>());
  }
  std::string csv = Slurp(fs::path(o.out_dir) / "sweep.csv");
  EXPECT_THAT(csv, HasSubstr("step,threshold,value,eligible"));
  EXPECT_THAT(csv, HasSubstr("\r\n0,1000万元,10000000,"));
  std::string html = Slurp(fs::path(o.out_dir) / "report.html");
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Sweep, OnlyTheSweptClauseChangesWhereTheRuleIsShared) {
  // Both policies compile `营业收入[ref] >= 2000万元` to one shared node.
  dsl::Compilation c = CompileTexts({{"a.policy", Policy("DX-T-01", kRevenue2000)},
                                     {"b.policy", Policy("DX-T-02", "  requires eligible(DX-T-01)\n" + kRevenue2000)}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  engine::SweepOptions o;
  o.firms = Population("sweep_shared_pop", 40).string();
  o.out_dir = FreshDir("sweep_shared").string();
  o.date = Date();
  o.policy = "DX-T-02";
  o.clause = "营收";
  o.from = "1000万元";
  o.to = "3000万元";
  o.steps = 2;
  absl::StatusOr<engine::SweepResult> r = engine::SweepThreshold(c.program, o);
  ASSERT_TRUE(r.ok()) << r.status();
  // Lowering DX-T-02's own threshold cannot go below DX-T-01's, which it requires.
  EXPECT_EQ(r->points[0].eligible, 25u);
  EXPECT_EQ(r->points[1].eligible, 25u);
  EXPECT_EQ(r->points[2].eligible, 15u);
}

TEST(Sweep, ExplainsWhatItCannotSweep) {
  dsl::Compilation c = CompileTexts({{"a.policy", Policy("DX-T-01",
      "  clause 规模 \"营业收入与从业人员\": 营业收入[ref] >= 2000万元 且 从业人员[ref] >= 50人\n")}});
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  engine::SweepOptions o;
  o.firms = Population("sweep_err_pop", 3).string();
  o.out_dir = FreshDir("sweep_err").string();
  o.date = Date();
  o.policy = "DX-T-01";
  o.clause = "规模";
  o.from = "1";
  o.to = "2";
  absl::StatusOr<engine::SweepResult> r = engine::SweepThreshold(c.program, o);
  ASSERT_FALSE(r.ok());
  // Several thresholds: each listed with the comparison it is in, as --threshold takes it.
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("has 2 thresholds; choose one with --threshold"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("--threshold 2000万元    in 营业收入[2024] >= 2000万元"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("--threshold 50人    in 从业人员[2024] >= 50人"));
  o.threshold = "60人";
  r = engine::SweepThreshold(c.program, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("has no threshold `60人`; its thresholds:"));
  o.from = "40人";
  o.to = "60人";
  for (const char* name : {"50人", "50"}) {  // as shown, or by value
    o.threshold = name;
    r = engine::SweepThreshold(c.program, o);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->current, "50人");
  }
  o.clause = "营收";
  r = engine::SweepThreshold(c.program, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("its clauses: 规模"));
}

TEST(Sweep, BenefitFormulaReadingTheThresholdIsListedOrMoved) {
  auto with = [&](const std::string& gate, const std::string& base) {
    return CompileTexts({{"a.policy", Policy("DX-T-01",
                                             "  clause 营收 \"上年度营业收入达标\": 营业收入[ref] >= " + gate +
                                                 "\n  benefit \"超过部分的1%\": (营业收入[ref] - " + base + ") * 1%\n")}});
  };
  dsl::Compilation c = with("2000万元", "2000万元");
  ASSERT_TRUE(c.program) << AllDiagnostics(c);
  std::string firms = Population("sweep_benefit_pop", 40).string();
  engine::SweepOptions o;
  o.firms = firms;
  o.out_dir = FreshDir("sweep_benefit").string();
  o.date = Date();
  o.policy = "DX-T-01";
  o.clause = "营收";
  o.from = "1000万元";
  o.to = "3000万元";
  o.steps = 2;
  for (bool move : {false, true}) {
    SCOPED_TRACE(move ? "moved" : "listed");
    o.move_benefit = move;
    absl::StatusOr<engine::SweepResult> r = engine::SweepThreshold(c.program, o);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->benefits_reading.size(), 1u);
    EXPECT_EQ(r->benefits_reading[0].policy, "DX-T-01");
    EXPECT_EQ(r->benefits_reading[0].moved, move);
    nlohmann::json j = nlohmann::json::parse(Slurp(fs::path(o.out_dir) / "sweep.json"));
    EXPECT_EQ(j["benefit_reads_threshold"][0]["moved"], move);
    EXPECT_THAT(Slurp(fs::path(o.out_dir) / "report.html"), HasSubstr(move ? "已随门槛移动" : "未移动"));
    // Each end equals a screening run with the gate (and, when moved, the benefit's base) written in.
    for (size_t i : {size_t{0}, size_t{2}}) {
      dsl::Compilation variant = with(r->points[i].threshold, move ? r->points[i].threshold : "2000万元");
      ASSERT_TRUE(variant.program) << AllDiagnostics(variant);
      nlohmann::json s = ScreenSummary(variant.program, firms, "sweep_benefit_screen_" + std::to_string(i));
      EXPECT_EQ(r->points[i].eligible, s["policies"][0]["eligible"].get<uint64_t>());
      EXPECT_EQ(engine::FenToText(r->points[i].benefit_fen), s["policies"][0]["total_benefit"].get<std::string>())
          << r->points[i].threshold;
    }
  }
}

TEST(Sweep, ReadsQuantitiesWithUnits) {
  EXPECT_EQ(*engine::ParseQuantityText("1500万元"), engine::Number::FromInt(15000000));
  EXPECT_EQ(*engine::ParseQuantityText("2.5%"), engine::Number::Ratio(25, 1000));
  EXPECT_EQ(*engine::ParseQuantityText("1.2亿元"), engine::Number::FromInt(120000000));
  EXPECT_EQ(*engine::ParseQuantityText("50人"), engine::Number::FromInt(50));
  EXPECT_FALSE(engine::ParseQuantityText("很多").has_value());
}

}  // namespace
}  // namespace duixian
