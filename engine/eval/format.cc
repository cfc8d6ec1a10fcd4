#include "engine/eval/format.h"

#include "absl/strings/str_cat.h"

namespace duixian::engine {

std::string FormatMoney(const Number& yuan) {
  std::optional<Number> wan = Number::Div(yuan, Number::FromInt(10000));
  if (wan && wan->IsInteger() && !yuan.IsZero()) {
    std::optional<Number> yi = Number::Div(yuan, Number::FromInt(100000000));
    if (yi && yi->IsInteger()) return absl::StrCat(yi->ToString(), "亿元");
    return absl::StrCat(wan->ToString(), "万元");
  }
  if (yuan.IsTerminatingDecimal()) return absl::StrCat(yuan.ToString(), "元");
  return absl::StrCat(yuan.ToFixed(2), "元");
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
