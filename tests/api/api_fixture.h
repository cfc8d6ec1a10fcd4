// Shared inputs of the public-API tests: the real schema and calendar, two
// one-policy sets that disagree about a firm, and file reading.
#ifndef DX_TESTS_API_API_FIXTURE_H_
#define DX_TESTS_API_API_FIXTURE_H_

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "duixian/duixian.hpp"

namespace duixian::api_test {

inline std::string ReadRepoFile(const std::string& relative) {
  std::ifstream in(std::string(DX_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const std::string& SchemaJson() {
  static const std::string s = ReadRepoFile("policies/schema.json");
  return s;
}
inline const std::string& CalendarJson() {
  static const std::string s = ReadRepoFile("policies/calendar.json");
  return s;
}

// One policy: revenue of 2024 at least `threshold`.
inline std::vector<Source> RevenuePolicy(const std::string& threshold) {
  return {{"t/revenue", "t/revenue.policy",
           "policy T-REV \"测试政策\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
           "  window 2025-06-16 .. 2025-07-18\n"
           "  clause 营收 \"上年度营业收入不低于" + threshold + "\": 营业收入[ref] 不低于 " + threshold + "\n}\n"}};
}

// Eligible under RevenuePolicy("2000万元"), ineligible under "3000万元".
inline const char kFirm2500[] = R"({"name": "测试企业", "revenue": {"2024": 25000000}})";

inline std::shared_ptr<const PolicySet> LoadRevenue(const std::string& threshold) {
  return PolicySet::LoadSources(SchemaJson(), CalendarJson(), RevenuePolicy(threshold));
}

}  // namespace duixian::api_test

#endif  // DX_TESTS_API_API_FIXTURE_H_
