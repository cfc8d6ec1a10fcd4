// report.html from a hand-written summary: well-formed (every tag closed in
// order), self-contained (nothing fetched, no scripts), showing the summary's
// figures, escaping its texts.
#include "engine/batch/screen_report.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

// Checks that the page's tags nest properly (void elements and `/>` aside),
// that `<` only starts tags and `&` only starts character references.
// Returns "" when well-formed, else what is wrong.
std::string CheckWellFormed(const std::string& html, std::vector<std::string>* seen) {
  static const std::vector<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"};
  std::vector<std::string> stack;
  bool in_style = false;
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '&') {
      size_t j = i + 1;
      if (j < html.size() && html[j] == '#') ++j;
      size_t start = j;
      while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
      if (j == start || j >= html.size() || html[j] != ';') return "bare & at " + std::to_string(i);
      i = j + 1;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (html.compare(i, 9, "<!DOCTYPE") == 0) {
      i = html.find('>', i) + 1;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    size_t name_start = j;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
    if (j == name_start) return "bare < at " + std::to_string(i);
    std::string name = html.substr(name_start, j - name_start);
    if (in_style && !(closing && name == "style")) return "< inside <style>";
    size_t end = html.find('>', j);
    if (end == std::string::npos) return "unterminated tag " + name;
    std::string attrs = html.substr(j, end - j);
    if (attrs.find('<') != std::string::npos) return "< inside tag " + name;
    bool self_closing = !attrs.empty() && attrs.back() == '/';
    i = end + 1;
    if (closing) {
      if (stack.empty() || stack.back() != name) {
        return "</" + name + "> closes " + (stack.empty() ? std::string("nothing") : "<" + stack.back() + ">");
      }
      stack.pop_back();
      if (name == "style") in_style = false;
      continue;
    }
    seen->push_back(name);
    if (self_closing || std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    stack.push_back(name);
    if (name == "style") in_style = true;
  }
  if (!stack.empty()) return "<" + stack.back() + "> never closed";
  return "";
}

int CountOf(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<int>(std::count(names.begin(), names.end(), name));
}

json SampleSummary() {
  return json::parse(R"({
    "format": "duixian.screen/1", "date": "2025-06-20", "policy_set": "ab12cd34",
    "inputs": 123456, "results": 123000, "errors": 456, "firms_with_eligible": 45678,
    "total_benefit": "9452026517.60", "total_benefit_assumed": "1500000.00", "benefit_unknown": 12,
    "policies": [
      {"id": "DG-GX-2025-01", "title": "高企 <认定> & 奖励", "department": "科技局",
       "eligible": 40321, "ineligible": 70000, "undetermined": 12679,
       "granted": 40000, "superseded": 321, "benefit_unknown": 12, "total_benefit": "9450526517.60",
       "assumed": [],
       "clauses": [{"label": "营收 >= 2000万", "kind": "condition", "stops": 65000, "alone": 9876},
                   {"label": "失信", "kind": "exception", "stops": 777, "alone": 55}]},
      {"id": "DG-SW-2025-02", "title": "外贸稳增长", "department": "商务局",
       "eligible": 5432, "ineligible": 117000, "undetermined": 568,
       "granted": 5432, "superseded": 0, "benefit_unknown": 0, "total_benefit": "1500000.00",
       "assumed": ["配套比例按 1:0.5 & 估算"],
       "clauses": [{"label": "进口额", "kind": "condition", "stops": 117000, "alone": 117000}]}
    ],
    "towns": [{"town": "麻涌镇", "firms": 100000, "with_eligible": 40000, "eligible": 42000,
               "total_benefit": "8000000000.00"},
              {"town": null, "firms": 23000, "with_eligible": 5678, "eligible": 3753,
               "total_benefit": "1452026517.60"}],
    "missing": [{"field": "rd_expense", "label": "研发费用", "year": 2024, "firms": 9000, "verdicts": 11000},
                {"field": "uscc", "label": "统一社会信用代码", "firms": 10, "verdicts": 10}]
  })");
}

TEST(ScreenReportTest, FormatsMoneyAndCounts) {
  EXPECT_EQ(FormatYuan("9452026517.60"), "9,452,026,517.60 元");
  EXPECT_EQ(FormatYuan("1500000.00"), "150 万元");
  EXPECT_EQ(FormatYuan("123450000.00"), "12,345 万元");
  EXPECT_EQ(FormatYuan("10000.00"), "1 万元");
  EXPECT_EQ(FormatYuan("5000.00"), "5,000.00 元");
  EXPECT_EQ(FormatYuan("0.00"), "0.00 元");
  EXPECT_EQ(FormatYuan("-1234.5"), "-1,234.50 元");
  EXPECT_EQ(FormatYuan("abc"), "abc");
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
}

TEST(ScreenReportTest, IsWellFormedAndSelfContained) {
  std::string html = RenderScreenReport(SampleSummary());
  std::vector<std::string> seen;
  EXPECT_EQ(CheckWellFormed(html, &seen), "");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  for (const char* tag : {"html", "head", "body", "style"}) EXPECT_EQ(CountOf(seen, tag), 1) << tag;
  EXPECT_THAT(html, HasSubstr("<title>政策免申即享预筛报告 2025-06-20</title>"));
  EXPECT_GE(CountOf(seen, "table"), 4);
  EXPECT_GE(CountOf(seen, "svg"), 2);
  for (const char* bad : {"http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "url("}) {
    EXPECT_THAT(html, Not(HasSubstr(bad))) << bad;
  }
  // Deterministic.
  EXPECT_EQ(html, RenderScreenReport(SampleSummary()));
}

TEST(ScreenReportTest, ShowsTheSummaryFigures) {
  std::string html = RenderScreenReport(SampleSummary());
  EXPECT_THAT(html, HasSubstr("2025-06-20"));
  EXPECT_THAT(html, HasSubstr("ab12cd34"));
  EXPECT_THAT(html, HasSubstr("123,456"));  // inputs
  EXPECT_THAT(html, HasSubstr("123,000"));  // results
  EXPECT_THAT(html, HasSubstr("456 个"));  // errors
  EXPECT_THAT(html, HasSubstr("45,678"));   // firms with an eligible verdict
  // Each policy's counts, in the table and on its bar.
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">40,321</td>"));
  EXPECT_THAT(html, HasSubstr(">40,321</text>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">5,432</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">12,679</td>"));
  // Clause funnel: stops and near misses.
  EXPECT_THAT(html, HasSubstr("65,000"));
  EXPECT_THAT(html, HasSubstr("9,876"));
  EXPECT_THAT(html, HasSubstr("除外情形"));
  // Money: the total, per policy, the assumed part; the assumed policy's badge and footnote.
  EXPECT_THAT(html, HasSubstr("9,452,026,517.60 元"));
  EXPECT_THAT(html, HasSubstr("9,450,526,517.60 元"));
  EXPECT_THAT(html, HasSubstr("150 万元"));
  EXPECT_THAT(html, HasSubstr("假定<sup>1</sup>"));
  EXPECT_THAT(html, HasSubstr("id=\"assumed-1\""));
  EXPECT_THAT(html, HasSubstr("配套比例按 1:0.5 &amp; 估算"));
  EXPECT_THAT(html, Not(HasSubstr("假定<sup>2</sup>")));
  // Towns, the missing town included.
  EXPECT_THAT(html, HasSubstr("麻涌镇"));
  EXPECT_THAT(html, HasSubstr("（镇街缺失）"));
  EXPECT_THAT(html, HasSubstr("800,000 万元"));
  // Missing fields.
  EXPECT_THAT(html, HasSubstr("研发费用（2024 年）"));
  EXPECT_THAT(html, HasSubstr("rd_expense[2024]"));
  EXPECT_THAT(html, HasSubstr("11,000"));
}

TEST(ScreenReportTest, EscapesTexts) {
  std::string html = RenderScreenReport(SampleSummary());
  EXPECT_THAT(html, HasSubstr("高企 &lt;认定&gt; &amp; 奖励"));
  EXPECT_THAT(html, Not(HasSubstr("<认定>")));
  EXPECT_THAT(html, HasSubstr("营收 &gt;= 2000万"));
  json hostile = SampleSummary();
  hostile["policies"][0]["title"] = "</td><script>alert(1)</script>";
  hostile["towns"][0]["town"] = "\"><svg onload=x>";
  hostile["date"] = "<b>";
  std::string h = RenderScreenReport(hostile);
  std::vector<std::string> seen;
  EXPECT_EQ(CheckWellFormed(h, &seen), "");
  EXPECT_THAT(h, Not(HasSubstr("<script")));
  EXPECT_THAT(h, Not(HasSubstr("<b>")));
}

TEST(ScreenReportTest, PoliciesNotInForceAreMarkedAndLeftOutOfTheBudget) {
  json s = SampleSummary();
  s["total_cash_benefit"] = "9452026517.60";
  s["total_tax_benefit"] = "0.00";
  s["total_cash_benefit_in_force"] = "9450526517.60";
  s["policies_not_in_force"] = 1;
  s["total_benefit_not_in_force"] = "1500000.00";
  s["policies"][0]["in_force"] = true;
  s["policies"][0]["effective"] = nullptr;
  s["policies"][1]["in_force"] = false;
  s["policies"][1]["effective"] = {{"start", "2013-01-01"}, {"end", "2013-12-31"}};
  std::string html = RenderScreenReport(s);
  std::vector<std::string> seen;
  EXPECT_EQ(CheckWellFormed(html, &seen), "");
  // The budget card and line show the in-force figure; the full cash total stays in the table.
  EXPECT_THAT(html, HasSubstr("财政奖补资金（预算，有效期内政策）"));
  EXPECT_THAT(html, HasSubstr("9,450,526,517.60 元"));
  EXPECT_THAT(html, HasSubstr("9,452,026,517.60 元"));
  EXPECT_THAT(html, HasSubstr("评估日不在有效期内的政策 1 项"));
  EXPECT_THAT(html, HasSubstr("150 万元</strong>，已筛查但不计入预算"));
  // The expired policy is marked wherever it is named (verdicts, funnel, benefits).
  EXPECT_THAT(html, HasSubstr("有效期 2013-01-01 至 2013-12-31，评估日 2025-06-20 不在其内"));
  size_t marks = 0;
  for (size_t at = html.find(">已失效<"); at != std::string::npos; at = html.find(">已失效<", at + 1)) ++marks;
  EXPECT_EQ(marks, 3u);
  EXPECT_THAT(html, Not(HasSubstr(">未生效<")));
  // A policy that starts after the date is 未生效.
  s["policies"][1]["effective"] = {{"start", "2025-07-01"}, {"end", "2027-12-31"}};
  EXPECT_THAT(RenderScreenReport(s), HasSubstr(">未生效<"));
  // Without the in-force figures (an older summary), the budget is all cash and nothing is marked.
  std::string plain = RenderScreenReport(SampleSummary());
  EXPECT_THAT(plain, Not(HasSubstr("badge off")));
  EXPECT_THAT(plain, Not(HasSubstr("不在有效期内的政策")));
}

TEST(ScreenReportTest, EmptyOrOddSummaryStillRenders) {
  for (const json& s : {json::object(), json::parse(R"({"policies": 3, "results": "x", "towns": [1]})"),
                        json::parse(R"({"results": 0, "policies": [{"id": "P", "clauses": []}]})")}) {
    std::string html = RenderScreenReport(s);
    std::vector<std::string> seen;
    EXPECT_EQ(CheckWellFormed(html, &seen), "") << s.dump();
    EXPECT_THAT(html, HasSubstr("</html>"));
  }
}

}  // namespace
}  // namespace duixian::engine
