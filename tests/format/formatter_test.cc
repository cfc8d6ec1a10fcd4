// The layout rules of `duixian fmt` on small inputs: each test gives a messy
// file and the one canonical form, and checks formatting that form again
// changes nothing.
#include "dsl/format/formatter.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "dsl/parse/tokens.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace duixian {
namespace {

std::string Format(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  absl::StatusOr<std::string> out = dsl::FormatSource("t.policy", text, sources, sink);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : "";
}

// Formats `messy`, expects `canonical`, and expects the canonical form to be
// a fixed point.
void ExpectFormat(const std::string& messy, const std::string& canonical) {
  EXPECT_EQ(Format(messy), canonical);
  EXPECT_EQ(Format(canonical), canonical) << "not idempotent";
}

TEST(FormatterTest, PolicyItemsSpacingAndAlignment) {
  ExpectFormat(
      "import   common\n"
      "policy DG-X-2025-01 \"标题\"{\n"
      "department \"部门名\"\n"
      "    basis \"依据\"\n"
      "  window 2025-06-16..2025-07-18\n"
      "  reference year 2024\n"
      "  tags 上规,工业\n"
      "  clause 注册 \"在莞注册\": 在莞注册 且 工业企业\n"
      "  clause 营收\"营收\":\n"
      "        营业收入[ ref ] >= 2000万元 且 营业收入[ref - 1] > 0元\n"
      "  benefit \"奖励\":   min( 营业收入[ref]*10% , 50万元 )\n"
      "  test \"t\" { given {注册地: \"东莞市\",\n"
      "      营业收入: {2024: 3000万元}} expect eligible , benefit 50万元 }\n"
      "}\n",
      "import common\n"
      "policy DG-X-2025-01 \"标题\" {\n"
      "  department \"部门名\"\n"
      "  basis      \"依据\"\n"
      "  window     2025-06-16 .. 2025-07-18\n"
      "  reference  year 2024\n"
      "  tags       上规, 工业\n"
      "  clause 注册 \"在莞注册\":\n"
      "      在莞注册 且 工业企业\n"
      "  clause 营收 \"营收\":\n"
      "      营业收入[ref] >= 2000万元 且 营业收入[ref-1] > 0元\n"
      "  benefit \"奖励\":\n"
      "      min(营业收入[ref] * 10%, 50万元)\n"
      "  test \"t\" {\n"
      "    given { 注册地: \"东莞市\",\n"
      "            营业收入: {2024: 3000万元} }\n"
      "    expect eligible, benefit 50万元\n"
      "  }\n"
      "}\n");
}

TEST(FormatterTest, ChineseKeywordsStayChineseAndAlignByDisplayWidth) {
  ExpectFormat(
      "政策 DG-X-2025-02 \"标题\" {\n"
      "  部门 \"部门名\"\n"
      "  有效期 2025-01-01 .. 2025-12-31\n"
      "  条件 信用 \"未失信\" ： 非 严重失信\n"
      "}\n",
      "政策 DG-X-2025-02 \"标题\" {\n"
      "  部门   \"部门名\"\n"
      "  有效期 2025-01-01 .. 2025-12-31\n"
      "  条件 信用 \"未失信\":\n"
      "      非 严重失信\n"
      "}\n");
}

TEST(FormatterTest, CommentsStayWhereTheyWere) {
  ExpectFormat(
      "# 文件头注释\n"
      "\n"
      "\n"
      "import common   # 通用条件\n"
      "// 政策\n"
      "policy DG-X-2025-03 \"t\" {   # 块注释\n"
      "\n"
      "  department \"d\" # 部门\n"
      "  basis \"b\"      # 依据\n"
      "\n"
      "    # 条件\n"
      "  clause 甲 \"x\":\n"
      "      非 严重失信   # 行尾\n"
      "      # 条件之后\n"
      "}\n"
      "# 文件尾\n",
      "# 文件头注释\n"
      "\n"
      "import common  # 通用条件\n"
      "// 政策\n"
      "policy DG-X-2025-03 \"t\" {  # 块注释\n"
      "  department \"d\"  # 部门\n"
      "  basis      \"b\"  # 依据\n"
      "\n"
      "  # 条件\n"
      "  clause 甲 \"x\":\n"
      "      非 严重失信  # 行尾\n"
      "  # 条件之后\n"
      "}\n"
      "# 文件尾\n");
}

TEST(FormatterTest, CommentInsideAHeaderBreaksTheLineButKeepsTheTokens) {
  std::string out = Format(
      "define 甲 # 说明见下\n"
      "  \"x\": 非 严重失信\n");
  EXPECT_EQ(out,
            "define 甲  # 说明见下\n"
            "    \"x\":\n"
            "    非 严重失信\n");
  EXPECT_EQ(Format(out), out);
}

TEST(FormatterTest, FullWidthPunctuationBecomesAsciiOutsideStrings) {
  ExpectFormat(
      "define 甲 “在莞（东莞），注册”：（在莞注册 且 营业收入［ref］ ＞＝ ２０００万元）\n"
      "define 乙 \"保留，（全角）：\"： 行业代码 属于 ｛\"C\"，\"D\"｝；\n"
      "define 丙 “含\"引号\\”: 研发费用[ref] / 营业收入[ref] >= 3％\n",
      "define 甲 \"在莞（东莞），注册\":\n"
      "    (在莞注册 且 营业收入[ref] >= 2000万元)\n"
      "define 乙 \"保留，（全角）：\":\n"
      "    行业代码 属于 {\"C\", \"D\"};\n"
      "define 丙 \"含\\\"引号\\\\\":\n"
      "    研发费用[ref] / 营业收入[ref] >= 3%\n");
}

TEST(FormatterTest, ExpressionLineBreaksAreKeptAndIndented) {
  ExpectFormat(
      "define 甲 \"x\":\n"
      "  营业收入[ref] >= 2000万元\n"
      "           或 (研发费用[ref] >= 300万元\n"
      " 且 非 严重失信)\n"
      "define 乙 \"y\":\n"
      "    min(\n"
      "  营业收入[ref] * 10%,\n"
      "  50万元\n"
      "            )\n",
      "define 甲 \"x\":\n"
      "    营业收入[ref] >= 2000万元\n"
      "    或 (研发费用[ref] >= 300万元\n"
      "        且 非 严重失信)\n"
      "define 乙 \"y\":\n"
      "    min(\n"
      "        营业收入[ref] * 10%,\n"
      "        50万元\n"
      "    )\n");
}

TEST(FormatterTest, OperatorsSignsAndPostfixBoundaries) {
  ExpectFormat(
      "define 甲 \"x\": 营业收入[ref]2000万元以上 且 成立年限 不满3年\n"
      "define 乙 \"y\": - 5万元 + 营业收入 [ref-1] * -1 - ( -2元 )\n"
      "define 丙 \"z\": 镇街 not in {\"松山湖\" , \"麻涌镇\"}且 window . start <= today\n"
      "define 丁 \"w\": count( 行政处罚 where 处罚日期 在 今日 前 2年 以内 ) == 0\n"
      "define 戊 \"v\": 镇街 属于 {\"甲\"、 \"乙\"}\n",
      "define 甲 \"x\":\n"
      "    营业收入[ref] 2000万元以上 且 成立年限 不满 3年\n"
      "define 乙 \"y\":\n"
      "    -5万元 + 营业收入[ref-1] * -1 - (-2元)\n"
      "define 丙 \"z\":\n"
      "    镇街 not in {\"松山湖\", \"麻涌镇\"} 且 window.start <= today\n"
      "define 丁 \"w\":\n"
      "    count(行政处罚 where 处罚日期 在 今日 前 2年以内) == 0\n"
      "define 戊 \"v\":\n"
      "    镇街 属于 {\"甲\"、\"乙\"}\n");
}

TEST(FormatterTest, TiersAndRequires) {
  ExpectFormat(
      "policy DG-X-2025-04 \"t\" {\n"
      "  department \"d\"\n"
      "  requires eligible(DG-X-2025-03)   或 received( DG-X-2025-03 , year 2024)\n"
      "  requires 挂牌 \"已挂牌\": eligible(DG-X-2025-03)\n"
      "  clause 甲 \"x\": 非 严重失信\n"
      "  benefit \"b\": tiers { when 营业收入[ref] >= 10亿元: 100万元  when 营业收入[ref] >= 5亿元 :50万元\n"
      "  else : 20万元 }\n"
      "}\n",
      "policy DG-X-2025-04 \"t\" {\n"
      "  department \"d\"\n"
      "  requires eligible(DG-X-2025-03) 或 received(DG-X-2025-03, year 2024)\n"
      "  requires 挂牌 \"已挂牌\":\n"
      "      eligible(DG-X-2025-03)\n"
      "  clause 甲 \"x\":\n"
      "      非 严重失信\n"
      "  benefit \"b\":\n"
      "      tiers {\n"
      "        when 营业收入[ref] >= 10亿元: 100万元\n"
      "        when 营业收入[ref] >= 5亿元: 50万元\n"
      "        else: 20万元\n"
      "      }\n"
      "}\n");
}

TEST(FormatterTest, TestBlocks) {
  ExpectFormat(
      "policy DG-X-2025-05 \"t\" {\n"
      "  department \"d\"\n"
      "  clause 甲 \"x\": 非 严重失信\n"
      "  test \"空\" { given {} on 2025-06-20 expect ineligible because 甲 }\n"
      "  test \"列表\" {\n"
      "    given {\n"
      "      行政处罚: [ {罚款金额: 5万元, 处罚日期: 2024-03-01} ],\n"
      "      已获资助: []\n"
      "    }\n"
      "    expect undetermined missing 营业收入 [2024] , 严重失信\n"
      "  }\n"
      "}\n",
      "policy DG-X-2025-05 \"t\" {\n"
      "  department \"d\"\n"
      "  clause 甲 \"x\":\n"
      "      非 严重失信\n"
      "  test \"空\" {\n"
      "    given {}\n"
      "    on 2025-06-20\n"
      "    expect ineligible because 甲\n"
      "  }\n"
      "  test \"列表\" {\n"
      "    given {\n"
      "      行政处罚: [{罚款金额: 5万元, 处罚日期: 2024-03-01}],\n"
      "      已获资助: []\n"
      "    }\n"
      "    expect undetermined missing 营业收入[2024], 严重失信\n"
      "  }\n"
      "}\n");
}

TEST(FormatterTest, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(Format(""), "");
  EXPECT_EQ(Format("\n\n"), "");
  ExpectFormat("  # 只有注释   \n\n\n// 第二条\n", "# 只有注释\n\n// 第二条\n");
}

TEST(FormatterTest, SyntaxErrorsLeaveTheFileAloneAndSayWhy) {
  SourceManager sources;
  DiagnosticSink sink;
  absl::StatusOr<std::string> out =
      dsl::FormatSource("bad.policy", "define 甲 \"x\": (非 严重失信\n", sources, sink);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(sink.has_errors());
}

TEST(FormatterTest, FullWidthQuoteAndNumberSignAreTheAuthorsCall) {
  // ＂ and ＃ would turn the rest of the line into text or a comment.
  SourceManager sources;
  DiagnosticSink sink;
  absl::StatusOr<std::string> out =
      dsl::FormatSource("bad.policy", "define 甲 \"x\": 非 严重失信 ＃ 注释\n", sources, sink);
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(sink.has_errors());
}

TEST(FormatterTest, InvalidUtf8IsASyntaxError) {
  SourceManager sources;
  DiagnosticSink sink;
  absl::StatusOr<std::string> out =
      dsl::FormatSource("bad.policy", "define 甲 \"\xff\": 是\n", sources, sink);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(sink.diagnostics()[0].code, DiagCode::kE0103);
}

// Every catalog file with its whitespace scrambled (runs replaced by spaces,
// tabs, line breaks and blank lines at random): formatting succeeds (so the
// token check inside it passed), and the result is a fixed point.
TEST(FormatterTest, ScrambledCatalogFilesFormatToAFixedPoint) {
  namespace fs = std::filesystem;
  std::mt19937 rng(20250611);
  const char* kRuns[] = {" ", "  ", "\t", "\n", "\n\n\n  ", " \n    "};
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(DX_SOURCE_DIR) / "policies")) {
    if (entry.path().extension() != ".policy" || files++ % 3 != 0) continue;
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    std::string scrambled;
    bool after_comment = false;
    for (const dsl::Token& t : dsl::LexTokens(text)) {
      if (t.kind == dsl::TokenKind::WS) {
        std::string run = kRuns[rng() % 6];
        if (after_comment && run.find('\n') == std::string::npos) run += "\n";
        scrambled += run;
      } else {
        scrambled += text.substr(t.begin, t.end - t.begin);
      }
      after_comment = t.kind == dsl::TokenKind::LINE_COMMENT;
    }
    std::string once = Format(scrambled);
    ASSERT_FALSE(once.empty());
    EXPECT_EQ(Format(once), once);
  }
  EXPECT_GE(files, 60);
}

}  // namespace
}  // namespace duixian
