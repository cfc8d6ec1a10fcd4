// The bundled catalog (policies/) as a whole: it compiles cleanly, every
// policy carries the tests the catalog promises, and shared definitions are
// shared in the rule graph.
#include <map>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "dsl/compiler.h"

namespace duixian {
namespace {

const dsl::Compilation& Catalog() {
  static dsl::Compilation* c = [] {
    auto r = dsl::CompileDirectory(std::string(DX_SOURCE_DIR) + "/policies");
    EXPECT_TRUE(r.ok()) << r.status();
    return new dsl::Compilation(std::move(*r));
  }();
  return *c;
}

TEST(PolicyCatalogTest, CompilesWithoutAnyDiagnostic) {
  const dsl::Compilation& c = Catalog();
  EXPECT_TRUE(c.diagnostics.diagnostics().empty());
  ASSERT_NE(c.program, nullptr);
  EXPECT_GE(c.program->policies.size(), 60u);
}

TEST(PolicyCatalogTest, EveryPolicyHasEligibleIneligibleAndUndeterminedTests) {
  const dsl::Compilation& c = Catalog();
  ASSERT_NE(c.program, nullptr);
  struct Kinds {
    int eligible_with_benefit = 0, eligible = 0, ineligible_because = 0, undetermined_missing = 0, total = 0;
  };
  std::map<int, Kinds> kinds;
  for (const dsl::PolicyTestCase& t : c.tests) {
    Kinds& k = kinds[t.policy];
    ++k.total;
    if (t.verdict == dsl::ast::ExpectedVerdict::kEligible) {
      ++k.eligible;
      if (t.benefit) ++k.eligible_with_benefit;
    }
    if (t.verdict == dsl::ast::ExpectedVerdict::kIneligible && !t.because.empty()) ++k.ineligible_because;
    if (t.verdict == dsl::ast::ExpectedVerdict::kUndetermined && !t.missing.empty()) ++k.undetermined_missing;
  }
  for (size_t p = 0; p < c.program->policies.size(); ++p) {
    const engine::PolicyInfo& info = c.program->policies[p];
    const Kinds& k = kinds[static_cast<int>(p)];
    SCOPED_TRACE(info.id + " " + info.file);
    EXPECT_GE(k.total, 3);
    EXPECT_GE(k.eligible, 1);
    if (info.benefit) {
      EXPECT_GE(k.eligible_with_benefit, 1) << "an eligible test must state the exact benefit";
    }
    EXPECT_GE(k.ineligible_because, 1) << "an ineligible test must name the failing clause";
    EXPECT_GE(k.undetermined_missing, 1) << "an undetermined test must name the missing fields";
  }
}

TEST(PolicyCatalogTest, EveryPolicyHasItsMetadata) {
  const dsl::Compilation& c = Catalog();
  ASSERT_NE(c.program, nullptr);
  std::set<std::string> ids;
  for (const engine::PolicyInfo& p : c.program->policies) {
    SCOPED_TRACE(p.id);
    EXPECT_TRUE(ids.insert(p.id).second);
    EXPECT_FALSE(p.title.empty());
    EXPECT_FALSE(p.department.empty());
    for (const engine::ClauseInfo& cl : p.clauses) {
      EXPECT_FALSE(cl.text.empty() && cl.kind != engine::ClauseKind::kRequires)
          << "clause " << cl.label << " has no wording to quote back to firms";
    }
    if (p.benefit) {
      EXPECT_FALSE(p.benefit->text.empty()) << "the benefit rule has no wording";
    }
  }
}

TEST(PolicyCatalogTest, SharedDefinitionsAreSharedNodes) {
  const dsl::Compilation& c = Catalog();
  ASSERT_NE(c.program, nullptr);
  // Count nodes each policy would need on its own against the shared graph.
  size_t unshared = 0;
  for (const engine::PolicyInfo& p : c.program->policies) {
    std::vector<bool> seen(c.program->graph.size(), false);
    auto add = [&](engine::NodeId root) {
      if (root == engine::kNoNode) return;
      for (engine::NodeId n : c.program->graph.Cone(root)) {
        if (!seen[static_cast<size_t>(n)]) {
          seen[static_cast<size_t>(n)] = true;
          ++unshared;
        }
      }
    };
    for (const engine::ClauseInfo& cl : p.clauses) add(cl.node);
    if (p.benefit) add(p.benefit->node);
  }
  EXPECT_LT(c.program->graph.size() * 2, unshared) << "sharing should at least halve the graph";
  EXPECT_EQ(c.program->graph.Verify(), "");
}

}  // namespace
}  // namespace duixian
