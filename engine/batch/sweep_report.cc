#include "engine/batch/sweep_report.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/batch/report_html.h"
#include "engine/batch/screen_report.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::json;

std::string Esc(const std::string& s) { return HtmlEscape(s); }

std::string Text(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

uint64_t Count(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned()) return 0;
  return j[key].get<uint64_t>();
}

// A line chart of `values` over the points (labels below the first, middle
// and last), the y axis from 0 to the largest value.
std::string LineChart(const std::vector<double>& values, const std::vector<std::string>& labels,
                      const std::vector<std::string>& shown, const char* color, const std::string& title,
                      int current) {
  constexpr int kW = 640, kH = 220, kLeft = 90, kRight = 20, kTop = 16, kBottom = 40;
  const int pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  double max = 0;
  for (double v : values) max = std::max(max, v);
  if (max <= 0) max = 1;
  const size_t n = values.size();
  auto x = [&](size_t i) { return kLeft + (n > 1 ? static_cast<double>(i) * pw / static_cast<double>(n - 1) : pw / 2.0); };
  auto y = [&](double v) { return kTop + ph - v / max * ph; };
  std::string out = absl::StrCat("<svg width=\"", kW, "\" height=\"", kH, "\" viewBox=\"0 0 ", kW, " ", kH,
                                 "\" role=\"img\" aria-label=\"", Esc(title), "\">");
  absl::StrAppend(&out, "<rect x=\"", kLeft, "\" y=\"", kTop, "\" width=\"", pw, "\" height=\"", ph,
                  "\" fill=\"#f6f8fa\" stroke=\"#d5dbe1\"/>");
  for (int k = 0; k <= 4; ++k) {
    double v = max * k / 4;
    double yy = y(v);
    absl::StrAppend(&out, "<line x1=\"", kLeft, "\" x2=\"", kLeft + pw, "\" y1=\"", absl::StrFormat("%.1f", yy),
                    "\" y2=\"", absl::StrFormat("%.1f", yy), "\" stroke=\"#e1e6eb\"/>",
                    "<text x=\"", kLeft - 6, "\" y=\"", absl::StrFormat("%.1f", yy + 4),
                    "\" text-anchor=\"end\" style=\"fill:#555\">", Esc(k == 0 ? std::string("0") : shown[static_cast<size_t>(k)]),
                    "</text>");
  }
  if (current >= 0 && static_cast<size_t>(current) < n) {
    absl::StrAppend(&out, "<line x1=\"", absl::StrFormat("%.1f", x(static_cast<size_t>(current))), "\" x2=\"",
                    absl::StrFormat("%.1f", x(static_cast<size_t>(current))), "\" y1=\"", kTop, "\" y2=\"", kTop + ph,
                    "\" stroke=\"#f0a202\" stroke-dasharray=\"4 3\"><title>现行门槛</title></line>");
  }
  std::string path;
  for (size_t i = 0; i < n; ++i) {
    absl::StrAppend(&path, i ? " L" : "M", absl::StrFormat("%.1f %.1f", x(i), y(values[i])));
  }
  absl::StrAppend(&out, "<path d=\"", path, "\" fill=\"none\" stroke=\"", color, "\" stroke-width=\"2\"/>");
  for (size_t i = 0; i < n; ++i) {
    absl::StrAppend(&out, "<circle cx=\"", absl::StrFormat("%.1f", x(i)), "\" cy=\"",
                    absl::StrFormat("%.1f", y(values[i])), "\" r=\"3\" fill=\"", color, "\"><title>",
                    Esc(labels[i]), "</title></circle>");
  }
  std::vector<size_t> ticks = {0};
  if (n > 2) ticks.push_back((n - 1) / 2);
  if (n > 1) ticks.push_back(n - 1);
  for (size_t i : ticks) {
    absl::StrAppend(&out, "<text x=\"", absl::StrFormat("%.1f", x(i)), "\" y=\"", kTop + ph + 16,
                    "\" text-anchor=\"middle\" style=\"fill:#555\">", Esc(labels[i]), "</text>");
  }
  out += "</svg>";
  return out;
}

}  // namespace

std::string RenderSweepReport(const json& sweep) {
  const json points = sweep.is_object() && sweep.contains("points") && sweep["points"].is_array() ? sweep["points"]
                                                                                                 : json::array();
  const json policy = sweep.is_object() && sweep.contains("policy") ? sweep["policy"] : json::object();
  const json clause = sweep.is_object() && sweep.contains("clause") ? sweep["clause"] : json::object();
  const std::string current = Text(sweep, "threshold");
  std::vector<double> eligible, benefit;
  std::vector<std::string> labels;
  int current_index = -1;
  for (size_t i = 0; i < points.size(); ++i) {
    eligible.push_back(static_cast<double>(Count(points[i], "eligible")));
    benefit.push_back(std::strtod(Text(points[i], "benefit").c_str(), nullptr));  // bar heights only
    labels.push_back(Text(points[i], "threshold"));
    if (labels.back() == current) current_index = static_cast<int>(i);
  }
  auto axis = [](const std::vector<double>& v, bool money) {
    double max = 0;
    for (double d : v) max = std::max(max, d);
    if (max <= 0) max = 1;
    std::vector<std::string> out;
    for (int k = 0; k <= 4; ++k) {
      double t = max * k / 4;
      out.push_back(money ? absl::StrFormat("%.0f万", t / 10000) : absl::StrFormat("%.0f", t));
    }
    return out;
  };
  std::string out;
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>门槛敏感性分析 ",
                  Esc(Text(policy, "id")), "</title>\n<style>", ReportStyle(), "</style>\n</head>\n<body>\n");
  absl::StrAppend(&out, "<header>\n<h1>门槛敏感性分析</h1>\n<p class=\"meta\"><span class=\"pid\">",
                  Esc(Text(policy, "id")), "</span> ", Esc(Text(policy, "title")), "<br>条件「",
                  Esc(Text(clause, "label")), "」：", Esc(Text(clause, "text")), "<br>现行门槛：", Esc(current),
                  "　评估日期：", Esc(Text(sweep, "date")), "　政策集摘要：<code>", Esc(Text(sweep, "policy_set")),
                  "</code></p>\n<div class=\"cards\">\n");
  ReportCard(&out, "已判定企业", absl::StrCat(Esc(FormatCount(Count(sweep, "results"))), " 户"));
  ReportCard(&out, "门槛取值", absl::StrCat(Esc(FormatCount(points.size())), " 个"));
  if (!points.empty()) {
    ReportCard(&out, absl::StrCat("符合（", labels.front(), "）").c_str(),
               absl::StrCat(Esc(FormatCount(Count(points.front(), "eligible"))), " 户"));
    ReportCard(&out, absl::StrCat("符合（", labels.back(), "）").c_str(),
               absl::StrCat(Esc(FormatCount(Count(points.back(), "eligible"))), " 户"));
  }
  out += "</div>\n</header>\n";
  if (!points.empty()) {
    absl::StrAppend(&out, "<section>\n<h2>一、符合企业数</h2>\n",
                    LineChart(eligible, labels, axis(eligible, false), "#2e7d32", "符合企业数", current_index),
                    "\n<h2>二、该政策奖励合计（元）</h2>\n",
                    LineChart(benefit, labels, axis(benefit, true), "#1f5fa8", "奖励合计", current_index),
                    "\n<p class=\"note\">虚线为现行门槛。奖励合计为择一后实际授予的金额。</p>\n</section>\n");
  }
  out += "<section>\n<h2>三、明细</h2>\n<table>\n<thead><tr><th>门槛</th><th>符合</th><th>待定</th><th>不符合</th>"
         "<th>授予（择一后）</th><th>奖励合计</th><th>受影响政策奖励合计</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < points.size(); ++i) {
    const json& p = points[i];
    absl::StrAppend(&out, "<tr", static_cast<int>(i) == current_index ? " class=\"total\"" : "", "><td>",
                    Esc(labels[i]), "</td><td class=\"n\">", Esc(FormatCount(Count(p, "eligible"))),
                    "</td><td class=\"n\">", Esc(FormatCount(Count(p, "undetermined"))), "</td><td class=\"n\">",
                    Esc(FormatCount(Count(p, "ineligible"))), "</td><td class=\"n\">",
                    Esc(FormatCount(Count(p, "granted"))), "</td><td class=\"n\">",
                    Esc(FormatYuan(Text(p, "benefit"))), "</td><td class=\"n\">",
                    Esc(FormatYuan(Text(p, "benefit_affected"))), "</td></tr>\n");
  }
  std::vector<std::string> affected;
  if (sweep.is_object() && sweep.contains("affected") && sweep["affected"].is_array()) {
    for (const json& a : sweep["affected"]) {
      if (a.is_string()) affected.push_back(Esc(a.get<std::string>()));
    }
  }
  std::string list;
  for (size_t i = 0; i < affected.size(); ++i) absl::StrAppend(&list, i ? "、" : "", affected[i]);
  absl::StrAppend(&out, "</tbody>\n</table>\n<p class=\"note\">受影响政策：", list,
                  "（本政策、同一互斥组的政策及引用其结果的政策）。</p>\n");
  // Benefit formulas that read the swept constant: say whether they moved.
  if (sweep.is_object() && sweep.contains("benefit_reads_threshold") && sweep["benefit_reads_threshold"].is_array() &&
      !sweep["benefit_reads_threshold"].empty()) {
    out += "<p class=\"note\"><strong>奖励公式引用同一门槛：</strong>";
    bool first = true;
    for (const json& b : sweep["benefit_reads_threshold"]) {
      bool moved = b.is_object() && b.contains("moved") && b["moved"].is_boolean() && b["moved"].get<bool>();
      absl::StrAppend(&out, first ? "" : "；", Esc(Text(b, "policy")), "「", Esc(Text(b, "benefit")), "」",
                      moved ? "（已随门槛移动）" : "（未移动，仍按现行门槛 " + Esc(current) + " 计算）");
      first = false;
    }
    out += "。</p>\n";
  }
  absl::StrAppend(&out, "</section>\n"
                  "<footer>由 duixian sweep 生成；每户只解析一次，在每个门槛下重新判定。</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace duixian::engine
