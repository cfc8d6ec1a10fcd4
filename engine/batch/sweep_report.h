// report.html of `duixian sweep`: one self-contained HTML5 page (inline CSS,
// inline SVG line charts, no scripts, nothing fetched) rendered from
// sweep.json alone: eligible firms and granted benefit at each threshold,
// the policy's current threshold marked, and the table.
// Deterministic: the same sweep.json gives the same bytes.
#ifndef DX_ENGINE_BATCH_SWEEP_REPORT_H_
#define DX_ENGINE_BATCH_SWEEP_REPORT_H_

#include <string>

#include "nlohmann/json_fwd.hpp"

namespace duixian::engine {

std::string RenderSweepReport(const nlohmann::json& sweep);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_SWEEP_REPORT_H_
