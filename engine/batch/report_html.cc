#include "engine/batch/report_html.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace duixian::engine {
namespace {

constexpr char kStyle[] = R"(
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;
margin:0;padding:24px 32px;color:#222;background:#fff;font-size:14px;line-height:1.5}
h1{font-size:22px;margin:0 0 8px}
h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #1f5fa8}
h3{font-size:15px;margin:20px 0 6px}
.meta{color:#555;margin:0 0 16px}
.meta code{font-size:12px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid #d5dbe1;border-radius:6px;padding:8px 14px;min-width:130px}
.card .k{color:#555;font-size:12px}
.card .v{font-size:20px;font-weight:bold}
table{border-collapse:collapse;margin:6px 0 12px}
th,td{border:1px solid #d5dbe1;padding:4px 8px;vertical-align:middle}
th{background:#eef2f6;font-weight:bold;text-align:center}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:bold;background:#f6f8fa}
.pid{color:#555;font-size:12px;white-space:nowrap}
.badge{display:inline-block;background:#fff3cd;color:#8a6100;border:1px solid #e0c36a;border-radius:3px;
padding:0 4px;font-size:12px;text-decoration:none;white-space:nowrap}
.badge.off{background:#eceff2;color:#555;border-color:#b8c0c8}
.legend span{display:inline-block;margin-right:14px}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:baseline}
.note{color:#555;font-size:13px}
svg{vertical-align:middle}
svg text{font-size:11px;fill:#fff;font-family:sans-serif}
footer{margin-top:32px;color:#777;font-size:12px}
@media print{body{padding:0}h2{break-after:avoid}tr{break-inside:avoid}}
)";

}  // namespace

const char* ReportStyle() { return kStyle; }

std::string HtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void ReportCard(std::string* out, const char* key, const std::string& value_html) {
  absl::StrAppend(out, "<div class=\"card\"><div class=\"k\">", key, "</div><div class=\"v\">", value_html,
                  "</div></div>\n");
}

// A bar of `value` out of `max`, `width` pixels at most.
std::string MiniBarSvg(double value, double max, const char* color, int width) {
  int w = max > 0 && value > 0 ? std::max(1, static_cast<int>(value / max * width + 0.5)) : 0;
  w = std::min(w, width);
  return absl::StrCat("<svg width=\"", width, "\" height=\"10\" viewBox=\"0 0 ", width,
                      " 10\" aria-hidden=\"true\"><rect x=\"0\" y=\"0\" width=\"", width,
                      "\" height=\"10\" fill=\"#eef2f6\"/><rect x=\"0\" y=\"0\" width=\"", w, "\" height=\"10\" fill=\"",
                      color, "\"/></svg>");
}

}  // namespace duixian::engine
