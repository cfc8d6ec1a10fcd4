#include "engine/value/uscc.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"

namespace duixian::engine {
namespace {

// GB 32100-2015: digits and capitals without I, O, S, V, Z; value = index.
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kLength = 18;

// Each byte's value in kCharset, -1 for bytes outside it (a table: every
// screened firm's code is checked, 35 lookups each).
constexpr std::array<int8_t, 256> MakeCharValues() {
  std::array<int8_t, 256> values{};
  for (size_t b = 0; b < values.size(); ++b) values[b] = -1;
  for (size_t i = 0; i < kCharset.size(); ++i) {
    values[static_cast<unsigned char>(kCharset[i])] = static_cast<int8_t>(i);
  }
  return values;
}
constexpr std::array<int8_t, 256> kCharValues = MakeCharValues();

int CharValue(char c) { return kCharValues[static_cast<unsigned char>(c)]; }

enum class ProblemKind {
  kNone,
  kLength,
  kLowercase,
  kBadChar,
  kNotDigit,
  kCheckChar,
};

struct Problem {
  ProblemKind kind = ProblemKind::kNone;
  size_t length = 0;     // kLength: number of characters found
  int position = 0;      // 1-based position of the offending character
  std::string found;     // the offending character (a whole UTF-8 sequence)
  char expected = '\0';  // kCheckChar: the check character called for
};

// Splits `code` into characters: whole UTF-8 sequences, so that a Chinese
// character or full-width letter counts once. Malformed bytes count singly.
std::vector<std::string_view> SplitChars(std::string_view code) {
  std::vector<std::string_view> chars;
  size_t i = 0;
  while (i < code.size()) {
    const unsigned char lead = static_cast<unsigned char>(code[i]);
    size_t len = 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      len = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4;
    }
    if (i + len > code.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(code[i + k]) & 0xC0) != 0x80) {
        len = 1;
        break;
      }
    }
    chars.push_back(code.substr(i, len));
    i += len;
  }
  return chars;
}

// The first character-level problem of a code that is not 18 charset
// bytes: its length in characters, or the first character not allowed.
Problem CharacterProblem(std::string_view code) {
  Problem p;
  const std::vector<std::string_view> chars = SplitChars(code);
  if (chars.size() != static_cast<size_t>(kLength)) {
    p.kind = ProblemKind::kLength;
    p.length = chars.size();
    return p;
  }
  for (int i = 0; i < kLength; ++i) {
    const std::string_view c = chars[static_cast<size_t>(i)];
    if (c.size() == 1 && CharValue(c[0]) >= 0) continue;
    p.position = i + 1;
    p.found = std::string(c);
    p.kind = (c.size() == 1 && c[0] >= 'a' && c[0] <= 'z') ? ProblemKind::kLowercase
                                                           : ProblemKind::kBadChar;
    return p;
  }
  return p;
}

Problem Check(std::string_view code) {
  Problem p;
  // Nearly every code is 18 bytes from the charset; only others need
  // splitting into characters to say what is wrong.
  bool plain = code.size() == static_cast<size_t>(kLength);
  for (size_t i = 0; plain && i < code.size(); ++i) plain = CharValue(code[i]) >= 0;
  if (!plain) {
    p = CharacterProblem(code);
    if (p.kind != ProblemKind::kNone) return p;
  }
  // From here on every character is a single ASCII byte.
  for (int i = 2; i < 8; ++i) {
    const char c = code[static_cast<size_t>(i)];
    if (c < '0' || c > '9') {
      p.kind = ProblemKind::kNotDigit;
      p.position = i + 1;
      p.found = std::string(1, c);
      return p;
    }
  }
  const char expected = UsccCheckChar(code.substr(0, kLength - 1));
  if (code[kLength - 1] != expected) {
    p.kind = ProblemKind::kCheckChar;
    p.position = kLength;
    p.found = std::string(1, code[kLength - 1]);
    p.expected = expected;
  }
  return p;
}

// Printable form of an offending character (control bytes as \xNN).
std::string Shown(const std::string& c) {
  if (c.size() == 1) {
    const unsigned char b = static_cast<unsigned char>(c[0]);
    if (b < 0x20 || b >= 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      return std::string{'\\', 'x', kHex[b >> 4], kHex[b & 0xF]};
    }
  }
  return c;
}

}  // namespace

char UsccCheckChar(std::string_view first17) {
  if (first17.size() != static_cast<size_t>(kLength - 1)) return '\0';
  int sum = 0;
  int weight = 1;  // 3^(i-1) mod 31
  for (char c : first17) {
    const int value = CharValue(c);
    if (value < 0) return '\0';
    sum += value * weight;
    weight = weight * 3 % 31;
  }
  const int check = (31 - sum % 31) % 31;
  return kCharset[static_cast<size_t>(check)];
}

std::string UsccProblem(std::string_view code) {
  const Problem p = Check(code);
  switch (p.kind) {
    case ProblemKind::kNone:
      return "";
    case ProblemKind::kLength:
      return absl::StrCat("has ", p.length, p.length == 1 ? " character" : " characters",
                          ", expected 18");
    case ProblemKind::kLowercase:
      return absl::StrCat("lowercase letter '", p.found, "' at position ", p.position,
                          " is not allowed; use capital letters");
    case ProblemKind::kBadChar:
      return absl::StrCat("character '", Shown(p.found), "' at position ", p.position,
                          " is not allowed (only 0-9 and capital letters other than I, O, S, "
                          "V, Z)");
    case ProblemKind::kNotDigit:
      return absl::StrCat("positions 3-8 (registration area code) must be digits, but position ",
                          p.position, " is '", p.found, "'");
    case ProblemKind::kCheckChar:
      return absl::StrCat("check character is '", p.found, "', expected '",
                          std::string(1, p.expected), "'");
  }
  return "";
}

std::string UsccProblemZh(std::string_view code) {
  const Problem p = Check(code);
  switch (p.kind) {
    case ProblemKind::kNone:
      return "";
    case ProblemKind::kLength:
      return absl::StrCat("长度为 ", p.length, " 位，应为 18 位");
    case ProblemKind::kLowercase:
      return absl::StrCat("第 ", p.position, " 位是小写字母 '", p.found, "'，应使用大写字母");
    case ProblemKind::kBadChar:
      return absl::StrCat("第 ", p.position, " 位字符 '", Shown(p.found),
                          "' 不允许使用（只能是数字和除 I、O、S、V、Z 以外的大写字母）");
    case ProblemKind::kNotDigit:
      return absl::StrCat("第 3–8 位（登记管理机关行政区划码）应为数字，第 ", p.position, " 位是 '",
                          p.found, "'");
    case ProblemKind::kCheckChar:
      return absl::StrCat("校验位是 '", p.found, "'，应为 '", std::string(1, p.expected), "'");
  }
  return "";
}

}  // namespace duixian::engine
