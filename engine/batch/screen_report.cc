#include "engine/batch/screen_report.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/batch/report_html.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::json;

constexpr char kEligibleColor[] = "#2e7d32";
constexpr char kUndeterminedColor[] = "#f0a202";
constexpr char kIneligibleColor[] = "#b0b7bf";
constexpr char kStopColor[] = "#c0392b";
constexpr char kAloneColor[] = "#e67e22";
constexpr char kMoneyColor[] = "#1f5fa8";
constexpr char kMissingColor[] = "#7d5ba6";
constexpr size_t kMaxMissingRows = 30;


std::string Esc(const std::string& s) { return HtmlEscape(s); }

const json& Field(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

uint64_t Count(const json& j, const char* key) {
  const json& v = Field(j, key);
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer() && v.get<int64_t>() > 0) return static_cast<uint64_t>(v.get<int64_t>());
  return 0;
}

std::string Text(const json& j, const char* key) {
  const json& v = Field(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

const json& List(const json& j, const char* key) {
  static const json kEmpty = json::array();
  const json& v = Field(j, key);
  return v.is_array() ? v : kEmpty;
}

// For bar lengths only: never printed.
double AmountValue(const std::string& amount) { return std::strtod(amount.c_str(), nullptr); }

std::string Group(const std::string& digits) {
  std::string out;
  size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Num(uint64_t n) { return Esc(FormatCount(n)); }

std::string Yuan(const std::string& amount) { return Esc(FormatYuan(amount)); }

std::string MiniBar(double value, double max, const char* color, int width = 120) {
  return MiniBarSvg(value, max, color, width);
}

// Eligible / undetermined / ineligible as one horizontal stacked bar, the
// counts written on the segments that are wide enough.
std::string StackedBar(uint64_t eligible, uint64_t undetermined, uint64_t ineligible) {
  constexpr int kWidth = 360, kHeight = 20;
  const uint64_t counts[3] = {eligible, undetermined, ineligible};
  const char* colors[3] = {kEligibleColor, kUndeterminedColor, kIneligibleColor};
  const char* names[3] = {"符合", "待定", "不符合"};
  uint64_t total = eligible + undetermined + ineligible;
  std::string label = absl::StrCat("符合 ", FormatCount(eligible), "，待定 ", FormatCount(undetermined), "，不符合 ",
                                   FormatCount(ineligible));
  std::string out = absl::StrCat("<svg class=\"stack\" width=\"", kWidth, "\" height=\"", kHeight, "\" viewBox=\"0 0 ",
                                 kWidth, " ", kHeight, "\" role=\"img\" aria-label=\"", Esc(label), "\">");
  absl::StrAppend(&out, "<rect x=\"0\" y=\"0\" width=\"", kWidth, "\" height=\"", kHeight, "\" fill=\"#eef2f6\"/>");
  if (total > 0) {
    uint64_t cum = 0;
    int x0 = 0;
    for (int k = 0; k < 3; ++k) {
      cum += counts[k];
      int x1 = static_cast<int>((static_cast<double>(cum) / static_cast<double>(total)) * kWidth + 0.5);
      int w = x1 - x0;
      if (counts[k] > 0 && w > 0) {
        absl::StrAppend(&out, "<rect x=\"", x0, "\" y=\"0\" width=\"", w, "\" height=\"", kHeight, "\" fill=\"",
                        colors[k], "\"><title>", names[k], " ", Num(counts[k]), "</title></rect>");
        std::string text = FormatCount(counts[k]);
        if (w >= static_cast<int>(text.size()) * 7 + 6) {
          absl::StrAppend(&out, "<text x=\"", x0 + w / 2, "\" y=\"14\" text-anchor=\"middle\"",
                          k == 2 ? " style=\"fill:#222\"" : "", ">", Esc(text), "</text>");
        }
      }
      x0 = x1;
    }
  }
  out += "</svg>";
  return out;
}

std::string PolicyName(const json& p) {
  return absl::StrCat("<span class=\"pid\">", Esc(Text(p, "id")), "</span> ", Esc(Text(p, "title")));
}

const char* ClauseKindLabel(const std::string& kind) {
  if (kind == "condition") return "条件";
  if (kind == "exception") return "除外情形";
  if (kind == "requires") return "前置政策";
  return "";
}

void Card(std::string* out, const char* key, const std::string& value_html) { ReportCard(out, key, value_html); }

void Legend(std::string* out) {
  absl::StrAppend(out, "<p class=\"legend\"><span><i class=\"sw\" style=\"background:", kEligibleColor,
                  "\"></i>符合</span><span><i class=\"sw\" style=\"background:", kUndeterminedColor,
                  "\"></i>待定（数据缺失）</span><span><i class=\"sw\" style=\"background:", kIneligibleColor,
                  "\"></i>不符合</span></p>\n");
}

}  // namespace

std::string FormatCount(uint64_t n) { return Group(std::to_string(n)); }

std::string FormatYuan(const std::string& amount) {
  size_t i = 0;
  bool negative = !amount.empty() && amount[0] == '-';
  if (negative) i = 1;
  size_t int_begin = i;
  while (i < amount.size() && amount[i] >= '0' && amount[i] <= '9') ++i;
  std::string whole = amount.substr(int_begin, i - int_begin);
  std::string cents;
  if (i < amount.size() && amount[i] == '.') {
    ++i;
    size_t c_begin = i;
    while (i < amount.size() && amount[i] >= '0' && amount[i] <= '9') ++i;
    cents = amount.substr(c_begin, i - c_begin);
    if (cents.empty() || cents.size() > 2) return amount;
  }
  if (whole.empty() || i != amount.size()) return amount;
  while (cents.size() < 2) cents += '0';
  size_t nz = whole.find_first_not_of('0');
  whole = nz == std::string::npos ? "0" : whole.substr(nz);
  bool zero = whole == "0" && cents == "00";
  const char* sign = negative && !zero ? "-" : "";
  if (!zero && cents == "00" && whole.size() > 4 && whole.compare(whole.size() - 4, 4, "0000") == 0) {
    return absl::StrCat(sign, Group(whole.substr(0, whole.size() - 4)), " 万元");
  }
  return absl::StrCat(sign, Group(whole), ".", cents, " 元");
}

std::string RenderScreenReport(const json& summary) {
  const json& policies = List(summary, "policies");
  const json& towns = List(summary, "towns");
  const json& missing = List(summary, "missing");
  const uint64_t results = Count(summary, "results");
  const std::string date = Text(summary, "date");
  const std::string total_benefit = Text(summary, "total_benefit");

  // Footnote numbers of the policies with assumed figures, in policy order.
  std::vector<int> footnote(policies.size(), 0);
  int footnotes = 0;
  for (size_t i = 0; i < policies.size(); ++i) {
    if (!List(policies[i], "assumed").empty()) footnote[i] = ++footnotes;
  }
  // A policy not in force on the screening date is marked 未生效 (not yet)
  // or 已失效 (expired) wherever it is named; ISO dates compare as text.
  auto period_badge = [&](const json& p) -> std::string {
    const json& effective = Field(p, "effective");
    if (Field(p, "in_force") != false || !effective.is_object()) return "";
    const std::string start = Text(effective, "start"), end = Text(effective, "end");
    return absl::StrCat(" <span class=\"badge off\" title=\"有效期 ", Esc(start), " 至 ", Esc(end), "，评估日 ", Esc(date),
                        " 不在其内，金额不计入预算\">", date < start ? "未生效" : "已失效", "</span>");
  };
  auto assumed_badge = [&](size_t i) -> std::string {
    std::string badges = period_badge(policies[i]);
    if (footnote[i] == 0) return badges;
    return absl::StrCat(badges, " <a class=\"badge\" href=\"#assumed-", footnote[i], "\" title=\"含假定数字，见注 ",
                        footnote[i], "\">假定<sup>", footnote[i], "</sup></a>");
  };
  // The budget: cash benefits of the policies in force on the date (a
  // summary written before that figure existed falls back to all cash).
  const std::string budget = Field(summary, "total_cash_benefit_in_force").is_string()
                                 ? Text(summary, "total_cash_benefit_in_force")
                                 : Text(summary, "total_cash_benefit");
  const uint64_t not_in_force = Count(summary, "policies_not_in_force");

  std::string out;
  out.reserve(16384 + policies.size() * 4096);
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>政策免申即享预筛报告 ",
                  Esc(date), "</title>\n<style>", ReportStyle(), "</style>\n</head>\n<body>\n");

  // Header.
  absl::StrAppend(&out, "<header>\n<h1>政策免申即享预筛报告</h1>\n<p class=\"meta\">评估日期：", Esc(date),
                  "　政策数：", Num(policies.size()), "　政策集摘要：<code>", Esc(Text(summary, "policy_set")),
                  "</code></p>\n<div class=\"cards\">\n");
  Card(&out, "输入", absl::StrCat(Num(Count(summary, "inputs")), " 户"));
  Card(&out, "已判定", absl::StrCat(Num(results), " 户"));
  Card(&out, "输入有误（见 errors.jsonl）", absl::StrCat(Num(Count(summary, "errors")), " 个"));
  Card(&out, "至少符合一项政策", absl::StrCat(Num(Count(summary, "firms_with_eligible")), " 户"));
  Card(&out, not_in_force > 0 ? "财政奖补资金（预算，有效期内政策）" : "财政奖补资金（预算）", Yuan(budget));
  Card(&out, "税收优惠额（减免，不占预算）", Yuan(Text(summary, "total_tax_benefit")));
  out += "</div>\n</header>\n";

  // (a) Verdicts per policy.
  out += "<section id=\"verdicts\">\n<h2>一、各政策判定结果</h2>\n";
  Legend(&out);
  out +=
      "<table>\n<thead><tr><th>政策</th><th>主管部门</th><th>判定分布</th><th>符合</th><th>待定</th><th>不符合</th>"
      "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < policies.size(); ++i) {
    const json& p = policies[i];
    uint64_t e = Count(p, "eligible"), u = Count(p, "undetermined"), n = Count(p, "ineligible");
    absl::StrAppend(&out, "<tr><td>", PolicyName(p), assumed_badge(i), "</td><td>", Esc(Text(p, "department")),
                    "</td><td>", StackedBar(e, u, n), "</td><td class=\"n\">", Num(e), "</td><td class=\"n\">",
                    Num(u), "</td><td class=\"n\">", Num(n), "</td></tr>\n");
  }
  out += "</tbody>\n</table>\n</section>\n";

  // (b) Clause funnel per policy.
  absl::StrAppend(&out,
                  "<section id=\"funnel\">\n<h2>二、条款漏斗</h2>\n<p class=\"note\">“排除企业”：因该条款不满足"
                  "（除外情形则为命中）而不符合的企业数，一户企业可被多条条款排除；“仅差此条”：只因该条款而不符合的"
                  "企业数，即差一条就符合的企业，可重点联系。条形长度以已判定企业数（",
                  Num(results), " 户）为满格。</p>\n");
  for (size_t i = 0; i < policies.size(); ++i) {
    const json& p = policies[i];
    const json& clauses = List(p, "clauses");
    absl::StrAppend(&out, "<h3>", PolicyName(p), assumed_badge(i), "</h3>\n<p class=\"note\">符合 ",
                    Num(Count(p, "eligible")), " 户，待定 ", Num(Count(p, "undetermined")), " 户，不符合 ",
                    Num(Count(p, "ineligible")), " 户</p>\n");
    if (clauses.empty()) {
      out += "<p class=\"note\">（本政策无条款）</p>\n";
      continue;
    }
    out +=
        "<table>\n<thead><tr><th>条款</th><th>类型</th><th colspan=\"2\">排除企业</th>"
        "<th colspan=\"2\">仅差此条</th></tr></thead>\n<tbody>\n";
    for (const json& c : clauses) {
      uint64_t stops = Count(c, "stops"), alone = Count(c, "alone");
      absl::StrAppend(&out, "<tr><td>", Esc(Text(c, "label")), "</td><td>", ClauseKindLabel(Text(c, "kind")),
                      "</td><td class=\"n\">", Num(stops), "</td><td>",
                      MiniBar(static_cast<double>(stops), static_cast<double>(results), kStopColor),
                      "</td><td class=\"n\">", Num(alone), "</td><td>",
                      MiniBar(static_cast<double>(alone), static_cast<double>(results), kAloneColor), "</td></tr>\n");
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  // (c) Towns.
  out +=
      "<section id=\"towns\">\n<h2>三、分镇街统计</h2>\n<table>\n<thead><tr><th>镇街</th><th>企业数</th>"
      "<th>至少符合一项政策</th><th>符合项次</th><th>奖励合计</th></tr></thead>\n<tbody>\n";
  uint64_t town_eligible = 0;
  for (const json& t : towns) {
    const json& name = Field(t, "town");
    town_eligible += Count(t, "eligible");
    absl::StrAppend(&out, "<tr><td>", name.is_string() ? Esc(name.get<std::string>()) : "（镇街缺失）",
                    "</td><td class=\"n\">", Num(Count(t, "firms")), "</td><td class=\"n\">",
                    Num(Count(t, "with_eligible")), "</td><td class=\"n\">", Num(Count(t, "eligible")),
                    "</td><td class=\"n\">", Yuan(Text(t, "total_benefit")), "</td></tr>\n");
  }
  absl::StrAppend(&out, "<tr class=\"total\"><td>合计</td><td class=\"n\">", Num(results), "</td><td class=\"n\">",
                  Num(Count(summary, "firms_with_eligible")), "</td><td class=\"n\">", Num(town_eligible),
                  "</td><td class=\"n\">", Yuan(total_benefit), "</td></tr>\n</tbody>\n</table>\n</section>\n");

  // (d) Benefits.
  double max_benefit = 0;
  for (const json& p : policies) max_benefit = std::max(max_benefit, AmountValue(Text(p, "total_benefit")));
  out +=
      "<section id=\"benefit\">\n<h2>四、奖励资金测算</h2>\n<p class=\"note\">按获享判定（符合且未因择一被"
      "替代）逐户计算的金额之和，精确到分。财政奖补资金是财政需安排的预算；税收优惠（标签“税收优惠”的政策）"
      "是减免额或加计扣除额，由税务部门少征，不占财政预算，单独列示。</p>\n<table>\n<thead><tr><th>政策</th>"
      "<th>主管部门</th><th>类型</th><th>获享</th><th>择一未取</th><th>金额无法计算</th><th colspan=\"2\">奖励合计</th></tr>"
      "</thead>\n<tbody>\n";
  for (size_t i = 0; i < policies.size(); ++i) {
    const json& p = policies[i];
    std::string amount = Text(p, "total_benefit");
    const char* kind = Text(p, "benefit_kind") == "tax" ? "税收优惠" : "财政资金";
    absl::StrAppend(&out, "<tr><td>", PolicyName(p), assumed_badge(i), "</td><td>", Esc(Text(p, "department")),
                    "</td><td>", kind, "</td><td class=\"n\">", Num(Count(p, "granted")), "</td><td class=\"n\">",
                    Num(Count(p, "superseded")), "</td><td class=\"n\">", Num(Count(p, "benefit_unknown")),
                    "</td><td class=\"n\">", Yuan(amount), "</td><td>",
                    MiniBar(AmountValue(amount), max_benefit, kMoneyColor, 160), "</td></tr>\n");
  }
  absl::StrAppend(&out, "<tr class=\"total\"><td colspan=\"6\">财政奖补资金合计</td><td class=\"n\">",
                  Yuan(Text(summary, "total_cash_benefit")), "</td><td></td></tr>\n",
                  "<tr class=\"total\"><td colspan=\"6\">税收优惠合计（不占预算）</td><td class=\"n\">",
                  Yuan(Text(summary, "total_tax_benefit")), "</td><td></td></tr>\n",
                  "<tr class=\"total\"><td colspan=\"6\">合计</td><td class=\"n\">", Yuan(total_benefit),
                  "</td><td></td></tr>\n</tbody>\n</table>\n<p>预算（评估日在有效期内的政策的财政奖补资金）：<strong>",
                  Yuan(budget), "</strong>。");
  if (not_in_force > 0) {
    absl::StrAppend(&out, "评估日不在有效期内的政策 ", Num(not_in_force), " 项（标“未生效”或“已失效”）合计 <strong>",
                    Yuan(Text(summary, "total_benefit_not_in_force")), "</strong>，已筛查但不计入预算。");
  }
  absl::StrAppend(&out, "</p>\n<p>其中含假定数字的政策合计：<strong>",
                  Yuan(Text(summary, "total_benefit_assumed")), "</strong>。金额无法计算的获享判定 ",
                  Num(Count(summary, "benefit_unknown")), " 项，未计入合计。</p>\n");
  if (footnotes > 0) {
    out += "<h3>假定说明</h3>\n<ol class=\"note\">\n";
    for (size_t i = 0; i < policies.size(); ++i) {
      if (footnote[i] == 0) continue;
      absl::StrAppend(&out, "<li id=\"assumed-", footnote[i], "\">", PolicyName(policies[i]), "\n<ul>\n");
      for (const json& a : List(policies[i], "assumed")) {
        absl::StrAppend(&out, "<li>", a.is_string() ? Esc(a.get<std::string>()) : "", "</li>\n");
      }
      out += "</ul>\n</li>\n";
    }
    out += "</ol>\n";
  }
  out += "</section>\n";

  // (e) Missing fields.
  out += "<section id=\"missing\">\n<h2>五、导致“待定”最多的缺失数据</h2>\n";
  if (missing.empty()) {
    out += "<p class=\"note\">没有因数据缺失而待定的判定。</p>\n";
  } else {
    uint64_t max_firms = 0;
    for (const json& m : missing) max_firms = std::max(max_firms, Count(m, "firms"));
    size_t rows = std::min(missing.size(), kMaxMissingRows);
    absl::StrAppend(&out, "<p class=\"note\">“企业数”：有判定因缺少该数据而待定的企业数；“待定项次”：因此待定的"
                    "企业×政策判定数。",
                    missing.size() > rows ? absl::StrCat("共 ", Num(missing.size()), " 项，列出前 ", rows, " 项。")
                                          : std::string(),
                    "</p>\n<table>\n<thead><tr><th>数据项</th><th>字段</th><th colspan=\"2\">企业数</th>"
                    "<th>待定项次</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rows; ++i) {
      const json& m = missing[i];
      const json& year = Field(m, "year");
      std::string label = Text(m, "label");
      std::string field = Text(m, "field");
      if (label.empty()) label = field;
      std::string year_text = year.is_number_integer() ? std::to_string(year.get<int64_t>()) : std::string();
      absl::StrAppend(&out, "<tr><td>", Esc(label), year_text.empty() ? "" : absl::StrCat("（", year_text, " 年）"),
                      "</td><td><code>", Esc(field), year_text.empty() ? "" : absl::StrCat("[", year_text, "]"),
                      "</code></td><td class=\"n\">", Num(Count(m, "firms")), "</td><td>",
                      MiniBar(static_cast<double>(Count(m, "firms")), static_cast<double>(max_firms), kMissingColor),
                      "</td><td class=\"n\">", Num(Count(m, "verdicts")), "</td></tr>\n");
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  absl::StrAppend(&out, "<footer>由 duixian screen 生成（duixian.screen/1）。所有数字取自同目录的 summary.json；"
                  "逐户结果见 results.jsonl 与 matrix.csv。</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace duixian::engine
