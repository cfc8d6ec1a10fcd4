// Compiling the bundled policy set, decoding a firm file, and evaluating one
// firm against every policy in verdict mode and in explain mode.
//
//   build/bench/duixian_bench --benchmark_min_time=0.5
//
// Compare ratios measured in one run (the machines are noisy), e.g. explain
// over verdict.
#include <string>

#include "benchmark/benchmark.h"
#include "dsl/compiler.h"
#include "engine/batch/screen_format.h"
#include "engine/batch/screen_summary.h"
#include "engine/batch/text_appender.h"
#include "engine/eval/decision_json.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"

namespace {

using namespace duixian;

const std::string kPolicies = std::string(DX_SOURCE_DIR) + "/policies";

const dsl::Compilation& Compiled() {
  static dsl::Compilation* c = [] {
    auto r = dsl::CompileDirectory(kPolicies);
    if (!r.ok() || !r->program) std::abort();
    return new dsl::Compilation(std::move(*r));
  }();
  return *c;
}

// A firm that reaches deep into most policies (registered, industrial, with
// financials, titles, penalties and benefits received).
const char kFirm[] = R"({
  "uscc": "91441900708017879M", "name": "东莞示例电子有限公司", "registration_status": "存续",
  "registered_city": "东莞市", "tax_registered_city": "东莞市", "town": "麻涌镇",
  "independent_legal_person": true, "entity_type": "企业", "ownership": "私营",
  "established_date": "2012-05-18", "sound_financial_system": true, "industry_code": "C1461",
  "above_scale_industrial": true, "above_scale_entry_year": 2024, "above_quota_trade": false,
  "employees": {"2023": 180, "2024": 220}, "insured_employees": {"2024": 210},
  "revenue": {"2023": "185000000.00", "2024": "236000000.00"},
  "output_value": {"2023": "150000000", "2024": "190000000"},
  "rd_expense": {"2023": "5200000.00", "2024": "7800000.00"},
  "equipment_purchase": {"2024": "3200000.00"}, "tech_renovation_investment": {"2024": "4200000.00"},
  "sales_incl_tax": {"2023": "520000000", "2024": "760000000"},
  "unemployment_insurance_paid": {"2024": "186000.00"}, "unemployment_insurance_months": 60,
  "layoffs": {"2024": 3}, "tax_credit_rating": {"2024": "A"},
  "serious_dishonesty": false, "abnormal_operation": false, "serious_illegal_list": false,
  "energy_target_met": true,
  "penalties": [{"authority": "东莞市生态环境局", "date": "2023-03-02", "amount": "30000", "major": false}],
  "titles": [{"name": "高新技术企业", "level": "国家级", "year": 2023, "valid_until": "2026-12-31"},
             {"name": "专精特新中小企业", "level": "省级", "year": 2024, "valid_until": "2027-12-31"}],
  "listing_status": "未上市",
  "benefits_received": [{"policy": "DG-KJ-2023-07", "year": 2024, "amount": "120000.00", "level": "市级"}]
})";

void BM_CompilePolicySet(benchmark::State& state) {
  size_t nodes = 0, policies = 0;
  for (auto _ : state) {
    auto c = dsl::CompileDirectory(kPolicies);
    if (!c.ok() || !c->program) state.SkipWithError("compile failed");
    nodes = c->program->graph.size();
    policies = c->program->policies.size();
    benchmark::DoNotOptimize(c);
  }
  state.counters["policies"] = static_cast<double>(policies);
  state.counters["nodes"] = static_cast<double>(nodes);
}
BENCHMARK(BM_CompilePolicySet)->Unit(benchmark::kMillisecond);

void BM_DecodeFirm(benchmark::State& state) {
  const dsl::Compilation& c = Compiled();
  for (auto _ : state) {
    auto r = engine::DecodeFirmJson(*c.schema, kFirm, "firm.json");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(sizeof(kFirm)));
}
BENCHMARK(BM_DecodeFirm)->Unit(benchmark::kMicrosecond);

void EvaluateOneFirm(benchmark::State& state, engine::EvalMode mode) {
  const dsl::Compilation& c = Compiled();
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*c.schema, kFirm, "firm.json");
  if (!r.record) {
    state.SkipWithError("bad firm");
    return;
  }
  engine::Evaluator ev(c.program);
  engine::CivilDate date = *engine::CivilDate::Parse("2025-06-20");
  if (mode == engine::EvalMode::kAllClauses) {
    // As the screener does: one Decision per thread, refilled per firm.
    engine::Decision d;
    for (auto _ : state) {
      ev.EvaluateInto(*r.record, date, mode, &d);
      benchmark::DoNotOptimize(d);
    }
  } else {
    for (auto _ : state) {
      engine::Decision d = ev.Evaluate(*r.record, date, mode);
      benchmark::DoNotOptimize(d);
    }
  }
  state.counters["policies"] = static_cast<double>(c.program->policies.size());
}

void BM_EvaluateOneFirm_Verdict(benchmark::State& state) { EvaluateOneFirm(state, engine::EvalMode::kVerdict); }
void BM_EvaluateOneFirm_Explain(benchmark::State& state) { EvaluateOneFirm(state, engine::EvalMode::kExplain); }
BENCHMARK(BM_EvaluateOneFirm_Verdict)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EvaluateOneFirm_Explain)->Unit(benchmark::kMicrosecond);
// What `duixian screen` runs per firm (every clause, no explanations).
void BM_EvaluateOneFirm_AllClauses(benchmark::State& state) {
  EvaluateOneFirm(state, engine::EvalMode::kAllClauses);
}
BENCHMARK(BM_EvaluateOneFirm_AllClauses)->Unit(benchmark::kMicrosecond);

// The screener's per-firm output: results.jsonl line, matrix.csv row, summary tally.
void BM_ScreenFormatFirm(benchmark::State& state) {
  const dsl::Compilation& c = Compiled();
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*c.schema, kFirm, "firm.json");
  engine::Evaluator ev(c.program);
  engine::Decision d =
      ev.Evaluate(*r.record, *engine::CivilDate::Parse("2025-06-20"), engine::EvalMode::kAllClauses);
  engine::ScreenFormatter fmt(c.program);
  engine::InputRef in{0, "000/000001.json", 0};
  engine::ScreenSummary summary(*c.program, fmt.towns());
  engine::TextBuffer line, row;
  for (auto _ : state) {
    line.clear();
    row.clear();
    const int town = fmt.TownOf(*r.record);
    {
      // The screener keeps one appender per batch of lines; one per line
      // here, with little room made at once.
      engine::TextAppender lines(&line, 4096), rows(&row, 1024);
      fmt.AppendResult(in, d, town, lines);
      fmt.AppendMatrixRow(in, *r.record, d, town, rows);
    }
    summary.AddDecision(d, town);
    benchmark::DoNotOptimize(line);
    benchmark::DoNotOptimize(row);
  }
  benchmark::DoNotOptimize(summary.inputs());
}
BENCHMARK(BM_ScreenFormatFirm)->Unit(benchmark::kMicrosecond);

void BM_DecisionToJson(benchmark::State& state) {
  const dsl::Compilation& c = Compiled();
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*c.schema, kFirm, "firm.json");
  engine::Evaluator ev(c.program);
  engine::Decision d = ev.Evaluate(*r.record, *engine::CivilDate::Parse("2025-06-20"), engine::EvalMode::kExplain);
  for (auto _ : state) {
    std::string json = engine::DecisionToJson(*c.program, d, -1);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_DecisionToJson)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
