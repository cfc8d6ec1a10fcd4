// Differential test: the optimised engine (engine::Evaluator, shared nodes,
// memo, cheap-first clauses, short-circuits) against the deliberately simple
// reference evaluator, on every policy of the catalogue, for a generated
// population (`duixian gen`) with data knocked out on purpose — whole
// fields, single years of a series, fields of list records — on several
// evaluation dates, in all three evaluation modes.
//
// DX_DIFF_FIRMS (environment) sets the population size (default 3000 firms
// × 3 dates); the sanitizer run uses a smaller one.
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "dsl/compiler.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"
#include "gtest/gtest.h"
#include "tests/dsl/eval_fixture.h"
#include "tests/reference_eval/reference_evaluator.h"
#include "tools/gen/population_generator.h"

namespace duixian {
namespace {

using engine::EvalMode;

int PopulationSize() {
  const char* env = std::getenv("DX_DIFF_FIRMS");
  int n = env != nullptr ? std::atoi(env) : 0;
  return n > 0 ? n : 3000;
}

std::shared_ptr<const dsl::Compilation> Catalogue() {
  static std::shared_ptr<const dsl::Compilation> c = [] {
    absl::StatusOr<dsl::Compilation> r = dsl::CompileDirectory(std::string(DX_SOURCE_DIR) + "/policies");
    EXPECT_TRUE(r.ok()) << r.status();
    return std::make_shared<const dsl::Compilation>(std::move(*r));
  }();
  return c;
}

// Knocks data out of a decoded firm: whole fields, single years, fields of
// records — so that verdicts turn undetermined and missing lists fill up.
void KnockOut(const engine::Schema& schema, std::mt19937_64& rng, engine::FirmRecord* firm) {
  std::uniform_int_distribution<size_t> pick(0, firm->size() - 1);
  std::uniform_int_distribution<int> how_many(1, 6);
  for (int k = how_many(rng); k > 0; --k) {
    size_t i = pick(rng);
    engine::FieldValue& v = firm->mutable_value(i);
    if (auto* series = std::get_if<engine::YearSeries>(&v); series != nullptr && !series->empty() && rng() % 2) {
      series->erase(series->begin() + static_cast<long>(rng() % series->size()));
    } else if (auto* list = std::get_if<engine::RecordList>(&v); list != nullptr && !list->empty() && rng() % 2) {
      engine::Record& r = (*list)[rng() % list->size()];
      if (!r.fields.empty()) r.fields[rng() % r.fields.size()] = engine::Scalar();
    } else {
      v = engine::Scalar();
    }
  }
  (void)schema;
}

TEST(Differential, EngineAgreesWithReferenceOnGeneratedPopulation) {
  std::shared_ptr<const dsl::Compilation> c = Catalogue();
  ASSERT_TRUE(c->program != nullptr);
  const engine::Program& program = *c->program;
  const int firms = PopulationSize();
  const engine::CivilDate dates[] = {*engine::CivilDate::Parse("2024-03-15"), *engine::CivilDate::Parse("2025-06-20"),
                                     *engine::CivilDate::Parse("2026-01-05")};
  // Three populations: the generator's usual share of absent optional
  // fields, many absent, most absent.
  const double missing_shares[] = {0.05, 0.4, 0.8};
  engine::Evaluator engine_eval(c->program);
  reference::ReferenceEvaluator ref(program);
  std::mt19937_64 rng(20251129);
  std::map<std::string, int> verdicts;
  int compared = 0, knocked_out = 0, with_missing = 0, mismatched_firms = 0;
  std::vector<std::string> report;
  for (int i = 0; i < firms; ++i) {
    gen::PopulationOptions o;
    o.seed = 7 + static_cast<uint64_t>(i % 3);
    o.bad_share = 0;
    o.missing_share = missing_shares[i % 3];
    o.one_line = true;
    gen::GeneratedFirm g = gen::PopulationGenerator(o).Generate(static_cast<uint64_t>(i));
    engine::FirmDecodeResult decoded = engine::DecodeFirmJson(*program.schema, g.json, "gen.json");
    ASSERT_TRUE(decoded.record.has_value()) << decoded.error->ToString() << "\n" << g.json;
    engine::FirmRecord firm = std::move(*decoded.record);
    if (i % 2 == 1) {
      KnockOut(*program.schema, rng, &firm);
      ++knocked_out;
    }
    const engine::CivilDate date = dates[i % 3];
    std::vector<reference::ReferencePolicy> expected = ref.Evaluate(firm, date);
    bool any_missing = false;
    for (const reference::ReferencePolicy& p : expected) {
      ++verdicts[engine::VerdictName(p.verdict)];
      any_missing = any_missing || !p.missing.empty();
    }
    with_missing += any_missing ? 1 : 0;
    bool mismatch = false;
    for (EvalMode mode : {EvalMode::kAllClauses, EvalMode::kVerdict, EvalMode::kExplain}) {
      engine::Decision d = engine_eval.Evaluate(firm, date, mode);
      std::vector<std::string> diffs = reference::ReferenceEvaluator::Compare(program, expected, d, mode);
      ++compared;
      if (diffs.empty()) continue;
      mismatch = true;
      if (report.size() < 40) {
        const char* mode_name = mode == EvalMode::kVerdict ? "verdict" : mode == EvalMode::kExplain ? "explain" : "all-clauses";
        report.push_back(absl::StrCat("firm ", i, " on ", date.ToString(), " (", mode_name, "): ",
                                      absl::StrJoin(diffs, " | ")));
      }
    }
    mismatched_firms += mismatch ? 1 : 0;
  }
  EXPECT_EQ(mismatched_firms, 0) << absl::StrJoin(report, "\n");
  // The population must exercise every verdict and plenty of missing data,
  // or agreement would prove little.
  EXPECT_GT(verdicts["eligible"], firms / 10);
  EXPECT_GT(verdicts["ineligible"], firms);
  EXPECT_GT(verdicts["undetermined"], firms);
  EXPECT_GT(with_missing, firms / 2);
  std::printf("differential: %d firms (%d with data knocked out), %zu policies, %d engine runs compared; "
              "reference verdicts: %d eligible, %d ineligible, %d undetermined; %d firms with missing fields\n",
              firms, knocked_out, program.policies.size(), compared, verdicts["eligible"], verdicts["ineligible"],
              verdicts["undetermined"], with_missing);
}

// Shared nodes must not leak into missing-field lists: a node another policy
// already evaluated (and left open) is still no reason to ask for its data
// where it does not decide the outcome — the branch an `if` did not take,
// the later operands of a `min` that is open anyway.
TEST(Differential, MissingFieldsDoNotDependOnWhatElseWasEvaluated) {
  dsl::Compilation c = testing_internal::CompileTexts({{"a.policy",
      "policy DG-D-01 \"先算营收\" {\n  department \"局\"\n  reference year 2024\n"
      "  clause r: 营业收入[2024] >= 1万元 且 研发费用[2024] >= 1万元 且 出口额[2024] >= 1万元\n}\n"
      "policy DG-D-02 \"按条件分支\" {\n  department \"局\"\n  reference year 2024\n"
      "  clause b: 如果 独立法人 则 从业人员[2024] >= 1 否则 营业收入[2024] >= 1万元\n}\n"
      "policy DG-D-03 \"取较小值\" {\n  department \"局\"\n  reference year 2024\n"
      "  clause m: min(研发费用[2024], 出口额[2024], 营业收入[2024]) >= 1万元\n}\n"
      "policy DG-D-04 \"只此一处\" {\n  department \"局\"\n  reference year 2024\n"
      "  clause n: max(利润总额[2024], 纳税总额[2024]) >= 1万元\n}\n"}});
  ASSERT_NE(c.program, nullptr) << testing_internal::AllDiagnostics(c);
  engine::FirmRecord firm = testing_internal::Firm("{\"独立法人\": true}");
  const engine::CivilDate date = *engine::CivilDate::Parse("2025-06-20");
  reference::ReferenceEvaluator ref(*c.program);
  std::vector<reference::ReferencePolicy> expected = ref.Evaluate(firm, date);
  engine::Evaluator ev(c.program);
  for (EvalMode mode : {EvalMode::kAllClauses, EvalMode::kVerdict, EvalMode::kExplain}) {
    std::vector<std::string> diffs =
        reference::ReferenceEvaluator::Compare(*c.program, expected, ev.Evaluate(firm, date, mode), mode);
    EXPECT_TRUE(diffs.empty()) << absl::StrJoin(diffs, "\n");
  }
  // What the reference asks for: the taken branch only; every operand of
  // min and max.
  EXPECT_EQ(expected[1].missing.size(), 1u);
  EXPECT_EQ(expected[2].missing.size(), 3u);
  EXPECT_EQ(expected[3].missing.size(), 2u);
}

}  // namespace
}  // namespace duixian
