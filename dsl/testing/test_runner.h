// Runs the inline `test` blocks of a compiled policy set and compares each
// outcome with its expectation: verdict, failing clauses, missing fields and
// benefit amount.
#ifndef DX_DSL_TESTING_TEST_RUNNER_H_
#define DX_DSL_TESTING_TEST_RUNNER_H_

#include <string>
#include <vector>

#include "dsl/compiler.h"

namespace duixian::dsl {

struct PolicyTestResult {
  const PolicyTestCase* test = nullptr;
  bool passed = false;
  // What differs, one line each ("verdict: expected eligible, got ineligible").
  std::vector<std::string> mismatches;
  // The actual outcome, for the report.
  std::string actual_verdict;
  std::vector<std::string> actual_failing;
  std::vector<std::string> actual_missing;
  std::string actual_benefit;  // "" when none
};

struct PolicyTestReport {
  std::vector<PolicyTestResult> results;
  int passed = 0;
  int failed = 0;
};

// Requires c.program (no compile errors).
PolicyTestReport RunPolicyTests(const Compilation& c);

}  // namespace duixian::dsl

#endif  // DX_DSL_TESTING_TEST_RUNNER_H_
