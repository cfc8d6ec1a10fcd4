// The hostile-input corpus (tests/hostile/, expectations in its
// manifest.tsv) through the decoder's API: each file gives exactly the
// expected outcome — a record, or an error naming the field and the reason —
// and never a crash. The inputs too large or deep to commit are made here:
// 10,000-deep nesting and a 100 MB file. Every field of the schema is also
// given a value of the wrong type.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/profile/firm_decoder.h"
#include "engine/profile/schema.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/profile/bundled_schema.h"
#include "tests/time_bound.h"

namespace duixian::engine {
namespace {

using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const Schema& TheSchema() { return test_support::BundledSchema(); }

struct Expectation {
  std::string file;
  bool ok = false;
  std::string field;
  std::string reason;
};

std::vector<Expectation> Manifest() {
  std::vector<Expectation> out;
  std::ifstream in(std::string(DX_SOURCE_DIR) + "/tests/hostile/manifest.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    cols.resize(4);
    out.push_back({cols[0], cols[1] == "ok", cols[2], cols[3]});
  }
  return out;
}

TEST(HostileInputTest, EveryCorpusFileGivesItsExpectedOutcome) {
  std::vector<Expectation> manifest = Manifest();
  ASSERT_GE(manifest.size(), 60u);
  for (const Expectation& e : manifest) {
    SCOPED_TRACE(e.file);
    std::string text = Slurp(std::string(DX_SOURCE_DIR) + "/tests/hostile/firms/" + e.file);
    FirmDecodeResult r = DecodeFirmJson(TheSchema(), text, e.file);
    ASSERT_NE(r.record.has_value(), r.error.has_value());
    if (e.ok) {
      EXPECT_TRUE(r.record.has_value()) << r.error->ToString();
      continue;
    }
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->field, e.field) << r.error->ToString();
    EXPECT_THAT(r.error->reason, HasSubstr(e.reason));
    EXPECT_FALSE(r.error->reason_zh.empty());
    EXPECT_THAT(r.error->ToString(), HasSubstr(e.file));
  }
}

TEST(HostileInputTest, TenThousandDeepNestingIsAnErrorNotACrash) {
  for (const char* open_close : {"[]", "{}"}) {
    std::string text = "{\"projects\": ";
    for (int i = 0; i < 10000; ++i) {
      text += open_close[0];
      if (open_close[0] == '{') text += "\"a\":";
    }
    text += "1";
    text.append(10000, open_close[1]);
    text += "}";
    FirmDecodeResult r = DecodeFirmJson(TheSchema(), text, "deep.json");
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->reason, "nested more than 64 levels deep");
    EXPECT_EQ(r.error->field, "projects");
    // The 64th opening bracket makes the 65th level (the top object is one).
    EXPECT_EQ(r.error->column, 14 + 63 * (open_close[0] == '{' ? 5 : 1));
  }
}

// The other shape limits, each at its boundary and configurable.
TEST(HostileInputTest, ShapeLimitsHoldAtTheBoundary) {
  const std::string head = "{\"uscc\": \"91441900MA4UH3K265\", ";
  FirmLimits limits;
  limits.max_string_bytes = 20;  // the USCC has 18
  EXPECT_TRUE(DecodeFirmJson(TheSchema(), head + "\"name\": \"01234567890123456789\"}", "a.json", limits).record);
  FirmDecodeResult r =
      DecodeFirmJson(TheSchema(), head + "\"企业名称\": \"01234567890123456789A\"}", "a.json", limits);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->field, "name");  // the canonical name of 企业名称
  EXPECT_EQ(r.error->reason, "string of 21 bytes is longer than the limit of 20 bytes");
  EXPECT_EQ(r.error->column, 40);

  limits = FirmLimits();
  limits.max_items = 3;
  std::string three = "\"行政处罚\": [{}, {}, {}]}";
  EXPECT_TRUE(DecodeFirmJson(TheSchema(), head + three, "a.json", limits).record);
  r = DecodeFirmJson(TheSchema(), head + "\"行政处罚\": [{}, {}, {}, {}]}", "a.json", limits);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->field, "penalties");  // the canonical name of 行政处罚
  EXPECT_THAT(r.error->reason, HasSubstr("more than 3 items"));
  r = DecodeFirmJson(TheSchema(), "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}", "a.json", limits);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->reason, HasSubstr("more than 3 members"));

  limits = FirmLimits();
  limits.max_number_digits = 5;
  EXPECT_TRUE(DecodeFirmJson(TheSchema(), head + "\"营业收入\": {\"2024\": 123.45}}", "a.json", limits).record);
  r = DecodeFirmJson(TheSchema(), head + "\"营业收入\": {\"2024\": 123.456e2}}", "a.json", limits);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->field, "revenue.2024");
  EXPECT_EQ(r.error->reason, "number with 6 digits is longer than the limit of 5 digits");
  r = DecodeFirmJson(TheSchema(), head + "\"行政处罚\": [{\"罚款金额\": \"1234.56\"}]}", "a.json", limits);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->field, "penalties[0].amount");

  limits = FirmLimits();
  limits.max_depth = 3;
  EXPECT_TRUE(DecodeFirmJson(TheSchema(), head + "\"行政处罚\": [{\"罚款金额\": 1}]}", "a.json", limits).record);
  r = DecodeFirmJson(TheSchema(), head + "\"行政处罚\": [{\"罚款金额\": [1]}]}", "a.json", limits);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->reason, "nested more than 3 levels deep");
}

// Thousands of long unknown keys: suggestions for them cost no quadratic
// edit distance (each key is longer than any field name by far).
TEST(HostileInputTest, LongUnknownKeysAreCheap) {
  std::string text = "{";
  for (int i = 0; i < 250; ++i) {
    text += "\"" + std::to_string(i) + std::string(60000, 'x') + "\": 1,";
  }
  text += "\"uscc\": \"91441900MA4UH3K265\"}";
  auto start = std::chrono::steady_clock::now();
  FirmDecodeResult r = DecodeFirmJson(TheSchema(), text, "keys.json");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.record.has_value()) << r.error->ToString();
  EXPECT_EQ(r.warnings.size(), 250u);
  EXPECT_LT(seconds, testing_time::TimeBound(5.0));
}

TEST(HostileInputTest, HundredMegabyteFileIsRefusedQuickly) {
  // A valid firm padded to 100 MB with spaces inside the object.
  std::string text = "{\"uscc\": \"91441900MA4UH3K265\",";
  text.append(100u << 20, ' ');
  text += "\"name\": \"x\"}";
  auto start = std::chrono::steady_clock::now();
  FirmDecodeResult r = DecodeFirmJson(TheSchema(), text, "big.json");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.error.has_value());
  EXPECT_THAT(r.error->reason, HasSubstr("larger than"));
  EXPECT_THAT(r.error->reason, HasSubstr("bytes"));
  EXPECT_LT(seconds, testing_time::TimeBound(1.0));
  FirmLimits roomy;
  roomy.max_file_bytes = 128u << 20;
  FirmDecodeResult fine = DecodeFirmJson(TheSchema(), text, "big.json", roomy);
  EXPECT_TRUE(fine.record.has_value()) << fine.error->ToString();
}

// A value of the wrong JSON type for each field, and for each yearly field a
// wrong type inside a year: always an error naming that field.
TEST(HostileInputTest, WrongTypeForEveryFieldNamesTheField) {
  int tried = 0;
  for (const FieldDef& f : TheSchema().fields()) {
    std::vector<std::pair<std::string, std::string>> cases;  // value, field path
    if (f.type == FieldType::kRecordList) {
      cases = {{"\"x\"", f.name}, {"{}", f.name}, {"[1]", f.name + "[0]"}};
    } else if (f.yearly) {
      cases = {{"[1]", f.name}, {"5", f.name}, {"{\"2024\": [1]}", f.name + ".2024"},
               {"{\"2024\": {\"a\": 1}}", f.name + ".2024"}};
    } else if (f.type == FieldType::kBool) {
      cases = {{"\"true\"", f.name}, {"1", f.name}, {"[]", f.name}};
    } else if (f.type == FieldType::kString || f.type == FieldType::kEnum || f.type == FieldType::kDate ||
               f.type == FieldType::kIndustryCode || f.type == FieldType::kUscc) {
      cases = {{"123", f.name}, {"true", f.name}, {"{}", f.name}};
    } else {
      cases = {{"true", f.name}, {"[1]", f.name}, {"{\"v\": 1}", f.name}};
    }
    for (const auto& [value, path] : cases) {
      std::string text = "{\"" + f.name + "\": " + value + "}";
      FirmDecodeResult r = DecodeFirmJson(TheSchema(), text, "wrong.json");
      ASSERT_TRUE(r.error.has_value()) << text;
      EXPECT_EQ(r.error->field, path) << text << "\n" << r.error->ToString();
      EXPECT_THAT(r.error->reason, HasSubstr("expected")) << text;
      ++tried;
    }
  }
  EXPECT_GT(tried, 300);
}

}  // namespace
}  // namespace duixian::engine
