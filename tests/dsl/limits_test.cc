// The compiler's limits (dsl::CompileLimits, docs/reliability.md): hostile
// policy text — a huge file, thousands of nested `if`, an operator chain of
// hundreds of thousands of terms, definitions that nest or double without
// end, a policy with thousands of clauses — ends in one diagnostic that
// names the limit, quickly, never in a crash or a hang; each limit is
// configurable.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "dsl/compiler.h"
#include "gtest/gtest.h"
#include "tests/time_bound.h"
#include "tests/dsl/eval_fixture.h"

namespace duixian::dsl {
namespace {

using testing_internal::AllDiagnostics;
using testing_internal::TestCalendar;
using testing_internal::TestSchema;

// One policy file `p.policy` with clause `a` = `expr` and `extra` lines.
std::string Policy(const std::string& expr, const std::string& extra = "") {
  return "policy DG-L-01 \"限制\" {\n"
         "  department \"局\"\n"
         "  reference year 2024\n"
         "  clause a: " + expr + "\n" + extra + "}\n";
}

Compilation Compile(const std::string& text, const CompileLimits& limits = {}) {
  return CompileSources(TestSchema(), TestCalendar(), {{"p", "p.policy", text}}, limits);
}

// The codes reported, in order.
std::vector<std::string> Codes(const Compilation& c) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) out.push_back(std::string(CodeName(d.code)));
  return out;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST(PolicyLimitsTest, FileLargerThanTheLimitIsReportedNotParsed) {
  std::string text = Policy("独立法人", "  // " + std::string(2 << 20, 'x') + "\n");
  Compilation c = Compile(text);
  ASSERT_EQ(Codes(c), std::vector<std::string>{"E0112"}) << AllDiagnostics(c);
  EXPECT_NE(c.diagnostics.diagnostics()[0].message.en.find("1048576 bytes"), std::string::npos);
  EXPECT_EQ(c.sources->file(c.diagnostics.diagnostics()[0].primary.file).path(), "p.policy");
  EXPECT_EQ(c.program, nullptr);
  CompileLimits roomy;
  roomy.max_file_bytes = 4u << 20;
  Compilation ok = Compile(text, roomy);
  EXPECT_NE(ok.program, nullptr) << AllDiagnostics(ok);
}

TEST(PolicyLimitsTest, NestedIfIsReportedBeforeParsing) {
  // 10,000 `else if`: the recursive-descent parser would recurse that deep.
  std::string expr = Repeat("如果 独立法人 则 是 否则 ", 10000) + "否";
  auto start = std::chrono::steady_clock::now();
  Compilation c = Compile(Policy(expr));
  ASSERT_EQ(Codes(c), std::vector<std::string>{"E0108"}) << AllDiagnostics(c);
  EXPECT_NE(c.diagnostics.diagnostics()[0].message.en.find("limit 64"), std::string::npos);
  EXPECT_LT(SecondsSince(start), testing_time::TimeBound(30));
  // 60 nested compile, and so does a tiers table of `if`s (each arm restarts).
  EXPECT_NE(Compile(Policy(Repeat("如果 独立法人 则 是 否则 ", 60) + "否")).program, nullptr);
  std::string arms;
  for (int i = 0; i < 100; ++i) arms += "当 营业收入[2024] >= " + std::to_string(i) + "万元: 如果 独立法人 则 1万元 否则 0万元\n";
  Compilation tiers = Compile(Policy("独立法人", "  benefit: 分档 {\n" + arms + "  否则: 0万元 }\n"));
  EXPECT_NE(tiers.program, nullptr) << AllDiagnostics(tiers);
}

TEST(PolicyLimitsTest, LongOperatorChainIsReportedNotRecursedInto) {
  // 50,000 conjuncts fold into a left-deep tree that deep.
  std::string expr = "独立法人" + Repeat(" 且 独立法人", 50000);
  auto start = std::chrono::steady_clock::now();
  Compilation c = Compile(Policy(expr));
  ASSERT_EQ(Codes(c), std::vector<std::string>{"E0108"}) << AllDiagnostics(c);
  EXPECT_NE(c.diagnostics.diagnostics()[0].message.en.find("limit 512"), std::string::npos);
  EXPECT_LT(SecondsSince(start), testing_time::TimeBound(60));
  // Arithmetic and member chains count the same way.
  EXPECT_EQ(Codes(Compile(Policy("营业收入[2024]" + Repeat(" + 1万元", 1000) + " >= 0万元"))),
            std::vector<std::string>{"E0108"});
  // 300 terms are fine by default; a lower limit is honoured.
  std::string three_hundred = "独立法人" + Repeat(" 且 独立法人", 299);
  EXPECT_NE(Compile(Policy(three_hundred)).program, nullptr);
  CompileLimits tight;
  tight.parse.max_tree_depth = 100;
  EXPECT_EQ(Codes(Compile(Policy(three_hundred), tight)), std::vector<std::string>{"E0108"});
}

TEST(PolicyLimitsTest, DefinitionsThatDoubleRunOutOfBudget) {
  // d1 = d0 + d0, d2 = d1 + d1, …: every use expands anew, 2^40 steps.
  std::string defs = "define d0: 营业收入[2024]\n";
  for (int i = 1; i <= 40; ++i) {
    defs += "define d" + std::to_string(i) + ": d" + std::to_string(i - 1) + " + d" + std::to_string(i - 1) + "\n";
  }
  std::string text = defs + Policy("d40 >= 1万元");
  // Han identifiers have no digits; these are ASCII names.
  auto start = std::chrono::steady_clock::now();
  Compilation c = Compile(text);
  std::vector<std::string> codes = Codes(c);
  ASSERT_FALSE(codes.empty()) << AllDiagnostics(c);
  EXPECT_EQ(codes[0], "E0410") << AllDiagnostics(c);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "E0410"), 1);
  EXPECT_EQ(c.program, nullptr);
  EXPECT_LT(SecondsSince(start), testing_time::TimeBound(60));
}

TEST(PolicyLimitsTest, DefinitionsNestedTooDeepAreReported) {
  // e1 uses e0, e2 uses e1, … 2,000 deep: each link is one more level.
  std::string defs = "define e0: 营业收入[2024]\n";
  for (int i = 1; i <= 2000; ++i) {
    defs += "define e" + std::to_string(i) + ": e" + std::to_string(i - 1) + "\n";
  }
  Compilation c = Compile(defs + Policy("e2000 >= 1万元"));
  std::vector<std::string> codes = Codes(c);
  ASSERT_FALSE(codes.empty()) << AllDiagnostics(c);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "E0411"), 1) << AllDiagnostics(c);
  EXPECT_EQ(c.program, nullptr);
  // A shallow chain compiles.
  std::string shallow = "define e0: 营业收入[2024]\n";
  for (int i = 1; i <= 50; ++i) shallow += "define e" + std::to_string(i) + ": e" + std::to_string(i - 1) + "\n";
  Compilation ok = Compile(shallow + Policy("e50 >= 1万元"));
  EXPECT_NE(ok.program, nullptr) << AllDiagnostics(ok);
}

TEST(PolicyLimitsTest, TooManyClausesAreReported) {
  std::string clauses;
  for (int i = 0; i < 300; ++i) clauses += "  clause c" + std::to_string(i) + ": 独立法人\n";
  Compilation c = Compile(Policy("独立法人", clauses));
  ASSERT_EQ(Codes(c), std::vector<std::string>{"E0409"}) << AllDiagnostics(c);
  EXPECT_NE(c.diagnostics.diagnostics()[0].message.en.find("301 clauses"), std::string::npos);
  CompileLimits roomy;
  roomy.max_clauses = 400;
  EXPECT_NE(Compile(Policy("独立法人", clauses), roomy).program, nullptr);
}

// The bundled catalogue is far inside every default limit.
TEST(PolicyLimitsTest, CatalogueCompilesWithinTheDefaults) {
  absl::StatusOr<Compilation> c = CompileDirectory(std::string(DX_SOURCE_DIR) + "/policies");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_NE(c->program, nullptr) << AllDiagnostics(*c);
}

}  // namespace
}  // namespace duixian::dsl
