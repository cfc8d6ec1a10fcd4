// The fast (simdjson) and exact (nlohmann) JSON readers must build the same
// tree, and the fast one must refuse whatever it cannot vouch for, so that
// the exact reader explains it.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/profile/json_dom.h"
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

void ExpectSameAsExact(const std::string& text, const std::string& name) {
  JsonParseResult fast;
  ASSERT_TRUE(ParseJsonDomFast(text, &fast)) << name;
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
    EXPECT_FALSE(ParseJsonDomFast(text, &fast)) << text;
  }
  // A deep document goes to the exact reader, which names the limit.
  std::string deep(kMaxJsonDepth + 5, '[');
  deep = "{\"a\":" + deep + std::string(kMaxJsonDepth + 5, ']') + "}";
  JsonParseResult fast;
  EXPECT_FALSE(ParseJsonDomFast(deep, &fast));
  EXPECT_FALSE(ParseJsonDom(deep).ok());
}

TEST(JsonDomFastTest, ReusableAcrossCalls) {
  JsonParseResult first;
  ASSERT_TRUE(ParseJsonDomFast(R"({"name":"第一家"})", &first));
  EXPECT_EQ(first.root.members[0].value.text, "第一家");
  JsonParseResult second;
  ASSERT_TRUE(ParseJsonDomFast(R"({"name":"second firm, a longer name"})", &second));
  EXPECT_EQ(second.root.members[0].value.text, "second firm, a longer name");
}

}  // namespace
}  // namespace duixian::engine::profile_internal
