#include "engine/batch/diff_report.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "engine/batch/report_html.h"
#include "engine/batch/screen_report.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::json;

constexpr char kGainColor[] = "#2e7d32";
constexpr char kLossColor[] = "#c0392b";

std::string Esc(const std::string& s) { return HtmlEscape(s); }

uint64_t Count(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return 0;
  const json& v = j[key];
  return v.is_number_unsigned() ? v.get<uint64_t>() : 0;
}

std::string Text(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

const json& List(const json& j, const char* key) {
  static const json kEmpty = json::array();
  if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return kEmpty;
  return j[key];
}

std::string Num(uint64_t n) { return Esc(FormatCount(n)); }

// Losses to the left of the centre line, gains to the right.
std::string DivergingBar(uint64_t lost, uint64_t gained, uint64_t max) {
  constexpr int kHalf = 110, kHeight = 14;
  auto len = [&](uint64_t v) {
    return max > 0 && v > 0 ? std::max(1, static_cast<int>(static_cast<double>(v) / max * kHalf + 0.5)) : 0;
  };
  int l = len(lost), g = len(gained);
  return absl::StrCat("<svg width=\"", 2 * kHalf + 2, "\" height=\"", kHeight, "\" viewBox=\"0 0 ", 2 * kHalf + 2, " ",
                      kHeight, "\" role=\"img\" aria-label=\"不再符合 ", Num(lost), "，新增符合 ", Num(gained),
                      "\"><rect x=\"0\" y=\"0\" width=\"", 2 * kHalf + 2, "\" height=\"", kHeight,
                      "\" fill=\"#eef2f6\"/><rect x=\"", kHalf + 1 - l, "\" y=\"0\" width=\"", l, "\" height=\"",
                      kHeight, "\" fill=\"", kLossColor, "\"/><rect x=\"", kHalf + 1, "\" y=\"0\" width=\"", g,
                      "\" height=\"", kHeight, "\" fill=\"", kGainColor, "\"/><rect x=\"", kHalf, "\" y=\"0\" width=\"2\" height=\"",
                      kHeight, "\" fill=\"#555\"/></svg>");
}

void GroupTable(std::string* out, const json& rows, const char* key_header, bool industry) {
  uint64_t max = 1;
  for (const json& r : rows) max = std::max({max, Count(r, "gained"), Count(r, "lost")});
  absl::StrAppend(out, "<table>\n<thead><tr><th>", key_header,
                  "</th><th>企业数</th><th>不再符合 ◀ ▶ 新增符合</th><th>新增符合（项次）</th><th>不再符合（项次）</th>"
                  "<th>有新增的企业</th><th>有减少的企业</th><th>奖励（前）</th><th>奖励（后）</th><th>变化</th></tr></thead>\n<tbody>\n");
  for (const json& r : rows) {
    std::string name;
    if (industry) {
      std::string s = Text(r, "section");
      name = s.empty() ? Esc(Text(r, "name")) : absl::StrCat(Esc(s), " ", Esc(Text(r, "name")));
    } else {
      std::string t = Text(r, "town");
      name = t.empty() ? "（镇街缺失）" : Esc(t);
    }
    absl::StrAppend(out, "<tr><td>", name, "</td><td class=\"n\">", Num(Count(r, "firms")), "</td><td>",
                    DivergingBar(Count(r, "lost"), Count(r, "gained"), max), "</td><td class=\"n\">",
                    Num(Count(r, "gained")), "</td><td class=\"n\">", Num(Count(r, "lost")), "</td><td class=\"n\">",
                    Num(Count(r, "firms_gaining")), "</td><td class=\"n\">", Num(Count(r, "firms_losing")),
                    "</td><td class=\"n\">", Esc(FormatYuan(Text(r, "benefit_before"))), "</td><td class=\"n\">",
                    Esc(FormatYuan(Text(r, "benefit_after"))), "</td><td class=\"n\">",
                    Esc(FormatSignedYuan(Text(r, "benefit_change"))), "</td></tr>\n");
  }
  *out += "</tbody>\n</table>\n";
}

}  // namespace

std::string FormatSignedYuan(const std::string& amount) {
  if (amount.empty()) return amount;
  if (amount[0] == '-') return "-" + FormatYuan(amount.substr(1));
  bool zero = amount.find_first_not_of("0.") == std::string::npos;
  return (zero ? "" : "+") + FormatYuan(amount);
}

std::string RenderDiffReport(const json& diff) {
  const json& policies = List(diff, "policies");
  std::string out;
  const std::string date = Text(diff, "date");
  const json before = diff.is_object() && diff.contains("before") ? diff["before"] : json::object();
  const json after = diff.is_object() && diff.contains("after") ? diff["after"] : json::object();
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>政策调整影响分析 ",
                  Esc(date), "</title>\n<style>", ReportStyle(), "</style>\n</head>\n<body>\n");
  absl::StrAppend(&out, "<header>\n<h1>政策调整影响分析</h1>\n<p class=\"meta\">评估日期：", Esc(date),
                  "<br>调整前：", Esc(Text(before, "policies")), " <code>", Esc(Text(before, "policy_set")),
                  "</code><br>调整后：", Esc(Text(after, "policies")), " <code>", Esc(Text(after, "policy_set")),
                  "</code></p>\n<div class=\"cards\">\n");
  ReportCard(&out, "已判定企业", absl::StrCat(Num(Count(diff, "results")), " 户"));
  ReportCard(&out, "结果有变化", absl::StrCat(Num(Count(diff, "firms_changed")), " 户"));
  ReportCard(&out, "新增符合至少一项", absl::StrCat(Num(Count(diff, "firms_gaining")), " 户"));
  ReportCard(&out, "不再符合至少一项", absl::StrCat(Num(Count(diff, "firms_losing")), " 户"));
  ReportCard(&out, "奖励合计（前）", Esc(FormatYuan(Text(diff, "total_benefit_before"))));
  ReportCard(&out, "奖励合计（后）", Esc(FormatYuan(Text(diff, "total_benefit_after"))));
  ReportCard(&out, "变化", Esc(FormatSignedYuan(Text(diff, "total_benefit_change"))));
  out += "</div>\n</header>\n";

  // Per policy: only the ones that changed, the rest counted.
  uint64_t max = 1;
  size_t unchanged = 0;
  for (const json& p : policies) max = std::max({max, Count(p, "gained"), Count(p, "lost")});
  out += "<section id=\"policies\">\n<h2>一、各政策符合企业与奖励的变化</h2>\n"
         "<p class=\"legend\"><span><i class=\"sw\" style=\"background:#c0392b\"></i>不再符合</span>"
         "<span><i class=\"sw\" style=\"background:#2e7d32\"></i>新增符合</span></p>\n"
         "<table>\n<thead><tr><th>政策</th><th>版本</th><th>不再符合 ◀ ▶ 新增符合</th><th>符合（前）</th><th>符合（后）</th>"
         "<th>新增符合</th><th>不再符合</th><th>奖励（前）</th><th>奖励（后）</th><th>变化</th></tr></thead>\n<tbody>\n";
  for (const json& p : policies) {
    std::string in = Text(p, "in");
    bool same = in == "both" && Text(p, "benefit_before") == Text(p, "benefit_after") &&
                (!p.contains("transitions") || p["transitions"].empty());
    if (same) {
      ++unchanged;
      continue;
    }
    const char* version = in == "after" ? "新增政策" : in == "before" ? "已删除" : "调整";
    absl::StrAppend(&out, "<tr><td><span class=\"pid\">", Esc(Text(p, "id")), "</span> ", Esc(Text(p, "title")),
                    "</td><td>", version, "</td><td>", DivergingBar(Count(p, "lost"), Count(p, "gained"), max),
                    "</td><td class=\"n\">", Num(Count(p, "eligible_before")), "</td><td class=\"n\">",
                    Num(Count(p, "eligible_after")), "</td><td class=\"n\">", Num(Count(p, "gained")),
                    "</td><td class=\"n\">", Num(Count(p, "lost")), "</td><td class=\"n\">",
                    Esc(FormatYuan(Text(p, "benefit_before"))), "</td><td class=\"n\">",
                    Esc(FormatYuan(Text(p, "benefit_after"))), "</td><td class=\"n\">",
                    Esc(FormatSignedYuan(Text(p, "benefit_change"))), "</td></tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n<p class=\"note\">其余 ", Num(unchanged),
                  " 项政策的判定与奖励均无变化。逐户变化见 changes.jsonl。</p>\n</section>\n");
  out += "<section id=\"towns\">\n<h2>二、按镇街</h2>\n";
  GroupTable(&out, List(diff, "towns"), "镇街", false);
  out += "</section>\n<section id=\"industries\">\n<h2>三、按行业门类（GB/T 4754-2017）</h2>\n";
  GroupTable(&out, List(diff, "industries"), "行业门类", true);
  absl::StrAppend(&out, "</section>\n<footer>由 duixian diff 生成；每户只解析一次，分别按调整前后的政策集判定。输入 ",
                  Num(Count(diff, "inputs")), " 个，其中 ", Num(Count(diff, "errors")),
                  " 个无法读取或解析（见 duixian screen 的 errors.jsonl）。</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace duixian::engine
