#include "engine/profile/firm_decoder.h"

#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "engine/profile/firm_record.h"
#include "engine/profile/schema.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"
#include "engine/value/uscc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/profile/bundled_schema.h"

namespace duixian::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kFile[] = "firms/kuaiyi.json";
constexpr char kUscc[] = "91441900708017879M";  // valid (DOMAIN.md §3)

const Schema& TheSchema() { return test_support::BundledSchema(); }

FirmDecodeResult Decode(const std::string& text) {
  return DecodeFirmJson(TheSchema(), text, kFile);
}

size_t Index(const char* name) {
  int i = TheSchema().IndexOf(name);
  EXPECT_GE(i, 0) << name;
  return static_cast<size_t>(i);
}

const Scalar& ScalarOf(const FirmRecord& r, const char* name) {
  return std::get<Scalar>(r.value(Index(name)));
}

Number NumberOf(const FirmRecord& r, const char* name) {
  return std::get<Number>(ScalarOf(r, name));
}

Number YearNumber(const FirmRecord& r, const char* name, int year) {
  return std::get<Number>(r.SeriesValue(Index(name), year));
}

Number N(const char* text) { return *Number::Parse(text); }

// The single error of a bad file, with no record.
FirmDataIssue ErrorOf(const std::string& text) {
  FirmDecodeResult r = Decode(text);
  EXPECT_FALSE(r.record.has_value());
  EXPECT_TRUE(r.error.has_value());
  return r.error.value_or(FirmDataIssue{});
}

TEST(FirmDecoderTest, DecodesAFullFile) {
  FirmDecodeResult r = Decode(R"({
    "uscc": "91441900708017879M",
    "name": "东莞示例电梯有限公司",
    "registration_status": "存续",
    "registered_city": "东莞市",
    "town": "清溪镇",
    "independent_legal_person": true,
    "established_date": "2001-08-15",
    "registered_capital": 50000000,
    "industry_code": "C3435",
    "employees": {"2022": 800, "2023": "812"},
    "revenue": {"2023": "320000000.50", "2021": 1.5e8, "2022": null},
    "rd_expense_ratio": {"2023": 0.035},
    "tax_credit_rating": {"2023": "A"},
    "above_scale_entry_year": 2012,
    "serious_dishonesty": false,
    "invention_patents": 12,
    "penalties": [
      {"authority": "东莞市市场监督管理局", "date": "2023-05-10", "amount": "120000",
       "major": false, "reason": "标签不规范"}
    ],
    "titles": [
      {"name": "高新技术企业", "level": "国家级", "year": 2022, "valid_until": "2025-12-19",
       "first_time": false}
    ],
    "accidents": []
  })");
  ASSERT_FALSE(r.error.has_value()) << r.error->ToString();
  ASSERT_TRUE(r.record.has_value());
  EXPECT_TRUE(r.warnings.empty());
  const FirmRecord& rec = *r.record;
  EXPECT_EQ(rec.size(), TheSchema().fields().size());
  EXPECT_EQ(rec.id(), kUscc);
  EXPECT_EQ(std::get<std::string>(ScalarOf(rec, "uscc")), kUscc);
  EXPECT_EQ(std::get<std::string>(ScalarOf(rec, "town")), "清溪镇");
  EXPECT_EQ(std::get<bool>(ScalarOf(rec, "independent_legal_person")), true);
  EXPECT_EQ(std::get<bool>(ScalarOf(rec, "serious_dishonesty")), false);
  EXPECT_EQ(std::get<CivilDate>(ScalarOf(rec, "established_date")),
            *CivilDate::FromYmd(2001, 8, 15));
  EXPECT_EQ(NumberOf(rec, "registered_capital"), Number::FromInt(50000000));
  EXPECT_EQ(NumberOf(rec, "above_scale_entry_year"), Number::FromInt(2012));
  EXPECT_EQ(NumberOf(rec, "invention_patents"), Number::FromInt(12));
  EXPECT_EQ(std::get<std::string>(ScalarOf(rec, "industry_code")), "C3435");

  // Series: sorted by year, null years left out.
  const YearSeries& revenue = std::get<YearSeries>(rec.value(Index("revenue")));
  ASSERT_EQ(revenue.size(), 2u);
  EXPECT_EQ(revenue[0].first, 2021);
  EXPECT_EQ(revenue[1].first, 2023);
  EXPECT_EQ(YearNumber(rec, "revenue", 2023), N("320000000.5"));
  EXPECT_EQ(YearNumber(rec, "revenue", 2021), Number::FromInt(150000000));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rec.SeriesValue(Index("revenue"), 2022)));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rec.SeriesValue(Index("revenue"), 1999)));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rec.SeriesValue(Index("town"), 2023)));
  EXPECT_EQ(YearNumber(rec, "employees", 2023), Number::FromInt(812));
  EXPECT_EQ(YearNumber(rec, "rd_expense_ratio", 2023), Number::Ratio(35, 1000));
  EXPECT_EQ(std::get<std::string>(rec.SeriesValue(Index("tax_credit_rating"), 2023)), "A");

  // Records follow FieldDef::record_fields.
  const FieldDef& penalties_def = *TheSchema().Find("penalties");
  const RecordList& penalties = std::get<RecordList>(rec.value(Index("penalties")));
  ASSERT_EQ(penalties.size(), 1u);
  const Record& p = penalties[0];
  ASSERT_EQ(p.fields.size(), penalties_def.record_fields.size());
  EXPECT_EQ(std::get<Number>(p.fields[penalties_def.RecordFieldIndex("amount")]),
            Number::FromInt(120000));
  EXPECT_EQ(std::get<CivilDate>(p.fields[penalties_def.RecordFieldIndex("date")]),
            *CivilDate::FromYmd(2023, 5, 10));
  EXPECT_EQ(std::get<bool>(p.fields[penalties_def.RecordFieldIndex("major")]), false);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(
      p.fields[penalties_def.RecordFieldIndex("document_no")]));
  const FieldDef& titles_def = *TheSchema().Find("titles");
  const Record& t = std::get<RecordList>(rec.value(Index("titles")))[0];
  EXPECT_EQ(std::get<std::string>(t.fields[titles_def.RecordFieldIndex("name")]), "高新技术企业");
  EXPECT_EQ(std::get<Number>(t.fields[titles_def.RecordFieldIndex("year")]), Number::FromInt(2022));

  // Presence: given fields (an empty list included) are present, others missing.
  EXPECT_FALSE(rec.IsMissing(Index("revenue")));
  EXPECT_FALSE(rec.IsMissing(Index("accidents")));
  EXPECT_TRUE(std::get<RecordList>(rec.value(Index("accidents"))).empty());
  EXPECT_TRUE(rec.IsMissing(Index("profit")));
  EXPECT_TRUE(rec.IsMissing(Index("projects")));
}

TEST(FirmDecoderTest, MoneyIsExactFromNumberOrString) {
  FirmDecodeResult r = Decode(R"({
    "registered_capital": "30000000.10",
    "paid_in_capital": 30000000.10,
    "ipo_funds_raised": 12345678901234567.89,
    "revenue": {"2021": 0.1, "2022": "0.2", "2023": 123456789012345678901234567890}
  })");
  ASSERT_TRUE(r.record.has_value()) << r.error->ToString();
  const FirmRecord& rec = *r.record;
  EXPECT_EQ(NumberOf(rec, "registered_capital"), NumberOf(rec, "paid_in_capital"));
  EXPECT_EQ(NumberOf(rec, "paid_in_capital"), Number::Ratio(300000001, 10));
  EXPECT_EQ(NumberOf(rec, "ipo_funds_raised").ToString(), "12345678901234567.89");
  std::optional<Number> sum =
      Number::Add(YearNumber(rec, "revenue", 2021), YearNumber(rec, "revenue", 2022));
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(*sum, Number::Ratio(3, 10));  // 0.1 + 0.2 == 0.3 exactly
  EXPECT_EQ(YearNumber(rec, "revenue", 2023).ToString(), "123456789012345678901234567890");
}

TEST(FirmDecoderTest, ChineseLabelsAndAliasesAsKeys) {
  FirmDecodeResult r = Decode(R"({
    "统一社会信用代码": "91441900708017879M",
    "营业收入": {"2023": 1000},
    "营收": null,
    "镇街": "松山湖",
    "行政处罚": [{"处罚机关": "东莞市生态环境局", "罚款金额": 100000, "重大处罚": true}]
  })");
  // "营收" is an alias of revenue: given twice.
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->field, "revenue");
  EXPECT_EQ(r.error->reason, "field given twice, as `营业收入` and as `营收`");

  r = Decode(R"({
    "统一社会信用代码": "91441900708017879M",
    "营业收入": {"2023": 1000},
    "镇街": "松山湖",
    "行政处罚": [{"处罚机关": "东莞市生态环境局", "罚款金额": 100000, "重大处罚": true}]
  })");
  ASSERT_TRUE(r.record.has_value()) << r.error->ToString();
  EXPECT_EQ(r.record->id(), kUscc);
  EXPECT_EQ(YearNumber(*r.record, "revenue", 2023), Number::FromInt(1000));
  EXPECT_EQ(std::get<std::string>(ScalarOf(*r.record, "town")), "松山湖");
  const FieldDef& def = *TheSchema().Find("penalties");
  const Record& p = std::get<RecordList>(r.record->value(Index("penalties")))[0];
  EXPECT_EQ(std::get<Number>(p.fields[def.RecordFieldIndex("amount")]), Number::FromInt(100000));
  EXPECT_EQ(std::get<bool>(p.fields[def.RecordFieldIndex("major")]), true);
}

TEST(FirmDecoderTest, IdFallsBackToFileNameAndNullIsMissing) {
  FirmDecodeResult r = Decode(R"({"name": "某个体户", "uscc": null, "revenue": null})");
  ASSERT_TRUE(r.record.has_value());
  EXPECT_EQ(r.record->id(), kFile);
  EXPECT_TRUE(r.record->IsMissing(Index("uscc")));
  EXPECT_TRUE(r.record->IsMissing(Index("revenue")));
  EXPECT_FALSE(r.record->IsMissing(Index("name")));
}

TEST(FirmDecoderTest, IndustryCodeIsNormalisedAndChecked) {
  FirmDecodeResult r = Decode(R"({"industry_code": "3974"})");
  ASSERT_TRUE(r.record.has_value());
  EXPECT_EQ(std::get<std::string>(ScalarOf(*r.record, "industry_code")), "C3974");
  r = Decode(R"({"industry_code": "I65"})");
  ASSERT_TRUE(r.record.has_value());
  EXPECT_EQ(std::get<std::string>(ScalarOf(*r.record, "industry_code")), "I65");
  r = Decode(R"({"industry_code": "C"})");
  ASSERT_TRUE(r.record.has_value());

  FirmDataIssue e = ErrorOf(R"({"industry_code": "A3974"})");
  EXPECT_EQ(e.field, "industry_code");
  EXPECT_EQ(e.reason,
            "industry code `A3974` mixes section A with division 39, which belongs to section C");
  e = ErrorOf(R"({"industry_code": "C39-74"})");
  EXPECT_THAT(e.reason, HasSubstr("is not a GB/T 4754-2017 code"));
  e = ErrorOf(R"({"industry_code": "9801"})");
  EXPECT_EQ(e.reason, "industry code `9801` has no division 98 (01–97)");
}

TEST(FirmDecoderTest, NotJsonReportsLineAndColumn) {
  FirmDataIssue e = ErrorOf("{\n  \"name\": \"甲公司\",\n  \"town\": 东城街道\n}");
  EXPECT_EQ(e.file, kFile);
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 11);
  EXPECT_THAT(e.reason, StartsWith("not valid JSON: syntax error while parsing value"));
  EXPECT_THAT(e.reason_zh, StartsWith("不是有效的 JSON："));

  e = ErrorOf("{\"name\": \"x\",}");
  EXPECT_EQ(e.line, 1);
  EXPECT_THAT(e.reason, StartsWith("not valid JSON: "));
  e = ErrorOf("");
  EXPECT_THAT(e.reason, StartsWith("not valid JSON: "));
}

TEST(FirmDecoderTest, TopLevelMustBeAnObject) {
  FirmDataIssue e = ErrorOf("[1, 2]");
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.reason, "the top level must be a JSON object of fields, not an array");
  EXPECT_EQ(e.reason_zh, "顶层必须是由字段组成的 JSON 对象，实际为数组");
}

TEST(FirmDecoderTest, WrongType) {
  FirmDataIssue e = ErrorOf("{\n  \"registered_capital\": true\n}");
  EXPECT_EQ(e.file, kFile);
  EXPECT_EQ(e.field, "registered_capital");
  EXPECT_EQ(e.reason,
            "expected an amount in 元 (JSON number or a string holding a decimal number), "
            "got a boolean");
  EXPECT_EQ(e.reason_zh, "应为以元为单位的金额（JSON 数字或十进制数字字符串），实际为布尔值");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 25);
  EXPECT_EQ(e.ToString(),
            "firms/kuaiyi.json:2:25: field `registered_capital`: expected an amount in 元 (JSON "
            "number or a string holding a decimal number), got a boolean");

  e = ErrorOf(R"({"serious_dishonesty": "否"})");
  EXPECT_EQ(e.reason, "expected true or false, got a string");
  e = ErrorOf(R"({"revenue": 1000})");
  EXPECT_EQ(e.field, "revenue");
  EXPECT_EQ(e.reason,
            "expected an object mapping years to values, e.g. {\"2023\": …}, got a number");
  e = ErrorOf(R"({"penalties": {"amount": 1}})");
  EXPECT_EQ(e.field, "penalties");
  EXPECT_EQ(e.reason, "expected an array of objects, got an object");
  e = ErrorOf(R"({"established_date": 20230101})");
  EXPECT_EQ(e.reason, "expected a date string \"YYYY-MM-DD\", got a number");
}

TEST(FirmDecoderTest, UnitsInAmountsAreRejectedWithAHint) {
  FirmDataIssue e = ErrorOf(R"({"registered_capital": "3000万元"})");
  EXPECT_EQ(e.field, "registered_capital");
  EXPECT_EQ(e.reason,
            "`3000万元` is not a decimal number; write the amount in 元 as a plain number, "
            "e.g. 30000000 for 3000万元");
  e = ErrorOf(R"({"rd_expense_ratio": {"2023": "3%"}})");
  EXPECT_EQ(e.field, "rd_expense_ratio.2023");
  EXPECT_EQ(e.reason,
            "`3%` is not a decimal number; write percentages as a fraction, e.g. 0.03 for 3%");
  e = ErrorOf(R"({"registered_capital": "1,000,000"})");
  EXPECT_EQ(e.reason, "`1,000,000` is not a decimal number; no thousands separators or spaces");
}

TEST(FirmDecoderTest, OutOfRange) {
  FirmDataIssue e = ErrorOf(R"({"employees": {"2023": -5}})");
  EXPECT_EQ(e.file, kFile);
  EXPECT_EQ(e.field, "employees.2023");
  EXPECT_EQ(e.reason, "a count cannot be negative, got -5");
  EXPECT_EQ(e.reason_zh, "人数不能为负数，实际为 -5");
  EXPECT_EQ(e.column, 24);

  e = ErrorOf(R"({"invention_patents": 2.5})");
  EXPECT_EQ(e.field, "invention_patents");
  EXPECT_EQ(e.reason, "must be a whole number, got 2.5");
  e = ErrorOf(R"({"above_scale_entry_year": "2019.5"})");
  EXPECT_EQ(e.reason, "must be a whole number, got 2019.5");
  e = ErrorOf(R"({"registered_capital": -1})");
  EXPECT_EQ(e.reason, "value -1 is below the minimum 0");
  e = ErrorOf(R"({"rd_expense_ratio": {"2023": 3}})");
  EXPECT_EQ(e.field, "rd_expense_ratio.2023");
  EXPECT_EQ(e.reason, "value 3 is above the maximum 1 (percentages are fractions: 0.03 for 3%)");

  // Profit may be negative; counts written as 3.0 are whole.
  FirmDecodeResult r = Decode(R"({"profit": {"2023": -1500.5}, "trademarks": 3.0})");
  ASSERT_TRUE(r.record.has_value()) << r.error->ToString();
  EXPECT_EQ(YearNumber(*r.record, "profit", 2023), N("-1500.5"));
  EXPECT_EQ(NumberOf(*r.record, "trademarks"), Number::FromInt(3));
}

TEST(FirmDecoderTest, BadDate) {
  FirmDataIssue e = ErrorOf(R"({"established_date": "2023-02-30"})");
  EXPECT_EQ(e.field, "established_date");
  EXPECT_EQ(e.reason, "`2023-02-30` is not a real calendar date (years 1900–2999)");
  EXPECT_EQ(e.reason_zh, "`2023-02-30` 不是有效的日历日期（年份 1900–2999）");
  e = ErrorOf(R"({"penalties": [{"date": "2023-05-10"}, {"date": "2023/5/10"}]})");
  EXPECT_EQ(e.field, "penalties[1].date");
  EXPECT_EQ(e.reason, "`2023/5/10` is not a date of the form YYYY-MM-DD");
}

TEST(FirmDecoderTest, InvalidUsccCheckCharacter) {
  const std::string bad = "91441900708017879A";  // check character should be M
  ASSERT_FALSE(UsccProblem(bad).empty());
  FirmDataIssue e = ErrorOf(R"({"uscc": ")" + bad + R"("})");
  EXPECT_EQ(e.file, kFile);
  EXPECT_EQ(e.field, "uscc");
  EXPECT_EQ(e.reason,
            "invalid unified social credit code `91441900708017879A`: " + UsccProblem(bad));
  EXPECT_EQ(e.reason_zh, "统一社会信用代码 `91441900708017879A` 无效：" + UsccProblemZh(bad));
}

TEST(FirmDecoderTest, EnumValueNotAllowed) {
  FirmDataIssue e = ErrorOf(R"({"town": "东城区"})");
  EXPECT_EQ(e.field, "town");
  EXPECT_THAT(e.reason,
              StartsWith("`东城区` is not an allowed value (allowed: 东城街道, 南城街道, "));
  EXPECT_THAT(e.reason, HasSubstr("松山湖, 东莞港, 滨海湾新区)"));
  e = ErrorOf(R"({"tax_credit_rating": {"2023": "AA"}})");
  EXPECT_EQ(e.field, "tax_credit_rating.2023");
  EXPECT_EQ(e.reason, "`AA` is not an allowed value (allowed: A, B, M, C, D)");
  EXPECT_EQ(e.reason_zh, "`AA` 不是允许的取值（允许：A、B、M、C、D）");
  e = ErrorOf(R"({"accidents": [{"kind": "火灾"}]})");
  EXPECT_EQ(e.field, "accidents[0].kind");
}

TEST(FirmDecoderTest, SeriesKeyMustBeAYear) {
  FirmDataIssue e = ErrorOf(R"({"revenue": {"2022": 1, "20x2": 2}})");
  EXPECT_EQ(e.file, kFile);
  EXPECT_EQ(e.field, "revenue.20x2");
  EXPECT_EQ(e.reason, "series key `20x2` is not a year (expected four digits such as \"2023\")");
  EXPECT_EQ(e.column, 25);
}

TEST(FirmDecoderTest, DuplicateKey) {
  FirmDataIssue e = ErrorOf("{\"name\": \"甲\",\n \"name\": \"乙\"}");
  EXPECT_EQ(e.file, kFile);
  EXPECT_EQ(e.field, "name");
  EXPECT_EQ(e.reason, "duplicate key `name`");
  EXPECT_EQ(e.reason_zh, "键 `name` 重复");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 2);
  e = ErrorOf(R"({"revenue": {"2023": 1, "2023": 2}})");
  EXPECT_EQ(e.field, "revenue.2023");
  EXPECT_EQ(e.reason, "duplicate key `2023`");
  e = ErrorOf(R"({"penalties": [{"amount": 1, "罚款金额": 2}]})");
  EXPECT_EQ(e.field, "penalties[0].amount");
  EXPECT_EQ(e.reason, "field given twice, as `amount` and as `罚款金额`");
}

TEST(FirmDecoderTest, RecordFieldPaths) {
  FirmDataIssue e = ErrorOf(R"({"penalties": [{"amount": 1}, {"amount": "abc"}]})");
  EXPECT_EQ(e.field, "penalties[1].amount");
  EXPECT_EQ(e.reason, "`abc` is not a decimal number");
  e = ErrorOf(R"({"penalties": [1]})");
  EXPECT_EQ(e.field, "penalties[0]");
  EXPECT_EQ(e.reason, "expected an object (one penalties record), got a number");
}

TEST(FirmDecoderTest, UnknownFieldsAreWarnings) {
  FirmDecodeResult r = Decode(R"({
    "name": "甲公司",
    "revnue": {"2023": 1},
    "营业总收": 5,
    "favourite_colour": "blue",
    "penalties": [{"amout": 5, "date": "2023-01-01"}]
  })");
  ASSERT_FALSE(r.error.has_value()) << r.error->ToString();
  ASSERT_TRUE(r.record.has_value());
  ASSERT_EQ(r.warnings.size(), 4u);
  EXPECT_EQ(r.warnings[0].file, kFile);
  EXPECT_EQ(r.warnings[0].field, "revnue");
  EXPECT_EQ(r.warnings[0].reason,
            "unknown field `revnue` ignored; did you mean `revenue` (营业收入)?");
  EXPECT_EQ(r.warnings[0].reason_zh, "未知字段 `revnue`，已忽略；是否应为 `revenue`（营业收入）？");
  EXPECT_EQ(r.warnings[0].line, 3);
  EXPECT_EQ(r.warnings[0].column, 5);
  EXPECT_EQ(r.warnings[1].reason,
            "unknown field `营业总收` ignored; did you mean `营业总收入` (revenue)?");
  EXPECT_EQ(r.warnings[2].reason, "unknown field `favourite_colour` ignored");
  EXPECT_EQ(r.warnings[3].field, "penalties[0].amout");
  EXPECT_EQ(r.warnings[3].reason,
            "unknown field `amout` in a penalties record ignored; did you mean `amount` "
            "(罚款金额)?");
  EXPECT_TRUE(r.record->IsMissing(Index("revenue")));
}

TEST(FirmDecoderTest, PercentAboveOneWithoutMaximumWarns) {
  // A schema of our own: a percent field without a maximum.
  absl::StatusOr<Schema> schema = Schema::FromJson(
      R"({"version": 1, "fields": [{"name": "share", "label": "占比", "type": "percent",
          "source": "统计", "group": "财务"}]})",
      "mini.json");
  ASSERT_TRUE(schema.ok()) << schema.status();
  FirmDecodeResult r = DecodeFirmJson(*schema, R"({"share": 3})", "a.json");
  ASSERT_TRUE(r.record.has_value());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].field, "share");
  EXPECT_THAT(r.warnings[0].reason, HasSubstr("percentages are fractions (0.03 for 3%)"));
  EXPECT_EQ(std::get<Number>(std::get<Scalar>(r.record->value(0))), Number::FromInt(3));
}

// Numbers beyond a double's range are refused by the JSON reader itself;
// the error still names the field and reads like the decoder's own.
TEST(FirmDecoderTest, NumberBeyondADoubleNamesItsField) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {{R"({"revenue": {"2024": 1e400}})", "revenue.2024"},
               {R"({"registered_capital": -1e999})", "registered_capital"},
               {R"({"penalties": [{"amount": 1}, {"amount": 2E+500}]})", "penalties[1].amount"},
               {R"({"revenue": {"2024": [1, 1e400]}})", "revenue.2024[1]"}};
  for (const Case& c : cases) {
    FirmDecodeResult r = Decode(c.json);
    ASSERT_TRUE(r.error.has_value()) << c.json;
    EXPECT_EQ(r.error->field, c.field) << c.json;
    EXPECT_THAT(r.error->reason, HasSubstr("is too large or too precise to hold exactly")) << c.json;
    EXPECT_THAT(r.error->reason_zh, HasSubstr("过大或精度过高")) << c.json;
    EXPECT_EQ(r.error->line, 1);
  }
}

TEST(FirmDecoderTest, IssueToStringOmitsUnknownParts) {
  FirmDataIssue issue{"a.json", "revenue.2022", "bad", "坏", 3, 7};
  EXPECT_EQ(issue.ToString(), "a.json:3:7: field `revenue.2022`: bad");
  EXPECT_EQ(issue.ToStringZh(), "a.json:3:7: 字段 `revenue.2022`：坏");
  issue.column = 0;
  EXPECT_EQ(issue.ToString(), "a.json:3: field `revenue.2022`: bad");
  issue.line = 0;
  issue.field = "";
  EXPECT_EQ(issue.ToString(), "a.json: bad");
  issue.reason_zh = "";
  EXPECT_EQ(issue.ToStringZh(), "a.json: bad");  // no Chinese reason: the English one
}

TEST(FirmDecoderTest, NeverThrowsOnHostileInput) {
  const std::string inputs[] = {
      "",
      "\xff\xfe",
      std::string(100000, '['),
      "{\"name\": \"\xe4\xb8\"}",  // truncated UTF-8 inside a string
      "{\"revenue\": {\"2023\": 1e999999}}",
      "{\"revenue\": {\"2023\": " + std::string(200, '9') + "}}",
      "null",
      "\"just a string\"",
      "{\"name\": 1} trailing",
  };
  for (const std::string& input : inputs) {
    FirmDecodeResult r = Decode(input);
    EXPECT_TRUE(r.error.has_value()) << input.substr(0, 40);
    EXPECT_FALSE(r.record.has_value());
  }
  // A byte-order mark is allowed and does not shift columns.
  FirmDecodeResult r = Decode("\xEF\xBB\xBF{\"town\": 1}");
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->column, 10);
}

// A file saved as GBK (Windows tools in China) is not JSON's UTF-8: the
// error says which encoding it reads as, so that staff know what to
// convert; a stray bad byte pair is not taken for one.
TEST(FirmDecoderTest, AFileInGbkIsNamedAsSuch) {
  // {"uscc": …, "name": "东莞市测试有限公司", "town": "莞城街道"} in GBK.
  FirmDecodeResult gbk = Decode(
      "{\"uscc\": \"91441900MA4UH3K265\", \"name\": \"\xb6\xab\xdd\xb8\xca\xd0\xb2\xe2\xca\xd4\xd3\xd0\xcf\xde\xb9\xab"
      "\xcb\xbe\", \"town\": \"\xdd\xb8\xb3\xc7\xbd\xd6\xb5\xc0\"}");
  ASSERT_TRUE(gbk.error.has_value());
  EXPECT_NE(gbk.error->reason.find("not valid JSON"), std::string::npos) << gbk.error->reason;
  EXPECT_NE(gbk.error->reason.find("GBK/GB18030"), std::string::npos) << gbk.error->reason;
  EXPECT_NE(gbk.error->reason_zh.find("请另存为 UTF-8"), std::string::npos) << gbk.error->reason_zh;
  for (const std::string& other : {std::string("{\"name\": \"a\xc0\xaf\"}"), std::string("{\"name\": \"\xff\xfe\"}")}) {
    FirmDecodeResult r = Decode(other);
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->reason.find("GBK"), std::string::npos) << r.error->reason;
  }
}

TEST(FirmRecordTest, PresenceAndSeries) {
  FirmRecord record(3);
  EXPECT_TRUE(record.IsMissing(0));  // slots start empty
  record.mutable_value(1) =
      YearSeries{{2021, Scalar(Number::FromInt(1))}, {2023, Scalar(Number::FromInt(3))}};
  record.mutable_value(2) = RecordList{};
  EXPECT_TRUE(record.IsMissing(0));
  EXPECT_FALSE(record.IsMissing(1));
  EXPECT_FALSE(record.IsMissing(2));  // an empty list that was given is present
  EXPECT_EQ(std::get<Number>(record.SeriesValue(1, 2023)), Number::FromInt(3));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(record.SeriesValue(1, 2022)));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(record.SeriesValue(0, 2023)));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(record.SeriesValue(7, 2023)));
  record.set_id("x");
  EXPECT_EQ(record.id(), "x");
}

}  // namespace
}  // namespace duixian::engine
