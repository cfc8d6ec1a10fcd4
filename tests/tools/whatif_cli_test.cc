// `duixian diff` and `duixian sweep` through the real binary: usage errors
// (required options, stray arguments), the --threshold listing, and the note
// about benefit formulas that read the swept threshold (or --with-benefit).
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cli_runner.h"

namespace {

using duixian::testing_internal::CliRun;
using duixian::testing_internal::Duixian;
using duixian::testing_internal::FreshTempDir;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(WhatifCliTest, RequiredOptionsAndStrayArguments) {
  CliRun r = Duixian("diff --after policies --firms x.jsonl --date 2025-06-20 --out /tmp/x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("duixian diff: --before is required"));
  r = Duixian("diff --before policies --after policies --firms x.jsonl --date 2025-06-20 --out /tmp/x extra");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("duixian diff: unexpected argument `extra`"));
  r = Duixian("sweep --policy DG-KJ-2021-01 --from 1 --to 2 --firms x.jsonl --out /tmp/x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("duixian sweep: --clause is required"));
}

// A population of two firms and a copy of the bundled policy set with one
// policy whose benefit formula reads its own revenue gate.
fs::path WithGateBenefitPolicy(const fs::path& dir) {
  fs::copy(fs::path(DX_SOURCE_DIR) / "policies", dir / "policies", fs::copy_options::recursive);
  std::ofstream(dir / "policies/测试门槛奖励.policy", std::ios::binary)
      << "import common\n"
         "policy DX-T-99 \"测试：超过门槛部分奖励\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
         "  window 2025-06-16 .. 2025-07-18\n"
         "  clause 营收 \"上年度营业收入不低于2000万元\": 营业收入[ref] >= 2000万元\n"
         "  benefit \"超过2000万元部分的1%\": (营业收入[ref] - 2000万元) * 1%\n}\n";
  std::ofstream(dir / "firms.jsonl", std::ios::binary)
      << "{\"name\": \"甲\", \"revenue\": {\"2024\": \"25000000\"}}\n"
      << "{\"name\": \"乙\", \"revenue\": {\"2024\": \"15000000\"}}\n";
  return dir;
}

TEST(WhatifCliTest, SweepSaysWhichBenefitFormulasReadTheThreshold) {
  fs::path dir = WithGateBenefitPolicy(FreshTempDir("duixian_whatif_cli", "sweep"));
  const std::string base = "sweep --policies " + (dir / "policies").string() + " --policy DX-T-99 --clause 营收" +
                           " --from 1000万元 --to 3000万元 --steps 2 --date 2025-06-20 --lang en --firms " +
                           (dir / "firms.jsonl").string() + " --out " + (dir / "out").string();
  CliRun r = Duixian(base);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("the benefit formula of DX-T-99 (超过2000万元部分的1%) reads the same threshold and "
                               "was not moved (it stays at 2000万元; --with-benefit moves it too)"));
  r = Duixian(base + " --with-benefit");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("the benefit formula of DX-T-99 reads the same threshold and moved with it"));
}

TEST(WhatifCliTest, SweepListsTheThresholdsToChooseFrom) {
  CliRun r = Duixian("sweep --policy DG-KJ-2021-01 --clause 规模 --from 1000万元 --to 3000万元 --date 2025-06-20 "
                     "--firms x.jsonl --out /tmp/x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("choose one with --threshold:"));
  EXPECT_THAT(r.out, HasSubstr("--threshold 2000万元    in 营业收入[2024] >= 2000万元"));
}

}  // namespace
