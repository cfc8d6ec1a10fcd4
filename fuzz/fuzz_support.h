// Shared by the fuzz targets: the repository's schema, calendar and policy
// set, loaded once per process. DX_SOURCE_DIR (environment) overrides the
// source tree compiled in.
#ifndef DX_FUZZ_FUZZ_SUPPORT_H_
#define DX_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "engine/profile/schema.h"
#include "engine/value/holiday_calendar.h"

namespace duixian::fuzz {

inline std::string SourceDir() {
  const char* env = std::getenv("DX_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? env : DX_SOURCE_DIR;
}

inline std::string ReadRepoFile(const std::string& relative) {
  std::ifstream in(SourceDir() + "/" + relative, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s/%s\n", SourceDir().c_str(), relative.c_str());
    std::abort();
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::shared_ptr<const engine::Schema> RepoSchema() {
  static const std::shared_ptr<const engine::Schema> schema = [] {
    auto s = engine::Schema::FromJson(ReadRepoFile("policies/schema.json"), "schema.json");
    if (!s.ok()) std::abort();
    return std::make_shared<const engine::Schema>(std::move(*s));
  }();
  return schema;
}

inline std::shared_ptr<const engine::HolidayCalendar> RepoCalendar() {
  static const std::shared_ptr<const engine::HolidayCalendar> calendar = [] {
    auto c = engine::HolidayCalendar::FromJson(ReadRepoFile("policies/calendar.json"));
    if (!c.ok()) std::abort();
    return std::make_shared<const engine::HolidayCalendar>(std::move(*c));
  }();
  return calendar;
}

// Stops the fuzzer with a message: an invariant the target checks is broken.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz: invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace duixian::fuzz

#endif  // DX_FUZZ_FUZZ_SUPPORT_H_
