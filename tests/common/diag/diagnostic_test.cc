#include "common/diag/diagnostic.h"

#include <set>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace duixian {
namespace {

// The `{name}` placeholders of a template.
std::set<std::string> Placeholders(std::string_view text) {
  std::set<std::string> names;
  size_t pos = 0;
  while ((pos = text.find('{', pos)) != std::string_view::npos) {
    const size_t close = text.find('}', pos);
    if (close == std::string_view::npos) break;
    names.emplace(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

TEST(DiagnosticTest, FormatMessageFillsBothLanguages) {
  const LocalizedText text =
      FormatMessage(DiagCode::kE0201, {{"name", "注册资金"}});
  EXPECT_EQ(text.en, "unknown profile field `注册资金`");
  EXPECT_EQ(text.zh, "未知的企业画像字段 `注册资金`");
}

TEST(DiagnosticTest, FormatMessageFollowsEachLanguagesWordOrder) {
  const LocalizedText text = FormatMessage(
      DiagCode::kE0302, {{"op", "加法"}, {"left", "金额"}, {"right", "日期"}});
  EXPECT_EQ(text.en, "cannot 加法 金额 and 日期");
  EXPECT_EQ(text.zh, "不能对「金额」和「日期」做加法运算");
}

TEST(DiagnosticTest, FormatMessageLeavesUnknownPlaceholdersAndValues) {
  // A missing argument stays visible; values are not rescanned.
  const LocalizedText text =
      FormatMessage(DiagCode::kE0301, {{"left", "{right}"}});
  EXPECT_EQ(text.en, "cannot compare {right} with {right}");
  EXPECT_EQ(text.zh, "不能比较「{right}」和「{right}」");
}

TEST(DiagnosticTest, CodeNameAndParseCodeRoundTrip) {
  EXPECT_EQ(CodeName(DiagCode::kE0201), "E0201");
  for (size_t i = 0; i < DiagCodeCount(); ++i) {
    const DiagCode code = DiagCodeAt(i);
    DiagCode parsed{};
    ASSERT_TRUE(ParseCode(CodeName(code), &parsed)) << CodeName(code);
    EXPECT_EQ(parsed, code);
  }
  DiagCode parsed{};
  EXPECT_TRUE(ParseCode("e0301", &parsed));
  EXPECT_EQ(parsed, DiagCode::kE0301);
  EXPECT_FALSE(ParseCode("E9999", &parsed));
  EXPECT_FALSE(ParseCode("", &parsed));
  EXPECT_FALSE(ParseCode("E020", &parsed));
}

// Catalogue hygiene (STYLE.md B7): both languages present, the same
// placeholders in each, code names well formed, no final 。 or ！, no 非法.
TEST(DiagnosticTest, EveryCodeHasWellFormedMessages) {
  ASSERT_GT(DiagCodeCount(), 0u);
  std::set<std::string_view> names;
  for (size_t i = 0; i < DiagCodeCount(); ++i) {
    const DiagCode code = DiagCodeAt(i);
    const std::string_view name = CodeName(code);
    SCOPED_TRACE(std::string(name));
    EXPECT_TRUE(names.insert(name).second) << "duplicate code";
    ASSERT_EQ(name.size(), 5u);
    EXPECT_TRUE(name[0] == 'E' || name[0] == 'W' || name[0] == 'L');
    // Lint rules (L) have their level set per rule and per project.
    if (name[0] != 'L') {
      EXPECT_EQ(name[0] == 'W', DefaultSeverity(code) == Severity::kWarning);
    }

    const LocalizedText text = FormatMessage(code, {});
    EXPECT_FALSE(text.en.empty());
    EXPECT_FALSE(text.zh.empty());
    EXPECT_EQ(Placeholders(text.en), Placeholders(text.zh));
    for (std::string_view bad : {"。", "！"}) {
      EXPECT_FALSE(
          text.zh.size() >= bad.size() &&
          text.zh.compare(text.zh.size() - bad.size(), bad.size(), bad) == 0);
    }
    EXPECT_EQ(text.zh.find("非法"), std::string::npos);
  }
}

TEST(DiagnosticSinkTest, ReportFillsCatalogueFieldsAndEmitAdds) {
  DiagnosticSink sink;
  const SourceRange range{0, 4, 16};
  const SourceRange other{0, 20, 22};
  sink.Report(DiagCode::kE0201, range, {{"name", "注册资金"}})
      .PrimaryLabel({"not a profile field", "企业画像中没有这个字段"})
      .Label(other, {"here", "这里"})
      .Note({"see the schema", "字段表见 `duixian schema`"})
      .Help({"a similar field is `注册资本`", "相近的字段是 `注册资本`"})
      .Fix(range, "注册资本", FixIt::Applicability::kMaybeIncorrect)
      .Emit();
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  const Diagnostic& d = sink.diagnostics()[0];
  EXPECT_EQ(d.code, DiagCode::kE0201);
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.message.zh, "未知的企业画像字段 `注册资金`");
  EXPECT_EQ(d.primary, range);
  EXPECT_EQ(d.primary_label.zh, "企业画像中没有这个字段");
  ASSERT_EQ(d.secondary.size(), 1u);
  EXPECT_EQ(d.secondary[0].range, other);
  EXPECT_EQ(d.secondary[0].text.en, "here");
  ASSERT_EQ(d.notes.size(), 1u);
  ASSERT_EQ(d.helps.size(), 1u);
  ASSERT_EQ(d.fixits.size(), 1u);
  EXPECT_EQ(d.fixits[0].replacement, "注册资本");
  EXPECT_EQ(d.fixits[0].applicability, FixIt::Applicability::kMaybeIncorrect);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.warning_count(), 0u);
  EXPECT_TRUE(sink.has_errors());
}

TEST(DiagnosticSinkTest, CountsBySeverity) {
  DiagnosticSink sink;
  EXPECT_FALSE(sink.has_errors());
  Diagnostic warning;
  warning.severity = Severity::kWarning;
  sink.Add(warning);
  Diagnostic note;
  note.severity = Severity::kNote;
  sink.Add(note);
  EXPECT_EQ(sink.error_count(), 0u);
  EXPECT_EQ(sink.warning_count(), 1u);
  EXPECT_FALSE(sink.has_errors());
  sink.Report(DiagCode::kE0102, {}).Emit();
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.diagnostics().size(), 3u);
}

}  // namespace
}  // namespace duixian
