// `duixian fmt` over every file of the bundled catalog, on a temporary copy
// (the committed files are never rewritten here): formatting is idempotent,
// and the compiled set is the same before and after — same digest, same rule
// graph node for node, same policies, clauses, benefits and inline tests.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/compiler.h"
#include "dsl/format/formatter.h"
#include "gtest/gtest.h"

namespace duixian {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The file name below the catalog folder, wherever that folder is.
std::string RelativeFile(const std::string& file) {
  size_t at = file.rfind("policies/");
  return at == std::string::npos ? file : file.substr(at + 9);
}

// Everything of a compiled set that formatting must not change; source
// locations (line numbers) are left out, since blank lines may move.
std::string Meaning(const dsl::Compilation& c) {
  std::ostringstream out;
  const engine::Program& p = *c.program;
  out << "digest " << p.digest << "\n" << p.graph.DebugString();
  for (const engine::PolicyInfo& info : p.policies) {
    out << "policy " << info.id << " " << info.title << " | " << info.department << " | "
        << info.basis << " | " << info.exclusive_group << " | ref "
        << info.reference_year.value_or(0) << " | tags " << info.tags.size() << " | assumed "
        << info.assumed.size() << " | " << RelativeFile(info.file) << "\n";
    for (const engine::ClauseInfo& cl : info.clauses) {
      out << "  " << static_cast<int>(cl.kind) << " " << cl.label << " " << cl.text << " -> "
          << cl.node << "\n";
    }
    if (info.benefit) out << "  benefit " << info.benefit->text << " -> " << info.benefit->node << "\n";
    for (int i : info.verdict_order) out << "  order " << i << "\n";
  }
  for (const dsl::PolicyTestCase& t : c.tests) {
    out << "test " << t.policy << " " << t.name << " " << static_cast<int>(t.verdict) << " "
        << t.date.ToString() << " " << t.because.size() << " " << t.missing.size() << " "
        << (t.benefit ? t.benefit->ToString() : "-") << "\n";
  }
  return out.str();
}

TEST(CatalogFormatTest, FormattingKeepsTheMeaningAndIsIdempotent) {
  const fs::path source = fs::path(DX_SOURCE_DIR) / "policies";
  // The copy is a folder named `policies` too, so file names compare equal.
  const fs::path scratch = fs::temp_directory_path() / ("dx_fmt_catalog_" + std::to_string(getpid()));
  const fs::path copy = scratch / "policies";
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  fs::copy(source, copy, fs::copy_options::recursive);

  int files = 0, changed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(copy)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".policy") continue;
    ++files;
    SCOPED_TRACE(entry.path().string());
    std::string text = ReadFile(entry.path());
    SourceManager sources;
    DiagnosticSink sink;
    absl::StatusOr<std::string> once = dsl::FormatSource(entry.path().string(), text, sources, sink);
    ASSERT_TRUE(once.ok()) << once.status();
    if (*once == text) continue;  // already canonical: fmt(fmt(x)) = fmt(x) holds trivially
    ++changed;
    absl::StatusOr<std::string> twice = dsl::FormatSource(entry.path().string(), *once, sources, sink);
    ASSERT_TRUE(twice.ok()) << twice.status();
    EXPECT_EQ(*twice, *once) << "fmt is not idempotent on this file";
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << *once;
  }
  EXPECT_GE(files, 60);
  std::cout << "formatted " << files << " catalog files, " << changed << " changed\n";

  absl::StatusOr<dsl::Compilation> before = dsl::CompileDirectory(source.string());
  absl::StatusOr<dsl::Compilation> after = dsl::CompileDirectory(copy.string());
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_NE(before->program, nullptr);
  ASSERT_NE(after->program, nullptr) << "the formatted catalog does not compile";
  EXPECT_EQ(before->program->digest, after->program->digest);
  // File paths differ between the two folders; compare them relative.
  std::string a = Meaning(*before), b = Meaning(*after);
  for (std::string* s : {&a, &b}) {
    for (const std::string& root : {source.string() + "/", copy.string() + "/"}) {
      for (size_t at = s->find(root); at != std::string::npos; at = s->find(root, at)) {
        s->erase(at, root.size());
      }
    }
  }
  // Report the first line that differs, not two 300 kB strings.
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  int line = 0;
  while (true) {
    bool more_a = static_cast<bool>(std::getline(sa, la));
    bool more_b = static_cast<bool>(std::getline(sb, lb));
    ++line;
    if (!more_a && !more_b) break;
    ASSERT_TRUE(more_a && more_b && la == lb)
        << "compiled sets differ at line " << line << ":\n  before: " << la << "\n  after:  " << lb;
  }
  fs::remove_all(scratch);
}

}  // namespace
}  // namespace duixian
