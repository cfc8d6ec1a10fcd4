#include "dsl/sema/test_data.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "dsl/sema/elaborator.h"

namespace duixian::dsl {
namespace {

using engine::FieldDef;
using engine::FieldType;
using engine::Number;

struct ExpectedText {
  const char* en;
  const char* zh;
};

// What a value of `f` looks like: the whole series of a yearly field, or one
// of its values (`element`).
ExpectedText Expected(const FieldDef& f, bool element) {
  if (f.yearly && !element) {
    return {"a yearly object such as {2023: 3000万元}", "按年的数据，例如 {2023: 3000万元}"};
  }
  switch (f.type) {
    case FieldType::kBool: return {"true or false", "`true` 或 `false`（是 / 否）"};
    case FieldType::kInteger: return {"a whole number", "整数"};
    case FieldType::kDecimal: return {"a number", "数字"};
    case FieldType::kMoney: return {"an amount such as 3000万元", "金额，例如 3000万元"};
    case FieldType::kPercent: return {"a percentage such as 3%", "百分比，例如 3%"};
    case FieldType::kCount: return {"a whole number such as 50人", "整数，例如 50人"};
    case FieldType::kDate: return {"a date such as 2023-09-01", "日期，例如 2023-09-01"};
    case FieldType::kRecordList: return {"a list of records [{…}, …]", "记录列表 [{…}, …]"};
    default: return {"a quoted text", "带引号的文字"};
  }
}

class Builder {
 public:
  Builder(const engine::Schema& schema, DiagnosticSink& sink) : schema_(schema), sink_(sink) {}

  void Fail(const FieldDef& f, SourceRange at, bool element = false) {
    ExpectedText e = Expected(f, element);
    sink_.Report(DiagCode::kE0309, at, {{"field", f.label}, {"expected", e.en}, {"expected_zh", e.zh}})
        .Emit();
    ok_ = false;
  }

  // A scalar of field type `f` (not yearly).
  engine::Scalar ScalarOf(const FieldDef& f, const ast::DataValue& v) {
    const auto* num = std::get_if<ast::NumberLit>(&v.kind);
    const auto* str = std::get_if<ast::StringLit>(&v.kind);
    switch (f.type) {
      case FieldType::kBool:
        if (const auto* b = std::get_if<ast::BoolLit>(&v.kind)) return b->value;
        break;
      case FieldType::kMoney:
        if (num && (num->unit == ast::Unit::kYuan || num->unit == ast::Unit::kNone)) return num->value;
        break;
      case FieldType::kPercent:
        if (num && (num->unit == ast::Unit::kPercent || num->unit == ast::Unit::kNone)) return num->value;
        break;
      case FieldType::kCount:
        if (num && num->value.IsInteger() && !num->value.IsNegative() &&
            (num->unit == ast::Unit::kNone ||
             (f.count_unit == engine::CountUnit::kPersons ? num->unit == ast::Unit::kPersons
                                                          : num->unit == ast::Unit::kItems))) {
          return num->value;
        }
        break;
      case FieldType::kInteger:
        if (num && num->unit == ast::Unit::kNone && num->value.IsInteger()) return num->value;
        break;
      case FieldType::kDecimal:
        if (num && num->unit == ast::Unit::kNone) return num->value;
        break;
      case FieldType::kDate:
        if (const auto* d = std::get_if<ast::DateLit>(&v.kind)) return d->value;
        break;
      case FieldType::kEnum:
        if (str) {
          if (f.EnumIndex(str->value) >= 0) return str->value;
          std::string near = Elaborator::Suggest(str->value, f.enum_values);
          auto b = sink_.Report(DiagCode::kE0212, v.span, {{"value", str->value}, {"field", f.label}});
          if (!near.empty()) {
            std::move(b).Help({absl::StrCat("did you mean `", near, "`?"), absl::StrCat("是不是 `", near, "`？")});
          }
          std::move(b).Emit();
          ok_ = false;
          return std::monostate{};
        }
        break;
      case FieldType::kString:
      case FieldType::kUscc:
      case FieldType::kIndustryCode:
        if (str) return str->value;
        break;
      case FieldType::kRecordList:
        break;
    }
    Fail(f, v.span, /*element=*/true);
    return std::monostate{};
  }

  engine::Record RecordOf(const FieldDef& list, const ast::DataValue& v) {
    engine::Record r;
    r.fields.resize(list.record_fields.size());
    const auto* obj = std::get_if<ast::DataObject>(&v.kind);
    if (obj == nullptr) {
      Fail(list, v.span);
      return r;
    }
    for (const ast::DataEntry& e : obj->entries) {
      int idx = list.RecordFieldIndex(e.key);
      if (idx < 0) {
        sink_.Report(DiagCode::kE0209, e.key_span, {{"list", list.label}, {"name", e.key}}).Emit();
        ok_ = false;
        continue;
      }
      r.fields[static_cast<size_t>(idx)] = ScalarOf(list.record_fields[static_cast<size_t>(idx)], e.value);
    }
    return r;
  }

  std::optional<engine::FirmRecord> Build(const ast::DataValue& given) {
    engine::FirmRecord firm(schema_.fields().size());
    const auto* obj = std::get_if<ast::DataObject>(&given.kind);
    if (obj == nullptr) return firm;
    std::vector<int> seen;
    for (const ast::DataEntry& e : obj->entries) {
      int index = schema_.IndexOf(e.key);
      if (index < 0) {
        std::string near = Elaborator::Suggest(e.key, schema_.AllNames());
        auto b = sink_.Report(DiagCode::kE0201, e.key_span, {{"name", e.key}});
        if (!near.empty()) {
          std::move(b).Help({absl::StrCat("a similar field is `", near, "`"),
                             absl::StrCat("相近的字段是 `", near, "`")});
        }
        std::move(b).Emit();
        ok_ = false;
        continue;
      }
      if (std::find(seen.begin(), seen.end(), index) != seen.end()) {
        sink_.Report(DiagCode::kE0407, e.key_span, {{"field", e.key}}).Emit();
        ok_ = false;
        continue;
      }
      seen.push_back(index);
      const FieldDef& f = schema_.fields()[static_cast<size_t>(index)];
      size_t slot = static_cast<size_t>(index);
      if (f.yearly) {
        const auto* years = std::get_if<ast::DataObject>(&e.value.kind);
        if (years == nullptr) {
          Fail(f, e.value.span);
          continue;
        }
        engine::YearSeries series;
        for (const ast::DataEntry& y : years->entries) {
          std::optional<Number> n = Number::Parse(y.key);
          std::optional<int64_t> year = n ? n->ToInt64() : std::nullopt;
          if (!y.key_is_number || !year || *year < 1900 || *year > 2999) {
            Fail(f, y.key_span);
            continue;
          }
          series.emplace_back(static_cast<int>(*year), ScalarOf(f, y.value));
        }
        std::sort(series.begin(), series.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        firm.mutable_value(slot) = std::move(series);
      } else if (f.type == FieldType::kRecordList) {
        const auto* list = std::get_if<ast::DataList>(&e.value.kind);
        if (list == nullptr) {
          Fail(f, e.value.span);
          continue;
        }
        engine::RecordList records;
        for (const ast::DataValue& item : list->items) records.push_back(RecordOf(f, item));
        firm.mutable_value(slot) = std::move(records);
      } else {
        firm.mutable_value(slot) = ScalarOf(f, e.value);
      }
    }
    if (!ok_) return std::nullopt;
    return firm;
  }

 private:
  const engine::Schema& schema_;
  DiagnosticSink& sink_;
  bool ok_ = true;
};

}  // namespace

std::optional<engine::FirmRecord> BuildTestFirm(const ast::DataValue& given,
                                                const engine::Schema& schema,
                                                DiagnosticSink& sink) {
  return Builder(schema, sink).Build(given);
}

}  // namespace duixian::dsl
