#include "engine/value/uscc.h"

#include <string>

#include "gtest/gtest.h"

namespace duixian::engine {
namespace {

TEST(UsccTest, KnownValidCodes) {
  for (const char* code : {"91441900708017879M", "91350200776049653A", "91440300766363876J",
                           "91440101MA5CJQ4N59", "913502000728319549"}) {
    EXPECT_EQ(UsccProblem(code), "") << code;
    EXPECT_EQ(UsccProblemZh(code), "") << code;
    const std::string s(code);
    EXPECT_EQ(UsccCheckChar(s.substr(0, 17)), s[17]) << code;
  }
}

TEST(UsccTest, KnownInvalidCheckCharacter) {
  EXPECT_EQ(UsccCheckChar("91350203M0001QAY9"), '9');
  EXPECT_EQ(UsccProblem("91350203M0001QAY9B"), "check character is 'B', expected '9'");
  EXPECT_EQ(UsccProblemZh("91350203M0001QAY9B"), "校验位是 'B'，应为 '9'");
  EXPECT_EQ(UsccProblem("91441900708017879X"), "check character is 'X', expected 'M'");
  EXPECT_EQ(UsccProblem("913502000728319540"), "check character is '0', expected '9'");
  EXPECT_EQ(UsccProblemZh("91441900708017879A"), "校验位是 'A'，应为 'M'");
}

TEST(UsccTest, CheckCharZeroWhenRemainderIsZero) {
  // S mod 31 == 0 gives 31 -> '0': construct one by searching position 17.
  bool found = false;
  for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
    std::string first17 = "9144190070801787";
    first17.push_back(c);
    if (UsccCheckChar(first17) == '0') {
      found = true;
      EXPECT_EQ(UsccProblem(first17 + "0"), "");
    }
  }
  EXPECT_TRUE(found);
}

TEST(UsccTest, WrongLength) {
  EXPECT_EQ(UsccProblem("9144190070801787"), "has 16 characters, expected 18");
  EXPECT_EQ(UsccProblem("91441900708017879M0"), "has 19 characters, expected 18");
  EXPECT_EQ(UsccProblem(""), "has 0 characters, expected 18");
  EXPECT_EQ(UsccProblem("9"), "has 1 character, expected 18");
  EXPECT_EQ(UsccProblemZh("9144190070801787"), "长度为 16 位，应为 18 位");
  // A Chinese character counts as one character, not three bytes.
  EXPECT_EQ(UsccProblem("9144190070801787统"), "has 17 characters, expected 18");
}

TEST(UsccTest, LowercaseLetters) {
  EXPECT_EQ(UsccProblem("91441900708017879m"),
            "lowercase letter 'm' at position 18 is not allowed; use capital letters");
  EXPECT_EQ(UsccProblemZh("91441900708017879m"), "第 18 位是小写字母 'm'，应使用大写字母");
  EXPECT_EQ(UsccProblem("91440101ma5CJQ4N59"),
            "lowercase letter 'm' at position 9 is not allowed; use capital letters");
}

TEST(UsccTest, CharactersOutsideTheCharset) {
  EXPECT_EQ(UsccProblem("91440101MI5CJQ4N59"),
            "character 'I' at position 10 is not allowed (only 0-9 and capital letters other "
            "than I, O, S, V, Z)");
  EXPECT_EQ(UsccProblemZh("91440101MI5CJQ4N59"),
            "第 10 位字符 'I' 不允许使用（只能是数字和除 I、O、S、V、Z 以外的大写字母）");
  for (char bad : {'I', 'O', 'S', 'V', 'Z', '-', ' '}) {
    std::string code = "91441900708017879M";
    code[12] = bad;
    EXPECT_NE(UsccProblem(code).find("at position 13 is not allowed"), std::string::npos) << bad;
  }
  // Invalid characters in positions 3-8 are reported as such, not as non-digits.
  EXPECT_EQ(UsccProblem("9144I900708017879M").rfind("character 'I' at position 5", 0), 0u);
  EXPECT_EQ(UsccProblem("914419007080178７9M").rfind("character '７' at position 16", 0), 0u);
  EXPECT_EQ(UsccProblem(std::string("91441900708017879\x01", 18))
                .rfind("character '\\x01' at position 18", 0),
            0u);
  EXPECT_EQ(UsccCheckChar("91440101MI5CJQ4N5"), '\0');
  EXPECT_EQ(UsccCheckChar("9144010"), '\0');
}

TEST(UsccTest, AreaCodeMustBeDigits) {
  EXPECT_EQ(UsccProblem("9144A900708017879M"),
            "positions 3-8 (registration area code) must be digits, but position 5 is 'A'");
  EXPECT_EQ(UsccProblemZh("9144A900708017879M"),
            "第 3–8 位（登记管理机关行政区划码）应为数字，第 5 位是 'A'");
  EXPECT_NE(UsccProblem("91M41900708017879M"), "");
}

}  // namespace
}  // namespace duixian::engine
