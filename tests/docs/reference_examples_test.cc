// docs/reference.md cannot drift from the compiler. Every fenced block whose
// info string starts with `policy` is an example, compiled with the catalog's
// schema, calendar and common definitions:
//
//   ```policy                 a whole file: compiles without any diagnostic,
//                             its inline tests pass, and it is in the layout
//                             `duixian fmt` writes
//   ```policy clause          a condition, put into the example policy below
//   ```policy benefit         an amount, put into the example policy below
//   ```policy expect=E0201    (with any of the above) the example must report
//                             E0201, and no error with another code
//
// Every code of common/diag/kinds.def must appear in the reference (lint
// codes may instead be in docs/lint.md).
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "dsl/compiler.h"
#include "dsl/format/formatter.h"
#include "dsl/testing/test_runner.h"
#include "engine/profile/schema.h"
#include "engine/value/holiday_calendar.h"
#include "gtest/gtest.h"

namespace duixian {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string Source(const std::string& relative) {
  return ReadFile(std::string(DX_SOURCE_DIR) + "/" + relative);
}

struct Example {
  int line = 0;            // of the opening fence in the reference
  std::string kind;        // "file", "clause", "benefit"
  std::set<std::string> expect;
  std::string body;
};

std::vector<Example> Examples(const std::string& markdown) {
  std::vector<Example> out;
  std::istringstream in(markdown);
  std::string line;
  int number = 0;
  Example* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (open != nullptr) {
      if (line.rfind("```", 0) == 0) {
        open = nullptr;
      } else {
        open->body += line + "\n";
      }
      continue;
    }
    if (line.rfind("```policy", 0) != 0) continue;
    Example e;
    e.line = number;
    e.kind = "file";
    for (absl::string_view word : absl::StrSplit(line.substr(9), ' ', absl::SkipEmpty())) {
      if (word == "clause" || word == "benefit") {
        e.kind = std::string(word);
      } else if (absl::StartsWith(word, "expect=")) {
        for (absl::string_view code : absl::StrSplit(word.substr(7), ',')) e.expect.insert(std::string(code));
      } else {
        ADD_FAILURE() << "docs/reference.md:" << number << ": unknown word `" << word << "` after ```policy";
      }
    }
    out.push_back(std::move(e));
    open = &out.back();
  }
  return out;
}

// The policy that `clause` and `benefit` examples are put into; the
// reference shows it once.
std::string Wrapped(const Example& e) {
  if (e.kind == "file") return e.body;
  std::string indented;
  for (absl::string_view l : absl::StrSplit(e.body, '\n', absl::SkipEmpty())) {
    absl::StrAppend(&indented, "      ", l, "\n");
  }
  std::string out =
      "import common\n\n"
      "policy DG-DOC-2025-01 \"示例政策\" {\n"
      "  department \"示例部门\"\n"
      "  effective  2025-01-01 .. 2025-12-31\n"
      "  window     2025-06-02 .. 2025-06-30\n"
      "  reference  year 2024\n\n";
  if (e.kind == "clause") {
    absl::StrAppend(&out, "  clause 示例 \"示例条件\":\n", indented);
  } else {
    absl::StrAppend(&out, "  clause 示例 \"示例条件\":\n      是\n  benefit \"示例补助\":\n", indented);
  }
  return out + "}\n";
}

class ReferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto schema = engine::Schema::FromJson(Source("policies/schema.json"), "policies/schema.json");
    auto calendar = engine::HolidayCalendar::FromJson(Source("policies/calendar.json"));
    ASSERT_TRUE(schema.ok() && calendar.ok());
    schema_ = std::make_shared<engine::Schema>(std::move(*schema));
    calendar_ = std::make_shared<engine::HolidayCalendar>(std::move(*calendar));
  }

  dsl::Compilation Compile(const std::string& text) {
    return dsl::CompileSources(schema_, calendar_,
                               {{"common", "policies/common.policy", Source("policies/common.policy")},
                                {"示例", "示例.policy", text}});
  }

  static std::shared_ptr<const engine::Schema> schema_;
  static std::shared_ptr<const engine::HolidayCalendar> calendar_;
};

std::shared_ptr<const engine::Schema> ReferenceTest::schema_;
std::shared_ptr<const engine::HolidayCalendar> ReferenceTest::calendar_;

TEST_F(ReferenceTest, EveryExampleCompilesOrReportsTheCodeItShows) {
  std::vector<Example> examples = Examples(Source("docs/reference.md"));
  ASSERT_GE(examples.size(), 40u);
  int clean = 0, showing = 0;
  for (const Example& e : examples) {
    SCOPED_TRACE(absl::StrCat("docs/reference.md:", e.line));
    std::string text = Wrapped(e);
    dsl::Compilation c = Compile(text);
    std::set<std::string> reported;
    std::string all;
    for (const Diagnostic& d : c.diagnostics.diagnostics()) {
      std::string code(CodeName(d.code));
      if (d.severity == Severity::kError) reported.insert(code);
      absl::StrAppend(&all, "\n  ", code, " ", d.message.en);
    }
    if (e.expect.empty()) {
      ++clean;
      EXPECT_TRUE(c.diagnostics.diagnostics().empty()) << "the example does not compile cleanly:" << all;
      if (c.program == nullptr) continue;
      dsl::PolicyTestReport report = dsl::RunPolicyTests(c);
      for (const dsl::PolicyTestResult& r : report.results) {
        EXPECT_TRUE(r.passed) << "its test `" << r.test->name << "` fails";
      }
      if (e.kind == "file") {
        SourceManager sources;
        DiagnosticSink sink;
        absl::StatusOr<std::string> formatted = dsl::FormatSource("示例.policy", text, sources, sink);
        ASSERT_TRUE(formatted.ok()) << formatted.status();
        EXPECT_EQ(*formatted, text) << "the example is not in the layout `duixian fmt` writes";
      }
    } else {
      ++showing;
      for (const std::string& code : e.expect) {
        EXPECT_TRUE(reported.count(code) > 0) << code << " does not fire; reported:" << all;
      }
      for (const std::string& code : reported) {
        EXPECT_TRUE(e.expect.count(code) > 0) << "also reports " << code << ":" << all;
      }
    }
  }
  std::cout << examples.size() << " examples: " << clean << " compile cleanly, " << showing
            << " show a diagnostic\n";
}

TEST_F(ReferenceTest, EveryDiagnosticCodeIsDocumented) {
  const std::string reference = Source("docs/reference.md");
  const std::string lint = Source("docs/lint.md");  // empty if not there yet
  std::set<std::string> shown;
  for (const Example& e : Examples(reference)) shown.insert(e.expect.begin(), e.expect.end());
  std::regex code(R"(DX_DIAG\(([EW][0-9]{4}),)");
  const std::string kinds = Source("common/diag/kinds.def");
  int codes = 0;
  for (auto it = std::sregex_iterator(kinds.begin(), kinds.end(), code); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    ++codes;
    if (name[0] == 'E') {
      EXPECT_NE(reference.find("### " + name + "\n"), std::string::npos)
          << name << " has no section (### " << name << ") in docs/reference.md";
    } else {
      EXPECT_TRUE(reference.find(name) != std::string::npos || lint.find(name) != std::string::npos)
          << name << " is in neither docs/reference.md nor docs/lint.md";
    }
  }
  EXPECT_GE(codes, 40);
}

}  // namespace
}  // namespace duixian
