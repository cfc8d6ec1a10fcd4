// The limits pre-scan finds a string's end sixteen bytes at a time: every
// length, every place of an escape or a NUL byte, either side of a chunk's
// edge, must be measured and reported as a byte-by-byte scan would.
#include "engine/profile/json_limits.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/engine/profile/bundled_schema.h"

namespace duixian::engine::profile_internal {
namespace {

const Schema& TheSchema() { return test_support::BundledSchema(); }

TEST(JsonLimitsTest, StringsAreMeasuredWhateverTheirLengthAndEscapes) {
  // The other strings are the keys "name" and "town" (4 bytes): every body is longer.
  const std::string head = R"({"name":")";
  for (size_t length = 5; length <= 70; ++length) {
    // No escape, then an escaped quote or backslash at each place.
    for (size_t at = 0; at <= length; ++at) {
      for (const char* escape : {"", "\\\"", "\\\\"}) {
        if (*escape == '\0' && at > 0) continue;
        std::string body(length, 'x');
        body.insert(at, escape);
        const std::string text = head + body + R"(","town":"x"})";
        const std::string where = "length " + std::to_string(length) + " escape at " + std::to_string(at);
        FirmLimits fits;
        fits.max_string_bytes = body.size();
        EXPECT_FALSE(CheckJsonLimits(text, TheSchema(), fits).has_value()) << where;
        FirmLimits one_short;
        one_short.max_string_bytes = body.size() - 1;
        const std::optional<LimitProblem> p = CheckJsonLimits(text, TheSchema(), one_short);
        ASSERT_TRUE(p.has_value()) << where;
        EXPECT_EQ(p->field, "name") << where;
        EXPECT_EQ(p->offset, head.size() - 1) << where;  // the string's opening quote
        EXPECT_NE(p->reason.find("string of " + std::to_string(body.size()) + " bytes"), std::string::npos)
            << where << ": " << p->reason;
      }
    }
  }
}

TEST(JsonLimitsTest, ANulByteInAStringIsFoundWhereverItIs) {
  const std::string head = R"({"name":")";
  for (size_t length = 1; length <= 40; ++length) {
    for (size_t at = 0; at < length; ++at) {
      std::string body(length, 'y');
      body[at] = '\0';
      const std::string text = head + body + R"("})";
      const std::optional<LimitProblem> p = CheckJsonLimits(text, TheSchema(), FirmLimits());
      ASSERT_TRUE(p.has_value()) << length << " " << at;
      EXPECT_EQ(p->offset, head.size() + at) << length << " " << at;
      EXPECT_EQ(p->field, "name");
      EXPECT_NE(p->reason.find("NUL byte"), std::string::npos);
    }
    // Escaped, a NUL byte is the escape's and passes as it did before.
    std::string escaped(length, 'y');
    escaped.insert(0, std::string("\\\0", 2));
    EXPECT_FALSE(CheckJsonLimits(head + escaped + R"("})", TheSchema(), FirmLimits()).has_value()) << length;
  }
  // A string cut short by the end of the text, with a backslash last.
  EXPECT_FALSE(CheckJsonLimits(std::string(R"({"name":"abc\)"), TheSchema(), FirmLimits()).has_value());
  EXPECT_FALSE(CheckJsonLimits(std::string(R"({"name":"abcdefghijklmnopqrstuvwxyz)"), TheSchema(), FirmLimits())
                   .has_value());
}

}  // namespace
}  // namespace duixian::engine::profile_internal
