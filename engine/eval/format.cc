#include "engine/eval/format.h"

#include "absl/strings/str_cat.h"

namespace duixian::engine {
namespace {

// "1234567.5" → "1,234,567.5": thousands separators in the integer part.
std::string GroupThousands(const std::string& text) {
  size_t start = text[0] == '-' ? 1 : 0;
  size_t dot = text.find('.');
  size_t end = dot == std::string::npos ? text.size() : dot;
  std::string out = text.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out.push_back(text[i]);
    size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out.push_back(',');
  }
  out += text.substr(end);
  return out;
}

}  // namespace

std::string FormatMoney(const Number& yuan) {
  std::optional<Number> wan = Number::Div(yuan, Number::FromInt(10000));
  if (wan && wan->IsInteger() && !yuan.IsZero()) {
    std::optional<Number> yi = Number::Div(yuan, Number::FromInt(100000000));
    if (yi && yi->IsInteger()) return absl::StrCat(yi->ToString(), "亿元");
    return absl::StrCat(wan->ToString(), "万元");
  }
  if (yuan.IsTerminatingDecimal()) return absl::StrCat(GroupThousands(yuan.ToString()), "元");
  return absl::StrCat(GroupThousands(yuan.ToFixed(2)), "元");
}

std::string FormatPercent(const Number& fraction) {
  std::optional<Number> pct = Number::Mul(fraction, Number::FromInt(100));
  if (!pct) return fraction.ToString();
  return absl::StrCat(pct->ToString(6), "%");
}

std::string FormatNumberAs(const Number& n, const FieldDef* field) {
  if (field == nullptr) return n.ToString(6);
  switch (field->type) {
    case FieldType::kMoney: return FormatMoney(n);
    case FieldType::kPercent: return FormatPercent(n);
    case FieldType::kCount:
      return absl::StrCat(n.ToString(), field->count_unit == CountUnit::kPersons ? "人" : "项");
    default: return n.ToString(6);
  }
}

}  // namespace duixian::engine
