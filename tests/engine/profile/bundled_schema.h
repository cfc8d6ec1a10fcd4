// The schema the repository ships (policies/schema.json), loaded once for
// the profile tests; an empty schema (and a test failure) if it is broken.
#ifndef DX_TESTS_ENGINE_PROFILE_BUNDLED_SCHEMA_H_
#define DX_TESTS_ENGINE_PROFILE_BUNDLED_SCHEMA_H_

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "engine/profile/schema.h"
#include "gtest/gtest.h"

namespace duixian::engine::test_support {

inline const Schema& BundledSchema() {
  static const Schema* schema = [] {
    std::ifstream in(std::string(DX_SOURCE_DIR) + "/policies/schema.json", std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    absl::StatusOr<Schema> s = Schema::FromJson(buffer.str(), "policies/schema.json");
    EXPECT_TRUE(s.ok()) << s.status();
    return new Schema(s.ok() ? *std::move(s) : Schema());
  }();
  return *schema;
}

}  // namespace duixian::engine::test_support

#endif  // DX_TESTS_ENGINE_PROFILE_BUNDLED_SCHEMA_H_
