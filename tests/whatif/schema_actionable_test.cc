// The schema's optional `actionable` key: what near-miss advice may change.
#include "gtest/gtest.h"
#include "engine/profile/schema.h"
#include "tests/dsl/eval_fixture.h"

namespace duixian {
namespace {

using engine::Actionable;
using engine::Schema;

std::string OneField(const std::string& extra, const std::string& type = "money") {
  return R"({"version": 1, "fields": [{"name": "revenue", "label": "营业收入", "type": ")" + type +
         R"(", "yearly": true, "source": "税务", "group": "财务")" + extra + "}]}";
}

TEST(SchemaActionable, OptionalAndDefaultsToNotActionable) {
  absl::StatusOr<Schema> s = Schema::FromJson(OneField(""), "schema.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->fields()[0].actionable, Actionable::kNo);
  EXPECT_EQ(s->CanonicalText().find("actionable"), std::string::npos);  // old schemas keep their digest
}

TEST(SchemaActionable, ReadsEachKind) {
  absl::StatusOr<Schema> s = Schema::FromJson(OneField(R"(, "actionable": "increase")"), "schema.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->fields()[0].actionable, Actionable::kIncrease);
  EXPECT_NE(s->CanonicalText().find("\"actionable\":\"increase\""), std::string::npos);
  s = Schema::FromJson(OneField(R"(, "actionable": "wait")", "date"), "schema.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->fields()[0].actionable, Actionable::kWait);
}

TEST(SchemaActionable, RejectsWhatDoesNotFitTheType) {
  absl::StatusOr<Schema> s = Schema::FromJson(OneField(R"(, "actionable": "wait")"), "schema.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("actionable"), std::string_view::npos) << s.status();
  EXPECT_NE(s.status().message().find("revenue"), std::string_view::npos) << s.status();
  EXPECT_FALSE(Schema::FromJson(OneField(R"(, "actionable": "sometimes")"), "schema.json").ok());
}

TEST(SchemaActionable, BundledSchemaMarksTheUsualFields) {
  const Schema& s = *testing_internal::TestSchema();
  EXPECT_EQ(s.Find("revenue")->actionable, Actionable::kIncrease);
  EXPECT_EQ(s.Find("rd_expense")->actionable, Actionable::kIncrease);
  EXPECT_EQ(s.Find("employees")->actionable, Actionable::kIncrease);
  EXPECT_EQ(s.Find("layoffs")->actionable, Actionable::kDecrease);
  EXPECT_EQ(s.Find("established_date")->actionable, Actionable::kWait);
  EXPECT_EQ(s.Find("town")->actionable, Actionable::kNo);
}

}  // namespace
}  // namespace duixian
