// The fast firm decoder (a one-pass reader straight into a FirmRecord) and
// the exact one (nlohmann tree, then the tree decoder) must give the same
// record for every file the fast one accepts, and the fast one must give up
// on whatever the exact one has something to say about — an error, a
// warning, a limit — so that the exact one says it.
#include "engine/profile/firm_decoder_fast.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/profile/firm_decoder.h"
#include "engine/profile/json_dom.h"
#include "engine/profile/json_limits.h"
#include "engine/profile/schema.h"
#include "gtest/gtest.h"
#include "tests/engine/profile/bundled_schema.h"

namespace duixian::engine::profile_internal {
namespace {

const Schema& TheSchema() { return test_support::BundledSchema(); }

std::vector<std::pair<std::string, std::string>> SampleFirms() {
  std::vector<std::pair<std::string, std::string>> firms;
  for (const auto& entry : std::filesystem::directory_iterator(DX_SOURCE_DIR "/examples/firms")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    firms.emplace_back(entry.path().filename().string(), text.str());
  }
  return firms;
}

// `decoder` and `record` may carry an earlier firm: the fast path reuses
// them, and must come out as a fresh exact decode does. Returns whether the
// fast path took the file.
bool ExpectSameAsExact(FastFirmDecoder& decoder, FirmRecord* record, const std::string& text,
                       const std::string& name, const FirmLimits& limits = {}) {
  const bool fast = decoder.Decode(TheSchema(), limits, text, name, record);
  FirmDecodeResult exact = DecodeFirmJsonExact(TheSchema(), text, name, limits);
  if (fast) {
    EXPECT_FALSE(exact.error) << name << ": " << exact.error->ToString();
    EXPECT_TRUE(exact.warnings.empty()) << name << ": " << exact.warnings[0].ToString();
    EXPECT_TRUE(exact.record.has_value()) << name;
    if (exact.record) {
      EXPECT_TRUE(*record == *exact.record) << name;
      EXPECT_EQ(record->id(), exact.record->id()) << name;
    }
  }
  return fast;
}

TEST(FastFirmDecoderTest, SameRecordAsTheExactPathOnTheSampleFirms) {
  FastFirmDecoder decoder;
  int fast = 0;
  std::vector<std::pair<std::string, std::string>> firms = SampleFirms();
  for (const auto& [name, text] : firms) {
    FirmRecord record;
    fast += ExpectSameAsExact(decoder, &record, text, name);
  }
  EXPECT_GE(firms.size(), 8u);
  EXPECT_EQ(fast, static_cast<int>(firms.size()));  // sample firms have nothing to report
}

// One decoder and one record reused across firms of different shapes: a
// series that turns null, lists that grow and shrink, fields that come and
// go, keys in another order, a refused file in between.
TEST(FastFirmDecoderTest, ReusedDecoderAndRecordGiveWhatAFreshOneGives) {
  const std::vector<std::string> texts = {
      R"({"name":"甲","revenue":{"2023":100,"2022":90},"penalties":[{"amount":5,"major":false},{"amount":7}]})",
      R"({"revenue":null,"name":"乙公司","penalties":[]})",
      R"({"penalties":[{"reason":"超标排放","amount":"12.50"}],"registered_capital":"3000000"})",
      R"({"name":"丙","revenue":{"2024":1.5},"penalties":null,"uscc":"91441900708017879M"})",
      R"({})",
      R"({"name":"丁","revenue":{"2021":null,"2022":3},"town":"松山湖"})",
  };
  FastFirmDecoder decoder;
  FirmRecord record;
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < texts.size(); ++i) {
      EXPECT_TRUE(ExpectSameAsExact(decoder, &record, texts[i], "text " + std::to_string(i)))
          << texts[i];
    }
    EXPECT_FALSE(decoder.Decode(TheSchema(), FirmLimits(), "{\"name\":[1,}", "bad", &record));
  }
  for (const auto& [name, text] : SampleFirms()) {
    EXPECT_TRUE(ExpectSameAsExact(decoder, &record, text, name));
    EXPECT_TRUE(ExpectSameAsExact(decoder, &record, texts[1], "small after " + name));
  }
}

TEST(FastFirmDecoderTest, SameRecordForEscapesNumbersAndWhitespace) {
  FastFirmDecoder decoder;
  FirmRecord record;
  EXPECT_TRUE(ExpectSameAsExact(
      decoder, &record,
      R"({"name":"x\"y\\z\u4e2d\/","registered_capital":-0,)"
      R"("revenue":{"2022":1.50,"2023":99999999999999999999999999}})",
      "escapes and numbers"));
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record, "  {\"name\" : \"a\" ,\r\n \"revenue\":{ \"2023\" : 3 } }  \n",
                                "whitespace"));
  // A field by its Chinese label reads as the field.
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record, R"({"企业名称":"戊","营业收入":{"2023":7}})", "labels"));
  // Keys with escapes, as Python's json writes Chinese labels by default.
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record,
                                R"({"\u4f01\u4e1a\u540d\u79f0":"\u7532","\u8425\u4e1a\u6536\u5165":{"2023":7},)"
                                R"("\u0074own":"\u839e\u57ce\u8857\u9053"})",
                                "escaped keys"));
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record, R"({"\u4f01\u4e1a\u540d\u79f0":"\u7532","town":"莞城街道"})",
                                "escaped keys again"));
  // Escaped control characters are text (a business scope's line breaks).
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record,
                                R"({"name":"a\tb\u0001c\u0000","business_scope":"第一行\n第二行\r\n\b\f"})",
                                "escaped control characters"));
  // A byte-order mark, skipped as the exact reader skips it.
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record, "\xEF\xBB\xBF{\"name\":\"a\"}", "byte-order mark"));
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record, "\xEF\xBB\xBF \n{\"name\":\"a\"}", "byte-order mark, space"));
  // Exponents, as exporters that write doubles the way Java does give them.
  EXPECT_TRUE(ExpectSameAsExact(
      decoder, &record,
      R"({"registered_capital":2.5E7,"revenue":{"2022":1.0E7,"2023":3e+6,"2024":125E-1},)"
      R"("rd_expense_ratio":{"2024":3.5e-2},"employees":{"2024":1.2E2},"paid_in_capital":0E5})",
      "exponents"));
  EXPECT_TRUE(ExpectSameAsExact(decoder, &record, R"({"registered_capital":1e-3,"profit":{"2024":-4.5E3}})",
                                "small and negative"));
  // Past what an exact number holds (128 bits), but a double: the exact
  // path's error, not the fast path's.
  EXPECT_FALSE(ExpectSameAsExact(decoder, &record, R"({"registered_capital":1e298})", "1e298"));
  EXPECT_TRUE(DecodeFirmJsonExact(TheSchema(), R"({"registered_capital":1e298})", "1e298", FirmLimits()).error);
}

// A decoder prepares its tables per schema object (DecodeFirmJson's
// thread-local one meets every caller's schema): a schema made where an
// earlier one stood, at the same address, is prepared afresh, not read
// through the old one's freed fields.
TEST(FastFirmDecoderTest, PreparesAgainForASchemaAtTheAddressOfAnOldOne) {
  std::optional<Schema> schema(TheSchema());
  EXPECT_NE(schema->instance(), TheSchema().instance());
  FastFirmDecoder decoder;
  FirmRecord record;
  const std::string text = R"({"name":"甲","town":"莞城街道","revenue":{"2023":100}})";
  ASSERT_TRUE(decoder.Decode(*schema, FirmLimits(), text, "a.json", &record));
  const uint64_t first = schema->instance();
  const Schema* where = &*schema;
  schema.reset();
  schema.emplace(TheSchema());
  EXPECT_EQ(&*schema, where);
  EXPECT_NE(schema->instance(), first);
  ASSERT_TRUE(decoder.Decode(*schema, FirmLimits(), text, "a.json", &record));
  FirmDecodeResult exact = DecodeFirmJsonExact(*schema, text, "a.json", FirmLimits());
  ASSERT_TRUE(exact.record.has_value());
  EXPECT_TRUE(record == *exact.record);
}

// Whole numbers are decoded by the fast path itself (not DecodeScalar):
// each at a field's bounds, signs and lengths as the exact path decodes it.
TEST(FastFirmDecoderTest, SameRecordForWholeNumbersAtTheirBounds) {
  FastFirmDecoder decoder;
  FirmRecord record;
  const char* cases[] = {
      R"({"above_scale_entry_year":1900,"above_quota_entry_year":2999})",  // minimum and maximum
      R"({"registered_capital":0,"paid_in_capital":-0})",                 // zero, minus zero
      R"({"profit":{"2022":-281700,"2023":0,"2024":-0}})",                // negative money, no minimum
      R"({"employees":{"2023":0,"2024":-0},"invention_patents":7})",      // counts, minus zero
      R"({"park_tax_share":1,"rd_expense_ratio":{"2024":0}})",            // percent at its bounds
      R"({"registered_capital":999999999999999999})",                     // 18 digits
      R"({"registered_capital":1000000000000000000})",                    // 19 digits: DecodeScalar
      R"({"profit":{"2024":-999999999999999999}})",
      R"({"sound_financial_system":false,"three_in_one":true,"town":"莞城街道"})",
  };
  for (const char* text : cases) EXPECT_TRUE(ExpectSameAsExact(decoder, &record, text, text)) << text;
}

// The decoder keeps the bytes between values (comma, key, colon, spaces) of
// the files it read last, and takes a key by comparing them: a warmed
// decoder must accept and refuse exactly what a fresh one does, and read the
// same record — whatever the earlier files' layout, field order, years or
// limits were.
TEST(FastFirmDecoderTest, WarmedDecoderReadsAsAFreshOne) {
  FirmLimits short_strings;
  short_strings.max_string_bytes = 18;  // "tax_registered_city" is 19 bytes
  FirmLimits few_items;
  few_items.max_items = 3;
  struct Case {
    std::string text;
    FirmLimits limits;
  };
  const std::string compact =
      R"({"name":"甲","tax_registered_city":"东莞市","revenue":{"2022":90,"2023":100},"town":"莞城街道"})";
  const std::vector<Case> cases = {
      {compact, {}},
      {"{\n  \"name\": \"乙\",\n  \"tax_registered_city\": \"东莞市\",\n  \"revenue\": {\"2022\": 1, \"2023\": 2},\n"
       "  \"town\": \"莞城街道\"\n}\n",
       {}},
      {compact, {}},
      // Years that start later, and one year more.
      {R"({"name":"丙","tax_registered_city":"东莞市","revenue":{"2023":1,"2024":2,"2025":3},"town":"莞城街道"})", {}},
      // A field left out, then back, then another order.
      {R"({"name":"丁","revenue":{"2022":90,"2023":100},"town":"莞城街道"})", {}},
      {compact, {}},
      {R"({"town":"莞城街道","name":"戊","revenue":{"2023":100,"2022":90}})", {}},
      {compact, {}},
      // Where a kept glue had the year's digits, something else.
      {R"({"name":"甲","tax_registered_city":"东莞市","revenue":{"20x2":90,"2023":100},"town":"莞城街道"})", {}},
      {R"({"name":"甲","tax_registered_city":"东莞市","revenue":{"2022":90,"2022":100},"town":"莞城街道"})", {}},
      {R"({"name":"甲","tax_registered_city":"东莞市","revenue":{"2022":90,"2023":100},"name":"乙"})", {}},
      // More space after a colon than the glue had, and a space before one.
      {R"({"name":  "甲","tax_registered_city":"东莞市","revenue":{"2022":  90,"2023":100},"town":"莞城街道"})", {}},
      {R"({"name" :"甲","tax_registered_city":"东莞市","revenue":{"2022" :90,"2023":100},"town":"莞城街道"})", {}},
      // A kept key past a stricter string limit, and more members than
      // allowed, each only by the glue.
      {compact, {}},
      {compact, short_strings},
      {R"({"name":"甲","revenue":{"2022":90,"2023":100},"town":"莞城街道"})", few_items},
      {R"({"name":"甲","revenue":{"2022":90,"2023":100,"2024":1,"2025":2},"town":"莞城街道"})", few_items},
      {compact, few_items},
      // Truncated right after a glue, and a glue's bytes at the very end.
      {R"({"name":"甲","tax_registered_city":)", {}},
      {R"({"name":"甲","revenue":{"2022":)", {}},
      // An enum value other than the last firm's, the same again, then
      // values not allowed right after an allowed one (the last allowed
      // value is compared first).
      {R"({"name":"甲","town":"南城街道"})", {}},
      {R"({"name":"甲","town":"南城街道"})", {}},
      {R"({"name":"甲","town":"东莞市"})", {}},
      {R"({"name":"甲","town":"南城街道"})", {}},
      {R"({"name":"甲","town":"南城街"})", {}},
      {compact, {}},
  };
  FastFirmDecoder warmed;
  FirmRecord record;
  int accepted = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const std::string name = "case " + std::to_string(i);
    FastFirmDecoder fresh;
    FirmRecord fresh_record;
    const bool fresh_takes = fresh.Decode(TheSchema(), c.limits, c.text, name, &fresh_record);
    const bool warm_takes = ExpectSameAsExact(warmed, &record, c.text, name, c.limits);
    EXPECT_EQ(warm_takes, fresh_takes) << "case " << i << ": " << c.text;
    if (warm_takes && fresh_takes) {
      EXPECT_TRUE(record == fresh_record) << "case " << i;
    }
    accepted += warm_takes;
  }
  // All but the ten with something to refuse: a year that is not one, a
  // duplicate year, a duplicate member, a key past the string limit, a
  // series or an object past the item limit, the two truncated files, and
  // the two towns that are not towns.
  EXPECT_EQ(accepted, static_cast<int>(cases.size()) - 10);
}

// A caller that keeps no warnings (the batch screen) has members of no field
// skipped on the fast path: the exact path would only warn about them and
// ignore them, so the record is the exact path's. Whatever the exact path
// would report as an error, or could not vouch for, still goes there.
TEST(FastFirmDecoderTest, SkipsMembersOfNoFieldWhenNoWarningsAreKept) {
  using Unknown = FastFirmDecoder::UnknownMembers;
  const std::vector<std::string> skipped = {
      R"({"name":"甲","exporter":"省数据局","town":"莞城街道"})",
      R"({"exporter_version":3,"name":"甲","batch":-12.50,"ok":true,"no":false,"nothing":null})",
      R"({"name":"甲","extra":{"a":[1,2,{"b":"c\"d\u4e2d"}],"e":{}},"list":[],"obj":{}})",
      R"({"name":"甲","revenue":{"2023":100},"x":[[],[[]],{"k":[null]}],"town":"莞城街道"})",
      "{\n  \"name\": \"甲\",\n  \"来源系统\" : \"一企一档\" ,\n  \"town\": \"莞城街道\"\n}\n",
      R"({"penalties":[{"amount":5,"remark":"已整改","major":false},{"remark":{"by":"市局"}}],"name":"甲"})",
      // The same unknown key in two records, and in a record and the document.
      R"({"penalties":[{"remark":"a"},{"remark":"b"}],"remark":"c"})",
      // Unknown keys that begin like a field's name.
      R"({"name_en":"Jia","revenue_note":{"2023":"估算"},"name":"甲"})",
  };
  FastFirmDecoder decoder;
  FirmRecord record;
  for (const std::string& text : skipped) {
    FirmDecodeResult exact = DecodeFirmJsonExact(TheSchema(), text, "case", FirmLimits());
    ASSERT_FALSE(exact.error) << text << ": " << exact.error->ToString();
    EXPECT_FALSE(exact.warnings.empty()) << text;  // the exact path warns
    EXPECT_FALSE(decoder.Decode(TheSchema(), FirmLimits(), text, "case", &record)) << text;
    ASSERT_TRUE(decoder.Decode(TheSchema(), FirmLimits(), text, "case", &record, Unknown::kSkip)) << text;
    ASSERT_TRUE(exact.record.has_value());
    EXPECT_TRUE(record == *exact.record) << text;
  }

  FirmLimits limits;
  limits.max_depth = 3;
  limits.max_items = 3;
  limits.max_string_bytes = 8;
  limits.max_number_digits = 4;
  struct Case {
    const char* text;
    const char* why;
  };
  const Case refused[] = {
      {R"({"x":1,"x":2})", "an unknown key given twice"},
      {R"({"penalties":[{"remark":1,"remark":2}]})", "an unknown record key given twice"},
      {R"({"x":1e400})", "an exponent past a double: the exact reader judges it"},
      {R"({"x":01})", "a leading zero"},
      {R"({"x":[1,]})", "a trailing comma"},
      {R"({"x":{"a" 1}})", "a missing colon"},
      {R"({"x":{1:2}})", "a key that is not a string"},
      {R"({"x":tru})", "a bad literal"},
      {R"({"x":[[[1]]]})", "nested past the depth limit"},
      {R"({"x":[1,2,3,4]})", "more items than the limit"},
      {R"({"x":"123456789"})", "a string past the length limit"},
      {R"({"123456789":1})", "a key past the length limit"},
      {R"({"x":12345})", "more digits than the limit"},
      {R"({"x":1,"y":2,"z":3,"w":4})", "more members than the limit"},
      {R"({"\u0078":1})", "an escaped key of no field"},
      {R"({"name":"a","\u4f01\u4e1a\u540d\u79f0":"b"})", "a field under two names, one escaped"},
      {R"({"n\u0061me":"a","name":"b"})", "a field twice, once escaped"},
      {R"({"\u0074own":"莞城街道"})", "a key of 4 bytes written in 9, past the string limit"},
  };
  const Case taken[] = {
      {R"({"x":[[1]]})", "just within the depth limit"},
      {R"({"x":[1,2,3]})", "just within the item limit"},
      {R"({"x":"12345678"})", "a string just within the length limit"},
      {R"({"x":1234})", "digits just within the limit"},
      {R"({"x":1,"y":2,"z":3})", "members just within the limit"},
      {R"({"x":2.5E7})", "an exponent"},
      {R"({"x":"\n"})", "an escaped control character"},
  };
  for (const Case& c : refused) {
    EXPECT_FALSE(decoder.Decode(TheSchema(), limits, c.text, "case", &record, Unknown::kSkip)) << c.why;
  }
  // After an unknown first member, the next key's bytes begin with a comma;
  // they must not be taken for what may follow the opening brace.
  EXPECT_TRUE(decoder.Decode(TheSchema(), FirmLimits(), R"({"x":1,"name":"甲"})", "case", &record, Unknown::kSkip));
  EXPECT_TRUE(decoder.Decode(TheSchema(), FirmLimits(), R"({"x":1,"name":"甲"})", "case", &record, Unknown::kSkip));
  EXPECT_FALSE(decoder.Decode(TheSchema(), FirmLimits(), R"({,"name":"甲"})", "case", &record, Unknown::kSkip));
  for (const Case& c : taken) {
    EXPECT_TRUE(decoder.Decode(TheSchema(), limits, c.text, "case", &record, Unknown::kSkip)) << c.why;
    FirmDecodeResult exact = DecodeFirmJsonExact(TheSchema(), c.text, "case", limits);
    EXPECT_FALSE(exact.error) << c.why;
  }
}

// Exporters write the same firm in different styles; every one of these
// must stay on the fast path (in the batch screen's mode), or a whole
// population from that exporter goes to the exact path at about nine times
// the cost. Each sample firm, in each style, gives the exact path's record.
std::string EscapeNonAscii(const std::string& text) {  // as Python's json.dumps does by default
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(text[i++]);
      continue;
    }
    const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    uint32_t cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0F : 0x1F);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += n;
    char buf[16];
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    }
    out += buf;
  }
  return out;
}

TEST(FastFirmDecoderTest, TakesEveryExporterStyleOfTheSampleFirms) {
  using Unknown = FastFirmDecoder::UnknownMembers;
  auto with_crlf_and_tabs = [](std::string text) {
    std::string out;
    for (char c : text) {
      if (c == '\n') {
        out += "\r\n\t";
      } else {
        out.push_back(c);
      }
    }
    return out;
  };
  auto with_extra_members = [](std::string text) {
    const size_t brace = text.find('{');
    return text.insert(brace + 1, R"("source_system":"gx-2.1","exported_at":{"by":"一企一档","at":[2025,6,1]},)");
  };
  auto with_scope_line_break = [](std::string text) {
    const size_t scope = text.find("\"business_scope\"");
    if (scope == std::string::npos) return text;
    const size_t value = text.find('"', text.find(':', scope)) + 1;
    return text.insert(value, "第一行\\n");
  };
  FastFirmDecoder decoder;
  FirmRecord record;
  int firms = 0;
  for (const auto& [name, text] : SampleFirms()) {
    ++firms;
    const std::vector<std::pair<const char*, std::string>> styles = {
        {"as written", text},
        {"byte-order mark", "\xEF\xBB\xBF" + text},
        {"CRLF and tabs", with_crlf_and_tabs(text)},
        {"members of no field", with_extra_members(text)},
        {"every non-ASCII character escaped", EscapeNonAscii(text)},
        {"a line break in the business scope", with_scope_line_break(text)},
    };
    for (const auto& [style, styled] : styles) {
      FirmDecodeResult exact = DecodeFirmJsonExact(TheSchema(), styled, name, FirmLimits());
      ASSERT_FALSE(exact.error) << name << ", " << style << ": " << exact.error->ToString();
      EXPECT_TRUE(decoder.Decode(TheSchema(), FirmLimits(), styled, name, &record, Unknown::kSkip))
          << name << ", " << style;
      EXPECT_TRUE(record == *exact.record) << name << ", " << style;
    }
  }
  EXPECT_GE(firms, 8);
}

// Each of these has something the exact path reports (or cannot be vouched
// for without it): the fast path must give up on every one.
TEST(FastFirmDecoderTest, GivesUpOnWhatTheExactPathMustSee) {
  const char* cases[] = {
      "",                                              // empty
      "[1,2]",                                         // not an object at the top
      "{\"registered_capital\":01}",                   // leading zero
      "{\"registered_capital\":1.}",                   // bare decimal point
      "{\"registered_capital\":-}",                    // sign alone
      "{\"registered_capital\":1e400}",                // the exact reader knows it overflows
      "{\"registered_capital\":1e301}",                // an exponent past what the fast path takes
      "{\"registered_capital\":12e299}",               // the same reached by its integer digits
      "{\"registered_capital\":1e-301}",
      "{\"registered_capital\":1e00300}",              // five exponent digits
      "{\"registered_capital\":1e}",                   // an exponent without digits
      "{\"registered_capital\":1.e5}",                 // a bare decimal point before one
      "{\"registered_capital\":NaN}",                  // not JSON
      "{\"registered_capital\":Infinity}",             // not JSON
      "{\"name\":\"a\"} x",                            // trailing content
      "{\"name\":\"a\"}{\"town\":\"莞城街道\"}",        // two documents
      "{\"name\":\"\xff\"}",                           // invalid UTF-8
      "{\"name\":\"tab\there\"}",                      // raw control character in a string
      "{\"name\" \"a\"}",                              // missing colon
      "{\"name\":\"a\",}",                             // trailing comma
      "{\"sound_financial_system\":tru}",              // bad literal
      "{\"town\":\"莞城街道\\n\"}",                     // a line break where an enum value belongs
      "{\"established_date\":\"2020-01-01\\t\"}",        // a tab after a date
      "{\"name\":\"\\udc00\"}",                         // a lone low surrogate
      "{\"nmae\":\"a\"}",                              // unknown field: a warning
      "{\"name\":\"a\",\"name\":\"b\"}",               // duplicate key
      "{\"name\":\"a\",\"企业名称\":\"b\"}",            // one field under two names
      "{\"n\\u0061me2\":\"a\"}",                       // an escaped key of no field: a warning
      "{\"sound_financial_system\":\"是\"}",           // wrong type
      "{\"registered_capital\":{\"amount\":1}}",       // object for money
      "{\"name\":[\"a\"]}",                            // list for text
      "{\"revenue\":5}",                               // a number for a series
      "{\"revenue\":{\"FY23\":5}}",                    // series key not a year
      "{\"revenue\":{\"2023\":5,\"2023\":6}}",         // duplicate year
      "{\"revenue\":{\"2023\":null,\"2023\":6}}",      // duplicate year, one null
      "{\"revenue\":{\"2024\":1,\"2022\":2,\"2024\":3}}",  // duplicate after years out of order
      "{\"penalties\":{\"amount\":1}}",                // object for a list
      "{\"penalties\":[1]}",                           // a number for a record
      "{\"penalties\":[{\"amonut\":1}]}",              // unknown record field: a warning
      "{\"penalties\":[{\"amount\":1,\"罚款金额\":2}]}", // a record field twice
      "{\"penalties\":[{\"amount\":-1}]}",             // below the minimum
      "{\"established_date\":\"2023-02-30\"}",         // not a calendar date
      "{\"uscc\":\"91441900708017879X\"}",             // wrong check character
      "{\"industry_code\":\"Z99\"}",                   // not a GB/T 4754 code
      "{\"town\":\"火星镇\"}",                          // enum value not allowed
      "{\"employees\":{\"2024\":-12}}",                // negative count
      "{\"employees\":{\"2024\":1.5}}",                // fractional count
      "{\"rd_expense_ratio\":{\"2024\":3}}",           // percent above its maximum
      "{\"park_tax_share\":-1}",                        // percent below its minimum
      "{\"above_scale_entry_year\":1899}",              // below the minimum
      "{\"above_scale_entry_year\":3000}",              // above the maximum
      "{\"registered_capital\":-5}",                    // negative, minimum 0
      "{\"invention_patents\":-1}",                     // negative count
      "{\"registered_capital\":\"3000万\"}",           // unit in a number
      // After a string taken without copying, what follows is still checked
      // (found by the decoder fuzzer): a stray colon, a stray value.
      "{\"name\":\"东莞市测试有限公司x\": 9}}",
      "{\"name\":\"a\" \"b\"}",
      "{\"uscc\":\"91441900MA4UH3K265\",\"name\":\"a\":1,\"town\":\"莞城街道\"}",
  };
  FastFirmDecoder decoder;
  for (const char* text : cases) {
    FirmRecord record;
    EXPECT_FALSE(decoder.Decode(TheSchema(), FirmLimits(), text, "case", &record)) << text;
  }
  // A deep document goes to the exact reader, which names the limit.
  std::string deep(kMaxJsonDepth + 5, '[');
  deep = "{\"name\":" + deep + std::string(kMaxJsonDepth + 5, ']') + "}";
  FirmRecord record;
  EXPECT_FALSE(decoder.Decode(TheSchema(), FirmLimits(), deep, "deep", &record));
  EXPECT_TRUE(DecodeFirmJsonExact(TheSchema(), deep, "deep", FirmLimits()).error.has_value());
}

// The fast path holds a file to the limits at least as strictly as the
// pre-scan: whatever CheckJsonLimits refuses, it gives up on (and the exact
// path then names the limit); just inside each limit it still decodes.
TEST(FastFirmDecoderTest, GivesUpOnWhateverTheLimitsRefuse) {
  FirmLimits limits;
  limits.max_depth = 3;
  limits.max_items = 3;
  limits.max_string_bytes = 18;
  limits.max_number_digits = 5;
  limits.max_file_bytes = 200;
  struct Case {
    const char* text;
    bool within;
  };
  const Case cases[] = {
      {R"({"penalties":[{"amount":1}]})", true},                   // 3 levels
      {R"({"revenue":{"2021":1,"2022":2,"2023":3}})", true},       // 3 items
      {R"({"revenue":{"2021":1,"2022":2,"2023":3,"2024":4}})", false},
      {R"({"penalties":[{"amount":1},{"amount":2},{"amount":3}]})", true},
      {R"({"penalties":[{"amount":1},{"amount":2},{"amount":3},{"amount":4}]})", false},
      {R"({"penalties":[{"amount":1,"major":true,"reason":"x"}]})", true},
      {R"({"penalties":[{"amount":1,"major":true,"reason":"x","authority":"y"}]})", false},
      {R"({"name":"a","town":"莞城街道","registered_capital":1})", true},  // 3 members
      {R"({"name":"a","town":"莞城街道","registered_capital":1,"revenue":{}})", false},
      {R"({"name":"123456789012345678"})", true},                  // 18 bytes
      {R"({"name":"1234567890123456789"})", false},
      {R"({"name":"12345678901234567\n"})", false},                // 19 bytes as written
      {R"({"registered_capital":1})", true},                       // a key of 18 bytes
      {R"({"tax_registered_city":"东莞市"})", false},              // a key of 19 bytes
      {R"({"registered_capital":123.45})", true},                  // 5 digits
      {R"({"registered_capital":-123.456})", false},
  };
  FastFirmDecoder decoder;
  for (const Case& c : cases) {
    FirmRecord record;
    const bool fast = decoder.Decode(TheSchema(), limits, c.text, "case", &record);
    const bool limits_ok = !CheckJsonLimits(c.text, TheSchema(), limits).has_value();
    EXPECT_EQ(limits_ok, c.within) << c.text;
    if (!limits_ok) {
      EXPECT_FALSE(fast) << c.text;
    }
    if (c.within) {
      EXPECT_TRUE(ExpectSameAsExact(decoder, &record, c.text, "case", limits)) << c.text;
    }
  }
  std::string big = "{\"name\":\"" + std::string(300, 'x') + "\"}";
  limits.max_string_bytes = 1000;
  FirmRecord record;
  EXPECT_FALSE(decoder.Decode(TheSchema(), limits, big, "big", &record));  // 200-byte file limit
  EXPECT_TRUE(CheckJsonLimits(big, TheSchema(), limits).has_value());
}

// The batch decoder gives every file DecodeFirmJson's outcome, whichever
// path it takes, and keeps nothing of a bad file for the next.
TEST(FirmFileDecoderTest, SameOutcomeAsDecodeFirmJson) {
  std::vector<std::string> texts = {
      R"({"name":"甲","revenue":{"2023":100}})",
      R"({"name":"乙","revenue":{"2023":"1e3"}})",  // exact path, same record
      R"({"name":"丙","nmae":"x"})",                 // a warning, dropped: skipped on the fast path
      R"({"name":"丁","town":"火星镇"})",             // not usable
      R"({"name":"戊"})",
      R"({"nmae":"x","nmae":"y","name":"己"})",      // an unknown key twice: the exact path's error
      R"({"name":"庚","penalties":[{"amount":1,"note":{"a":[1]}}]})",  // an unknown record member
  };
  for (const auto& [name, text] : SampleFirms()) texts.push_back(text);
  FirmFileDecoder decoder(TheSchema());
  for (const std::string& text : texts) {
    FirmDataIssue issue;
    const FirmRecord* record = decoder.Decode(text, "f.json", &issue);
    FirmDecodeResult expected = DecodeFirmJson(TheSchema(), text, "f.json");
    ASSERT_EQ(record != nullptr, expected.record.has_value()) << text;
    if (record != nullptr) {
      EXPECT_TRUE(*record == *expected.record) << text;
    } else {
      EXPECT_EQ(issue.ToString(), expected.error->ToString()) << text;
    }
  }
}

}  // namespace
}  // namespace duixian::engine::profile_internal
