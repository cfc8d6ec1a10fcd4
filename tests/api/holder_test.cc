// PolicySetHolder: reload without downtime.
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "duixian/duixian.hpp"
#include "nlohmann/json.hpp"
#include "tests/api/api_fixture.h"

namespace duixian::api_test {
namespace {

using nlohmann::json;

std::vector<Source> BrokenPolicy() {
  return {{"t/revenue", "t/revenue.policy", "policy T-REV \"测试政策\" {\n  clause 营收: 营业收\n}\n"}};
}

TEST(HolderTest, ReloadSwapsAndAFailedReloadKeepsTheOldSet) {
  auto low = LoadRevenue("2000万元");
  PolicySetHolder holder(low);
  EXPECT_EQ(holder.Evaluate(kFirm2500, {"2025-06-20"}).digest, low->digest());

  ReloadResult ok = holder.ReloadSources(SchemaJson(), CalendarJson(), RevenuePolicy("3000万元"));
  ASSERT_TRUE(ok.ok()) << ok.message;
  EXPECT_NE(ok.digest, low->digest());
  Evaluation e = holder.Evaluate(kFirm2500, {"2025-06-20"});
  EXPECT_EQ(e.digest, ok.digest);
  EXPECT_EQ(json::parse(e.json)["policies"][0]["verdict"], "ineligible");

  ReloadResult bad = holder.ReloadSources(SchemaJson(), CalendarJson(), BrokenPolicy());
  EXPECT_EQ(bad.status, Status::kPolicyError);
  EXPECT_FALSE(bad.diagnostics.empty());
  EXPECT_EQ(bad.diagnostics[0].file, "t/revenue.policy");
  EXPECT_EQ(bad.digest, ok.digest);  // still serving
  EXPECT_EQ(holder.Evaluate(kFirm2500, {"2025-06-20"}).digest, ok.digest);

  ReloadResult missing = holder.ReloadDirectory("/nonexistent");
  EXPECT_EQ(missing.status, Status::kIoError);
  EXPECT_EQ(missing.digest, ok.digest);
}

TEST(HolderTest, ASetTakenBeforeAReloadStillEvaluatesOnItsVersion) {
  PolicySetHolder holder(LoadRevenue("2000万元"));
  std::shared_ptr<const PolicySet> pinned = holder.Current();
  holder.Replace(LoadRevenue("3000万元"));
  json r = json::parse(pinned->Evaluate(kFirm2500, {"2025-06-20"}));
  EXPECT_EQ(r["policy_set"], pinned->digest());
  EXPECT_EQ(r["policies"][0]["verdict"], "eligible");
  EXPECT_NE(holder.Current()->digest(), pinned->digest());
}

// Several threads evaluate while another reloads many times (good and bad
// sets); every result must match the verdict of the digest it reports.
TEST(HolderTest, HammerEvaluationsAcrossReloads) {
  auto low = LoadRevenue("2000万元");
  auto high = LoadRevenue("3000万元");
  const std::map<std::string, std::string> expected = {{low->digest(), "eligible"}, {high->digest(), "ineligible"}};
  PolicySetHolder holder(low);
  constexpr int kThreads = 4;
  constexpr int kReloads = 40;
  std::atomic<bool> done{false};
  std::atomic<long> evaluations{0};
  std::atomic<long> mismatches{0};
  std::vector<std::set<std::string>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      EvalOptions options{"2025-06-20", t % 2 ? Mode::kVerdict : Mode::kExplain, -1};
      while (!done.load()) {
        Evaluation e = holder.Evaluate(kFirm2500, options);
        json r = json::parse(e.json);
        auto want = expected.find(e.digest);
        if (r["policy_set"] != e.digest || want == expected.end() || r["policies"][0]["verdict"] != want->second) {
          ++mismatches;
        }
        seen[static_cast<size_t>(t)].insert(e.digest);
        ++evaluations;
      }
    });
  }
  int failed_reloads = 0;
  for (int i = 0; i < kReloads; ++i) {
    ReloadResult r = i % 5 == 4 ? holder.ReloadSources(SchemaJson(), CalendarJson(), BrokenPolicy())
                                : holder.ReloadSources(SchemaJson(), CalendarJson(),
                                                       RevenuePolicy(i % 2 ? "2000万元" : "3000万元"));
    if (!r.ok()) {
      ++failed_reloads;
      EXPECT_FALSE(r.diagnostics.empty());
    }
    EXPECT_EQ(r.digest, holder.Current()->digest());
    // Let every evaluator finish a few calls on this version before the next.
    long target = evaluations.load() + 2 * kThreads;
    while (evaluations.load() < target) std::this_thread::yield();
  }
  done = true;
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failed_reloads, kReloads / 5);
  EXPECT_EQ(mismatches.load(), 0);
  std::set<std::string> all;
  for (const auto& s : seen) all.insert(s.begin(), s.end());
  EXPECT_EQ(all.size(), 2u) << "evaluations ran on both versions";
  EXPECT_GT(evaluations.load(), kReloads * kThreads);
}

}  // namespace
}  // namespace duixian::api_test
