// report.html of a screening run: one self-contained HTML5 page (inline CSS,
// charts as inline SVG, no scripts and nothing fetched from elsewhere, since
// government intranets are offline) for the finance bureau's staff, in
// Chinese. It is rendered from summary.json alone (layout in
// docs/results.md, "duixian.screen/1"), so every figure in it equals the one
// in summary.json:
//
//   - header: evaluation date, policy-set digest, inputs / results / errors;
//   - per policy a stacked bar of eligible / undetermined / ineligible;
//   - per policy the clause funnel: firms each clause stops, and firms that
//     fail that clause alone (near misses);
//   - per town the firm counts and granted amounts;
//   - granted amounts per policy and overall, policies with assumed figures
//     marked 假定 and their assumptions listed as footnotes;
//   - the missing fields that most often leave verdicts undetermined.
//
// Deterministic: the same summary gives the same bytes.
#ifndef DX_ENGINE_BATCH_SCREEN_REPORT_H_
#define DX_ENGINE_BATCH_SCREEN_REPORT_H_

#include <cstdint>
#include <string>

#include "nlohmann/json_fwd.hpp"

namespace duixian::engine {

// The page for `summary` (summary.json, parsed). Fields that are absent or
// of the wrong type show as 0 / empty rather than failing.
std::string RenderScreenReport(const nlohmann::json& summary);

// "1,234,567.80 元", or "150 万元" when the amount is a whole number of 万元;
// `amount` is a summary.json amount such as "1234567.80". Text that is not
// such an amount is returned unchanged. Not HTML-escaped.
std::string FormatYuan(const std::string& amount);

// "1,234,567".
std::string FormatCount(uint64_t n);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_SCREEN_REPORT_H_
