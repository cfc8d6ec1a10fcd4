// The TextMate grammar (tools/editors/duixian.tmLanguage.json) cannot drift
// from the lexer: every keyword, operator and unit spelling in
// dsl/grammar/PolicyLexer.g4 must be one of the literal alternatives of the
// grammar's patterns. (tools/editors/test/ tokenises with the real TextMate
// engine when Node.js is there; this check needs nothing but the files.)
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Rule name → its quoted literals, in grammar order.
std::vector<std::pair<std::string, std::vector<std::string>>> LexerLiterals() {
  std::string g = ReadFile(std::string(DX_SOURCE_DIR) + "/dsl/grammar/PolicyLexer.g4");
  std::vector<std::pair<std::string, std::vector<std::string>>> rules;
  std::regex rule(R"(\b([A-Z_]+)\s*:\s*((?:'(?:[^'\\]|\\.)*'|[^;'])*);)");
  std::regex literal(R"('((?:[^'\\]|\\.)*)')");
  for (auto it = std::sregex_iterator(g.begin(), g.end(), rule); it != std::sregex_iterator(); ++it) {
    std::string body = (*it)[2];
    std::vector<std::string> lits;
    for (auto l = std::sregex_iterator(body.begin(), body.end(), literal); l != std::sregex_iterator(); ++l) {
      lits.push_back((*l)[1]);
    }
    rules.emplace_back((*it)[1], lits);
  }
  return rules;
}

// The literal alternatives of every `match` in the grammar: regex groups and
// alternations split apart, escapes of punctuation removed.
void CollectAlternatives(const nlohmann::json& j, std::set<std::string>* out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "match" && it->is_string()) {
        std::string pattern = it->get<std::string>();
        std::string current;
        for (size_t i = 0; i < pattern.size(); ++i) {
          char c = pattern[i];
          if (c == '\\' && i + 1 < pattern.size()) {
            current += pattern[++i];
          } else if (c == '(' && pattern.compare(i, 3, "(?:") == 0) {
            out->insert(current);
            current.clear();
            i += 2;
          } else if (c == '(' || c == ')' || c == '|') {
            out->insert(current);
            current.clear();
          } else {
            current += c;
          }
        }
        out->insert(current);
      } else {
        CollectAlternatives(*it, out);
      }
    }
  } else if (j.is_array()) {
    for (const auto& e : j) CollectAlternatives(e, out);
  }
}

TEST(EditorGrammarTest, EveryLexerKeywordOperatorAndUnitIsInTheGrammar) {
  nlohmann::json grammar = nlohmann::json::parse(
      ReadFile(std::string(DX_SOURCE_DIR) + "/tools/editors/duixian.tmLanguage.json"));
  ASSERT_EQ(grammar["scopeName"], "source.duixian");
  std::set<std::string> alternatives;
  CollectAlternatives(grammar, &alternatives);

  // Keywords and operators are the rules from IMPORT to POST_LE; then the
  // range, the multiplication and division signs and the units.
  auto rules = LexerLiterals();
  bool in_keywords = false;
  int checked = 0;
  for (const auto& [name, literals] : rules) {
    if (name == "IMPORT") in_keywords = true;
    bool wanted = in_keywords || name == "RANGE" || name == "STAR" || name == "SLASH" || name == "UNIT";
    if (name == "POST_LE") in_keywords = false;
    if (!wanted) continue;
    for (const std::string& lit : literals) {
      ++checked;
      // A literal is an alternative of some pattern, or a member of a
      // character class such as [+\-*/×÷].
      bool found = alternatives.count(lit) > 0;
      for (const std::string& alt : alternatives) {
        found = found || (alt.size() > 2 && alt.front() == '[' && alt.find(lit) != std::string::npos);
      }
      EXPECT_TRUE(found) << name << " `" << lit << "` is not in tools/editors/duixian.tmLanguage.json";
    }
  }
  EXPECT_GT(checked, 170);
}

}  // namespace
}  // namespace duixian
