// Building blocks of the self-contained HTML reports (screening, diff,
// sweep): the shared style sheet, escaping, summary cards and small inline
// SVG bars. No scripts, nothing fetched from elsewhere.
#ifndef DX_ENGINE_BATCH_REPORT_HTML_H_
#define DX_ENGINE_BATCH_REPORT_HTML_H_

#include <string>

namespace duixian::engine {

// The reports' CSS (inside <style>).
const char* ReportStyle();
// & < > " ' escaped.
std::string HtmlEscape(const std::string& s);
// <div class="card">: a key above a large value (value_html already escaped).
void ReportCard(std::string* out, const char* key, const std::string& value_html);
// A bar of `value` out of `max`, `width` pixels at most, as inline SVG.
std::string MiniBarSvg(double value, double max, const char* color, int width);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_REPORT_HTML_H_
