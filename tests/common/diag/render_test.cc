#include "common/diag/render.h"

#include <iterator>
#include <random>
#include <string>
#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RenderTest : public testing::Test {
 protected:
  FileId Add(std::string path, std::string text) {
    return sm_.AddBuffer(std::move(path), std::move(text));
  }

  // The byte range of the first `needle` at or after `from` in file `id`.
  SourceRange Find(FileId id, std::string_view needle, size_t from = 0) const {
    const std::string_view text = sm_.file(id).text();
    const size_t at = text.find(needle, from);
    EXPECT_NE(at, std::string_view::npos) << needle;
    return {id, static_cast<uint32_t>(at),
            static_cast<uint32_t>(at + needle.size())};
  }

  std::string Text(const Diagnostic& d, Lang lang = Lang::kZh) const {
    RenderOptions options;
    options.lang = lang;
    return RenderText(d, sm_, options);
  }

  SourceManager sm_;
  DiagnosticSink sink_;
};

// `lines` blank lines, so the snippet lands on line `lines + 1`.
std::string Pad(int lines) {
  return std::string(static_cast<size_t>(lines), '\n');
}

constexpr std::string_view kLine12 =
    "  如果 企业.注册资金 >= 500万元 并且 企业.成立年限 >= 3年";

TEST_F(RenderTest, UnknownFieldExampleFromStyleGuide) {
  const FileId f = Add("policies/科技型中小企业.policy",
                       Pad(11) + std::string(kLine12) + "\n");
  const SourceRange r = Find(f, "注册资金");
  sink_.Report(DiagCode::kE0201, r, {{"name", "注册资金"}})
      .PrimaryLabel({"not a profile field", "企业画像中没有这个字段"})
      .Note({"the field list is `duixian schema 企业画像`",
             "字段表见 `duixian schema 企业画像`"})
      .Fix(r, "注册资本", FixIt::Applicability::kMaybeIncorrect)
      .Emit();
  const Diagnostic& d = sink_.diagnostics()[0];
  EXPECT_EQ(Text(d),
            "错误[E0201]: 未知的企业画像字段 `注册资金`\n"
            "  --> policies/科技型中小企业.policy:12:9\n"
            "   |\n"
            "12 |   如果 企业.注册资金 >= 500万元 并且 企业.成立年限 >= 3年\n"
            "   |             ^^^^^^^^ 企业画像中没有这个字段\n"
            "   |\n"
            "   = 注: 字段表见 `duixian schema 企业画像`\n"
            "帮助: 改为 `注册资本`\n"
            "   |\n"
            "12 |   如果 企业.注册资本 >= 500万元 并且 企业.成立年限 >= 3年\n"
            "   |             ~~~~~~~~\n");
  EXPECT_EQ(Text(d, Lang::kEn),
            "error[E0201]: unknown profile field `注册资金`\n"
            "  --> policies/科技型中小企业.policy:12:9\n"
            "   |\n"
            "12 |   如果 企业.注册资金 >= 500万元 并且 企业.成立年限 >= 3年\n"
            "   |             ^^^^^^^^ not a profile field\n"
            "   |\n"
            "   = note: the field list is `duixian schema 企业画像`\n"
            "help: replace with `注册资本`\n"
            "   |\n"
            "12 |   如果 企业.注册资本 >= 500万元 并且 企业.成立年限 >= 3年\n"
            "   |             ~~~~~~~~\n");
  EXPECT_EQ(RenderShort(d, sm_, {}),
            "policies/科技型中小企业.policy:12:9: 错误[E0201]: "
            "未知的企业画像字段 `注册资金`\n");
}

TEST_F(RenderTest, SecondaryLabelsHangBelowTheUnderline) {
  const FileId f = Add("policies/专精特新.policy",
                       Pad(7) + "  企业.注册资本 >= 企业.成立日期\n");
  const SourceRange left = Find(f, "企业.注册资本");
  const SourceRange right = Find(f, "企业.成立日期");
  sink_
      .Report(DiagCode::kE0301, Find(f, ">="),
              {{"left", "金额"}, {"right", "日期"}})
      .Label(left, {"this is money", "类型是「金额」"})
      .Label(right, {"this is a date", "类型是「日期」"})
      .Help({"", "要比较成立时间，请用 `企业.成立年限 >= 3年`"})
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0301]: 不能比较「金额」和「日期」\n"
            " --> policies/专精特新.policy:8:11\n"
            "  |\n"
            "8 |   企业.注册资本 >= 企业.成立日期\n"
            "  |   ------------- ^^ ------------- 类型是「日期」\n"
            "  |   |\n"
            "  |   类型是「金额」\n"
            "  |\n"
            "  = 帮助: 要比较成立时间，请用 `企业.成立年限 >= 3年`\n");
}

TEST_F(RenderTest, FullWidthParenthesisGetsTwoCarets) {
  const FileId f =
      Add("policies/专精特新.policy",
          Pad(6) + "条件 研发强度 （企业.研发费用 / 企业.营业收入） >= 3%\n");
  const SourceRange paren = Find(f, "（");
  sink_.Report(DiagCode::kE0104, paren, {{"char", "`（`"}, {"ascii", "("}})
      .PrimaryLabel({"full-width parenthesis", "全角括号"})
      .Help({"`duixian fmt` turns full-width punctuation into half-width",
             "`duixian fmt` 会把全角标点改成半角"})
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0104]: 这里应是半角 `(`，写成了全角 `（`\n"
            " --> policies/专精特新.policy:7:9\n"
            "  |\n"
            "7 | 条件 研发强度 （企业.研发费用 / 企业.营业收入） >= 3%\n"
            "  |               ^^ 全角括号\n"
            "  |\n"
            "  = 帮助: `duixian fmt` 会把全角标点改成半角\n");
}

TEST_F(RenderTest, MachineFixesOnOneLineAreShownTogether) {
  const FileId f = Add("p", "条件 x （a + b） >= 1\n");
  sink_
      .Report(DiagCode::kE0104, Find(f, "（"),
              {{"char", "`（`"}, {"ascii", "("}})
      .Fix(Find(f, "）"), ")")
      .Fix(Find(f, "（"), "(")
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0], Lang::kEn),
            "error[E0104]: full-width `（` should be half-width `(`\n"
            " --> p:1:6\n"
            "  |\n"
            "1 | 条件 x （a + b） >= 1\n"
            "  |        ^^\n"
            "  |\n"
            "help: apply these changes\n"
            "  |\n"
            "1 | 条件 x (a + b) >= 1\n"
            "  |        ~     ~\n");
}

TEST_F(RenderTest, InsertionAndRemovalFixes) {
  const FileId f = Add("p", "条件 x\n（a\n");
  const SourceRange a = Find(f, "a");
  sink_.Report(DiagCode::kE0105, a, {{"closer", ")"}, {"what", "括号"}})
      .Fix(Find(f, " x"), "")
      .Fix({f, a.end, a.end}, ")")
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0105]: 这里缺少 `)` 来结束括号\n"
            " --> p:2:2\n"
            "  |\n"
            "2 | （a\n"
            "  |   ^\n"
            "  |\n"
            "帮助: 删除 ` x`\n"
            "  |\n"
            "1 | 条件 x\n"
            "  |     --\n"
            "帮助: 插入 `)`\n"
            "  |\n"
            "2 | （a)\n"
            "  |    ~\n");
}

TEST_F(RenderTest, TabsExpandBeforeTheCaret) {
  const FileId f = Add("t", "\t如果\tx > 1\n");
  sink_.Report(DiagCode::kE0202, Find(f, "x"), {{"name", "x"}}).Emit();
  // Tab to 4, 如果 to 8, tab to 12: x is at display column 12 (0-based).
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0202]: 未知的名称 `x`\n"
            " --> t:1:5\n"
            "  |\n"
            "1 |     如果    x > 1\n"
            "  |             ^\n");
}

TEST_F(RenderTest, ControlCharactersAreEscapedAndCounted) {
  const FileId f = Add("c", "a\x07注b\n");
  sink_.Report(DiagCode::kE0103, Find(f, "b"), {{"char", "`b`"}}).Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0], Lang::kEn),
            "error[E0103]: character `b` is not valid here\n"
            " --> c:1:4\n"
            "  |\n"
            "1 | a<U+0007>注b\n"
            "  |            ^\n");
}

TEST_F(RenderTest, EscapesControlsInMessagesAndInvalidBytesInSource) {
  const FileId f = Add("c", "x\xFFy\n");
  sink_.Report(DiagCode::kE0103, Find(f, "y"), {{"char", "\x1b[31m"}}).Emit();
  const std::string out = Text(sink_.diagnostics()[0], Lang::kEn);
  EXPECT_THAT(out, HasSubstr("character <U+001B>[31m is not valid"));
  EXPECT_THAT(out, HasSubstr("1 | x<FF>y\n  |      ^\n"));
  EXPECT_THAT(out, Not(HasSubstr("\x1b")));
}

TEST_F(RenderTest, MultiLineRangeIsUnderlinedToEndOfFirstLine) {
  const FileId f = Add("m", "政策 甲 {\n  条件 x\n}\n");
  const SourceRange whole = {f, Find(f, "甲").begin, Find(f, "}").end};
  sink_.Report(DiagCode::kE0408, whole, {{"name", "甲"}})
      .PrimaryLabel({"", "这里"})
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0408]: 政策 `甲` 没有任何条件\n"
            " --> m:1:4\n"
            "  |\n"
            "1 | 政策 甲 {\n"
            "  |      ^^^^ 这里\n");
}

TEST_F(RenderTest, LabelsOnOtherLinesAndFiles) {
  const FileId a = Add("a.policy", "政策 甲\n\n\n\n政策 甲\n");
  const FileId b = Add("b.policy", "政策 甲\n");
  sink_.Report(DiagCode::kE0205, Find(a, "甲", 11), {{"name", "甲"}})
      .PrimaryLabel({"", "第二次定义"})
      .Label(Find(a, "甲"), {"", "第一次定义"})
      .Label(Find(b, "甲"), {"", "也在这里"})
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0205]: 政策 `甲` 重复定义\n"
            " --> a.policy:5:4\n"
            "  |\n"
            "1 | 政策 甲\n"
            "  |      -- 第一次定义\n"
            "...\n"
            "5 | 政策 甲\n"
            "  |      ^^ 第二次定义\n"
            " ::: b.policy:1:4\n"
            "  |\n"
            "1 | 政策 甲\n"
            "  |      -- 也在这里\n");
}

TEST_F(RenderTest, EmptyRangeAndEndOfFileGetOneCaret) {
  const FileId f = Add("e", "政策 甲\n");
  const uint32_t size = static_cast<uint32_t>(sm_.file(f).text().size());
  sink_
      .Report(DiagCode::kE0105, {f, size, size},
              {{"closer", "{"}, {"what", "政策"}})
      .Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0105]: 这里缺少 `{` 来结束政策\n"
            " --> e:1:5\n"
            "  |\n"
            "1 | 政策 甲\n"
            "  |        ^\n");
}

TEST_F(RenderTest, BadRangesAreClamped) {
  const FileId f = Add("b", "ab\n");
  sink_.Report(DiagCode::kE0102, {f, 100, 200}).Emit();
  sink_.Report(DiagCode::kE0102, {f, 1, 0}).Emit();  // end before begin
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0102]: 这段文字缺少结尾的引号\n"
            " --> b:1:3\n"
            "  |\n"
            "1 | ab\n"
            "  |   ^\n");
  EXPECT_THAT(Text(sink_.diagnostics()[1]), HasSubstr("1 | ab\n  |  ^\n"));
}

TEST_F(RenderTest, DiagnosticWithoutFileHasNoSnippet) {
  sink_.Report(DiagCode::kE0109, {}).Note({"", "先修正上面的错误"}).Emit();
  sink_.Report(DiagCode::kE0109, {FileId{42}, 0, 1}).Emit();
  EXPECT_EQ(Text(sink_.diagnostics()[0]),
            "错误[E0109]: 语法错误过多，停止分析\n"
            "  = 注: 先修正上面的错误\n");
  EXPECT_EQ(Text(sink_.diagnostics()[1]),
            "错误[E0109]: 语法错误过多，停止分析\n");
  EXPECT_EQ(RenderShort(sink_.diagnostics()[1], sm_, {}),
            "错误[E0109]: 语法错误过多，停止分析\n");
}

TEST_F(RenderTest, AmbiguousWidthShiftsCarets) {
  const FileId f = Add("q", "“甲” x\n");
  sink_.Report(DiagCode::kE0202, Find(f, "x"), {{"name", "x"}}).Emit();
  RenderOptions options;
  EXPECT_THAT(RenderText(sink_.diagnostics()[0], sm_, options),
              HasSubstr("1 | “甲” x\n  |      ^\n"));
  options.ambiguous_wide = true;
  EXPECT_THAT(RenderText(sink_.diagnostics()[0], sm_, options),
              HasSubstr("1 | “甲” x\n  |        ^\n"));
}

TEST_F(RenderTest, LongLinesAreWindowedAroundTheSpan) {
  std::string line;
  for (int i = 0; i < 40; ++i) line += "企业.甲 ";  // 8 cells each
  line += "注册资金";
  for (int i = 0; i < 40; ++i) line += " 企业.乙";
  const FileId f = Add("w", line + "\n");
  sink_.Report(DiagCode::kE0201, Find(f, "注册资金"), {{"name", "注册资金"}})
      .Emit();
  RenderOptions options;
  options.max_line_columns = 40;
  const std::string out = RenderText(sink_.diagnostics()[0], sm_, options);
  // 16 cells of context either side of the 8-cell span.
  EXPECT_EQ(out,
            "错误[E0201]: 未知的企业画像字段 `注册资金`\n"
            " --> w:1:201\n"
            "  |\n"
            "1 | ...企业.甲 企业.甲 注册资金 企业.乙 企业.乙...\n"
            "  |                    ^^^^^^^^\n");
}

TEST_F(RenderTest, ColourWrapsSeverityInBoldRedOrYellow) {
  const FileId f = Add("c", "x\n");
  sink_.Report(DiagCode::kE0202, Find(f, "x"), {{"name", "x"}}).Emit();
  Diagnostic warning = sink_.diagnostics()[0];
  warning.severity = Severity::kWarning;
  RenderOptions options;
  options.color = true;
  const std::string error_text =
      RenderText(sink_.diagnostics()[0], sm_, options);
  EXPECT_THAT(error_text, HasSubstr("\x1b[1;31m错误[E0202]\x1b[0m"));
  EXPECT_THAT(error_text, HasSubstr("\x1b[1;31m^\x1b[0m"));
  EXPECT_THAT(RenderText(warning, sm_, options),
              HasSubstr("\x1b[1;33m警告[E0202]\x1b[0m"));
  EXPECT_THAT(RenderShort(warning, sm_, options),
              HasSubstr("c:1:1: \x1b[1;33m警告[E0202]\x1b[0m: "));
  EXPECT_THAT(RenderText(sink_.diagnostics()[0], sm_, {}),
              Not(HasSubstr("\x1b")));
}

TEST_F(RenderTest, SeverityNames) {
  EXPECT_EQ(SeverityName(Severity::kError, Lang::kZh), "错误");
  EXPECT_EQ(SeverityName(Severity::kWarning, Lang::kZh), "警告");
  EXPECT_EQ(SeverityName(Severity::kNote, Lang::kZh), "注");
  EXPECT_EQ(SeverityName(Severity::kError, Lang::kEn), "error");
  EXPECT_EQ(SeverityName(Severity::kWarning, Lang::kEn), "warning");
  EXPECT_EQ(SeverityName(Severity::kNote, Lang::kEn), "note");
}

TEST_F(RenderTest, JsonCarriesBytesLinesAndCodePointColumns) {
  const FileId f = Add("policies/科技型中小企业.policy",
                       Pad(11) + std::string(kLine12) + "\n");
  const SourceRange r = Find(f, "注册资金");
  sink_.Report(DiagCode::kE0201, r, {{"name", "注册资金"}})
      .PrimaryLabel({"not a profile field", "企业画像中没有这个字段"})
      .Label(Find(f, "成立年限"), {"fine", "没问题"})
      .Note({"note en", "注 zh"})
      .Help({"help en", "帮助 zh"})
      .Fix(r, "注册资本", FixIt::Applicability::kMaybeIncorrect)
      .Emit();
  sink_.Report(DiagCode::kE0109, {}).Emit();
  RenderOptions options;
  options.lang = Lang::kEn;
  const nlohmann::json j =
      nlohmann::json::parse(RenderJson(sink_.diagnostics(), sm_, options));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  const nlohmann::json& d = j[0];
  EXPECT_EQ(d["code"], "E0201");
  EXPECT_EQ(d["severity"], "error");
  EXPECT_EQ(d["message"], "unknown profile field `注册资金`");
  EXPECT_EQ(d["message_en"], "unknown profile field `注册资金`");
  EXPECT_EQ(d["message_zh"], "未知的企业画像字段 `注册资金`");
  EXPECT_EQ(d["file"], "policies/科技型中小企业.policy");
  EXPECT_EQ(d["start"],
            (nlohmann::json{{"byte", r.begin}, {"line", 12}, {"column", 9}}));
  EXPECT_EQ(d["end"],
            (nlohmann::json{{"byte", r.end}, {"line", 12}, {"column", 13}}));
  ASSERT_EQ(d["labels"].size(), 2u);
  EXPECT_EQ(d["labels"][0]["primary"], true);
  EXPECT_EQ(d["labels"][0]["message"], "not a profile field");
  EXPECT_EQ(d["labels"][0]["message_zh"], "企业画像中没有这个字段");
  EXPECT_EQ(d["labels"][1]["primary"], false);
  EXPECT_EQ(d["labels"][1]["start"]["column"], 29);
  EXPECT_EQ(d["notes"][0]["message"], "note en");
  EXPECT_EQ(d["helps"][0]["message_zh"], "帮助 zh");
  ASSERT_EQ(d["fixits"].size(), 1u);
  EXPECT_EQ(d["fixits"][0]["replacement"], "注册资本");
  EXPECT_EQ(d["fixits"][0]["applicability"], "maybe-incorrect");
  EXPECT_EQ(d["fixits"][0]["start"]["byte"], r.begin);

  EXPECT_EQ(j[1]["code"], "E0109");
  EXPECT_TRUE(j[1]["file"].is_null());
  EXPECT_TRUE(j[1]["start"].is_null());
  EXPECT_EQ(j[1]["labels"], nlohmann::json::array());
}

TEST_F(RenderTest, JsonMessageFollowsLanguageAndSurvivesInvalidUtf8) {
  const FileId f = Add("bad\xFF.policy", "x\n");
  sink_.Report(DiagCode::kE0103, Find(f, "x"), {{"char", "\xC0"}}).Emit();
  const std::string out = RenderJson(sink_.diagnostics(), sm_, {});
  const nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(j[0]["file"], "bad\xEF\xBF\xBD.policy");
  EXPECT_EQ(j[0]["message"], "字符 \xEF\xBF\xBD 在这里无效");
  EXPECT_EQ(RenderJson({}, sm_, {}), "[]");
}

// The renderer must never crash or throw, whatever the bytes and ranges.
TEST_F(RenderTest, ArbitraryBytesAndRangesNeverCrash) {
  std::mt19937 rng(20240601);
  const std::string_view pieces[] = {"注",   "（",        "\t",   "\n", "\r",
                                     "\x07", "\xFF",      "\xE6", "a",  " ",
                                     "“",    "e\xCC\x81", "\x1b"};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 200);
    for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
    const FileId f = Add("fuzz", text);
    const auto size = static_cast<uint32_t>(sm_.file(f).text().size());
    auto pick = [&] { return static_cast<uint32_t>(rng() % (size + 10)); };
    Diagnostic d;
    d.code = DiagCodeAt(rng() % DiagCodeCount());
    d.primary = {f, pick(), pick()};
    d.primary_label = {"p", "主"};
    d.secondary.push_back({{f, pick(), pick()}, {"s", "次"}});
    d.secondary.push_back({{f, pick(), pick()}, {"", ""}});
    d.fixits.push_back({{f, pick(), pick()}, "修\n改"});
    d.fixits.push_back({{f, pick(), pick()}, ""});
    RenderOptions options;
    options.max_line_columns = static_cast<int>(rng() % 30);
    options.ambiguous_wide = rng() % 2 == 0;
    const std::string out = RenderText(d, sm_, options);
    EXPECT_THAT(out, HasSubstr("[" + std::string(CodeName(d.code)) + "]"));
    EXPECT_THAT(out, Not(HasSubstr("\x1b")));
    EXPECT_FALSE(RenderShort(d, sm_, options).empty());
    EXPECT_FALSE(
        nlohmann::json::parse(RenderJson({d}, sm_, options), nullptr, false)
            .is_discarded());
  }
}

}  // namespace
}  // namespace duixian
