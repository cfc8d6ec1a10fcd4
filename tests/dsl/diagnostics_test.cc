// Compiler diagnostics: every code the compiler emits, each triggered by a
// small policy with exactly one problem, checked for its code and the line and
// code-point column of its primary range; rendering in both languages; message
// completeness; and robustness against garbage input.
//
// Adding a case is one line in kCases(): a name, the policy text, the code and
// the 1-based line and column where it must point. A text may hold several
// files, each introduced by a line `--- path.policy`; otherwise it is
// `t.policy`. A small `common` module (kCommon) is always available to import.
#include <algorithm>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/diag/diagnostic.h"
#include "common/diag/render.h"
#include "dsl/compiler.h"
#include "engine/profile/schema.h"
#include "engine/value/holiday_calendar.h"
#include "gtest/gtest.h"

namespace duixian::dsl {
namespace {

std::string ReadRepoFile(const std::string& relative) {
  std::ifstream in(std::string(DX_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::shared_ptr<const engine::Schema> LoadSchema() {
  static const std::shared_ptr<const engine::Schema> schema = [] {
    absl::StatusOr<engine::Schema> s =
        engine::Schema::FromJson(ReadRepoFile("policies/schema.json"), "schema.json");
    EXPECT_TRUE(s.ok()) << s.status();
    return std::make_shared<const engine::Schema>(std::move(*s));
  }();
  return schema;
}

std::shared_ptr<const engine::HolidayCalendar> LoadCalendar() {
  static const std::shared_ptr<const engine::HolidayCalendar> calendar = [] {
    absl::StatusOr<engine::HolidayCalendar> c =
        engine::HolidayCalendar::FromJson(ReadRepoFile("policies/calendar.json"));
    EXPECT_TRUE(c.ok()) << c.status();
    return std::make_shared<const engine::HolidayCalendar>(std::move(*c));
  }();
  return calendar;
}

// A shared module of the cases' own, so they do not depend on the real
// policies/common.policy.
constexpr char kCommon[] = R"(# 测试用的公共定义
define 在莞注册 "在东莞市注册登记":
    注册地 == "东莞市"
define 守法诚信 "未列入严重失信主体名单、经营异常名录":
    非 严重失信 且 非 经营异常
)";

// Splits "--- a.policy\n…\n--- b.policy\n…" into files; plain text is t.policy.
std::vector<SourceInput> SplitFiles(const std::string& text) {
  std::vector<SourceInput> files;
  std::istringstream in(text);
  std::string line;
  bool any_marker = text.rfind("--- ", 0) == 0;
  if (!any_marker) files.push_back({"t", "t.policy", text});
  while (any_marker && std::getline(in, line)) {
    if (line.rfind("--- ", 0) == 0) {
      std::string path = line.substr(4);
      files.push_back({path.substr(0, path.rfind('.')), path, ""});
    } else {
      files.back().text += line + "\n";
    }
  }
  files.push_back({"common", "common.policy", kCommon});
  return files;
}

Compilation CompileText(const std::string& text) {
  return CompileSources(LoadSchema(), LoadCalendar(), SplitFiles(text));
}

SourceFile::Location Where(const Compilation& c, const Diagnostic& d) {
  return c.sources->file(d.primary.file).Locate(d.primary.begin);
}

// "E0201 t.policy:4:13 unknown profile field `注册资金`", one per line.
std::string Dump(const Compilation& c) {
  std::string out;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) {
    SourceFile::Location loc = Where(c, d);
    out += std::string(CodeName(d.code)) + " " + c.sources->file(d.primary.file).path() + ":" +
           std::to_string(loc.line) + ":" + std::to_string(loc.column) + " " + d.message.en + "\n";
  }
  return out.empty() ? "(no diagnostics)\n" : out;
}

struct DiagCase {
  DiagCase(const char* name, std::string source, const char* code, int line, int column)
      : name(name), source(std::move(source)), code(code), line(line), column(column) {}

  // A help (English or Chinese) must contain `text`.
  DiagCase&& Help(const char* text) && {
    help = text;
    return std::move(*this);
  }
  // The English message must contain `text`.
  DiagCase&& Message(const char* text) && {
    message = text;
    return std::move(*this);
  }
  // Some fix-it must replace the range with `text`.
  DiagCase&& Fix(const char* text, bool machine_applicable) && {
    fix = text;
    fix_machine_applicable = machine_applicable;
    return std::move(*this);
  }
  // The problem inherently yields a second diagnostic (two full-width brackets).
  DiagCase&& Also(const char* code, int line, int column) && {
    code2 = code;
    line2 = line;
    column2 = column;
    return std::move(*this);
  }

  const char* name;
  std::string source;
  const char* code;
  int line;
  int column;
  const char* help = nullptr;
  const char* message = nullptr;
  const char* fix = nullptr;
  bool fix_machine_applicable = false;
  const char* code2 = nullptr;
  int line2 = 0;
  int column2 = 0;
};

void PrintTo(const DiagCase& c, std::ostream* os) { *os << c.name; }

// The usual frame: a policy whose clause `a` (line 4, column 13) is `expr`.
std::string Clause(const std::string& expr, const std::string& id = "DG-T-01") {
  return "policy " + id + " \"测试\" {\n"
         "  department \"局\"\n"
         "  reference year 2024\n"
         "  clause a: " + expr + "\n"
         "}\n";
}

// A policy with clause `a: 独立法人` (line 4) and then `items` from line 5.
std::string Items(const std::string& items) {
  return "policy DG-T-01 \"测试\" {\n"
         "  department \"局\"\n"
         "  reference year 2024\n"
         "  clause a: 独立法人\n" + items + "}\n";
}

// A policy with a benefit and one test whose body (from line 7) is `body`.
std::string WithTest(const std::string& body) {
  return "policy DG-T-01 \"测试\" {\n"
         "  department \"局\"\n"
         "  reference year 2024\n"
         "  clause a: 独立法人\n"
         "  benefit: 5万元\n"
         "  test \"样例\" {\n" + body + "  }\n"
         "}\n";
}

std::string Nested(int depth, const std::string& open, const std::string& inner,
                   const std::string& close) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += open;
  out += inner;
  for (int i = 0; i < depth; ++i) out += close;
  return out;
}

const std::vector<DiagCase>& Cases() {
  static const std::vector<DiagCase> cases = {
      // ---- E01xx: lexical and syntax
      DiagCase("UnexpectedTokenMissingColon", Items("  clause b 三地合一\n"), "E0101", 5, 12),
      DiagCase("UnexpectedBraceAfterAnd", Clause("独立法人 且"), "E0101", 5, 1),
      DiagCase("UnexpectedStrayParen", Clause("独立法人 )"), "E0101", 4, 18),
      DiagCase("PolicyWithoutId", "policy \"测试\" {\n  department \"局\"\n  clause a: 独立法人\n}\n",
               "E0101", 1, 8),
      DiagCase("UnterminatedString", Clause("注册地 == \"东莞市"), "E0102", 4, 20)
          .Help("\""),
      DiagCase("UnterminatedDepartment",
               "policy DG-T-01 \"测试\" {\n  department \"局\n  clause a: 独立法人\n}\n", "E0102", 2,
               14),
      DiagCase("InvalidCharacterAt", Clause("注册地 == \"东莞市\" @"), "E0103", 4, 26),
      DiagCase("InvalidCharacterDollar", Clause("$独立法人"), "E0103", 4, 13),
      DiagCase("InvalidUtf8", Clause("独立法人 # \xff"), "E0103", 4, 20),
      DiagCase("FullWidthColon", "policy DG-T-01 \"测试\" {\n  department \"局\"\n  clause a： 独立法人\n}\n",
               "E0104", 3, 11)
          .Fix(":", true),
      DiagCase("FullWidthComma", Clause("镇街 属于 {\"麻涌镇\"， \"茶山镇\"}"), "E0104", 4, 25)
          .Fix(",", true),
      DiagCase("FullWidthParens", Clause("（独立法人 或 三地合一）"), "E0104", 4, 13)
          .Fix("(", true)
          .Also("E0104", 4, 25),
      DiagCase("FullWidthQuotes", Clause("注册地 == “东莞市”"), "E0104", 4, 20).Fix("\"", true),
      DiagCase("FullWidthBrackets", Clause("营业收入【2024】 >= 1万元"), "E0104", 4, 17)
          .Fix("[", true)
          .Also("E0104", 4, 22),
      DiagCase("FullWidthBraces", Clause("镇街 属于 ｛\"麻涌镇\"｝"), "E0104", 4, 19)
          .Fix("{", true)
          .Also("E0104", 4, 25),
      DiagCase("FullWidthSemicolon", "define 甲: 独立法人；\n" + Clause("甲"), "E0104", 1, 15)
          .Fix(";", true),
      DiagCase("MissingBraceAtEndOfFile",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  clause a: 独立法人\n", "E0105", 3, 17),
      DiagCase("MissingParenBeforeBrace", Clause("(独立法人 或 三地合一"), "E0105", 5, 1),
      DiagCase("MissingParenBeforeClause",
               Items("  clause b: (三地合一 或 独立法人\n  clause c: 三地合一\n"), "E0105", 6, 3),
      DiagCase("MissingBracketBeforeBrace", Clause("营业收入[2024 >= 1万元"), "E0105", 5, 1),
      DiagCase("MissingBraceOfTest",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  reference year 2024\n"
               "  clause a: 独立法人\n  test \"样例\" {\n    given { 独立法人: true }\n"
               "    expect eligible\n}\n",
               "E0105", 8, 2),
      DiagCase("UnknownUnitKilometres", Clause("注册资本 >= 3公里"), "E0106", 4, 22)
          .Help("万元")
          .Message("`公里`"),
      DiagCase("UnknownUnitDollars", Clause("注册资本 >= 3万美元"), "E0106", 4, 22),
      DiagCase("UnknownUnitInTestData", WithTest("    given { 注册资本: 3万美元 }\n    expect eligible\n"),
               "E0106", 7, 20),
      DiagCase("BadDateFebruary30",
               Items("  effective 2023-02-30 .. 2023-12-31\n"), "E0107", 5, 13),
      DiagCase("BadDateMonth13", Clause("成立日期 >= 2023-13-01"), "E0107", 4, 21),
      DiagCase("BadDateInTest", WithTest("    on 2025-02-29\n    expect eligible\n"), "E0107", 7, 8),
      DiagCase("NestedParens100", Clause(Nested(100, "(", "独立法人", ")")), "E0108", 4, 77),
      DiagCase("NestedNot100", Clause(Nested(100, "非 ", "独立法人", "")), "E0108", 4, 141),
      DiagCase("ReferenceYearNotAYear",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  reference year 20\n"
               "  clause a: 独立法人\n}\n",
               "E0110", 3, 18),
      DiagCase("ImportAfterPolicy", Items("") + "import common\n", "E0111", 6, 1)
          .Help("top"),
      // ---- E02xx: names
      DiagCase("UnknownFieldSuggests", Clause("注册资金 >= 100万元"), "E0201", 4, 13)
          .Help("注册资本")
          .Fix("注册资本", false),
      DiagCase("UnknownFieldInUnusedDefine", "define 坏: 注册资金 >= 1万元\n" + Clause("独立法人"),
               "E0201", 1, 11),
      DiagCase("UnknownEnglishField", Clause("revenu[2024] >= 100万元"), "E0201", 4, 13)
          .Help("revenue"),
      DiagCase("UnknownFieldInTestData", WithTest("    given { 注册资金: 3万元 }\n    expect eligible\n"),
               "E0201", 7, 13)
          .Help("注册资本"),
      DiagCase("UnknownFieldInExpectMissing", WithTest("    expect undetermined missing 注册资金\n"),
               "E0201", 7, 33),
      DiagCase("UnknownRecordList", Clause("count(行政处分) >= 1"), "E0201", 4, 19).Help("行政处罚"),
      DiagCase("GluedNot", Clause("非严重失信"), "E0202", 4, 13)
          .Help("非 严重失信")
          .Fix("非 严重失信", false),
      DiagCase("GluedBu", Clause("不经营异常"), "E0202", 4, 13).Fix("非 经营异常", false),
      DiagCase("UnknownDefinitionSuggests", "import common\n" + Clause("在莞注 且 独立法人"), "E0202",
               5, 13)
          .Help("在莞注册"),
      DiagCase("UnknownImport", "import comon\n" + Clause("独立法人"), "E0203", 1, 8).Help("common"),
      DiagCase("UnknownImportPath", "import 工信/通用\n" + Clause("独立法人"), "E0203", 1, 8),
      DiagCase("UnknownPolicyInEligible", Clause("eligible(DG-T-09)"), "E0204", 4, 22),
      DiagCase("UnknownPolicyInRequires", Items("  requires 符合(DG-T-09)\n"), "E0204", 5, 15),
      DiagCase("UnknownPolicySuggests", Clause("独立法人") + Clause("eligible(DG-T-1)", "DG-T-02"),
               "E0204", 9, 22)
          .Help("DG-T-01"),
      DiagCase("UnknownPolicyInUnusedDefine", "define 坏: eligible(DG-X-99)\n" + Clause("独立法人"),
               "E0204", 1, 20),
      DiagCase("DuplicatePolicyAcrossFiles",
               "--- a.policy\n" + Clause("独立法人") + "--- b.policy\n" + Clause("三地合一"), "E0205",
               1, 8),
      DiagCase("DuplicatePolicyInOneFile", Clause("独立法人") + Clause("三地合一"), "E0205", 6, 8),
      DiagCase("DuplicateClauseLabel", Items("  clause a: 三地合一\n"), "E0206", 5, 10),
      DiagCase("DuplicateExceptionLabel", Items("  unless a: 严重失信\n"), "E0206", 5, 10),
      DiagCase("DuplicateDefine", "define 甲: 独立法人\ndefine 甲: 三地合一\n" + Clause("甲"), "E0207",
               2, 8),
      DiagCase("DefineShadowsImportedDefine",
               "--- shared.policy\ndefine 甲: 独立法人\n--- b.policy\nimport shared\ndefine 甲: 三地合一\n" + Clause("甲"),
               "E0207", 2, 8),
      DiagCase("DuplicateLocalDefine",
               Items("  define 丙: 独立法人\n  define 丙: 三地合一\n  clause b: 丙\n"), "E0207", 6,
               10),
      DiagCase("BecauseUnknownClause", WithTest("    given { 独立法人: true }\n    expect ineligible because b\n"),
               "E0208", 8, 31)
          .Help("`a`"),
      DiagCase("UnknownRecordFieldInSum", Clause("sum(行政处罚.罚款 where 重大处罚) >= 1万元"), "E0209",
               4, 22)
          .Help("罚款金额"),
      DiagCase("UnknownRecordFieldInWhere", Clause("count(行政处罚 where 罚款金 >= 1万元) >= 1"),
               "E0209", 4, 30)
          .Help("罚款金额"),
      DiagCase("UnknownRecordFieldInTestData",
               WithTest("    given { 行政处罚: [{罚款: 3万元}] }\n    expect eligible\n"), "E0209", 7, 21),
      DiagCase("RefWithoutReferenceYear",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  clause a: 营业收入[ref] >= 100万元\n}\n",
               "E0210", 3, 18)
          .Help("2024"),
      DiagCase("RefInDefineWithoutReferenceYear",
               "define 收入达标: 营业收入[ref] >= 100万元\n"
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  clause a: 收入达标\n}\n",
               "E0210", 1, 19),
      DiagCase("UnknownFunction", Clause("foo(注册资本) >= 1万元"), "E0211", 4, 13).Help("floor"),
      DiagCase("UnknownChineseFunction", Clause("平均值(注册资本, 实缴资本) >= 1万元"), "E0211", 4, 13),
      DiagCase("UnknownEnumValue", Clause("登记状态 == \"存在\""), "E0212", 4, 21)
          .Help("存续")
          .Fix("\"存续\"", false),
      DiagCase("UnknownTownInSet", Clause("镇街 属于 {\"麻涌\"}"), "E0212", 4, 20).Help("麻涌镇"),
      DiagCase("UnknownTownSecondInSet", Clause("镇街 属于 {\"茶山镇\", \"望牛墩\"}"), "E0212", 4, 27)
          .Help("望牛墩镇"),
      DiagCase("UnknownRank", Clause("纳税信用等级[ref] >= \"E\""), "E0212", 4, 28),
      DiagCase("UnknownEnumInTestData", WithTest("    given { 登记状态: \"存在\" }\n    expect eligible\n"),
               "E0212", 7, 19)
          .Help("存续"),
      DiagCase("RecordListAsCondition", Clause("行政处罚"), "E0213", 4, 13).Help("count(行政处罚)"),
      DiagCase("RecordListCompared", Clause("行政处罚 > 0"), "E0213", 4, 13),
      DiagCase("WindowWithoutWindow", Clause("成立日期 <= window.start"), "E0214", 4, 21),
      DiagCase("ChineseWindowWithoutWindow", Clause("成立日期 <= 申报期.结束"), "E0214", 4, 21),
      // ---- E03xx: types and units
      DiagCase("MoneyVsPercent", Clause("营业收入[ref] >= 3%"), "E0301", 4, 23).Help("3%"),
      DiagCase("PersonsVsItems", Clause("从业人员[ref] >= 3项"), "E0301", 4, 23),
      DiagCase("DateVsMoney", Clause("成立日期 >= 100万元"), "E0301", 4, 18),
      DiagCase("TextOrdered", Clause("注册地 > \"东莞市\""), "E0301", 4, 17),
      DiagCase("UnorderedEnumOrdered", Clause("登记状态 >= \"存续\""), "E0301", 4, 18),
      DiagCase("BoolOrdered", Clause("独立法人 > 三地合一"), "E0301", 4, 18),
      DiagCase("IndustryCodeOrdered", Clause("行业代码 >= \"C\""), "E0301", 4, 18),
      DiagCase("AddMoneyAndDate", Clause("注册资本 + 成立日期 >= 成立日期"), "E0302", 4, 18),
      DiagCase("AddDateAndNumber", Clause("成立日期 + 3 <= today"), "E0302", 4, 18),
      DiagCase("MultiplyPersonsByItems", Clause("从业人员[ref] * 发明专利 >= 1"), "E0302", 4, 23),
      DiagCase("MoneyVsBareNumber", Clause("营业收入[ref] >= 2000"), "E0303", 4, 23).Help("万元"),
      DiagCase("BareNumberVsMoney", Clause("2000 <= 注册资本"), "E0303", 4, 18),
      DiagCase("ConditionIsMoney", Clause("注册资本"), "E0304", 4, 13),
      DiagCase("NotOfMoney", Clause("非 注册资本"), "E0304", 4, 15),
      DiagCase("AndWithNumber", Clause("独立法人 且 3"), "E0304", 4, 20),
      DiagCase("WhereNotCondition", Clause("count(行政处罚 where 罚款金额) >= 1"), "E0304", 4, 30),
      DiagCase("TierConditionIsMoney", Items("  benefit: tiers { when 注册资本: 5万元 }\n"), "E0304",
               5, 25),
      DiagCase("IfConditionIsMoney", Items("  benefit: if 注册资本 then 5万元 else 3万元\n"), "E0304",
               5, 15),
      DiagCase("BenefitIsPersons", Items("  benefit: 3人\n"), "E0305", 5, 12).Help("万元"),
      DiagCase("BenefitIsPercent", Items("  benefit \"按比例\": 3%\n"), "E0305", 5, 18),
      DiagCase("ExpectedBenefitIsPersons",
               WithTest("    given { 独立法人: true }\n    expect eligible, benefit 3人\n"), "E0305", 8,
               30),
      DiagCase("ExpectedBenefitIsBareNumber", WithTest("    expect eligible, benefit 3\n"), "E0305", 7,
               30),
      DiagCase("MinWithOneArgument", Clause("min(注册资本) >= 1万元"), "E0306", 4, 13),
      DiagCase("WithinNotDuration", Clause("成立日期 within 2 before today"), "E0306", 4, 25),
      DiagCase("WithinNotDate", Clause("注册资本 within 2年 before today"), "E0306", 4, 13),
      DiagCase("WindowBadMember",
               Items("  window 2025-06-16 .. 2025-07-18\n  clause b: 成立日期 <= window.begin\n"),
               "E0306", 6, 28),
      DiagCase("WindowWithoutMember",
               Items("  window 2025-06-16 .. 2025-07-18\n  clause b: 成立日期 <= window\n"), "E0306",
               6, 21),
      DiagCase("SumWithoutField", Clause("sum(已获资助 where 年度 == 2024) >= 1万元"), "E0306", 4, 13),
      DiagCase("AllWithoutWhere", Clause("all(行政处罚)"), "E0306", 4, 13),
      DiagCase("TiersOfConditionsWithoutElse", Clause("tiers { when 独立法人: 三地合一 }"), "E0306", 4,
               13),
      DiagCase("IndexNotAYear", Clause("营业收入[1] >= 1万元"), "E0306", 4, 18),
      DiagCase("SetOfNames", Clause("镇街 属于 {注册地}"), "E0306", 4, 20),
      DiagCase("MinOfDifferentUnits", Clause("min(注册资本, 3人) >= 1万元"), "E0306", 4, 13),
      DiagCase("RoundToFractionalPlaces", Clause("round(注册资本, 2.5) >= 1万元"), "E0306", 4, 13),
      DiagCase("WorkdaysOfOneDate", Clause("workdays(成立日期) >= 3工作日"), "E0306", 4, 13),
      DiagCase("YearOfMoney", Clause("year(注册资本) >= 2020"), "E0306", 4, 13),
      DiagCase("ReceivedWithoutPolicy", Clause("received()"), "E0306", 4, 13),
      DiagCase("CountOfRecordField", Clause("count(行政处罚.罚款金额) >= 1"), "E0306", 4, 24),
      DiagCase("SumOfTextField", Clause("sum(行政处罚.处罚事由) >= 1万元"), "E0306", 4, 22),
      DiagCase("NegatedDate", Clause("-成立日期 >= 1"), "E0306", 4, 13),
      DiagCase("MemberOfNonPeriod", Clause("注册资本.start >= 1万元"), "E0306", 4, 18),
      DiagCase("IndexByMoney", Clause("营业收入[注册资本] >= 1万元"), "E0306", 4, 18),
      DiagCase("ExpectedBenefitFromProfile", WithTest("    expect eligible, benefit 注册资本\n"),
               "E0306", 7, 30),
      DiagCase("SeriesWithoutYear", Clause("营业收入 >= 100万元"), "E0307", 4, 13).Help("营业收入[ref]"),
      DiagCase("SeriesInArithmetic", Clause("营业收入 + 1万元 >= 100万元"), "E0307", 4, 13),
      DiagCase("SeriesAsCondition", Clause("研发费用占比"), "E0307", 4, 13),
      DiagCase("IndexNonSeries", Clause("注册资本[2024] >= 100万元"), "E0308", 4, 13),
      DiagCase("TestBoolGivenNumber", WithTest("    given { 独立法人: 3 }\n    expect eligible\n"), "E0309",
               7, 19),
      DiagCase("TestSeriesGivenScalar", WithTest("    given { 营业收入: 3000万元 }\n    expect eligible\n"),
               "E0309", 7, 19),
      DiagCase("TestDateGivenMoney", WithTest("    given { 成立日期: 3万元 }\n    expect eligible\n"),
               "E0309", 7, 19),
      DiagCase("TestPersonsGivenItems",
               WithTest("    given { 从业人员: {2024: 30项} }\n    expect eligible\n"), "E0309", 7, 26),
      DiagCase("TestYearKeyIsText",
               WithTest("    given { 营业收入: {\"2024\": 1万元} }\n    expect eligible\n"), "E0309", 7,
               20),
      DiagCase("TestRecordListGivenObject", WithTest("    given { 行政处罚: {} }\n    expect eligible\n"),
               "E0309", 7, 19),
      DiagCase("TestNegativeCount",
               WithTest("    given { 从业人员: {2024: -3} }\n    expect eligible\n"), "E0309", 7, 26)
          .Message("a whole number such as 50人"),
      DiagCase("TestFractionalYear", WithTest("    given { 规上入库年度: 2024.5 }\n    expect eligible\n"),
               "E0309", 7, 21),
      DiagCase("AggregateOverScalar", Clause("count(注册资本) >= 1"), "E0310", 4, 19),
      DiagCase("InMoney", Clause("注册资本 属于 注册资本"), "E0311", 4, 21),
      DiagCase("InBoolValue", Clause("独立法人 属于 {\"a\"}"), "E0311", 4, 13),
      DiagCase("InDateValue", Clause("成立日期 属于 {\"2020\"}"), "E0311", 4, 13),
      DiagCase("TiersBranchesDiffer",
               Items("  benefit: tiers { when 独立法人: 5万元 else: 3人 }\n"), "E0312", 5, 41),
      DiagCase("IfBranchesDiffer", Items("  benefit: if 独立法人 then 5万元 else 3人\n"), "E0312", 5,
               34),
      // ---- E04xx: rule structure
      DiagCase("RequiresCycle",
               Items("  requires eligible(DG-T-02)\n") +
                   "policy DG-T-02 \"测试二\" {\n  department \"局\"\n  clause a: 独立法人\n"
                   "  requires eligible(DG-T-01)\n}\n",
               "E0401", 7, 8),
      DiagCase("RequiresItself", Items("  requires eligible(DG-T-01)\n"), "E0401", 1, 8),
      DiagCase("MissingDepartment", "policy DG-T-01 \"测试\" {\n  clause a: 独立法人\n}\n", "E0402", 1,
               8)
          .Help("department"),
      DiagCase("TestWithoutDate",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  clause a: 独立法人\n"
               "  test \"样例\" {\n    expect eligible\n  }\n}\n",
               "E0402", 4, 3),
      DiagCase("DepartmentTwice", Items("  department \"局\"\n"), "E0403", 5, 3),
      DiagCase("WindowTwice",
               Items("  window 2025-06-16 .. 2025-07-18\n  window 2025-08-01 .. 2025-08-31\n"),
               "E0403", 6, 3),
      DiagCase("BenefitTwice", Items("  benefit: 5万元\n  benefit: 3万元\n"), "E0403", 6, 3),
      DiagCase("ReferenceTwice", Items("  reference year 2023\n"), "E0403", 5, 3),
      DiagCase("BasisTwice", Items("  basis \"甲\"\n  basis \"乙\"\n"), "E0403", 6, 3),
      DiagCase("ExclusiveGroupTwice", Items("  exclusive group 甲\n  exclusive group 乙\n"), "E0403",
               6, 3),
      DiagCase("TestGivenTwice",
               WithTest("    given { 独立法人: true }\n    given { 独立法人: false }\n    expect eligible\n"),
               "E0403", 8, 5),
      DiagCase("TestOnTwice",
               WithTest("    on 2025-01-01\n    on 2025-02-01\n    expect eligible\n"), "E0403", 8, 5),
      DiagCase("TestVerdictTwice",
               WithTest("    given { 独立法人: true }\n    expect eligible, ineligible\n"), "E0403", 8,
               22),
      DiagCase("TestBenefitTwice",
               WithTest("    given { 独立法人: true }\n    expect eligible, benefit 5万元, benefit 5万元\n"),
               "E0403", 8, 35),
      DiagCase("DefineCycle", "define 甲: 乙\ndefine 乙: 甲\n" + Clause("甲"), "E0404", 1, 8)
          .Message("甲 → 乙 → 甲"),
      DiagCase("DefineSelf", "define 甲: 甲 且 独立法人\n" + Clause("甲"), "E0404", 1, 8),
      DiagCase("LocalDefineCycle", Items("  define 丙: 丁\n  define 丁: 丙\n  clause b: 丙\n"),
               "E0404", 5, 10),
      DiagCase("ExpectBenefitWithoutRule",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  reference year 2024\n"
               "  clause a: 独立法人\n  test \"样例\" {\n    expect eligible, benefit 5万元\n  }\n}\n",
               "E0405", 6, 30),
      DiagCase("EffectiveEndsBeforeStart", Items("  effective 2025-12-31 .. 2025-01-01\n"), "E0406",
               5, 13),
      DiagCase("WindowEndsBeforeStart", Items("  window 2025-07-18 .. 2025-06-16\n"), "E0406", 5,
               10),
      DiagCase("TestFieldTwice",
               WithTest("    given { 独立法人: true, 独立法人: false }\n    expect eligible\n"), "E0407", 7,
               25),
      DiagCase("TestFieldTwiceByAlias",
               WithTest("    given { 营业收入: {2024: 1万元}, revenue: {2024: 2万元} }\n"
                    "    expect eligible\n"),
               "E0407", 7, 32),
      DiagCase("PolicyWithoutClauses", "policy DG-T-01 \"测试\" {\n  department \"局\"\n}\n", "E0408",
               1, 8),
      DiagCase("PolicyWithOnlyExceptions",
               "policy DG-T-01 \"测试\" {\n  department \"局\"\n  unless 失信: 严重失信\n}\n", "E0408", 1,
               8),
  };
  return cases;
}

// The frames above compile cleanly, so each case holds only its own problem.
TEST(DiagnosticFramesTest, FramesCompileWithoutDiagnostics) {
  for (const std::string& text :
       {Clause("独立法人"), Items(""), WithTest("    given { 独立法人: true }\n    expect eligible\n"),
        "import common\n" + Clause("在莞注册 且 守法诚信")}) {
    Compilation c = CompileText(text);
    EXPECT_TRUE(c.diagnostics.diagnostics().empty()) << text << Dump(c);
    EXPECT_NE(c.program, nullptr);
  }
}

void ExpectAt(const Compilation& c, const Diagnostic& d, const char* code, int line, int column) {
  SourceFile::Location loc = Where(c, d);
  EXPECT_EQ(CodeName(d.code), code);
  EXPECT_EQ(loc.line, static_cast<uint32_t>(line));
  EXPECT_EQ(loc.column, static_cast<uint32_t>(column));
}

class DiagnosticCaseTest : public ::testing::TestWithParam<DiagCase> {};

TEST_P(DiagnosticCaseTest, ReportsExactlyTheOneProblem) {
  const DiagCase& c = GetParam();
  Compilation comp = CompileText(c.source);
  const std::vector<Diagnostic>& diags = comp.diagnostics.diagnostics();
  SCOPED_TRACE(c.source + "---\n" + Dump(comp));
  ASSERT_EQ(diags.size(), c.code2 != nullptr ? 2u : 1u);
  ExpectAt(comp, diags[0], c.code, c.line, c.column);
  if (c.code2 != nullptr) ExpectAt(comp, diags[1], c.code2, c.line2, c.column2);
  EXPECT_EQ(diags[0].severity, Severity::kError);
  EXPECT_EQ(comp.program, nullptr);
  if (c.help != nullptr) {
    bool found = std::any_of(diags[0].helps.begin(), diags[0].helps.end(), [&](const LocalizedText& h) {
      return h.en.find(c.help) != std::string::npos || h.zh.find(c.help) != std::string::npos;
    });
    EXPECT_TRUE(found) << "no help mentions " << c.help;
  }
  if (c.message != nullptr) {
    EXPECT_NE(diags[0].message.en.find(c.message), std::string::npos) << diags[0].message.en;
  }
  if (c.fix != nullptr) {
    bool found = std::any_of(diags[0].fixits.begin(), diags[0].fixits.end(), [&](const FixIt& f) {
      return f.replacement == c.fix &&
             (f.applicability == FixIt::Applicability::kMachineApplicable) ==
                 c.fix_machine_applicable;
    });
    EXPECT_TRUE(found) << "no fix-it replaces with " << c.fix;
  }
}

INSTANTIATE_TEST_SUITE_P(AllCases, DiagnosticCaseTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<DiagCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(DiagnosticCasesTest, AtLeastSeventyCases) { EXPECT_GE(Cases().size(), 70u); }

TEST(DiagnosticCasesTest, CaseNamesAreUnique) {
  std::set<std::string> names;
  for (const DiagCase& c : Cases()) EXPECT_TRUE(names.insert(c.name).second) << c.name;
}

// Every code in the catalogue has a case, except those the compiler cannot
// emit from a small input of one problem: E0109 has its own test below, the
// limits (E0112, E0409–E0411) theirs in limits_test.cc.
TEST(DiagnosticCasesTest, EveryCodeIsCovered) {
  std::set<std::string> covered;
  for (const DiagCase& c : Cases()) covered.insert(c.code);
  for (const char* code : {"E0109", "E0112", "E0409", "E0410", "E0411"}) covered.insert(code);
  for (size_t i = 0; i < DiagCodeCount(); ++i) {
    std::string name(CodeName(DiagCodeAt(i)));
    if (DefaultSeverity(DiagCodeAt(i)) != Severity::kError) continue;
    if (name[0] == 'L') continue;  // lint rules: tests/lint
    EXPECT_TRUE(covered.count(name)) << name << " has no case";
  }
}

TEST(DiagnosticCasesTest, FullWidthQuotesFixBothEnds) {
  Compilation c = CompileText(Clause("注册地 == “东莞市”"));
  ASSERT_EQ(c.diagnostics.diagnostics().size(), 1u) << Dump(c);
  const Diagnostic& d = c.diagnostics.diagnostics()[0];
  ASSERT_EQ(d.fixits.size(), 2u);
  std::string text(c.sources->file(d.primary.file).text());
  // Applying the fixes from the back gives the half-width text.
  for (auto it = d.fixits.rbegin(); it != d.fixits.rend(); ++it) {
    EXPECT_EQ(it->applicability, FixIt::Applicability::kMachineApplicable);
    text.replace(it->range.begin, it->range.end - it->range.begin, it->replacement);
  }
  EXPECT_EQ(text, Clause("注册地 == \"东莞市\""));
  EXPECT_EQ(CompileText(text).diagnostics.diagnostics().size(), 0u);
}

TEST(DiagnosticCasesTest, GluedKeywordFixCompiles) {
  Compilation c = CompileText(Clause("非严重失信"));
  ASSERT_EQ(c.diagnostics.diagnostics().size(), 1u) << Dump(c);
  const FixIt& fix = c.diagnostics.diagnostics()[0].fixits.at(0);
  std::string text(c.sources->file(fix.range.file).text());
  text.replace(fix.range.begin, fix.range.end - fix.range.begin, fix.replacement);
  Compilation fixed = CompileText(text);
  EXPECT_TRUE(fixed.diagnostics.diagnostics().empty()) << Dump(fixed);
}

TEST(DiagnosticCasesTest, DuplicatePolicyPointsAtTheFirst) {
  Compilation c = CompileText("--- a.policy\n" + Clause("独立法人") + "--- b.policy\n" + Clause("三地合一"));
  ASSERT_EQ(c.diagnostics.diagnostics().size(), 1u) << Dump(c);
  const Diagnostic& d = c.diagnostics.diagnostics()[0];
  EXPECT_EQ(c.sources->file(d.primary.file).path(), "b.policy");
  ASSERT_EQ(d.secondary.size(), 1u);
  EXPECT_EQ(c.sources->file(d.secondary[0].range.file).path(), "a.policy");
  EXPECT_EQ(c.sources->file(d.secondary[0].range.file).Locate(d.secondary[0].range.begin).column, 8u);
}

// After 20 syntax errors one E0109 ends the list; nothing semantic follows
// from the guessed tree.
TEST(DiagnosticCasesTest, TooManySyntaxErrorsStops) {
  std::string garbage;
  for (int i = 0; i < 60; ++i) garbage += "  clause 1 2 3\n";
  Compilation c = CompileText(Items(garbage));
  const std::vector<Diagnostic>& diags = c.diagnostics.diagnostics();
  ASSERT_EQ(diags.size(), 21u) << Dump(c);
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(diags[i].code, DiagCode::kE0101) << Dump(c);
  ExpectAt(c, diags[20], "E0109", 44, 10);
}

// A syntax error in one file silences semantic echoes in that file only.
TEST(DiagnosticCasesTest, SyntaxErrorKeepsOtherFilesChecked) {
  Compilation c = CompileText("--- a.policy\n" + Clause("注册资金 >= 1万元 )") + "--- b.policy\n" +
                              Clause("注册资金 >= 1万元", "DG-T-02"));
  const std::vector<Diagnostic>& diags = c.diagnostics.diagnostics();
  ASSERT_EQ(diags.size(), 2u) << Dump(c);
  ExpectAt(c, diags[0], "E0101", 4, 25);
  ExpectAt(c, diags[1], "E0201", 4, 13);
  EXPECT_EQ(c.sources->file(diags[1].primary.file).path(), "b.policy");
}

// The nesting limit counts the brackets of an expression, not the braces of
// the policy around it: 64 levels compile, the 65th is reported where it opens.
TEST(DiagnosticCasesTest, NestingLimitIsExact) {
  for (const std::string& expr :
       {Nested(64, "(", "独立法人", ")"), Nested(64, "非 ", "独立法人", ""),
        Nested(63, "(", "营业收入[2024]", ")") + " >= " + Nested(64, "(", "1万元", ")")}) {
    Compilation c = CompileText(Clause(expr));
    EXPECT_TRUE(c.diagnostics.diagnostics().empty()) << expr << "\n" << Dump(c);
    ASSERT_NE(c.program, nullptr) << expr;
    ASSERT_EQ(c.program->policies.size(), 1u);
    EXPECT_NE(c.program->policies[0].clauses.at(0).node, engine::kNoNode) << expr;
  }
  Compilation deep = CompileText(WithTest("    given { 独立法人: " + Nested(65, "[", "true", "]") +
                                          " }\n    expect eligible\n"));
  ASSERT_EQ(deep.diagnostics.diagnostics().size(), 1u) << Dump(deep);
  ExpectAt(deep, deep.diagnostics.diagnostics()[0], "E0108", 7, 83);
}

// ---------------------------------------------------------------- messages

bool HasHan(const std::string& s) {
  // U+4E00..U+9FFF is E4 B8 80 .. E9 BF BF in UTF-8.
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

// English words left in Chinese text, outside `code` and 「type」 quotes.
bool HasEnglishWord(const std::string& zh) {
  static const std::regex quoted("`[^`]*`|「[^」]*」");
  static const std::regex word("[a-z]{3,}");
  return std::regex_search(std::regex_replace(zh, quoted, ""), word);
}

void ExpectComplete(const LocalizedText& t, const std::string& what) {
  static const std::regex placeholder("\\{[a-z_]+\\}");
  EXPECT_FALSE(t.en.empty()) << what;
  EXPECT_FALSE(t.zh.empty()) << what;
  EXPECT_FALSE(std::regex_search(t.en, placeholder)) << what << ": " << t.en;
  EXPECT_FALSE(std::regex_search(t.zh, placeholder)) << what << ": " << t.zh;
}

TEST(DiagnosticMessagesTest, EveryMessageIsFilledInInBothLanguages) {
  std::vector<std::string> sources;
  for (const DiagCase& c : Cases()) sources.push_back(c.source);
  std::string many;
  for (int i = 0; i < 60; ++i) many += "  clause 1 2 3\n";
  sources.push_back(Items(many));
  std::set<std::string> seen;
  for (const std::string& source : sources) {
    Compilation c = CompileText(source);
    for (const Diagnostic& d : c.diagnostics.diagnostics()) {
      std::string what = std::string(CodeName(d.code)) + " in\n" + source;
      seen.insert(std::string(CodeName(d.code)));
      ExpectComplete(d.message, what);
      EXPECT_TRUE(HasHan(d.message.zh)) << what << ": " << d.message.zh;
      EXPECT_FALSE(HasEnglishWord(d.message.zh)) << what << ": " << d.message.zh;
      if (!d.primary_label.en.empty() || !d.primary_label.zh.empty()) {
        ExpectComplete(d.primary_label, what + " (primary label)");
      }
      for (const Label& l : d.secondary) ExpectComplete(l.text, what + " (label)");
      for (const LocalizedText& n : d.notes) ExpectComplete(n, what + " (note)");
      for (const LocalizedText& h : d.helps) ExpectComplete(h, what + " (help)");
    }
  }
  EXPECT_GE(seen.size(), 45u);
}

// ---------------------------------------------------------------- rendering

TEST(DiagnosticRenderTest, UnknownFieldUnderChineseTextInChinese) {
  Compilation c = CompileText(
      "policy DG-T-01 \"测试\" {\n"
      "  department \"局\"\n"
      "  clause 注册 \"注册资本达标\": 注册资金 >= 100万元\n"
      "}\n");
  ASSERT_EQ(c.diagnostics.diagnostics().size(), 1u) << Dump(c);
  RenderOptions options;
  options.lang = Lang::kZh;
  options.color = false;
  // `  clause 注册 "注册资本达标": ` is 30 cells wide (each Han character two),
  // so the carets start 30 cells into the source text and span 8 cells.
  EXPECT_EQ(RenderText(c.diagnostics.diagnostics()[0], *c.sources, options),
            "错误[E0201]: 未知的企业画像字段 `注册资金`\n"
            " --> t.policy:3:23\n"
            "  |\n"
            "3 |   clause 注册 \"注册资本达标\": 注册资金 >= 100万元\n"
            "  |                               ^^^^^^^^ 企业画像中没有这个字段\n"
            "  |\n"
            "  = 注: 字段表见 `duixian schema`\n"
            "  = 帮助: 相近的名称是 `注册资本`\n"
            "帮助: 改为 `注册资本`\n"
            "  |\n"
            "3 |   clause 注册 \"注册资本达标\": 注册资本 >= 100万元\n"
            "  |                               ~~~~~~~~\n");
}

TEST(DiagnosticRenderTest, UnknownFieldUnderChineseTextInEnglish) {
  Compilation c = CompileText(
      "policy DG-T-01 \"测试\" {\n"
      "  department \"局\"\n"
      "  clause 注册 \"注册资本达标\": 注册资金 >= 100万元\n"
      "}\n");
  ASSERT_EQ(c.diagnostics.diagnostics().size(), 1u) << Dump(c);
  RenderOptions options;
  options.lang = Lang::kEn;
  options.color = false;
  EXPECT_EQ(RenderText(c.diagnostics.diagnostics()[0], *c.sources, options),
            "error[E0201]: unknown profile field `注册资金`\n"
            " --> t.policy:3:23\n"
            "  |\n"
            "3 |   clause 注册 \"注册资本达标\": 注册资金 >= 100万元\n"
            "  |                               ^^^^^^^^ not a profile field\n"
            "  |\n"
            "  = note: the fields are listed by `duixian schema`\n"
            "  = help: a similar name is `注册资本`\n"
            "help: replace with `注册资本`\n"
            "  |\n"
            "3 |   clause 注册 \"注册资本达标\": 注册资本 >= 100万元\n"
            "  |                               ~~~~~~~~\n");
}

// The caret line lines up with the source line by display width: the first
// caret sits under the first cell of the unknown name.
TEST(DiagnosticRenderTest, CaretsAlignByDisplayWidth) {
  Compilation c = CompileText(
      "policy DG-T-01 \"测试\" {\n"
      "  department \"局\"\n"
      "  clause 注册 \"注册资本达标\": 注册资金 >= 100万元\n"
      "}\n");
  ASSERT_EQ(c.diagnostics.diagnostics().size(), 1u) << Dump(c);
  RenderOptions options;
  options.lang = Lang::kEn;
  std::string text = RenderText(c.diagnostics.diagnostics()[0], *c.sources, options);
  std::istringstream lines(text);
  std::string line, source_line, caret_line;
  while (std::getline(lines, line)) {
    if (source_line.empty() && line.rfind("3 | ", 0) == 0) source_line = line;
    if (caret_line.empty() && line.find('^') != std::string::npos) caret_line = line;
  }
  // Display width of the source line up to the name: ASCII one cell, Han two.
  size_t name_at = source_line.find("注册资金");
  ASSERT_NE(name_at, std::string::npos);
  size_t cells = 0;
  for (size_t i = 0; i < name_at;) {
    unsigned char b = static_cast<unsigned char>(source_line[i]);
    size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    cells += len == 3 ? 2 : 1;
    i += len;
  }
  EXPECT_EQ(caret_line.find('^'), cells);
  EXPECT_EQ(caret_line.find_last_of('^') - caret_line.find('^') + 1, 8u);  // 4 Han, 8 cells
}

// ---------------------------------------------------------------- robustness

// Every range a diagnostic carries lies within its file.
void ExpectRangesInside(const Compilation& c, const std::string& input) {
  auto inside = [&](const SourceRange& r, const char* what) {
    ASSERT_TRUE(r.valid()) << what << " in " << input;
    ASSERT_LT(static_cast<size_t>(r.file), c.sources->size()) << what;
    size_t size = c.sources->file(r.file).text().size();
    EXPECT_LE(r.begin, r.end) << what << " in " << input;
    EXPECT_LE(r.end, size) << what << " in " << input;
  };
  for (const Diagnostic& d : c.diagnostics.diagnostics()) {
    inside(d.primary, "primary");
    for (const Label& l : d.secondary) inside(l.range, "label");
    for (const FixIt& f : d.fixits) inside(f.range, "fix-it");
    EXPECT_FALSE(d.message.en.empty());
    EXPECT_FALSE(d.message.zh.empty());
  }
}

const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> words = {
      // declarations and structure
      "import", "导入", "policy", "政策", "define", "定义", "department", "部门", "basis", "依据",
      "effective", "有效期", "window", "申报期", "reference", "基准年", "year", "年度", "tags",
      "标签", "exclusive", "互斥", "group", "组", "assumed", "假定", "clause", "条件", "unless",
      "除外", "requires", "前提", "benefit", "补助", "test", "测试", "given", "给定", "expect",
      "期望", "on", "评估日", "eligible", "符合", "ineligible", "不符合", "undetermined", "待定",
      "because", "因为", "missing", "缺少",
      // expressions
      "tiers", "分档", "when", "当", "else", "否则", "if", "如果", "then", "则", "where", "其中",
      "within", "在", "before", "前", "after", "后", "count", "计数", "any", "存在", "all", "全部",
      "sum", "合计", "ref", "上年度", "today", "今日", "true", "是", "false", "否", "and", "且",
      "or", "或", "not", "非", "in", "属于", "不属于", ">=", ">", "<=", "<", "==", "!=", "不低于",
      "超过", "不超过", "低于", "等于", "不等于", "以上", "以下", "以内", "不满",
      // literals and names
      "2024", "0.35", "300万元", "3%", "50人", "2项", "3年", "6个月", "15工作日", "2023-09-01",
      "2023-02-30", "\"东莞市\"", "“东莞市”", "\"未闭合", "DG-GX-2025-01", "营业收入", "注册资本",
      "行政处罚", "罚款金额", "镇街", "登记状态", "严重失信", "非严重失信", "revenue", "x",
      "min", "floor", "round", "workdays", "received", "公里", "3公里",
      // punctuation, half and full width
      "(", ")", "{", "}", "[", "]", ",", "、", ":", ";", ".", "..", "+", "-", "*", "/", "（",
      "）", "【", "】", "｛", "｝", "，", "：", "；", "@", "#", "\n", "\t"};
  return words;
}

TEST(DiagnosticRobustnessTest, GarbageNeverCrashesTheCompiler) {
  std::mt19937 rng(20250616);
  const std::vector<std::string>& vocabulary = Vocabulary();
  const std::string valid = WithTest("    given { 独立法人: true, 营业收入: {2024: 3000万元} }\n"
                                 "    expect eligible, benefit 5万元\n");
  for (int i = 0; i < 2000; ++i) {
    std::string input;
    if (i % 3 == 0) {
      // Raw bytes, half of them drawn from UTF-8 Han and ASCII text.
      int length = static_cast<int>(rng() % 200);
      for (int k = 0; k < length; ++k) {
        switch (rng() % 4) {
          case 0: input += static_cast<char>(rng() % 256); break;
          case 1: input += static_cast<char>(0x20 + rng() % 0x5F); break;
          case 2: input += std::string("政策营业收入（）“”").substr(3 * (rng() % 10), 3); break;
          default: input += vocabulary[rng() % vocabulary.size()]; break;
        }
      }
    } else if (i % 3 == 1) {
      // A soup of the language's tokens.
      int length = static_cast<int>(rng() % 120);
      for (int k = 0; k < length; ++k) {
        input += vocabulary[rng() % vocabulary.size()];
        input += rng() % 4 == 0 ? "" : " ";
      }
    } else {
      // A valid policy with a few tokens dropped, repeated or replaced.
      input = valid;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits && !input.empty(); ++k) {
        size_t at = rng() % input.size();
        while (at > 0 && (static_cast<unsigned char>(input[at]) & 0xC0) == 0x80) --at;
        size_t len = 1 + rng() % 6;
        switch (rng() % 3) {
          case 0: input.erase(at, len); break;
          case 1: input.insert(at, vocabulary[rng() % vocabulary.size()]); break;
          default: input.insert(at, input.substr(at, len)); break;
        }
      }
    }
    SCOPED_TRACE("input #" + std::to_string(i));
    Compilation c;
    EXPECT_NO_THROW(c = CompileText(input)) << input;
    ExpectRangesInside(c, input);
    RenderOptions options;
    for (const Diagnostic& d : c.diagnostics.diagnostics()) {
      EXPECT_NO_THROW(RenderText(d, *c.sources, options));
    }
    if (::testing::Test::HasFailure()) break;
  }
}

// Inputs built to hurt: very deep nesting of every bracket, long runs of
// prefix operators, NUL bytes, an encoded surrogate, CR LF line ends.
TEST(DiagnosticRobustnessTest, PathologicalInputsAreReported) {
  const std::vector<std::string> inputs = {
      Clause(Nested(10000, "(", "独立法人", ")")),
      Clause(Nested(10000, "非 ", "独立法人", "")),
      Clause(Nested(10000, "-", "1", "") + " >= 0"),
      Clause(Nested(5000, "(非 ", "独立法人", ")")),
      Clause("营业收入" + Nested(3000, "[", "2024", "]") + " >= 1万元"),
      WithTest("    given { 行政处罚: " + Nested(5000, "[", "", "]") + " }\n"),
      Clause(Nested(5000, "{", "", "}")),
      Nested(3000, "policy DG-T-01 \"测试\" {", "", ""),
      [] {
        static const char kWithNul[] = "policy DG-T-01 \"\0\" {\n}\n";
        return std::string(kWithNul, sizeof(kWithNul) - 1);  // keeps the NUL byte
      }(),
      Clause("注册地 == \"\xed\xa0\x80\""),
      "policy DG-T-01 \"测试\" {\r\n  department \"局\"\r\n  clause a: 注册资金\r\n}\r\n",
      std::string(100000, '('),
      std::string(100000, '"'),
      Clause(std::string(20000, 'x')),
  };
  for (size_t i = 0; i < inputs.size(); ++i) {
    SCOPED_TRACE("pathological input #" + std::to_string(i));
    Compilation c;
    EXPECT_NO_THROW(c = CompileText(inputs[i]));
    ExpectRangesInside(c, inputs[i].substr(0, 200));
    EXPECT_FALSE(c.diagnostics.diagnostics().empty());
    EXPECT_EQ(c.program, nullptr);
  }
  // A byte-order mark is not a problem, and positions do not count it.
  Compilation bom = CompileText("\xef\xbb\xbf" + Clause("注册资金 >= 1万元"));
  ASSERT_EQ(bom.diagnostics.diagnostics().size(), 1u) << Dump(bom);
  ExpectAt(bom, bom.diagnostics.diagnostics()[0], "E0201", 4, 13);
}

}  // namespace
}  // namespace duixian::dsl
