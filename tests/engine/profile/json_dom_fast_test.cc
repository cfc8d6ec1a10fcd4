// The fast (simdjson) and exact (nlohmann) JSON readers must build the same
// tree, and the fast one must refuse whatever it cannot vouch for, so that
// the exact reader explains it.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/profile/json_dom.h"
#include "engine/profile/json_limits.h"
#include "engine/profile/schema.h"
#include "gtest/gtest.h"

namespace duixian::engine::profile_internal {
namespace {

// Same kinds, texts, keys and order; offsets are the exact reader's only.
void ExpectSameTree(const JsonNode& a, const JsonNode& b, const std::string& where) {
  ASSERT_EQ(a.kind, b.kind) << where;
  EXPECT_EQ(a.boolean, b.boolean) << where;
  EXPECT_EQ(a.text, b.text) << where;
  ASSERT_EQ(a.members.size(), b.members.size()) << where;
  for (size_t i = 0; i < a.members.size(); ++i) {
    EXPECT_EQ(a.members[i].key, b.members[i].key) << where;
    ExpectSameTree(a.members[i].value, b.members[i].value,
                   where + "." + std::string(a.members[i].key));
  }
  ASSERT_EQ(a.items.size(), b.items.size()) << where;
  for (size_t i = 0; i < a.items.size(); ++i) {
    ExpectSameTree(a.items[i], b.items[i], where + "[" + std::to_string(i) + "]");
  }
}

// `reused`, when given, is a result an earlier call filled: the fast reader
// overwrites its tree in place, which must come out the same as a fresh one.
void ExpectSameAsExact(const std::string& text, const std::string& name,
                       JsonParseResult* reused = nullptr) {
  JsonParseResult own;
  JsonParseResult& fast = reused != nullptr ? *reused : own;
  ASSERT_TRUE(ParseJsonDomFast(text, FirmLimits(), &fast)) << name;
  JsonParseResult exact = ParseJsonDom(text);
  ASSERT_TRUE(exact.ok()) << name << ": " << exact.error;
  ExpectSameTree(fast.root, exact.root, name);
}

TEST(JsonDomFastTest, SameTreeAsExactReaderOnTheSampleFirms) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DX_SOURCE_DIR "/examples/firms")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ExpectSameAsExact(text.str(), entry.path().filename().string());
    ++files;
  }
  EXPECT_GE(files, 8);
}

// One result reused across files of different shapes (the batch keeps one
// per thread): values that change kind, lists that grow and shrink, a
// refused file in between.
TEST(JsonDomFastTest, ReusedResultGivesTheSameTreeAsAFreshOne) {
  const std::vector<std::string> texts = {
      R"({"a":{"x":1,"y":[1,2,3]},"b":"s","c":[{"k":1},{"k":2}]})",
      R"({"a":5,"b":{"z":true},"c":[]})",
      R"({"a":[null,{"q":"w"}],"b":false})",
      R"({"a":{"x":1,"y":[1,2,3]},"b":"s","c":[{"k":1},{"k":2}],"d":1.5})",
      R"({})",
      R"({"a":"text","b":[[1],[2,[3]]],"c":{"k":{"k":{"k":null}}}})",
  };
  JsonParseResult reused;
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < texts.size(); ++i) {
      ExpectSameAsExact(texts[i], "text " + std::to_string(i), &reused);
    }
    EXPECT_FALSE(ParseJsonDomFast("{\"a\":[1,}", FirmLimits(), &reused));
  }
  for (const auto& entry : std::filesystem::directory_iterator(DX_SOURCE_DIR "/examples/firms")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ExpectSameAsExact(text.str(), entry.path().filename().string(), &reused);
    ExpectSameAsExact(texts[1], "small after " + entry.path().filename().string(), &reused);
  }
}

TEST(JsonDomFastTest, SameTreeForEscapesNumbersAndNesting) {
  ExpectSameAsExact(
      R"({"a":"x\"y\\z\u4e2d\/","b":-0,"c":1.50,"e":99999999999999999999999999,)"
      R"("f":[true,false,null,{"g":[]}],"h":{},"中文键":"值","a":"dup"})",
      "mixed");
  ExpectSameAsExact("  {\"a\" : 1 ,\r\n \"b\":[ 2 , 3 ] }  \n", "whitespace");
}

TEST(JsonDomFastTest, RefusesWhatItCannotVouchFor) {
  const char* cases[] = {
      "",                              // empty
      "[1,2]",                         // not an object at the top
      "\xEF\xBB\xBF{\"a\":1}",         // byte-order mark
      "{\"a\":01}",                    // leading zero
      "{\"a\":1.}",                    // bare decimal point
      "{\"a\":-}",                     // sign alone
      "{\"a\":1e400}",                 // the exact reader knows it overflows
      "{\"a\":1e5}",                   // exponents: left to the exact reader
      "{\"a\":NaN}",                   // not JSON
      "{\"a\":Infinity}",              // not JSON
      "{\"a\":1} x",                   // trailing content
      "{\"a\":1}{\"b\":2}",            // two documents
      "{\"a\":\"\xff\"}",              // invalid UTF-8
      "{\"a\":\"tab\there\"}",         // raw control character in a string
      "{\"a\" 1}",                     // missing colon
      "{\"a\":1,}",                    // trailing comma
      "{\"a\":tru}",                   // bad literal
      "{\"a\":\"x\\u0001\"}",            // escaped control character (rare: exact reader)
  };
  for (const char* text : cases) {
    JsonParseResult fast;
    EXPECT_FALSE(ParseJsonDomFast(text, FirmLimits(), &fast)) << text;
  }
  // A deep document goes to the exact reader, which names the limit.
  std::string deep(kMaxJsonDepth + 5, '[');
  deep = "{\"a\":" + deep + std::string(kMaxJsonDepth + 5, ']') + "}";
  JsonParseResult fast;
  EXPECT_FALSE(ParseJsonDomFast(deep, FirmLimits(), &fast));
  EXPECT_FALSE(ParseJsonDom(deep).ok());
}

// The fast reader holds a file to the limits at least as strictly as the
// pre-scan: whatever CheckJsonLimits refuses, it refuses too (and the slow
// path then names the limit); just inside each limit it still reads.
TEST(JsonDomFastTest, RefusesWhateverTheLimitsRefuse) {
  FirmLimits limits;
  limits.max_depth = 3;
  limits.max_items = 3;
  limits.max_string_bytes = 8;
  limits.max_number_digits = 5;
  limits.max_file_bytes = 200;
  struct Case {
    const char* text;
    bool within;
  };
  const Case cases[] = {
      {R"({"a":[[1]]})", true},                 // 3 levels
      {R"({"a":[[[1]]]})", false},              // 4 levels
      {R"({"a":{"b":{"c":1}}})", true},
      {R"({"a":{"b":{"c":{}}}})", false},
      {R"({"a":[1,2,3]})", true},               // 3 items
      {R"({"a":[1,2,3,4]})", false},
      {R"({"a":1,"b":2,"c":3})", true},         // 3 members
      {R"({"a":1,"b":2,"c":3,"d":4})", false},
      {R"({"a":"12345678"})", true},            // 8 bytes
      {R"({"a":"123456789"})", false},
      {R"({"a":"1234567\n"})", false},          // 9 bytes as written
      {R"({"12345678":1})", true},              // a key of 8 bytes
      {R"({"123456789":1})", false},
      {R"({"1234567\"":1})", false},
      {R"({"a":123.45})", true},                // 5 digits
      {R"({"a":-123.456})", false},
  };
  Schema schema;
  for (const Case& c : cases) {
    JsonParseResult fast;
    const bool read = ParseJsonDomFast(c.text, limits, &fast);
    const bool limits_ok = !CheckJsonLimits(c.text, schema, limits).has_value();
    EXPECT_EQ(limits_ok, c.within) << c.text;
    if (!limits_ok) {
      EXPECT_FALSE(read) << c.text;
    }
    if (c.within) {
      EXPECT_TRUE(read) << c.text;
    }
  }
  std::string big = "{\"a\":\"" + std::string(300, 'x') + "\"}";
  limits.max_string_bytes = 1000;
  JsonParseResult fast;
  EXPECT_FALSE(ParseJsonDomFast(big, limits, &fast));  // 200-byte file limit
  EXPECT_TRUE(CheckJsonLimits(big, schema, limits).has_value());
}

TEST(JsonDomFastTest, ReusableAcrossCalls) {
  JsonParseResult first;
  ASSERT_TRUE(ParseJsonDomFast(R"({"name":"第一家"})", FirmLimits(), &first));
  EXPECT_EQ(first.root.members[0].value.text, "第一家");
  JsonParseResult second;
  ASSERT_TRUE(ParseJsonDomFast(R"({"name":"second firm, a longer name"})", FirmLimits(), &second));
  EXPECT_EQ(second.root.members[0].value.text, "second firm, a longer name");
}

}  // namespace
}  // namespace duixian::engine::profile_internal
