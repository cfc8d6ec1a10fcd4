// The synthetic population (tools/gen) and `duixian gen`: determinism, every
// good firm decodes cleanly, every bad one fails for its reason, and the
// distributions look like Dongguan.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/profile/firm_decoder.h"
#include "engine/profile/firm_decoder_fast.h"
#include "engine/profile/schema.h"
#include "engine/value/uscc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cli_runner.h"
#include "nlohmann/json.hpp"
#include "tools/gen/population_generator.h"

namespace duixian::gen {
namespace {

using duixian::testing_internal::CliRun;
using duixian::testing_internal::Duixian;
using duixian::testing_internal::FreshTempDir;

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const engine::Schema& TheSchema() {
  static const engine::Schema* schema = [] {
    std::ifstream in(std::string(DX_SOURCE_DIR) + "/policies/schema.json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<engine::Schema> s = engine::Schema::FromJson(text.str(), "schema.json");
    if (!s.ok()) {
      ADD_FAILURE() << s.status();
      return new engine::Schema();
    }
    return new engine::Schema(*std::move(s));
  }();
  return *schema;
}

PopulationOptions Options(uint64_t seed, bool one_line = false) {
  PopulationOptions o;
  o.seed = seed;
  o.one_line = one_line;
  return o;
}

TEST(PopulationGeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
  PopulationGenerator a(Options(7)), b(Options(7)), c(Options(8));
  int same_as_other_seed = 0;
  for (uint64_t i = 0; i < 300; ++i) {
    GeneratedFirm fa = a.Generate(i);
    EXPECT_EQ(fa.json, b.Generate(i).json) << i;
    if (fa.json == c.Generate(i).json) ++same_as_other_seed;
  }
  EXPECT_EQ(same_as_other_seed, 0);
}

TEST(PopulationGeneratorTest, FirmDependsOnlyOnSeedAndIndex) {
  PopulationGenerator gen(Options(11));
  std::vector<std::string> forward;
  for (uint64_t i = 0; i < 200; ++i) forward.push_back(gen.Generate(i).json);
  // Backwards, skipping, reusing one buffer: the same firms.
  GeneratedFirm firm;
  for (uint64_t i = 200; i-- > 0;) {
    gen.Generate(i, &firm);
    EXPECT_EQ(firm.json, forward[i]) << i;
  }
  EXPECT_EQ(gen.Generate(123456).json, PopulationGenerator(Options(11)).Generate(123456).json);
  // Neither share moves the values of an unaffected firm's other fields: with
  // no bad files and nothing missing, firm i is still the same firm.
  PopulationOptions full = Options(11);
  full.bad_share = 0;
  full.missing_share = 0;
  PopulationOptions full2 = full;
  full2.bad_share = 0.5;
  PopulationGenerator g1(full), g2(full2);
  for (uint64_t i = 0; i < 100; ++i) {
    if (g2.BadKindOf(i) == BadKind::kNone) {
      EXPECT_EQ(g1.Generate(i).json, g2.Generate(i).json);
    }
  }
}

TEST(PopulationGeneratorTest, OneLineForJsonl) {
  PopulationGenerator gen(Options(3, /*one_line=*/true));
  for (uint64_t i = 0; i < 200; ++i) {
    EXPECT_EQ(gen.Generate(i).json.find('\n'), std::string::npos) << i;
  }
}

TEST(PopulationGeneratorTest, GoodFirmsDecodeWithoutErrorOrWarning) {
  const engine::Schema& schema = TheSchema();
  for (bool one_line : {false, true}) {
    PopulationGenerator gen(Options(5, one_line));
    int good = 0;
    for (uint64_t i = 0; i < 3000; ++i) {
      GeneratedFirm firm = gen.Generate(i);
      if (firm.bad != BadKind::kNone) continue;
      ++good;
      engine::FirmDecodeResult r = engine::DecodeFirmJson(schema, firm.json, "firm.json");
      ASSERT_FALSE(r.error.has_value()) << i << ": " << r.error->ToString() << "\n" << firm.json;
      ASSERT_TRUE(r.record.has_value());
      for (const engine::FirmDataIssue& w : r.warnings) ADD_FAILURE() << i << ": " << w.ToString();
      ASSERT_TRUE(nlohmann::json::accept(firm.json)) << i;
    }
    EXPECT_GT(good, 2900);
  }
}

// Screening decodes with the fast path (a one-pass reader straight into
// the record, reused from firm to firm); every file it takes must come out
// exactly as the exact path decodes it, it must take (nearly) every good
// file, and no bad one.
TEST(PopulationGeneratorTest, FastAndExactDecodingGiveTheSameRecords) {
  const engine::Schema& schema = TheSchema();
  PopulationOptions options = Options(11, /*one_line=*/true);
  options.bad_share = 0.05;
  PopulationGenerator gen(options);
  engine::profile_internal::FastFirmDecoder fast;
  engine::FirmRecord record;
  int good = 0, fast_good = 0;
  for (uint64_t i = 0; i < 3000; ++i) {
    GeneratedFirm firm = gen.Generate(i);
    const bool taken = fast.Decode(schema, engine::FirmLimits(), firm.json, "firm.json", &record);
    engine::FirmDecodeResult exact =
        engine::profile_internal::DecodeFirmJsonExact(schema, firm.json, "firm.json", engine::FirmLimits());
    if (firm.bad != BadKind::kNone) {
      EXPECT_FALSE(taken) << i << " (" << BadKindName(firm.bad) << ")";
      continue;
    }
    ++good;
    ASSERT_TRUE(exact.record.has_value()) << i;
    if (!taken) continue;
    ++fast_good;
    ASSERT_TRUE(record == *exact.record) << i << "\n" << firm.json;
  }
  EXPECT_GT(good, 2800);
  EXPECT_EQ(fast_good, good);  // generated files have no exponents or escapes
}

TEST(PopulationGeneratorTest, PenaltyDatesAreRealDays) {
  // Seed 2025 once produced 2025-02-30 and 2025-02-29 in good firms (found by
  // screening 100,000 of them): 2025 penalties moved back six months kept
  // their day. Check every good firm's dates over a wide range.
  const engine::Schema& schema = TheSchema();
  PopulationGenerator gen(Options(2025, true));
  for (uint64_t i : {uint64_t{14035}, uint64_t{62720}}) {
    GeneratedFirm firm = gen.Generate(i);
    ASSERT_EQ(firm.bad, BadKind::kNone);
    engine::FirmDecodeResult r = engine::DecodeFirmJson(schema, firm.json, "firm.json");
    EXPECT_FALSE(r.error.has_value()) << i << ": " << r.error->ToString();
  }
}

TEST(PopulationGeneratorTest, BadFirmsFailForTheirReason) {
  const engine::Schema& schema = TheSchema();
  PopulationOptions o = Options(9);
  o.bad_share = 0.25;
  PopulationGenerator gen(o);
  std::map<BadKind, int> seen;
  for (uint64_t i = 0; i < 4000; ++i) {
    GeneratedFirm firm = gen.Generate(i);
    EXPECT_EQ(firm.bad, gen.BadKindOf(i));
    if (firm.bad == BadKind::kNone) continue;
    ++seen[firm.bad];
    engine::FirmDecodeResult r = engine::DecodeFirmJson(schema, firm.json, "firm.json");
    ASSERT_TRUE(r.error.has_value()) << i << " " << BadKindName(firm.bad) << "\n" << firm.json;
    const std::string& reason = r.error->reason;
    EXPECT_EQ(r.error->field, firm.bad_field) << i << ": " << reason;
    switch (firm.bad) {
      case BadKind::kTruncated:
        EXPECT_THAT(reason, StartsWith("not valid JSON"));
        break;
      case BadKind::kStringForBool:
        EXPECT_THAT(reason, HasSubstr("expected true or false, got a string"));
        break;
      case BadKind::kObjectForMoney:
        EXPECT_THAT(reason, HasSubstr("expected an amount in 元"));
        EXPECT_THAT(reason, HasSubstr("got an object"));
        break;
      case BadKind::kUsccCheckChar:
        EXPECT_THAT(reason, HasSubstr("check character is"));
        break;
      case BadKind::kInvalidDate:
        EXPECT_THAT(reason, HasSubstr("is not a real calendar date"));
        break;
      case BadKind::kNegativeCount:
        EXPECT_EQ(firm.bad_field, "employees.2024");
        EXPECT_THAT(reason, HasSubstr("cannot be negative"));
        break;
      case BadKind::kUnknownEnum:
        EXPECT_THAT(reason, HasSubstr("is not an allowed value"));
        break;
      case BadKind::kNone:
        break;
    }
  }
  EXPECT_EQ(static_cast<int>(seen.size()), kBadKindCount);
  for (const auto& [kind, count] : seen) EXPECT_GT(count, 60) << BadKindName(kind);
}

TEST(PopulationGeneratorTest, BadShareIsRespected) {
  PopulationGenerator gen(Options(1));  // default 1%
  int bad = 0;
  for (uint64_t i = 0; i < 20000; ++i) bad += gen.BadKindOf(i) != BadKind::kNone;
  EXPECT_GT(bad, 140);
  EXPECT_LT(bad, 260);
  PopulationOptions none = Options(1);
  none.bad_share = 0;
  PopulationGenerator clean(none);
  for (uint64_t i = 0; i < 2000; ++i) EXPECT_EQ(clean.BadKindOf(i), BadKind::kNone);
}

// Realism, on 4000 parsed good firms.
class PopulationStatsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    firms_ = new std::vector<nlohmann::json>();
    PopulationGenerator gen(Options(2024));
    for (uint64_t i = 0; i < 4000; ++i) {
      GeneratedFirm f = gen.Generate(i);
      if (f.bad == BadKind::kNone) firms_->push_back(nlohmann::json::parse(f.json));
    }
  }
  static void TearDownTestSuite() {
    delete firms_;
    firms_ = nullptr;
  }
  static double Money(const nlohmann::json& v) {
    return v.is_string() ? std::stod(v.get<std::string>()) : v.get<double>();
  }
  static std::vector<nlohmann::json>* firms_;
};
std::vector<nlohmann::json>* PopulationStatsTest::firms_ = nullptr;

TEST_F(PopulationStatsTest, UsccsAreValidAndUnique) {
  std::set<std::string> codes;
  for (const nlohmann::json& f : *firms_) {
    std::string code = f.at("uscc").get<std::string>();
    EXPECT_EQ(engine::UsccProblem(code), "") << code;
    EXPECT_EQ(code.substr(2, 6), "441900");
    EXPECT_TRUE(codes.insert(code).second) << "duplicate " << code;
  }
}

TEST_F(PopulationStatsTest, TownsAreValidAndWeighted) {
  const engine::FieldDef* town = TheSchema().Find("town");
  ASSERT_NE(town, nullptr);
  std::map<std::string, int> count;
  for (const nlohmann::json& f : *firms_) {
    if (!f.contains("town")) continue;
    std::string t = f["town"].get<std::string>();
    EXPECT_GE(town->EnumIndex(t), 0) << t;
    ++count[t];
  }
  EXPECT_GT(count["长安镇"], count["洪梅镇"] * 4);
  EXPECT_GT(count["虎门镇"], count["望牛墩镇"] * 4);
  EXPECT_GE(count.size(), 30u);
}

TEST_F(PopulationStatsTest, IndustryMixIsManufacturingHeavy) {
  int manufacturing = 0, total = 0;
  for (const nlohmann::json& f : *firms_) {
    if (!f.contains("industry_code")) continue;
    std::string code = f["industry_code"].get<std::string>();
    EXPECT_EQ(code.size(), 5u) << code;
    ++total;
    manufacturing += code[0] == 'C';
  }
  EXPECT_GT(manufacturing, total * 35 / 100);
  EXPECT_LT(manufacturing, total * 60 / 100);
}

TEST_F(PopulationStatsTest, AboveScaleConsistentWithRevenue) {
  int industrial_big = 0, flagged = 0;
  for (const nlohmann::json& f : *firms_) {
    if (!f.contains("above_scale_industrial") || !f.contains("revenue")) continue;
    bool flag = f["above_scale_industrial"].get<bool>();
    const nlohmann::json& rev = f["revenue"];
    double last = Money(rev.at("2024"));
    double prev = rev.contains("2023") ? Money(rev["2023"]) : 0;
    if (last >= 2e7) {
      ++industrial_big;
      EXPECT_TRUE(flag) << f.dump();
    }
    if (flag) {
      ++flagged;
      EXPECT_GE(std::max(last, prev), 2e7);
      if (f.contains("above_scale_entry_year")) {
        int year = f["above_scale_entry_year"].get<int>();
        EXPECT_GE(year, std::stoi(f.value("established_date", std::string("1900")).substr(0, 4)));
        EXPECT_LE(year, 2024);
      }
    }
  }
  EXPECT_GT(industrial_big, 50);
  EXPECT_GT(flagged, industrial_big * 9 / 10);
}

// Project policies need the project list: a firm without projects says so
// with an empty list (only a firm that has some may miss it, like any field).
TEST_F(PopulationStatsTest, ProjectListsAreGivenEvenWhenEmpty) {
  int given = 0, empty = 0, with_projects = 0;
  for (const auto& f : *firms_) {
    if (!f.contains("projects")) continue;
    ++given;
    if (f["projects"].empty()) {
      ++empty;
    } else {
      ++with_projects;
    }
  }
  EXPECT_GT(given, static_cast<int>(firms_->size()) * 95 / 100);
  EXPECT_GT(empty, with_projects * 5);
  EXPECT_GT(with_projects, 20);
}

TEST_F(PopulationStatsTest, RevenueIsLogNormalWithALongTail) {
  std::vector<double> revenue;
  for (const nlohmann::json& f : *firms_) {
    if (f.contains("revenue")) revenue.push_back(Money(f["revenue"].at("2024")));
  }
  std::sort(revenue.begin(), revenue.end());
  double median = revenue[revenue.size() / 2];
  EXPECT_GT(median, 5e5);
  EXPECT_LT(median, 1e7);
  EXPECT_GT(revenue.back(), 1e8);  // the long tail
  EXPECT_GT(revenue.back(), 50 * median);
}

TEST_F(PopulationStatsTest, HighTechFirmsSpendOnRd) {
  int high_tech = 0;
  for (const nlohmann::json& f : *firms_) {
    if (!f.contains("titles")) continue;
    bool ht = false;
    for (const nlohmann::json& t : f["titles"]) ht |= t["name"] == "高新技术企业";
    if (!ht || !f.contains("rd_expense") || !f.contains("revenue")) continue;
    ++high_tech;
    for (auto& [year, rd] : f["rd_expense"].items()) {
      double rev = Money(f["revenue"].at(year));
      EXPECT_GE(Money(rd), 0.029 * rev) << f.dump();
    }
  }
  EXPECT_GT(high_tech, 40);
  EXPECT_LT(high_tech, 800);
}

TEST(PopulationGeneratorTest, RarerTitlesGoToLargerFirms) {
  PopulationGenerator gen(Options(6));
  int specialised = 0, giants = 0, champions = 0;
  for (uint64_t i = 0; i < 30000; ++i) {
    std::string json = gen.Generate(i).json;
    specialised += json.find("专精特新中小企业") != std::string::npos;
    giants += json.find("小巨人") != std::string::npos;
    champions += json.find("单项冠军") != std::string::npos;
  }
  EXPECT_GT(specialised, giants);
  EXPECT_GT(giants, 0);
  EXPECT_GT(champions, 0);
  EXPECT_LT(specialised, 30000 / 50);
}

TEST_F(PopulationStatsTest, PenaltiesAndFlagsAreRare) {
  int with_penalty = 0, big_penalty = 0, dishonest = 0, abnormal = 0, missing_name = 0;
  for (const nlohmann::json& f : *firms_) {
    if (f.contains("penalties") && !f["penalties"].empty()) {
      ++with_penalty;
      for (const nlohmann::json& p : f["penalties"]) big_penalty += Money(p["amount"]) >= 1e5;
    }
    dishonest += f.value("serious_dishonesty", false);
    abnormal += f.value("abnormal_operation", false);
    missing_name += !f.contains("name");
  }
  int n = static_cast<int>(firms_->size());
  EXPECT_GT(with_penalty, n / 100);
  EXPECT_LT(with_penalty, n / 10);
  EXPECT_GT(big_penalty, 0);
  EXPECT_LT(dishonest, n / 50);
  EXPECT_GT(abnormal, 0);
  EXPECT_LT(abnormal, n / 10);
  EXPECT_EQ(missing_name, 0);
}

TEST_F(PopulationStatsTest, HiringTradeAndCommerceFieldsAtSensibleRates) {
  int n = static_cast<int>(firms_->size());
  int grads = 0, grads_2025 = 0, hired_2025 = 0, youth = 0, exhibitions = 0, exhibitors = 0;
  int imports = 0, hedging = 0, sites = 0, first_store = 0, store_known = 0, taxable = 0;
  int standards = 0, leads = 0, digital_known = 0, firms = 0;
  for (const nlohmann::json& f : *firms_) {
    if (f.contains("graduates_hired")) {
      ++grads;
      if (f["graduates_hired"].contains("2025")) {
        ++grads_2025;
        hired_2025 += f["graduates_hired"]["2025"].get<int>() > 0;
      }
    }
    youth += f.contains("unemployed_youth_hired");
    if (f.contains("exhibitions")) {
      ++exhibitions;
      exhibitors += !f["exhibitions"].empty();
      for (const nlohmann::json& e : f["exhibitions"]) {
        EXPECT_EQ(e["kind"] == "境外展", e.contains("market")) << e.dump();
        EXPECT_GT(Money(e["booth_fee"]), 0);
      }
    }
    imports += f.contains("import_value") && Money(f["import_value"]["2024"]) > 0;
    hedging += f.contains("fx_hedging_cost") && Money(f["fx_hedging_cost"]["2024"]) > 0;
    sites += f.value("independent_site", false);
    if (f.contains("first_store_qualification")) {
      ++store_known;
      first_store += f["first_store_qualification"] != "无";
    }
    taxable += f.contains("taxable_income");
    if (f.value("entity_type", "") != "企业") continue;
    ++firms;
    digital_known += f.contains("digital_candidate");
    if (f.contains("standards") && !f["standards"].empty()) {
      ++standards;
      for (const nlohmann::json& r : f["standards"]) leads += r["lead"].get<bool>();
    }
  }
  // Yearly hiring counts (2025 so far) for nearly every firm; few hire any.
  EXPECT_GT(grads, n * 85 / 100);
  EXPECT_GT(grads_2025, n * 85 / 100);
  EXPECT_GT(hired_2025, n / 100);
  EXPECT_LT(hired_2025, n / 3);
  EXPECT_GT(youth, n * 85 / 100);
  // 展会: written for firms ([] when none); a minority exhibit.
  EXPECT_GT(exhibitions, n * 3 / 4);
  EXPECT_GT(exhibitors, n / 50);
  EXPECT_LT(exhibitors, n / 4);
  EXPECT_GT(imports, n / 50);
  EXPECT_LT(imports, n / 5);
  EXPECT_GT(hedging, 0);
  EXPECT_LT(hedging, imports + n / 10);
  EXPECT_GT(sites, 0);
  EXPECT_LT(sites, n / 50);
  EXPECT_GT(store_known, n * 85 / 100);
  EXPECT_LT(first_store, n / 100);
  EXPECT_GT(taxable, n * 3 / 4);
  EXPECT_GT(digital_known, firms * 85 / 100);
  EXPECT_GT(standards, 0);
  EXPECT_LT(standards, firms / 10);
  EXPECT_GT(leads, 0);
}

TEST_F(PopulationStatsTest, InvestorsForeignInvestmentAndChipDesigns) {
  int firms = 0, with_investors = 0, foreign = 0, foreign_parent = 0, global500 = 0, corporate = 0;
  int fdi_usd = 0, fdi_both = 0, chips = 0, chip_designs = 0;
  for (const nlohmann::json& f : *firms_) {
    if (f.contains("actual_foreign_investment_usd")) {
      ++fdi_usd;
      if (f.contains("actual_foreign_investment")) {
        ++fdi_both;
        // Yuan at a USD/CNY rate between 6.5 and 7.5, year by year.
        for (auto& [year, usd] : f["actual_foreign_investment_usd"].items()) {
          double yuan = Money(f["actual_foreign_investment"].at(year));
          EXPECT_GE(yuan, Money(usd) * 6.5 - 100) << year;
          EXPECT_LE(yuan, Money(usd) * 7.5 + 100) << year;
        }
      }
    }
    if (f.value("industry_code", "") == "C3973") {
      ++chips;
      chip_designs += f.contains("ic_layout_designs");
    }
    if (!f.contains("entity_type")) continue;  // left out: firm or not unknown
    if (f["entity_type"] != "企业") {
      EXPECT_FALSE(f.contains("investors")) << f.dump();
      continue;
    }
    ++firms;
    const std::string ownership = f.value("ownership", "");
    const bool foreign_owned = ownership == "外商投资" || ownership == "港澳台投资";
    foreign += foreign_owned;
    if (!f.contains("investors")) continue;
    ++with_investors;
    ASSERT_FALSE(f["investors"].empty()) << f.dump();
    double total = 0;
    for (const nlohmann::json& r : f["investors"]) {
      double share = Money(r["share"]);
      EXPECT_GT(share, 0) << r.dump();
      total += share;
      global500 += r["fortune_global_500"].get<bool>();
      corporate += r["a_share_listed"].get<bool>() || r["headquarters"].get<bool>();
    }
    EXPECT_NEAR(total, 1.0, 0.001) << f.dump();
    // A foreign-invested firm's first investor is its parent abroad or in Hong Kong, Macao or Taiwan.
    if (foreign_owned) {
      std::string city = f["investors"][0]["city"];
      foreign_parent += city != "东莞市";
      EXPECT_GT(Money(f["investors"][0]["share"]), 0.5) << f.dump();
    }
  }
  // Written for firms (but for the usual missing share), never for others.
  EXPECT_GT(with_investors, firms * 85 / 100);
  EXPECT_GT(foreign, 0);
  EXPECT_GT(foreign_parent, foreign * 85 / 100);
  // Fortune Global 500 parents and listed or headquarters parents: rare.
  EXPECT_LT(global500, firms / 50);
  EXPECT_GT(corporate, 0);
  EXPECT_LT(corporate, firms / 20);
  // Yuan beside dollars for foreign investment, but for the missing share.
  EXPECT_GT(fdi_usd, 0);
  EXPECT_GT(fdi_both, fdi_usd * 80 / 100);
  // Chip makers report layout designs.
  EXPECT_GT(chips, 0);
  EXPECT_GE(chip_designs, chips / 2);
}

TEST_F(PopulationStatsTest, AboutFivePercentOfOptionalFieldsMissing) {
  // registration_status is written for every firm unless left out.
  int missing = 0;
  for (const nlohmann::json& f : *firms_) missing += !f.contains("registration_status");
  double share = static_cast<double>(missing) / static_cast<double>(firms_->size());
  EXPECT_GT(share, 0.03);
  EXPECT_LT(share, 0.07);
}

TEST(ShardedPathTest, AtMostAThousandFilesAFolderInIndexOrder) {
  EXPECT_EQ(ShardedPath(0, 200), "000/000000.json");
  EXPECT_EQ(ShardedPath(123, 100000), "000/000123.json");
  EXPECT_EQ(ShardedPath(99999, 100000), "099/099999.json");
  EXPECT_EQ(ShardedPath(999999, 1000000), "999/999999.json");
  EXPECT_EQ(ShardedPath(1234567, 2000000), "1234/1234567.json");
  EXPECT_LT(ShardedPath(999, 5000), ShardedPath(1000, 5000));
}

// --- The command.

fs::path TempDir(const std::string& name) { return FreshTempDir("duixian_gen_test", name); }

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GenCommandTest, WritesShardedFiles) {
  fs::path dir = TempDir("files");
  CliRun r = Duixian("gen --firms 200 --seed 7 --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("wrote 200 firms"));
  int files = 0;
  for (const fs::directory_entry& shard : fs::directory_iterator(dir)) {
    ASSERT_TRUE(shard.is_directory());
    int in_shard = 0;
    for (const fs::directory_entry& f : fs::directory_iterator(shard.path())) {
      EXPECT_EQ(f.path().extension(), ".json");
      ++in_shard;
    }
    EXPECT_LE(in_shard, 1000);
    files += in_shard;
  }
  EXPECT_EQ(files, 200);
  // Byte-identical to the library's firm 123, with a final newline.
  EXPECT_EQ(ReadAll(dir / "000/000123.json"),
            PopulationGenerator(Options(7)).Generate(123).json + "\n");
  // A second run into the same folder needs --force.
  EXPECT_EQ(Duixian("gen --firms 10 --seed 7 --out " + dir.string()).exit_code, 2);
  fs::remove_all(dir);
}

TEST(GenCommandTest, SameBytesWhateverTheThreadCount) {
  fs::path a = TempDir("t1"), b = TempDir("t3");
  ASSERT_EQ(Duixian("gen --firms 2500 --seed 3 --threads 1 --quiet --out " + a.string()).exit_code,
            0);
  ASSERT_EQ(Duixian("gen --firms 2500 --seed 3 --threads 3 --quiet --out " + b.string()).exit_code,
            0);
  for (uint64_t i : {0u, 999u, 1000u, 1777u, 2499u}) {
    std::string path = ShardedPath(i, 2500);
    EXPECT_EQ(ReadAll(a / path), ReadAll(b / path)) << path;
    EXPECT_FALSE(ReadAll(a / path).empty()) << path;
  }
  ASSERT_EQ(Duixian("gen --jsonl --firms 2500 --seed 3 --threads 1 --out " + a.string()).exit_code,
            0);
  ASSERT_EQ(
      Duixian("gen --jsonl --firms 2500 --seed 3 --threads 4 --out " + (b / "x.jsonl").string())
          .exit_code,
      0);
  std::string one = ReadAll(a / "firms.jsonl");
  EXPECT_EQ(one, ReadAll(b / "x.jsonl"));
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 2500);
  // Line i is firm i.
  std::istringstream lines(one);
  std::string line;
  for (int i = 0; i <= 42; ++i) std::getline(lines, line);
  EXPECT_EQ(line, PopulationGenerator(Options(3, true)).Generate(42).json);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(GenCommandTest, UsageErrors) {
  EXPECT_EQ(Duixian("gen --help").exit_code, 0);
  EXPECT_EQ(Duixian("gen --seed 1 --out /tmp/x").exit_code, 2);  // no --firms
  EXPECT_EQ(Duixian("gen --firms 10").exit_code, 2);             // no --out
  EXPECT_EQ(Duixian("gen --firms ten --out /tmp/x").exit_code, 2);
  EXPECT_EQ(Duixian("gen --firms 10 --bad-share 2 --out /tmp/x").exit_code, 2);
  EXPECT_EQ(Duixian("gen --firms 10 --threads 0 --out /tmp/x").exit_code, 2);
}

}  // namespace
}  // namespace duixian::gen
