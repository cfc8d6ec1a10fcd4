// `duixian lint`: the seeded-defect corpus (tests/lint/corpus: for every rule
// a file where it must fire at the stated line and column, and a near miss
// where nothing fires), SARIF structure, configuration, suppressions and the
// reading of quantities from Chinese text.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/diag/render.h"
#include "dsl/compiler.h"
#include "dsl/lint/internal/text_numbers.h"
#include "dsl/lint/lint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian::dsl {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = "tests/lint/corpus";

// Runs from the repository root so paths read tests/lint/corpus/….
class LintCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(chdir(DX_SOURCE_DIR), 0); }
};

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(DX_SOURCE_DIR) + "/" + kCorpus)) {
    std::string name = e.path().filename().string();
    if (name.size() > 7 && name.substr(name.size() - 7) == ".policy" && name[0] == 'L') out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "# lint-expect: L0101 10:7" and "# near-miss: L0101" header lines.
struct Header {
  std::multiset<std::string> expected;
  std::set<std::string> near_miss;
};

Header ReadHeader(const std::string& path) {
  Header h;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# lint-expect: ", 0) == 0) h.expected.insert(line.substr(15));
    if (line.rfind("# near-miss: ", 0) == 0) h.near_miss.insert(line.substr(13));
  }
  return h;
}

std::string Where(const Diagnostic& d, const SourceManager& sources) {
  SourceFile::Location loc = sources.file(d.primary.file).Locate(d.primary.begin);
  return absl::StrCat(std::string(CodeName(d.code)), " ", loc.line, ":", loc.column);
}

TEST_F(LintCorpusTest, EveryFileFindsExactlyWhatItsHeaderExpects) {
  std::vector<std::string> files = CorpusFiles();
  ASSERT_GE(files.size(), 2 * LintRules().size());
  for (const std::string& name : files) {
    SCOPED_TRACE(name);
    const std::string path = kCorpus + "/" + name;
    absl::StatusOr<Compilation> c = CompilePaths({path});
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_TRUE(c->program) << RenderJson(c->diagnostics.diagnostics(), *c->sources, {});
    LintReport r = Lint(*c, LintConfig{});
    std::multiset<std::string> found;
    for (const Diagnostic& d : r.findings) {
      // Every finding points into the file linted, not into common.policy.
      EXPECT_EQ(c->sources->file(d.primary.file).path(), path);
      found.insert(Where(d, *c->sources));
    }
    Header h = ReadHeader(path);
    EXPECT_EQ(found, h.expected);
    if (!h.near_miss.empty()) {
      EXPECT_TRUE(h.expected.empty()) << "a near miss expects nothing";
    }
  }
}

TEST_F(LintCorpusTest, EveryRuleHasAFiringCaseAndANearMiss) {
  std::set<std::string> fires, misses;
  for (const std::string& name : CorpusFiles()) {
    Header h = ReadHeader(kCorpus + "/" + name);
    for (const std::string& e : h.expected) fires.insert(e.substr(0, 5));
    misses.insert(h.near_miss.begin(), h.near_miss.end());
  }
  for (const LintRuleInfo& rule : LintRules()) {
    const std::string code(CodeName(rule.code));
    EXPECT_TRUE(fires.count(code)) << code << " has no file where it fires";
    EXPECT_TRUE(misses.count(code)) << code << " has no near miss";
  }
}

TEST_F(LintCorpusTest, SharedDefinitionConflictShowsBothPlaces) {
  absl::StatusOr<Compilation> c = CompilePaths({kCorpus + "/L0101.shared.fire.policy"});
  ASSERT_TRUE(c.ok());
  LintReport r = Lint(*c, LintConfig{});
  ASSERT_EQ(r.findings.size(), 1u);
  const Diagnostic& d = r.findings[0];
  ASSERT_EQ(d.secondary.size(), 2u);
  std::set<std::string> where;
  for (const Label& l : d.secondary) where.insert(c->sources->file(l.range.file).path());
  // The corpus links common.policy from policies/; paths are the real files.
  EXPECT_TRUE(where.count("policies/common.policy")) << "the shared definition's side";
  EXPECT_THAT(d.message.en, ::testing::HasSubstr("`注册地 == \"东莞市\"` contradicts `注册地 == \"广州市\"`"));
}

TEST_F(LintCorpusTest, ConfigSwitchesRulesOffAndRaisesLevels) {
  absl::StatusOr<Compilation> c = CompilePaths({kCorpus + "/L0104.fire.policy"});
  ASSERT_TRUE(c.ok());
  absl::StatusOr<LintConfig> off = ParseLintConfig(R"({"rules": {"L0104": "off"}})", "t.json");
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_TRUE(Lint(*c, *off).findings.empty());
  absl::StatusOr<LintConfig> error = ParseLintConfig(R"({"rules": {"l0104": "error"}})", "t.json");
  ASSERT_TRUE(error.ok()) << error.status();
  LintReport r = Lint(*c, *error);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].severity, Severity::kError);
  EXPECT_EQ(r.errors, 1u);
}

TEST(LintConfigTest, BadConfigsNameTheProblem) {
  auto bad = [](const char* json) {
    absl::StatusOr<LintConfig> c = ParseLintConfig(json, "duixian-lint.json");
    EXPECT_FALSE(c.ok()) << json;
    return std::string(c.status().message());
  };
  EXPECT_THAT(bad("{"), ::testing::HasSubstr("not valid JSON"));
  EXPECT_THAT(bad(R"({"rule": {}})"), ::testing::HasSubstr("unknown key \"rule\""));
  EXPECT_THAT(bad(R"({"rules": {"E0201": "off"}})"), ::testing::HasSubstr("`E0201` is not a lint rule"));
  EXPECT_THAT(bad(R"({"rules": {"L0101": "silent"}})"), ::testing::HasSubstr("rules.L0101"));
  EXPECT_THAT(bad(R"({"calendar": {"min_working_days": 0}})"), ::testing::HasSubstr("calendar.min_working_days"));
  absl::StatusOr<LintConfig> ok =
      ParseLintConfig(R"({"calendar": {"count_first_day": false, "min_working_days": 10}})", "x");
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->count_first_day);
  EXPECT_EQ(ok->min_working_days, 10);
}

TEST_F(LintCorpusTest, CountingTheFirstDayIsASetting) {
  // 2024-09-02 (Mon) .. 2024-09-30: 21 working days with the first day
  // (09-16/17 off for Mid-Autumn, 09-14 and 09-29 make-up days), 20 without.
  absl::StatusOr<Compilation> c = CompilePaths({kCorpus + "/L0301.ok.policy"});
  ASSERT_TRUE(c.ok());
  LintConfig config;
  config.min_working_days = 21;
  EXPECT_TRUE(Lint(*c, config).findings.empty());
  config.count_first_day = false;
  LintReport r = Lint(*c, config);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_THAT(r.findings[0].message.en, ::testing::HasSubstr("has 20 working days, fewer than 21"));
}

TEST_F(LintCorpusTest, SuppressionsCountAndNeedReasons) {
  absl::StatusOr<Compilation> c = CompilePaths({kCorpus + "/L0901.ok.policy"});
  ASSERT_TRUE(c.ok());
  LintReport r = Lint(*c, LintConfig{});
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.suppressed, 1u);
  absl::StatusOr<Compilation> bad = CompilePaths({kCorpus + "/L0901.fire.policy"});
  ASSERT_TRUE(bad.ok());
  LintReport rb = Lint(*bad, LintConfig{});
  ASSERT_EQ(rb.findings.size(), 1u);
  EXPECT_EQ(rb.findings[0].severity, Severity::kError);
}

// SARIF 2.1.0: the properties the specification requires, with their types.
void ExpectSarifRegion(const nlohmann::json& loc) {
  ASSERT_TRUE(loc.contains("physicalLocation"));
  const nlohmann::json& p = loc["physicalLocation"];
  ASSERT_TRUE(p["artifactLocation"]["uri"].is_string());
  const nlohmann::json& region = p["region"];
  for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"}) {
    ASSERT_TRUE(region[key].is_number_integer()) << key;
    EXPECT_GE(region[key].get<int>(), 1) << key;
  }
  EXPECT_GE(region["endLine"].get<int>(), region["startLine"].get<int>());
}

TEST_F(LintCorpusTest, SarifHasTheRequiredStructure) {
  absl::StatusOr<Compilation> c = CompilePaths({kCorpus + "/L0102.fire.policy", kCorpus + "/L0202.fire.policy"});
  ASSERT_TRUE(c.ok());
  LintReport r = Lint(*c, LintConfig{});
  ASSERT_EQ(r.findings.size(), 2u);
  nlohmann::json log = nlohmann::json::parse(RenderSarif(r.findings, *c->sources, RenderOptions{}));
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_TRUE(log["$schema"].is_string());
  ASSERT_TRUE(log["runs"].is_array());
  ASSERT_EQ(log["runs"].size(), 1u);
  const nlohmann::json& run = log["runs"][0];
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  const nlohmann::json& driver = run["tool"]["driver"];
  ASSERT_TRUE(driver["name"].is_string());
  ASSERT_TRUE(driver["rules"].is_array());
  EXPECT_EQ(driver["rules"].size(), LintRules().size());
  std::set<std::string> levels = {"none", "note", "warning", "error"};
  for (const nlohmann::json& rule : driver["rules"]) {
    ASSERT_TRUE(rule["id"].is_string());
    ASSERT_TRUE(rule["shortDescription"]["text"].is_string());
    ASSERT_TRUE(rule["fullDescription"]["text"].is_string());
    ASSERT_TRUE(rule["helpUri"].is_string());
    EXPECT_TRUE(levels.count(rule["defaultConfiguration"]["level"].get<std::string>()));
  }
  ASSERT_TRUE(run["results"].is_array());
  ASSERT_EQ(run["results"].size(), 2u);
  for (const nlohmann::json& result : run["results"]) {
    ASSERT_TRUE(result["message"]["text"].is_string());
    ASSERT_TRUE(result["ruleId"].is_string());
    ASSERT_TRUE(result["ruleIndex"].is_number_integer());
    EXPECT_EQ(driver["rules"][result["ruleIndex"].get<size_t>()]["id"], result["ruleId"]);
    EXPECT_TRUE(levels.count(result["level"].get<std::string>()));
    ASSERT_TRUE(result["locations"].is_array());
    ASSERT_EQ(result["locations"].size(), 1u);
    ExpectSarifRegion(result["locations"][0]);
    if (result.contains("relatedLocations")) {
      for (const nlohmann::json& rel : result["relatedLocations"]) {
        ASSERT_TRUE(rel["id"].is_number_integer());
        ExpectSarifRegion(rel);
        ASSERT_TRUE(rel["message"]["text"].is_string());
      }
    }
  }
  // L0102 shows the two clashing clauses.
  EXPECT_EQ(run["results"][0]["ruleId"], "L0102");
  EXPECT_EQ(run["results"][0]["relatedLocations"].size(), 2u);
  // Columns count code points: `>` after `营业收入[ref] ` is column 17.
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["region"]["startColumn"], 17);
}

TEST(TextQuantitiesTest, ReadsAmountsBoundsAndLookBacks) {
  using lint_internal::Bound;
  auto q = lint_internal::ReadQuantities("上年度营业收入2000万元以上，研发费用占比不低于3%，近两年无处罚，参保职工30人（含）以下，超过1.5亿元");
  ASSERT_EQ(q.size(), 5u);
  EXPECT_TRUE(q[0].look_back);
  EXPECT_EQ(q[0].value, engine::Number::FromInt(2));
  EXPECT_EQ(q[0].unit, ast::Unit::kYears);
  EXPECT_EQ(q[1].value, engine::Number::FromInt(20000000));
  EXPECT_EQ(q[1].bound, Bound::kGe);
  EXPECT_EQ(q[1].text, "2000万元以上");
  EXPECT_EQ(q[2].value, engine::Number::Ratio(3, 100));
  EXPECT_EQ(q[2].bound, Bound::kGe);
  EXPECT_EQ(q[2].text, "不低于3%");
  EXPECT_EQ(q[3].unit, ast::Unit::kPersons);
  EXPECT_EQ(q[3].bound, Bound::kLe);
  EXPECT_EQ(q[4].value, engine::Number::FromInt(150000000));
  EXPECT_EQ(q[4].bound, Bound::kGt);
  // Years, article and document numbers are no quantities.
  EXPECT_TRUE(lint_internal::ReadQuantities("2024年第3条东工信〔2025〕133号").empty());
  // 不满 wins over 满; 不超过 over 超过.
  EXPECT_EQ(lint_internal::ReadQuantities("不满50人")[0].bound, Bound::kLt);
  EXPECT_EQ(lint_internal::ReadQuantities("不超过500万元")[0].bound, Bound::kLe);
}

}  // namespace
}  // namespace duixian::dsl
