#include "engine/profile/schema.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string BundledSchemaText() {
  return ReadFile(std::string(DX_SOURCE_DIR) + "/policies/schema.json");
}

const Schema& Bundled() {
  static const Schema* schema = [] {
    absl::StatusOr<Schema> s = Schema::FromJson(BundledSchemaText(), "policies/schema.json");
    EXPECT_TRUE(s.ok()) << s.status();
    return new Schema(s.ok() ? *std::move(s) : Schema());
  }();
  return *schema;
}

// Wraps field definitions into a schema document.
std::string Doc(const std::string& fields) {
  return R"({"version": 1, "fields": [)" + fields + "]}";
}

std::string LoadError(const std::string& text) {
  absl::StatusOr<Schema> s = Schema::FromJson(text, "test.json");
  if (s.ok()) return "(loaded)";
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(s.status().message());
}

struct Expected {
  const char* name;
  const char* label;
  FieldType type;
  bool yearly;
};

TEST(SchemaTest, BundledSchemaLoadsWithEveryCoreField) {
  const Expected kCore[] = {
      {"uscc", "统一社会信用代码", FieldType::kUscc, false},
      {"name", "企业名称", FieldType::kString, false},
      {"registration_status", "登记状态", FieldType::kEnum, false},
      {"registered_city", "注册地", FieldType::kString, false},
      {"tax_registered_city", "税务登记地", FieldType::kString, false},
      {"town", "镇街", FieldType::kEnum, false},
      {"independent_legal_person", "独立法人", FieldType::kBool, false},
      {"entity_type", "主体类型", FieldType::kEnum, false},
      {"ownership", "经济类型", FieldType::kEnum, false},
      {"established_date", "成立日期", FieldType::kDate, false},
      {"registered_capital", "注册资本", FieldType::kMoney, false},
      {"paid_in_capital", "实缴资本", FieldType::kMoney, false},
      {"legal_representative", "法定代表人", FieldType::kString, false},
      {"registration_authority", "登记机关", FieldType::kString, false},
      {"sound_financial_system", "健全财务制度", FieldType::kBool, false},
      {"three_in_one", "三地合一", FieldType::kBool, false},
      {"industry_code", "行业代码", FieldType::kIndustryCode, false},
      {"strategic_emerging", "战略性新兴产业", FieldType::kBool, false},
      {"employees", "从业人员", FieldType::kCount, true},
      {"insured_employees", "参保人数", FieldType::kCount, true},
      {"rd_staff", "研发人员", FieldType::kCount, true},
      {"tech_staff", "科技人员", FieldType::kCount, true},
      {"total_assets", "资产总额", FieldType::kMoney, true},
      {"above_scale_industrial", "规上工业企业", FieldType::kBool, false},
      {"above_scale_entry_year", "规上入库年度", FieldType::kInteger, false},
      {"above_quota_trade", "限上企业", FieldType::kBool, false},
      {"above_quota_entry_year", "限上入库年度", FieldType::kInteger, false},
      {"above_scale_service", "规上服务业", FieldType::kBool, false},
      {"revenue", "营业收入", FieldType::kMoney, true},
      {"main_revenue", "主营业务收入", FieldType::kMoney, true},
      {"output_value", "工业总产值", FieldType::kMoney, true},
      {"value_added", "工业增加值", FieldType::kMoney, true},
      {"profit", "利润总额", FieldType::kMoney, true},
      {"tax_paid", "纳税总额", FieldType::kMoney, true},
      {"local_fiscal_contribution", "地方财力贡献", FieldType::kMoney, true},
      {"rd_expense", "研发费用", FieldType::kMoney, true},
      {"export_value", "出口额", FieldType::kMoney, true},
      {"sales_incl_tax", "含税销售额", FieldType::kMoney, true},
      {"equipment_purchase", "设备购置额", FieldType::kMoney, true},
      {"high_tech_revenue", "高新技术产品收入", FieldType::kMoney, true},
      {"unemployment_insurance_paid", "失业保险缴费", FieldType::kMoney, true},
      {"unemployment_insurance_months", "失业保险缴费月数", FieldType::kInteger, false},
      {"layoffs", "裁员人数", FieldType::kCount, true},
      {"graduates_hired", "招用高校毕业生", FieldType::kCount, true},
      {"tax_credit_rating", "纳税信用等级", FieldType::kEnum, true},
      {"serious_dishonesty", "严重失信", FieldType::kBool, false},
      {"abnormal_operation", "经营异常", FieldType::kBool, false},
      {"serious_illegal_list", "严重违法失信", FieldType::kBool, false},
      {"major_tax_violation", "重大税收违法", FieldType::kBool, false},
      {"dishonest_debtor", "失信被执行人", FieldType::kBool, false},
      {"environment_credit", "环境信用评价", FieldType::kEnum, false},
      {"energy_target_met", "能耗达标", FieldType::kBool, false},
      {"penalties", "行政处罚", FieldType::kRecordList, false},
      {"accidents", "事故", FieldType::kRecordList, false},
      {"titles", "资质称号", FieldType::kRecordList, false},
      {"invention_patents", "发明专利", FieldType::kCount, false},
      {"utility_patents", "实用新型专利", FieldType::kCount, false},
      {"design_patents", "外观设计专利", FieldType::kCount, false},
      {"software_copyrights", "软件著作权", FieldType::kCount, false},
      {"trademarks", "有效商标", FieldType::kCount, false},
      {"listing_status", "上市状态", FieldType::kEnum, false},
      {"ipo_funds_raised", "首发募资额", FieldType::kMoney, false},
      {"shareholding_reform_date", "股改完成日", FieldType::kDate, false},
      {"benefits_received", "已获资助", FieldType::kRecordList, false},
      {"projects", "项目", FieldType::kRecordList, false},
  };
  const Schema& schema = Bundled();
  for (const Expected& e : kCore) {
    SCOPED_TRACE(e.name);
    const FieldDef* f = schema.Find(e.name);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->label, e.label);
    EXPECT_EQ(f->type, e.type);
    EXPECT_EQ(f->yearly, e.yearly);
    EXPECT_FALSE(f->source.empty());
    EXPECT_FALSE(f->group.empty());
    EXPECT_EQ(schema.Find(e.label), f);
  }
  EXPECT_EQ(schema.Find("tax_registered_city")->source, "税务");
  EXPECT_EQ(schema.Find("sound_financial_system")->source, "财政");
  EXPECT_EQ(schema.Find("insured_employees")->source, "人社");
  EXPECT_EQ(schema.Find("export_value")->source, "海关");
  EXPECT_EQ(schema.Find("unemployment_insurance_paid")->source, "人社");
  EXPECT_EQ(schema.Find("registered_capital")->group, "登记基础");
}

TEST(SchemaTest, BundledEnumsAndRecords) {
  const Schema& schema = Bundled();
  EXPECT_THAT(schema.Find("registration_status")->enum_values,
              ElementsAre("存续", "在业", "迁出", "注销", "吊销", "停业", "清算"));
  EXPECT_THAT(
      schema.Find("entity_type")->enum_values,
      ElementsAre("企业", "个体工商户", "农民专业合作社", "分公司", "事业单位", "社会组织"));
  EXPECT_THAT(schema.Find("ownership")->enum_values,
              ElementsAre("国有", "集体", "私营", "外商投资", "港澳台投资", "股份制", "其他"));
  const FieldDef* rating = schema.Find("纳税信用等级");
  EXPECT_THAT(rating->enum_values, ElementsAre("A", "B", "M", "C", "D"));
  EXPECT_TRUE(rating->ordered);
  EXPECT_EQ(rating->EnumIndex("M"), 2);
  EXPECT_EQ(rating->EnumIndex("E"), -1);
  const FieldDef* env = schema.Find("environment_credit");
  EXPECT_THAT(env->enum_values, ElementsAre("绿", "蓝", "黄", "红"));
  EXPECT_TRUE(env->ordered);
  EXPECT_THAT(schema.Find("listing_status")->enum_values,
              ElementsAre("未上市", "上市后备", "辅导备案", "申报受理", "已上市", "新三板基础层",
                          "新三板创新层"));

  const FieldDef* town = schema.Find("town");
  EXPECT_EQ(town->enum_values.size(), 4u + 28u + 3u);
  for (const char* t :
       {"东城街道", "南城街道", "万江街道", "莞城街道", "麻涌镇", "樟木头镇", "望牛墩镇", "高埗镇",
        "长安镇", "虎门镇", "松山湖", "东莞港", "滨海湾新区"}) {
    EXPECT_GE(town->EnumIndex(t), 0) << t;
  }

  const FieldDef* penalties = schema.Find("penalties");
  ASSERT_NE(penalties, nullptr);
  const char* kPenaltyFields[][2] = {{"authority", "处罚机关"},
                                     {"date", "处罚日期"},
                                     {"amount", "罚款金额"},
                                     {"major", "重大处罚"},
                                     {"reason", "处罚事由"}};
  for (const auto& [name, label] : kPenaltyFields) {
    const FieldDef* r = penalties->FindRecordField(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->label, label);
    EXPECT_EQ(penalties->FindRecordField(label), r);
    EXPECT_EQ(r->source, penalties->source);  // inherited
  }
  EXPECT_EQ(penalties->FindRecordField("amount")->type, FieldType::kMoney);
  EXPECT_EQ(penalties->FindRecordField("罚款金额")->type, FieldType::kMoney);
  EXPECT_EQ(penalties->RecordFieldIndex("amount"), 2);
  EXPECT_EQ(penalties->RecordFieldIndex("nope"), -1);
  EXPECT_EQ(penalties->FindRecordField("nope"), nullptr);

  const FieldDef* accidents = schema.Find("accidents");
  EXPECT_THAT(accidents->FindRecordField("kind")->enum_values,
              ElementsAre("安全生产", "质量", "环境"));
  EXPECT_THAT(accidents->FindRecordField("事故等级")->enum_values,
              ElementsAre("特别重大", "重大", "较大", "一般"));
  EXPECT_TRUE(accidents->FindRecordField("severity")->ordered);

  const FieldDef* titles = schema.Find("资质称号");
  EXPECT_EQ(titles->FindRecordField("称号")->name, "name");
  EXPECT_THAT(titles->FindRecordField("level")->enum_values,
              ElementsAre("国家级", "省级", "市级", "镇级"));
  EXPECT_TRUE(titles->FindRecordField("level")->ordered);
  EXPECT_EQ(titles->FindRecordField("认定年度")->type, FieldType::kInteger);
  EXPECT_EQ(titles->FindRecordField("有效期至")->type, FieldType::kDate);
  EXPECT_EQ(titles->FindRecordField("首次认定")->type, FieldType::kBool);

  const FieldDef* benefits = schema.Find("benefits_received");
  const char* kBenefitFields[][2] = {{"policy", "政策编号"},
                                     {"year", "年度"},
                                     {"amount", "金额"},
                                     {"level", "级别"},
                                     {"project", "项目名称"}};
  for (const auto& [name, label] : kBenefitFields) {
    ASSERT_NE(benefits->FindRecordField(name), nullptr) << name;
    EXPECT_EQ(benefits->FindRecordField(name)->label, label);
  }
  const FieldDef* projects = schema.Find("projects");
  const char* kProjectFields[][2] = {{"kind", "项目类型"},
                                     {"investment", "总投资"},
                                     {"equipment_investment", "设备投资"},
                                     {"start_date", "开工日期"},
                                     {"completion_date", "完工日期"},
                                     {"filed", "已备案"}};
  for (const auto& [name, label] : kProjectFields) {
    ASSERT_NE(projects->FindRecordField(name), nullptr) << name;
    EXPECT_EQ(projects->FindRecordField(name)->label, label);
  }
}

TEST(SchemaTest, CountUnits) {
  const Schema& schema = Bundled();
  for (const char* name :
       {"employees", "insured_employees", "rd_staff", "tech_staff", "layoffs", "graduates_hired"}) {
    EXPECT_EQ(schema.Find(name)->count_unit, CountUnit::kPersons) << name;
  }
  for (const char* name : {"invention_patents", "utility_patents", "design_patents",
                           "software_copyrights", "trademarks"}) {
    EXPECT_EQ(schema.Find(name)->count_unit, CountUnit::kItems) << name;
  }
  EXPECT_EQ(schema.Find("revenue")->count_unit, CountUnit::kNone);
}

TEST(SchemaTest, FindByNameLabelOrAlias) {
  const Schema& schema = Bundled();
  const FieldDef* revenue = schema.Find("revenue");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(schema.Find("营业收入"), revenue);
  EXPECT_EQ(schema.Find("营收"), revenue);  // alias
  EXPECT_EQ(schema.Find("no_such_field"), nullptr);
  EXPECT_EQ(schema.IndexOf("no_such_field"), -1);
  int index = schema.IndexOf("营业收入");
  ASSERT_GE(index, 0);
  EXPECT_EQ(&schema.fields()[index], revenue);

  std::vector<std::string> names = schema.AllNames();
  for (const char* n : {"revenue", "营业收入", "营收", "uscc", "统一社会信用代码"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
}

TEST(SchemaTest, TypeNames) {
  const std::pair<FieldType, const char*> kNames[] = {
      {FieldType::kBool, "bool"},       {FieldType::kInteger, "integer"},
      {FieldType::kDecimal, "decimal"}, {FieldType::kMoney, "money"},
      {FieldType::kPercent, "percent"}, {FieldType::kCount, "count"},
      {FieldType::kDate, "date"},       {FieldType::kString, "string"},
      {FieldType::kEnum, "enum"},       {FieldType::kIndustryCode, "industry_code"},
      {FieldType::kUscc, "uscc"},       {FieldType::kRecordList, "records"},
  };
  for (const auto& [type, name] : kNames) EXPECT_EQ(FieldTypeName(type), name);
  EXPECT_EQ(FieldTypeNameZh(FieldType::kMoney), "金额");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kPercent), "百分比");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kCount), "人数/数量");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kDate), "日期");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kString), "文本");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kEnum), "枚举");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kIndustryCode), "行业代码");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kUscc), "统一社会信用代码");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kRecordList), "记录列表");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kBool), "是否");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kInteger), "整数");
  EXPECT_EQ(FieldTypeNameZh(FieldType::kDecimal), "数值");
}

TEST(SchemaTest, MinimalSchemaWithExactBounds) {
  absl::StatusOr<Schema> s = Schema::FromJson(
      Doc(R"({"name": "ratio", "label": "比例", "type": "percent", "source": "税务",
             "group": "财务", "minimum": 0.1, "maximum": "0.30"},
            {"name": "staff", "label": "人员", "type": "count", "unit": "个",
             "source": "人社", "group": "规模", "yearly": true})"),
      "mini.json");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->fields().size(), 2u);
  const FieldDef& ratio = s->fields()[0];
  EXPECT_EQ(*ratio.minimum, *Number::Parse("0.1"));  // exact, not via double
  EXPECT_EQ(*ratio.maximum, Number::Ratio(3, 10));
  EXPECT_EQ(s->fields()[1].count_unit, CountUnit::kItems);
  EXPECT_TRUE(s->fields()[1].yearly);
}

TEST(SchemaTest, LoadErrorsNameOriginAndField) {
  const std::string kOk = R"("source": "税务", "group": "财务")";
  EXPECT_EQ(
      LoadError(Doc(R"({"name": "revenue", "label": "营业收入", "type": "monye", )" + kOk + "}")),
      "test.json:1:72: field `revenue`: unknown type \"monye\" (known: bool, integer, "
      "decimal, money, percent, count, date, string, enum, industry_code, uscc, records)");
  EXPECT_THAT(LoadError(Doc(R"({"name": "a", "label": "甲", "type": "bool", )" + kOk + "}, " +
                            R"({"name": "a", "label": "乙", "type": "bool", )" + kOk + "}")),
              HasSubstr("field `a`: name `a` is already used by field `a`"));
  EXPECT_THAT(LoadError(Doc(R"({"name": "a", "label": "甲", "type": "bool", )" + kOk + "}, " +
                            R"({"name": "b", "label": "甲", "type": "bool", )" + kOk + "}")),
              HasSubstr("field `b`: name `甲` is already used by field `a`"));
  EXPECT_THAT(LoadError(Doc(R"({"name": "a", "label": "甲", "type": "bool", )" + kOk + "}, " +
                            R"({"name": "b", "label": "乙", "aliases": ["甲"], "type": "bool", )" +
                            kOk + "}")),
              HasSubstr("field `b`: name `甲` is already used by field `a`"));
  EXPECT_THAT(LoadError(Doc(R"({"name": "e", "label": "甲", "type": "enum", )" + kOk + "}")),
              HasSubstr("field `e`: an enum needs \"values\""));
  EXPECT_THAT(LoadError(Doc(R"({"name": "c", "label": "甲", "type": "count", )" + kOk + "}")),
              HasSubstr("field `c`: a count needs \"unit\""));
  EXPECT_THAT(
      LoadError(Doc(R"({"name": "c", "label": "甲", "type": "count", "unit": "吨", )" + kOk + "}")),
      HasSubstr("field `c`: unknown count unit \"吨\""));
  EXPECT_THAT(LoadError(Doc(R"({"name": "c", "label": "甲", "type": "bool", "yeraly": true, )" +
                            kOk + "}")),
              HasSubstr("field `c`: unknown key \"yeraly\""));
  EXPECT_THAT(LoadError(Doc(R"({"name": "c", "label": "甲", "type": "bool", "group": "财务"})")),
              HasSubstr("field `c`: missing \"source\""));
  EXPECT_THAT(LoadError(Doc(R"({"name": "Revenue", "label": "甲", "type": "bool", )" + kOk + "}")),
              HasSubstr("name `Revenue` must be snake_case"));
  EXPECT_THAT(LoadError(Doc(R"({"name": "m", "label": "甲", "type": "money", "minimum": "5",
                               "maximum": "1", )" +
                            kOk + "}")),
              HasSubstr("field `m`: \"maximum\" is below \"minimum\""));
  EXPECT_THAT(LoadError(Doc(R"({"name": "p", "label": "处罚", "type": "records", "record": [
                       {"name": "x", "label": "金额", "type": "money"},
                       {"name": "y", "label": "金额", "type": "money"}], )" +
                            kOk + "}")),
              HasSubstr("field `p.y`: name `金额` is already used by field `x` (names, labels and "
                        "aliases must be unique within a record)"));
  EXPECT_THAT(LoadError(Doc(R"({"name": "p", "label": "处罚", "type": "records", )" + kOk + "}")),
              HasSubstr("field `p`: a records field needs \"record\""));
  EXPECT_THAT(LoadError(R"({"version": 1, "fields": [)"),
              HasSubstr("test.json:1:27: not valid JSON"));
  EXPECT_THAT(LoadError(R"({"fields": []})"), HasSubstr("missing \"version\": 1"));
}

TEST(SchemaTest, JsonSchemaExport) {
  const Schema& schema = Bundled();
  std::string text = schema.ToJsonSchema();
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(j["type"], "object");
  EXPECT_EQ(j["additionalProperties"], true);
  ASSERT_TRUE(j["properties"].is_object());
  EXPECT_EQ(j["properties"].size(), schema.fields().size());
  for (const FieldDef& f : schema.fields()) {
    SCOPED_TRACE(f.name);
    ASSERT_TRUE(j["properties"].contains(f.name));
    const nlohmann::json& p = j["properties"][f.name];
    EXPECT_EQ(p["title"], f.label);
    std::string description = p["description"];
    EXPECT_THAT(description, HasSubstr(f.source));
    EXPECT_THAT(description, HasSubstr(f.group));
  }
  const nlohmann::json& revenue = j["properties"]["revenue"];
  EXPECT_EQ(revenue["type"], nlohmann::json::array({"object", "null"}));
  EXPECT_EQ(revenue["propertyNames"]["pattern"], "^[12][0-9]{3}$");
  const nlohmann::json& amount = revenue["additionalProperties"]["anyOf"];
  EXPECT_EQ(amount[0]["type"], "number");
  EXPECT_EQ(amount[0]["minimum"], 0);
  EXPECT_EQ(amount[1]["type"], "string");
  EXPECT_EQ(amount[1]["pattern"], "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$");
  EXPECT_EQ(amount[2]["type"], "null");

  const nlohmann::json& date = j["properties"]["established_date"];
  EXPECT_EQ(date["pattern"], "^\\d{4}-\\d{2}-\\d{2}$");
  EXPECT_EQ(date["format"], "date");
  const nlohmann::json& status = j["properties"]["registration_status"];
  EXPECT_EQ(status["enum"][0], "存续");
  EXPECT_EQ(j["properties"]["uscc"]["pattern"],
            "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$");
  const nlohmann::json& penalties = j["properties"]["penalties"];
  EXPECT_EQ(penalties["type"], nlohmann::json::array({"array", "null"}));
  EXPECT_EQ(penalties["items"]["type"], "object");
  EXPECT_EQ(penalties["items"]["properties"]["amount"]["title"], "罚款金额");
  EXPECT_EQ(j["properties"]["employees"]["additionalProperties"]["anyOf"][0]["type"], "integer");
  std::string ratio_description = j["properties"]["rd_expense_ratio"]["description"];
  EXPECT_THAT(ratio_description, HasSubstr("0.03"));
}

TEST(SchemaTest, CanonicalTextIsDeterministicAndFormatFree) {
  const std::string field =
      R"({"name": "revenue", "label": "营业收入", "type": "money", "yearly": true,
          "unit": "元", "source": "税务", "group": "财务", "minimum": "0"})";
  absl::StatusOr<Schema> a = Schema::FromJson(Doc(field), "a.json");
  absl::StatusOr<Schema> b =
      Schema::FromJson("{\n  \"fields\": [\n" + field + "\n  ],\n  \"version\": 1\n}\n", "b.json");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->CanonicalText(), b->CanonicalText());
  EXPECT_EQ(a->CanonicalText(),
            R"({"version":1,"fields":[{"name":"revenue","label":"营业收入","type":"money",)"
            R"("yearly":true,"source":"税务","group":"财务","minimum":"0"}]})");
  absl::StatusOr<Schema> c = Schema::FromJson(
      Doc(R"({"name": "revenue", "label": "营业收入", "type": "money", "yearly": true,
              "source": "税务", "group": "财务", "minimum": "1"})"),
      "c.json");
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->CanonicalText(), c->CanonicalText());
  EXPECT_EQ(Bundled().CanonicalText(), Bundled().CanonicalText());
}

}  // namespace
}  // namespace duixian::engine
