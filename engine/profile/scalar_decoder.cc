#include "engine/profile/scalar_decoder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/profile/json_limits.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"
#include "engine/value/uscc.h"

namespace duixian::engine::profile_internal {
namespace {

// Debian's abseil has its own string_view, which std::string_view does not
// convert to implicitly.
absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strict decimal text as accepted in strings: -?digits(.digits)?(e[+-]?digits)?
bool IsDecimalText(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == digits) return false;
  if (i < s.size() && s[i] == '.') {
    size_t frac = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == frac) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == exp) return false;
  }
  return i == s.size();
}

// GB/T 4754-2017 门类 and the range of their 大类 (two-digit division codes).
struct IndustrySection {
  char letter;
  int first_division;
  int last_division;
};
constexpr IndustrySection kSections[] = {
    {'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
    {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
    {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79}, {'O', 80, 82},
    {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97},
};

const IndustrySection* SectionOfDivision(int division) {
  for (const IndustrySection& s : kSections) {
    if (division >= s.first_division && division <= s.last_division) return &s;
  }
  return nullptr;
}

// One scalar of one field; problems go to `issues`.
class ScalarReader {
 public:
  ScalarReader(const FirmLimits& limits, ScalarIssues* issues) : limits_(limits), issues_(issues) {}

  std::optional<Scalar> Read(const FieldDef& f, const JsonScalar& node, PathFn path) {
    return DecodeScalar(f, node, path);
  }

 private:
  void WrongType(const FieldDef& f, const JsonScalar& node, PathFn path) {
    issues_->ScalarError(node.offset, path,
                         absl::StrCat("expected ", ExpectedValue(f), ", got ", JsonKindName(node.kind)),
                         absl::StrCat("应为", ExpectedValueZh(f), "，实际为", JsonKindNameZh(node.kind)));
  }

  std::optional<Scalar> DecodeScalar(const FieldDef& f, const JsonScalar& node, PathFn path) {
    if (node.kind == JsonNode::Kind::kNull) return Scalar();
    switch (f.type) {
      case FieldType::kBool:
        if (node.kind != JsonNode::Kind::kBool) break;
        return Scalar(node.boolean);
      case FieldType::kInteger:
      case FieldType::kDecimal:
      case FieldType::kMoney:
      case FieldType::kPercent:
      case FieldType::kCount:
        if (node.kind != JsonNode::Kind::kNumber && node.kind != JsonNode::Kind::kString) break;
        return DecodeNumber(f, node, path);
      case FieldType::kDate: {
        if (node.kind != JsonNode::Kind::kString) break;
        std::optional<CivilDate> date = CivilDate::Parse(node.text);
        if (!date) {
          const std::string s(node.text);
          bool shaped =
              s.size() == 10 && s[4] == '-' && s[7] == '-' &&
              std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || c == '-'; });
          if (shaped) {
            issues_->ScalarError(node.offset, path,
                  absl::StrCat("`", s, "` is not a real calendar date (years 1900–2999)"),
                  absl::StrCat("`", s, "` 不是有效的日历日期（年份 1900–2999）"));
          } else {
            issues_->ScalarError(node.offset, path, absl::StrCat("`", s, "` is not a date of the form YYYY-MM-DD"),
                  absl::StrCat("`", s, "` 不是 YYYY-MM-DD 格式的日期"));
          }
          return std::nullopt;
        }
        return Scalar(*date);
      }
      case FieldType::kString:
        if (node.kind != JsonNode::Kind::kString) break;
        return Scalar(std::string(node.text));
      case FieldType::kEnum:
        if (node.kind != JsonNode::Kind::kString) break;
        if (f.EnumIndex(node.text) < 0) {
          issues_->ScalarError(node.offset, path,
                absl::StrCat("`", Sv(node.text), "` is not an allowed value (allowed: ",
                             absl::StrJoin(f.enum_values, ", "), ")"),
                absl::StrCat("`", Sv(node.text), "` 不是允许的取值（允许：",
                             absl::StrJoin(f.enum_values, "、"), "）"));
          return std::nullopt;
        }
        return Scalar(std::string(node.text));
      case FieldType::kIndustryCode:
        if (node.kind != JsonNode::Kind::kString) break;
        return DecodeIndustryCode(node, path);
      case FieldType::kUscc: {
        if (node.kind != JsonNode::Kind::kString) break;
        std::string problem = UsccProblem(node.text);
        if (!problem.empty()) {
          issues_->ScalarError(node.offset, path,
                absl::StrCat("invalid unified social credit code `", Sv(node.text), "`: ", problem),
                absl::StrCat("统一社会信用代码 `", Sv(node.text), "` 无效：",
                             UsccProblemZh(node.text)));
          return std::nullopt;
        }
        return Scalar(std::string(node.text));
      }
      case FieldType::kRecordList:
        break;
    }
    WrongType(f, node, path);
    return std::nullopt;
  }

  std::optional<Scalar> DecodeNumber(const FieldDef& f, const JsonScalar& node, PathFn path) {
    const std::string_view text = node.text;
    if (node.kind == JsonNode::Kind::kString && !IsDecimalText(text)) {
      std::string hint;
      std::string hint_zh;
      if (text.find("万") != std::string::npos || text.find("亿") != std::string::npos ||
          text.find("元") != std::string::npos) {
        hint = "; write the amount in 元 as a plain number, e.g. 30000000 for 3000万元";
        hint_zh = "；金额请以元为单位写成纯数字，如 3000万元 写作 30000000";
      } else if (text.find('%') != std::string::npos) {
        hint = "; write percentages as a fraction, e.g. 0.03 for 3%";
        hint_zh = "；百分比请写成小数，如 3% 写作 0.03";
      } else if (text.find(',') != std::string::npos || text.find(' ') != std::string::npos) {
        hint = "; no thousands separators or spaces";
        hint_zh = "；不要使用千位分隔符或空格";
      } else if (f.type == FieldType::kCount) {
        hint = f.count_unit == CountUnit::kPersons ? "; write the number of persons only"
                                                   : "; write the number only";
        hint_zh = "；只写数字";
      }
      issues_->ScalarError(node.offset, path, absl::StrCat("`", Sv(text), "` is not a decimal number", hint),
            absl::StrCat("`", Sv(text), "` 不是十进制数字", hint_zh));
      return std::nullopt;
    }
    // JSON numbers were held to the limit while the text was read (by the
    // fast reader or the limits pre-scan); a number in a string is here.
    if (int digits = node.kind == JsonNode::Kind::kString ? NumberDigits(text) : 0;
        digits > limits_.max_number_digits) {
      issues_->ScalarError(node.offset, path,
            absl::StrCat("number with ", digits, " digits is longer than the limit of ",
                         limits_.max_number_digits, " digits"),
            absl::StrCat("数字有 ", digits, " 位，超过上限 ", limits_.max_number_digits, " 位"));
      return std::nullopt;
    }
    std::optional<Number> n = Number::Parse(text);
    if (!n) {
      issues_->ScalarError(node.offset, path, NumberNotExact(text), NumberNotExactZh(text));
      return std::nullopt;
    }
    if (NumberFitsField(f, *n)) return Scalar(*n);
    // Something to say: which rule the number breaks.
    if (f.type == FieldType::kCount || f.type == FieldType::kInteger) {
      if (!n->IsInteger()) {
        issues_->ScalarError(node.offset, path, absl::StrCat("must be a whole number, got ", Sv(text)),
              absl::StrCat("应为整数，实际为 ", Sv(text)));
        return std::nullopt;
      }
    }
    if (f.type == FieldType::kCount && n->IsNegative()) {
      issues_->ScalarError(node.offset, path, absl::StrCat("a count cannot be negative, got ", Sv(text)),
            absl::StrCat(f.count_unit == CountUnit::kPersons ? "人数" : "数量",
                         "不能为负数，实际为 ", Sv(text)));
      return std::nullopt;
    }
    if (f.minimum && *n < *f.minimum) {
      issues_->ScalarError(node.offset, path,
            absl::StrCat("value ", Sv(text), " is below the minimum ", f.minimum->ToString()),
            absl::StrCat("取值 ", Sv(text), " 低于下限 ", f.minimum->ToString()));
      return std::nullopt;
    }
    if (f.maximum && *n > *f.maximum) {
      std::string hint;
      std::string hint_zh;
      if (f.type == FieldType::kPercent) {
        hint = " (percentages are fractions: 0.03 for 3%)";
        hint_zh = "（百分比以小数表示：3% 写作 0.03）";
      }
      issues_->ScalarError(node.offset, path,
            absl::StrCat("value ", Sv(text), " is above the maximum ", f.maximum->ToString(), hint),
            absl::StrCat("取值 ", Sv(text), " 高于上限 ", f.maximum->ToString(), hint_zh));
      return std::nullopt;
    }
    if (f.type == FieldType::kPercent && !f.maximum && *n > Number::FromInt(1)) {
      issues_->ScalarWarning(node.offset, path,
           absl::StrCat("percentage ", Sv(text),
                        " means more than 100%; percentages are fractions "
                        "(0.03 for 3%)"),
           absl::StrCat("百分比 ", Sv(text), " 超过 100%；百分比以小数表示（3% 写作 0.03）"));
    }
    return Scalar(*n);
  }

  std::optional<Scalar> DecodeIndustryCode(const JsonScalar& node, PathFn path) {
    const std::string_view s = node.text;
    auto fail = [&](std::string en, std::string zh) {
      issues_->ScalarError(node.offset, path, absl::StrCat("industry code `", Sv(s), "` ", en),
            absl::StrCat("行业代码 `", Sv(s), "` ", zh));
      return std::nullopt;
    };
    char letter = 0;
    std::string_view digits = s;
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') {
      letter = s[0];
      digits.remove_prefix(1);
    }
    if (letter != 0 && letter > 'T') {
      return fail(absl::StrCat("has an unknown section letter ", std::string(1, letter), " (A–T)"),
                  absl::StrCat("的门类字母 ", std::string(1, letter), " 无效（应为 A–T）"));
    }
    bool all_digits = std::all_of(digits.begin(), digits.end(), IsDigit);
    if (!all_digits || (letter == 0 && digits.size() < 2) || digits.size() == 1 ||
        digits.size() > 4) {
      return fail(
          "is not a GB/T 4754-2017 code (a section letter A–T and/or 2–4 digits, e.g. C3974)",
          "不是 GB/T 4754-2017 行业代码（门类字母 A–T 和/或 2–4 位数字，如 C3974）");
    }
    if (digits.empty()) return Scalar(std::string(s));  // a section letter alone
    int division = (digits[0] - '0') * 10 + (digits[1] - '0');
    const IndustrySection* section = SectionOfDivision(division);
    if (section == nullptr) {
      return fail(absl::StrCat("has no division ", Sv(digits.substr(0, 2)), " (01–97)"),
                  absl::StrCat("的大类 ", Sv(digits.substr(0, 2)), " 不存在（01–97）"));
    }
    if (letter != 0 && letter != section->letter) {
      return fail(
          absl::StrCat("mixes section ", std::string(1, letter), " with division ",
                       Sv(digits.substr(0, 2)), ", which belongs to section ",
                       std::string(1, section->letter)),
          absl::StrCat("的门类 ", std::string(1, letter), " 与大类 ", Sv(digits.substr(0, 2)),
                       " 不符（该大类属于门类 ", std::string(1, section->letter), "）"));
    }
    // Normalised with its section letter, so "3974" and "C3974" compare equal.
    return Scalar(absl::StrCat(std::string(1, section->letter), Sv(digits)));
  }

  const FirmLimits& limits_;
  ScalarIssues* issues_;
};

}  // namespace

// What a field expects, for wrong-type messages.
std::string ExpectedValue(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kBool:
      return "true or false";
    case FieldType::kInteger:
      return "a whole number (JSON number or a string such as \"2023\")";
    case FieldType::kDecimal:
      return "a number (JSON number or a string holding a decimal number)";
    case FieldType::kMoney:
      return "an amount in 元 (JSON number or a string holding a decimal number)";
    case FieldType::kPercent:
      return "a percentage as a fraction, 0.03 for 3% (JSON number or decimal string)";
    case FieldType::kCount:
      return f.count_unit == CountUnit::kPersons ? "a number of persons (non-negative whole number)"
                                                 : "a count (non-negative whole number)";
    case FieldType::kDate:
      return "a date string \"YYYY-MM-DD\"";
    case FieldType::kString:
      return "a string";
    case FieldType::kEnum:
      return absl::StrCat("one of ", absl::StrJoin(f.enum_values, ", "));
    case FieldType::kIndustryCode:
      return "a GB/T 4754-2017 industry code string such as \"C3974\"";
    case FieldType::kUscc:
      return "an 18-character unified social credit code string";
    case FieldType::kRecordList:
      return "an array of objects";
  }
  return "a value";
}

std::string NumberNotExact(std::string_view text) {
  return absl::StrCat("number `", Sv(text), "` is too large or too precise to hold exactly");
}

std::string NumberNotExactZh(std::string_view text) {
  return absl::StrCat("数字 `", Sv(text), "` 过大或精度过高，无法精确表示");
}

std::string ExpectedValueZh(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kBool:
      return "true 或 false";
    case FieldType::kInteger:
      return "整数（JSON 数字或如 \"2023\" 的字符串）";
    case FieldType::kDecimal:
      return "数值（JSON 数字或十进制数字字符串）";
    case FieldType::kMoney:
      return "以元为单位的金额（JSON 数字或十进制数字字符串）";
    case FieldType::kPercent:
      return "以小数表示的百分比，3% 写作 0.03（JSON 数字或十进制数字字符串）";
    case FieldType::kCount:
      return f.count_unit == CountUnit::kPersons ? "人数（非负整数）" : "数量（非负整数）";
    case FieldType::kDate:
      return "日期字符串 \"YYYY-MM-DD\"";
    case FieldType::kString:
      return "文本字符串";
    case FieldType::kEnum:
      return absl::StrCat("以下之一：", absl::StrJoin(f.enum_values, "、"));
    case FieldType::kIndustryCode:
      return "国民经济行业分类（GB/T 4754-2017）代码字符串，如 \"C3974\"";
    case FieldType::kUscc:
      return "18 位统一社会信用代码字符串";
    case FieldType::kRecordList:
      return "对象数组";
  }
  return "值";
}

std::optional<int> ParseYearKey(std::string_view key) {
  if (key.size() != 4 || (key[0] != '1' && key[0] != '2')) return std::nullopt;
  int year = 0;
  for (char c : key) {
    if (!IsDigit(c)) return std::nullopt;
    year = year * 10 + (c - '0');
  }
  return year;
}

std::optional<Scalar> DecodeScalar(const FieldDef& f, const JsonScalar& node, const FirmLimits& limits,
                                   PathFn path, ScalarIssues* issues) {
  return ScalarReader(limits, issues).Read(f, node, path);
}

}  // namespace duixian::engine::profile_internal
