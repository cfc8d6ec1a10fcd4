// ParseJsonDom's two readers give one tree: simdjson On-Demand, which takes
// valid JSON of the kind it vouches for, and nlohmann, which reads anything
// and words what is wrong. Every text On-Demand takes must build exactly the
// tree nlohmann builds (kinds, number texts, decoded strings, offsets, keys
// in order with duplicates); every text nlohmann refuses, On-Demand must
// leave to it.
#include "engine/profile/json_dom.h"

#include <filesystem>
#include <string>
#include <vector>

#include "engine/batch/input_walker.h"
#include "gtest/gtest.h"

namespace duixian::engine::profile_internal {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::string text, error;
  EXPECT_TRUE(ReadWholeFile(path.string(), &text, &error)) << path << ": " << error;
  return text;
}

// On-Demand either leaves `text` to nlohmann or builds nlohmann's tree;
// returns whether it took the text.
bool HeldToOneTree(const std::string& name, std::string_view text) {
  JsonParseResult by_nlohmann = ParseJsonDomByNlohmann(text);
  JsonParseResult on_demand;
  if (!ParseJsonDomOnDemand(text, &on_demand)) {
    // Left to nlohmann: ParseJsonDom gives nlohmann's answer.
    JsonParseResult combined = ParseJsonDom(text);
    EXPECT_EQ(combined.error, by_nlohmann.error) << name;
    EXPECT_EQ(combined.error_offset, by_nlohmann.error_offset) << name;
    EXPECT_EQ(combined.error_field, by_nlohmann.error_field) << name;
    EXPECT_EQ(JsonTreeDifference(combined.root, by_nlohmann.root), "") << name;
    return false;
  }
  EXPECT_TRUE(by_nlohmann.ok()) << name << ": On-Demand took a text nlohmann refuses: " << by_nlohmann.error;
  EXPECT_TRUE(on_demand.ok()) << name;
  EXPECT_EQ(JsonTreeDifference(on_demand.root, by_nlohmann.root), "") << name;
  return true;
}

std::vector<std::pair<std::string, std::string>> FilesUnder(const std::string& folder) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string ext = entry.path().extension().string();
    if (ext != ".json" && ext != ".jsonl") continue;
    files.emplace_back(entry.path().string(), Slurp(entry.path()));
  }
  return files;
}

TEST(JsonDomTest, OnDemandTakesValidFirmFilesAndBuildsNlohmannsTree) {
  int taken = 0;
  const auto firms = FilesUnder(DX_SOURCE_DIR "/examples/firms");
  ASSERT_FALSE(firms.empty());
  for (const auto& [name, text] : firms) {
    EXPECT_TRUE(HeldToOneTree(name, text)) << name << ": a valid firm file left to nlohmann";
    ++taken;
  }
  // The same firms with a byte-order mark, and with every value moved: the
  // offsets count from the text's first byte as nlohmann's do.
  for (const auto& [name, text] : firms) {
    EXPECT_TRUE(HeldToOneTree(name + " with BOM", "\xEF\xBB\xBF" + text));
    EXPECT_TRUE(HeldToOneTree(name + " indented", "\n\t  " + text + " \r\n"));
  }
  EXPECT_GT(taken, 0);
  // The schema file is read the same way.
  EXPECT_TRUE(HeldToOneTree("schema.json", Slurp(DX_SOURCE_DIR "/policies/schema.json")));
}

TEST(JsonDomTest, EveryHostileFileGivesNlohmannsTreeOrNlohmannsError) {
  int taken = 0, left = 0;
  for (const auto& [name, text] : FilesUnder(DX_SOURCE_DIR "/tests/hostile/firms")) {
    (HeldToOneTree(name, text) ? taken : left)++;
  }
  // Most hostile files are valid JSON with a bad value; some are bad JSON.
  EXPECT_GT(taken, 10);
  EXPECT_GT(left, 5);
}

TEST(JsonDomTest, TakesWhatItVouchesFor) {
  const std::vector<std::string> taken = {
      "{}",
      "[]",
      R"({"a":1,"a":2})",                       // duplicates kept, in order
      R"({"":"empty key"})",
      R"({"n":-0,"m":0.10,"big":123456789012345678901234567890})",
      R"({"s":"line\nbreak \"quoted\" back\\slash \/ \b\f\r\t"})",
      R"({"k\"ey":true,"k2":false,"k3":null})",
      R"([[[]],{"a":[{"b":{}}]}])",
      "{ \"spaced\" :\t1 ,\n \"x\" : [ 1 , 2 ] }",
      R"({"中文":"东莞市","年份":{"2024":1.5}})",
      R"({"java":2.5E7,"small":1.5e-3,"signed":1e+5,"zero":0e0})",  // exponents within 10^±300
  };
  for (const std::string& text : taken) EXPECT_TRUE(HeldToOneTree(text, text)) << text;
}

TEST(JsonDomTest, LeavesToNlohmannWhatItDoesNotVouchFor) {
  const std::vector<std::string> left = {
      "",
      "   ",
      "5",                                // a scalar root
      R"("text")",
      R"({"a":01})",                      // bad numbers
      R"({"a":1.})",
      R"({"a":.5})",
      R"({"a":-})",
      R"({"a":+1})",
      R"({"a":12abc})",
      R"({"a":1e400})",                   // past 10^±300: nlohmann's (406)
      R"({"a":1e-301})",
      R"({"a":1e})",
      R"({"a":1e+})",
      R"({"a":1.5E})",
      R"({"a":tru})",                     // bad atoms
      R"({"a":nulll})",
      R"({"a":falsey})",
      "{\"a\":\"raw\ttab\"}",             // raw control characters
      "{\"raw\nkey\":1}",
      R"({"a":"\u00e9"})",                // \u escapes: nlohmann's surrogate rules
      R"({"a":"\ud800"})",
      R"({"a":"bad \q escape"})",
      R"({"a":1,})",                      // structure
      R"([1,2,])",
      R"({"a" 1})",
      R"({"a":1 "b":2})",
      R"([1 2])",
      R"({"a":1}})",
      R"({"a":1} x)",
      R"({"a":1)",
      R"({"a":[1,2})",
      R"({"a":"unterminated})",
      "{\"a\":\"\xC3\x28\"}",             // bad UTF-8
      "\xEF\xBB\xBF\xEF\xBB\xBF{}",       // two byte-order marks
  };
  for (const std::string& text : left) {
    EXPECT_FALSE(HeldToOneTree(text, text)) << text;
  }
  // Nesting near the limit is nlohmann's to word.
  std::string deep(kMaxJsonDepth + 5, '[');
  deep += std::string(kMaxJsonDepth + 5, ']');
  EXPECT_FALSE(HeldToOneTree("deep", deep));
  std::string shallow(kMaxJsonDepth / 2, '[');
  shallow += std::string(kMaxJsonDepth / 2, ']');
  EXPECT_TRUE(HeldToOneTree("shallow", shallow));
}

// Whatever bytes: On-Demand never takes a text nlohmann refuses, and a text
// it takes gives nlohmann's tree. Texts are cut and mutated from a firm file.
TEST(JsonDomTest, CutAndMutatedFirmFilesGiveOneTree) {
  const auto firms = FilesUnder(DX_SOURCE_DIR "/examples/firms");
  ASSERT_FALSE(firms.empty());
  const std::string& firm = firms.front().second;
  const std::string bytes = "{}[]\":,0-.e \n\\tfnu1\x01\xC3";
  uint64_t state = 12345;
  auto next = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  int taken = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = firm;
    const int edits = 1 + static_cast<int>(next() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = next() % text.size();
      switch (next() % 3) {
        case 0: text[at] = bytes[next() % bytes.size()]; break;
        case 1: text.erase(at, 1 + next() % 4); break;
        default: text.insert(at, 1, bytes[next() % bytes.size()]); break;
      }
      if (text.empty()) text = "{";
    }
    if (HeldToOneTree("mutation " + std::to_string(round), text)) ++taken;
  }
  // Some mutations land in whitespace or inside a string and stay valid.
  EXPECT_GT(taken, 0);
}

}  // namespace
}  // namespace duixian::engine::profile_internal
