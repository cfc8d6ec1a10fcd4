// The lexer every compile uses caches DFA transitions on characters above
// ASCII, which ANTLR's own simulator does not (dsl/parse/internal/
// lexer_simulator.h). The cache must never change a token: both lexers must
// cut the catalogue, the lint corpus and random mixes of the language's
// characters into the same tokens, cold and warm.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/parse/tokens.h"
#include "gtest/gtest.h"

namespace duixian::dsl {
namespace {

void ExpectSameTokens(const std::string& text, const std::string& name) {
  const std::vector<Token> cached = LexTokens(text);
  const std::vector<Token> reference = LexTokensWithAntlrSimulator(text);
  ASSERT_EQ(cached.size(), reference.size()) << name;
  for (size_t i = 0; i < cached.size(); ++i) {
    ASSERT_EQ(cached[i].kind, reference[i].kind) << name << " token " << i;
    ASSERT_EQ(cached[i].begin, reference[i].begin) << name << " token " << i;
    ASSERT_EQ(cached[i].end, reference[i].end) << name << " token " << i;
  }
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(LexerCacheTest, SameTokensOnTheCatalogueAndTheLintCorpus) {
  int files = 0;
  for (const char* dir : {"policies", "tests/lint/corpus"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(DX_SOURCE_DIR) + "/" + dir)) {
      if (e.path().extension() != ".policy") continue;
      const std::string text = ReadFile(e.path());
      ExpectSameTokens(text, e.path().string());
      ExpectSameTokens(text, e.path().string() + " (warm)");
      ++files;
    }
  }
  EXPECT_GT(files, 100);
}

// Random text over the characters that matter to the lexer: ASCII
// operators and digits, keyword and unit characters, other Han text,
// full-width forms, quotes and comment starts.
TEST(LexerCacheTest, SameTokensOnRandomMixes) {
  const std::vector<std::string> pieces = {
      " ", "\n", "\t", "　", "\"", "#", "//", "(", ")", "{", "}", "[", "]", ":", ",", ".", "..",
      ">=", "<=", "!=", "=", "+", "-", "*", "/", "%", "％", "0", "1", "2025", "-06-", "3.5",
      "a", "policy", "clause", "if", "then", "else", "and", "or", "not", "in", "ref",
      "政策", "条款", "且", "或", "不", "属于", "不属于", "以上", "以下", "万元", "亿元", "元", "人", "年",
      "营业收入", "研发", "企业", "高新技术", "届", "满", "个月", "工作日", "前", "后", "以内", "在",
      "（", "）", "：", "，", "；", "【", "】", "“", "”", "×", "÷", "≥", "≤", "≠", "·", "、",
      "ａ", "１", "龘", "㐀", "豈", "😀", "é"};
  std::mt19937 rng(20261129);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 40);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += pieces[pick(rng)];
    ExpectSameTokens(text, "mix " + std::to_string(i) + ": " + text);
  }
}

}  // namespace
}  // namespace duixian::dsl
