// report.html of `duixian diff`: one self-contained HTML5 page (inline CSS,
// inline SVG, no scripts, nothing fetched) rendered from diff.json alone, so
// every figure equals the JSON's: who gains and loses eligibility per policy
// (diverging bars), the benefit before / after / change per policy and
// overall, and the same by town and by industry section.
// Deterministic: the same diff.json gives the same bytes.
#ifndef DX_ENGINE_BATCH_DIFF_REPORT_H_
#define DX_ENGINE_BATCH_DIFF_REPORT_H_

#include <string>

#include "nlohmann/json_fwd.hpp"

namespace duixian::engine {

std::string RenderDiffReport(const nlohmann::json& diff);

// "+1,234.50 元" / "-150 万元" / "0.00 元": a signed amount for reports.
std::string FormatSignedYuan(const std::string& amount);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_DIFF_REPORT_H_
