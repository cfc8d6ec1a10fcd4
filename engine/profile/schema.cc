#include "engine/profile/schema.h"

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/profile/json_dom.h"
#include "engine/value/number.h"
#include "nlohmann/json.hpp"

// Layout of policies/schema.json:
//
//   {
//     "version": 1,
//     "title": "…", "description": "…",          (optional, informative)
//     "fields": [
//       {
//         "name": "revenue",                      snake_case, unique
//         "label": "营业收入",                     unique
//         "aliases": ["营业总收入"],               optional, unique
//         "type": "money",                        see FieldTypeName()
//         "yearly": true,                         optional, default false
//         "unit": "元",                           count: 人 | 项 | 件 | 个 (required);
//                                                 money: 元 (optional); nothing else
//         "source": "税务",                        required at the top level
//         "group": "财务",                         required at the top level
//         "description": "…",                     optional
//         "availability": "rare",                 optional: common (default) |
//                                                 partial | rare in firm exports
//         "values": ["A", "B"], "ordered": true,  enum only ("values" required)
//         "minimum": "0", "maximum": "1",         numeric types; number or decimal string
//         "actionable": "increase",               optional: increase | decrease | either
//                                                 (numbers), wait (dates), increase (records:
//                                                 can add), choose (bool, string, enum);
//                                                 near-miss advice
//         "record": [ { …field… } ]               records only (required); record
//                                                 fields are scalars and inherit
//                                                 source and group
//       }
//     ]
//   }
//
// Unknown keys are errors, so a typo such as "yeraly" is caught on load.

namespace duixian::engine {
namespace {

using profile_internal::JsonMember;
using profile_internal::JsonNode;
using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kJsonSchemaDraft = "https://json-schema.org/draft/2020-12/schema";
// A decimal number written as a string ("30000000.10", "-0.03", "1e6").
constexpr std::string_view kDecimalPattern = "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$";
constexpr std::string_view kIntegerPattern = "^-?[0-9]+$";
constexpr std::string_view kCountPattern = "^[0-9]+$";
constexpr std::string_view kDatePattern = "^\\d{4}-\\d{2}-\\d{2}$";
constexpr std::string_view kYearPattern = "^[12][0-9]{3}$";
constexpr std::string_view kUsccPattern = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$";
constexpr std::string_view kIndustryCodePattern = "^([A-T]|[A-T]?[0-9]{2,4})$";

struct TypeInfo {
  FieldType type;
  std::string_view name;
  std::string_view name_zh;
};

constexpr TypeInfo kTypes[] = {
    {FieldType::kBool, "bool", "是否"},
    {FieldType::kInteger, "integer", "整数"},
    {FieldType::kDecimal, "decimal", "数值"},
    {FieldType::kMoney, "money", "金额"},
    {FieldType::kPercent, "percent", "百分比"},
    {FieldType::kCount, "count", "人数/数量"},
    {FieldType::kDate, "date", "日期"},
    {FieldType::kString, "string", "文本"},
    {FieldType::kEnum, "enum", "枚举"},
    {FieldType::kIndustryCode, "industry_code", "行业代码"},
    {FieldType::kUscc, "uscc", "统一社会信用代码"},
    {FieldType::kRecordList, "records", "记录列表"},
};

std::optional<FieldType> ParseFieldType(std::string_view name) {
  for (const TypeInfo& info : kTypes) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

// Debian's abseil has its own string_view, which std::string_view does not
// convert to implicitly.
absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsNumericType(FieldType type) {
  return type == FieldType::kInteger || type == FieldType::kDecimal || type == FieldType::kMoney ||
         type == FieldType::kPercent || type == FieldType::kCount;
}

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Reads one schema file; every error names the origin, position and field.
class SchemaReader {
 public:
  SchemaReader(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

  absl::Status Error(size_t offset, std::string_view field, std::string_view message) const {
    profile_internal::JsonLocation at = profile_internal::LocateOffset(text_, offset);
    std::string where = absl::StrCat(Sv(origin_), ":", at.line, ":", at.column, ": ");
    if (!field.empty()) absl::StrAppend(&where, "field `", Sv(field), "`: ");
    return absl::InvalidArgumentError(absl::StrCat(where, Sv(message)));
  }

  absl::StatusOr<std::vector<FieldDef>> ReadTop(const JsonNode& root) {
    if (!root.is_object()) {
      return Error(root.offset, "",
                   "the schema must be a JSON object with \"version\" and \"fields\"");
    }
    const JsonNode* fields = nullptr;
    bool have_version = false;
    for (const JsonMember& m : root.members) {
      if (m.key == "version") {
        if (m.value.kind != JsonNode::Kind::kNumber || m.value.text != "1") {
          return Error(m.value.offset, "", "unsupported schema version (expected 1)");
        }
        have_version = true;
      } else if (m.key == "fields") {
        if (m.value.kind != JsonNode::Kind::kArray) {
          return Error(m.value.offset, "", "\"fields\" must be an array of field definitions");
        }
        fields = &m.value;
      } else if (m.key == "title" || m.key == "description" || m.key == "$comment") {
        if (m.value.kind != JsonNode::Kind::kString) {
          return Error(m.value.offset, "", absl::StrCat("\"", Sv(m.key), "\" must be a string"));
        }
      } else {
        return Error(m.key_offset, "", absl::StrCat("unknown top-level key \"", Sv(m.key), "\""));
      }
    }
    if (!have_version) return Error(root.offset, "", "missing \"version\": 1");
    if (fields == nullptr || fields->items.empty()) {
      return Error(root.offset, "", "missing or empty \"fields\" array");
    }
    return ReadFieldList(*fields, /*parent=*/nullptr);
  }

 private:
  absl::StatusOr<std::vector<FieldDef>> ReadFieldList(const JsonNode& list,
                                                      const FieldDef* parent) {
    std::vector<FieldDef> out;
    // Every name, label and alias in this list → the field that owns it.
    absl::flat_hash_map<std::string, size_t> taken;
    for (size_t i = 0; i < list.items.size(); ++i) {
      const JsonNode& item = list.items[i];
      std::string fallback = parent == nullptr ? absl::StrCat("fields[", i, "]")
                                               : absl::StrCat(parent->name, ".record[", i, "]");
      absl::StatusOr<FieldDef> field = ReadField(item, parent, fallback);
      if (!field.ok()) return field.status();
      std::string path =
          parent == nullptr ? field->name : absl::StrCat(parent->name, ".", field->name);
      std::vector<std::string> names = {field->name, field->label};
      names.insert(names.end(), field->aliases.begin(), field->aliases.end());
      for (size_t k = 0; k < names.size(); ++k) {
        auto [it, inserted] = taken.emplace(names[k], i);
        if (!inserted) {
          std::string owner = it->second == i ? std::string("this field")
                                              : absl::StrCat("field `", out[it->second].name, "`");
          return Error(item.offset, path,
                       absl::StrCat("name `", names[k], "` is already used by ", owner,
                                    " (names, labels and aliases must be unique",
                                    parent == nullptr ? "" : " within a record", ")"));
        }
      }
      out.push_back(*std::move(field));
    }
    return out;
  }

  absl::StatusOr<std::string> GetString(const JsonMember& m, std::string_view path) const {
    if (m.value.kind != JsonNode::Kind::kString) {
      return Error(m.value.offset, path,
                   absl::StrCat("\"", Sv(m.key), "\" must be a string, not ",
                                profile_internal::JsonKindName(m.value.kind)));
    }
    return std::string(m.value.text);
  }

  absl::StatusOr<bool> GetBool(const JsonMember& m, std::string_view path) const {
    if (m.value.kind != JsonNode::Kind::kBool) {
      return Error(m.value.offset, path,
                   absl::StrCat("\"", Sv(m.key), "\" must be true or false, not ",
                                profile_internal::JsonKindName(m.value.kind)));
    }
    return m.value.boolean;
  }

  absl::StatusOr<std::vector<std::string>> GetStringList(const JsonMember& m,
                                                         std::string_view path) const {
    if (m.value.kind != JsonNode::Kind::kArray) {
      return Error(m.value.offset, path,
                   absl::StrCat("\"", Sv(m.key), "\" must be an array of strings"));
    }
    std::vector<std::string> out;
    for (const JsonNode& item : m.value.items) {
      if (item.kind != JsonNode::Kind::kString || item.text.empty()) {
        return Error(item.offset, path,
                     absl::StrCat("\"", Sv(m.key), "\" must hold non-empty strings"));
      }
      out.push_back(std::string(item.text));
    }
    return out;
  }

  absl::StatusOr<Number> GetNumber(const JsonMember& m, std::string_view path) const {
    if (m.value.kind != JsonNode::Kind::kNumber && m.value.kind != JsonNode::Kind::kString) {
      return Error(m.value.offset, path,
                   absl::StrCat("\"", Sv(m.key), "\" must be a number or a decimal string"));
    }
    std::optional<Number> n = Number::Parse(m.value.text);
    if (!n) {
      return Error(m.value.offset, path,
                   absl::StrCat("\"", Sv(m.key), "\" is not a decimal number: ", Sv(m.value.text)));
    }
    return *n;
  }

  absl::StatusOr<FieldDef> ReadField(const JsonNode& node, const FieldDef* parent,
                                     const std::string& fallback_path) {
    if (!node.is_object()) {
      return Error(node.offset, fallback_path, "a field definition must be a JSON object");
    }
    FieldDef f;
    // The name first, so later errors can name the field.
    const JsonMember* type_member = nullptr;
    for (const JsonMember& m : node.members) {
      if (m.key == "name") {
        absl::StatusOr<std::string> s = GetString(m, fallback_path);
        if (!s.ok()) return s.status();
        if (!IsSnakeCase(*s)) {
          return Error(m.value.offset, fallback_path,
                       absl::StrCat("name `", *s, "` must be snake_case ASCII ([a-z][a-z0-9_]*)"));
        }
        f.name = *s;
      }
      if (m.key == "type") type_member = &m;
    }
    if (f.name.empty()) return Error(node.offset, fallback_path, "missing \"name\"");
    const std::string path = parent == nullptr ? f.name : absl::StrCat(parent->name, ".", f.name);
    if (type_member == nullptr) return Error(node.offset, path, "missing \"type\"");
    {
      absl::StatusOr<std::string> s = GetString(*type_member, path);
      if (!s.ok()) return s.status();
      std::optional<FieldType> type = ParseFieldType(*s);
      if (!type) {
        std::vector<absl::string_view> known;
        for (const TypeInfo& info : kTypes) known.push_back(Sv(info.name));
        return Error(
            type_member->value.offset, path,
            absl::StrCat("unknown type \"", *s, "\" (known: ", absl::StrJoin(known, ", "), ")"));
      }
      f.type = *type;
    }

    const JsonMember* unit = nullptr;
    const JsonMember* values = nullptr;
    const JsonMember* ordered = nullptr;
    const JsonMember* minimum = nullptr;
    const JsonMember* maximum = nullptr;
    const JsonMember* record = nullptr;
    absl::flat_hash_map<std::string, bool> seen_keys;
    for (const JsonMember& m : node.members) {
      if (!seen_keys.emplace(m.key, true).second) {
        return Error(m.key_offset, path, absl::StrCat("key \"", Sv(m.key), "\" given twice"));
      }
      if (m.key == "name" || m.key == "type") continue;
      if (m.key == "label") {
        absl::StatusOr<std::string> s = GetString(m, path);
        if (!s.ok()) return s.status();
        f.label = *s;
      } else if (m.key == "aliases") {
        absl::StatusOr<std::vector<std::string>> list = GetStringList(m, path);
        if (!list.ok()) return list.status();
        f.aliases = *std::move(list);
      } else if (m.key == "yearly") {
        absl::StatusOr<bool> b = GetBool(m, path);
        if (!b.ok()) return b.status();
        f.yearly = *b;
      } else if (m.key == "source" || m.key == "group" || m.key == "description") {
        absl::StatusOr<std::string> s = GetString(m, path);
        if (!s.ok()) return s.status();
        (m.key == "source" ? f.source : m.key == "group" ? f.group : f.description) = *s;
      } else if (m.key == "availability") {
        absl::StatusOr<std::string> s = GetString(m, path);
        if (!s.ok()) return s.status();
        if (*s == "common") {
          f.availability = Availability::kCommon;
        } else if (*s == "partial") {
          f.availability = Availability::kPartial;
        } else if (*s == "rare") {
          f.availability = Availability::kRare;
        } else {
          return Error(m.value.offset, path, "\"availability\" must be \"common\", \"partial\" or \"rare\"");
        }
      } else if (m.key == "unit") {
        unit = &m;
      } else if (m.key == "values") {
        values = &m;
      } else if (m.key == "ordered") {
        ordered = &m;
      } else if (m.key == "minimum") {
        minimum = &m;
      } else if (m.key == "maximum") {
        maximum = &m;
      } else if (m.key == "record") {
        record = &m;
      } else if (m.key == "actionable") {
        absl::StatusOr<std::string> s = GetString(m, path);
        if (!s.ok()) return s.status();
        bool date = f.type == FieldType::kDate;
        bool number = IsNumericType(f.type);
        bool choice = f.type == FieldType::kBool || f.type == FieldType::kString || f.type == FieldType::kEnum;
        if (*s == "wait" && date) {
          f.actionable = Actionable::kWait;
        } else if (*s == "increase" && f.type == FieldType::kRecordList) {
          f.actionable = Actionable::kIncrease;
        } else if (*s == "choose" && choice) {
          f.actionable = Actionable::kChoose;
        } else if (number && (*s == "increase" || *s == "decrease" || *s == "either")) {
          f.actionable = *s == "increase" ? Actionable::kIncrease
                         : *s == "decrease" ? Actionable::kDecrease
                                            : Actionable::kEither;
        } else {
          return Error(m.value.offset, path,
                       absl::StrCat("\"actionable\": \"", *s, "\" does not fit a ", std::string(FieldTypeName(f.type)),
                                    " field (numbers: increase, decrease or either; dates: wait; records: increase; "
                                    "bool, string and enum: choose)"));
        }
      } else {
        return Error(m.key_offset, path, absl::StrCat("unknown key \"", Sv(m.key), "\""));
      }
    }

    if (f.label.empty())
      return Error(node.offset, path, "missing or empty \"label\" (the Chinese name)");
    if (parent != nullptr) {
      if (f.source.empty()) f.source = parent->source;
      if (f.group.empty()) f.group = parent->group;
      if (f.yearly) return Error(node.offset, path, "record fields cannot be yearly");
      if (f.type == FieldType::kRecordList) {
        return Error(type_member->value.offset, path, "records cannot be nested");
      }
    } else {
      if (f.source.empty())
        return Error(node.offset, path, "missing \"source\" (the source system, e.g. 税务)");
      if (f.group.empty())
        return Error(node.offset, path, "missing \"group\" (the 一企一档 group)");
    }
    if (f.yearly && f.type == FieldType::kRecordList) {
      return Error(node.offset, path, "a records field cannot be yearly");
    }

    // Unit.
    if (f.type == FieldType::kCount) {
      if (unit == nullptr)
        return Error(node.offset, path, "a count needs \"unit\": 人, 项, 件 or 个");
      absl::StatusOr<std::string> s = GetString(*unit, path);
      if (!s.ok()) return s.status();
      if (*s == "人") {
        f.count_unit = CountUnit::kPersons;
      } else if (*s == "项" || *s == "件" || *s == "个") {
        f.count_unit = CountUnit::kItems;
      } else {
        return Error(unit->value.offset, path,
                     absl::StrCat("unknown count unit \"", *s,
                                  "\" (人 for persons; 项, 件 or 个 for items)"));
      }
    } else if (unit != nullptr) {
      absl::StatusOr<std::string> s = GetString(*unit, path);
      if (!s.ok()) return s.status();
      if (f.type != FieldType::kMoney || *s != "元") {
        return Error(
            unit->value.offset, path,
            absl::StrCat("unit \"", *s,
                         "\" not allowed here (counts take 人/项/件/个, money is always 元)"));
      }
    }

    // Enum values.
    if (f.type == FieldType::kEnum) {
      if (values == nullptr) return Error(node.offset, path, "an enum needs \"values\"");
      absl::StatusOr<std::vector<std::string>> list = GetStringList(*values, path);
      if (!list.ok()) return list.status();
      if (list->empty())
        return Error(values->value.offset, path, "an enum needs at least one value");
      for (size_t i = 0; i < list->size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
          if ((*list)[i] == (*list)[j]) {
            return Error(values->value.offset, path,
                         absl::StrCat("enum value \"", (*list)[i], "\" listed twice"));
          }
        }
      }
      f.enum_values = *std::move(list);
      if (ordered != nullptr) {
        absl::StatusOr<bool> b = GetBool(*ordered, path);
        if (!b.ok()) return b.status();
        f.ordered = *b;
      }
    } else if (values != nullptr || ordered != nullptr) {
      const JsonMember* m = values != nullptr ? values : ordered;
      return Error(m->key_offset, path, absl::StrCat("\"", Sv(m->key), "\" is only for enum fields"));
    }

    // Bounds.
    if (minimum != nullptr || maximum != nullptr) {
      const JsonMember* any = minimum != nullptr ? minimum : maximum;
      if (!IsNumericType(f.type)) {
        return Error(any->key_offset, path,
                     absl::StrCat("\"", Sv(any->key), "\" is only for numeric fields"));
      }
      for (const JsonMember* m : {minimum, maximum}) {
        if (m == nullptr) continue;
        absl::StatusOr<Number> n = GetNumber(*m, path);
        if (!n.ok()) return n.status();
        if ((f.type == FieldType::kInteger || f.type == FieldType::kCount) && !n->IsInteger()) {
          return Error(m->value.offset, path,
                       absl::StrCat("\"", Sv(m->key), "\" must be a whole number"));
        }
        (m == minimum ? f.minimum : f.maximum) = *n;
      }
      if (f.minimum && f.maximum && *f.maximum < *f.minimum) {
        return Error(maximum->value.offset, path, "\"maximum\" is below \"minimum\"");
      }
      if (f.type == FieldType::kCount && f.minimum && f.minimum->IsNegative()) {
        return Error(minimum->value.offset, path, "a count cannot have a negative minimum");
      }
    }

    // Record fields.
    if (f.type == FieldType::kRecordList) {
      if (record == nullptr || record->value.kind != JsonNode::Kind::kArray ||
          record->value.items.empty()) {
        return Error(record == nullptr ? node.offset : record->value.offset, path,
                     "a records field needs \"record\": a non-empty array of field definitions");
      }
      absl::StatusOr<std::vector<FieldDef>> sub = ReadFieldList(record->value, &f);
      if (!sub.ok()) return sub.status();
      f.record_fields = *std::move(sub);
    } else if (record != nullptr) {
      return Error(record->key_offset, path, "\"record\" is only for records fields");
    }
    return f;
  }

  std::string_view text_;
  std::string_view origin_;
};

// JSON number for a bound in the exported JSON Schema (informative only).
std::optional<OrderedJson> BoundToJson(const Number& n) {
  try {
    return OrderedJson::parse(n.ToString());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

OrderedJson ScalarJsonSchema(const FieldDef& f) {
  OrderedJson s = OrderedJson::object();
  auto numeric = [&f](std::string_view json_type, std::string_view pattern) {
    OrderedJson number = {{"type", json_type}};
    if (f.minimum) {
      if (std::optional<OrderedJson> b = BoundToJson(*f.minimum)) number["minimum"] = *b;
    }
    if (f.maximum) {
      if (std::optional<OrderedJson> b = BoundToJson(*f.maximum)) number["maximum"] = *b;
    }
    if (f.type == FieldType::kCount && !f.minimum) number["minimum"] = 0;
    OrderedJson text = {{"type", "string"}, {"pattern", pattern}};
    return OrderedJson{{"anyOf", OrderedJson::array({number, text})}};
  };
  switch (f.type) {
    case FieldType::kBool:
      return {{"type", "boolean"}};
    case FieldType::kInteger:
      return numeric("integer", kIntegerPattern);
    case FieldType::kCount:
      return numeric("integer", kCountPattern);
    case FieldType::kDecimal:
    case FieldType::kMoney:
    case FieldType::kPercent:
      return numeric("number", kDecimalPattern);
    case FieldType::kDate:
      return {{"type", "string"}, {"pattern", kDatePattern}, {"format", "date"}};
    case FieldType::kString:
      return {{"type", "string"}};
    case FieldType::kEnum:
      return {{"type", "string"}, {"enum", f.enum_values}};
    case FieldType::kIndustryCode:
      return {{"type", "string"}, {"pattern", kIndustryCodePattern}};
    case FieldType::kUscc:
      return {{"type", "string"}, {"pattern", kUsccPattern}};
    case FieldType::kRecordList:
      break;
  }
  return s;
}

// Lets the schema also accept null (null means "missing" in firm files).
OrderedJson Nullable(OrderedJson s) {
  if (s.contains("anyOf")) {
    s["anyOf"].push_back({{"type", "null"}});
    return s;
  }
  if (s.contains("enum")) s["enum"].push_back(nullptr);
  if (s.contains("type") && s["type"].is_string()) {
    s["type"] = OrderedJson::array({s["type"], "null"});
  }
  return s;
}

std::string Describe(const FieldDef& f) {
  std::string d = f.description;
  if (!d.empty()) d += " ";
  absl::StrAppend(&d, "分组：", f.group, "；来源：", f.source, "。");
  if (f.type == FieldType::kPercent) absl::StrAppend(&d, "百分比以小数表示：3% 写作 0.03。");
  if (f.type == FieldType::kMoney) absl::StrAppend(&d, "单位：元，不写“万元”等单位。");
  if (f.yearly) absl::StrAppend(&d, "按年度填写，如 {\"2023\": …}。");
  if (!f.aliases.empty()) {
    absl::StrAppend(&d, "也可写作：", f.label, "、", absl::StrJoin(f.aliases, "、"), "。");
  } else {
    absl::StrAppend(&d, "也可写作：", f.label, "。");
  }
  return d;
}

OrderedJson FieldJsonSchema(const FieldDef& f) {
  OrderedJson p = {{"title", f.label}, {"description", Describe(f)}};
  OrderedJson body;
  if (f.type == FieldType::kRecordList) {
    OrderedJson item_props = OrderedJson::object();
    for (const FieldDef& r : f.record_fields) {
      OrderedJson rp = {{"title", r.label}, {"description", Describe(r)}};
      OrderedJson scalar = Nullable(ScalarJsonSchema(r));
      for (auto& [k, v] : scalar.items()) rp[k] = v;
      item_props[r.name] = rp;
    }
    body = {{"type", "array"},
            {"items",
             {{"type", "object"}, {"properties", item_props}, {"additionalProperties", true}}}};
  } else if (f.yearly) {
    body = {{"type", "object"},
            {"propertyNames", {{"pattern", kYearPattern}}},
            {"additionalProperties", Nullable(ScalarJsonSchema(f))}};
  } else {
    body = ScalarJsonSchema(f);
  }
  body = Nullable(std::move(body));
  for (auto& [k, v] : body.items()) p[k] = v;
  return p;
}

OrderedJson CanonicalField(const FieldDef& f) {
  OrderedJson j = {{"name", f.name}, {"label", f.label}};
  if (!f.aliases.empty()) j["aliases"] = f.aliases;
  j["type"] = FieldTypeName(f.type);
  if (f.yearly) j["yearly"] = true;
  if (f.count_unit == CountUnit::kPersons) j["unit"] = "人";
  if (f.count_unit == CountUnit::kItems) j["unit"] = "项";
  j["source"] = f.source;
  j["group"] = f.group;
  if (!f.description.empty()) j["description"] = f.description;
  if (!f.enum_values.empty()) j["values"] = f.enum_values;
  if (f.ordered) j["ordered"] = true;
  if (f.minimum) j["minimum"] = f.minimum->ToString();
  if (f.maximum) j["maximum"] = f.maximum->ToString();
  if (f.actionable != Actionable::kNo) j["actionable"] = ActionableName(f.actionable);
  if (!f.record_fields.empty()) {
    OrderedJson list = OrderedJson::array();
    for (const FieldDef& r : f.record_fields) list.push_back(CanonicalField(r));
    j["record"] = list;
  }
  return j;
}

std::string DumpJson(const OrderedJson& j, int indent) {
  try {
    return j.dump(indent, ' ', /*ensure_ascii=*/false, OrderedJson::error_handler_t::replace);
  } catch (const std::exception&) {
    return "{}";
  }
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  for (const TypeInfo& info : kTypes) {
    if (info.type == type) return info.name;
  }
  return "unknown";
}

std::string_view ActionableName(Actionable a) {
  switch (a) {
    case Actionable::kIncrease: return "increase";
    case Actionable::kDecrease: return "decrease";
    case Actionable::kEither: return "either";
    case Actionable::kWait: return "wait";
    case Actionable::kChoose: return "choose";
    case Actionable::kNo: break;
  }
  return "";
}

std::string_view FieldTypeNameZh(FieldType type) {
  for (const TypeInfo& info : kTypes) {
    if (info.type == type) return info.name_zh;
  }
  return "未知";
}

int FieldDef::EnumIndex(std::string_view value) const {
  for (size_t i = 0; i < enum_values.size(); ++i) {
    if (enum_values[i] == value) return static_cast<int>(i);
  }
  return -1;
}

const FieldDef* FieldDef::FindRecordField(std::string_view name) const {
  int index = RecordFieldIndex(name);
  return index < 0 ? nullptr : &record_fields[index];
}

int FieldDef::RecordFieldIndex(std::string_view name) const {
  for (size_t i = 0; i < record_fields.size(); ++i) {
    const FieldDef& r = record_fields[i];
    if (r.name == name || r.label == name) return static_cast<int>(i);
    for (const std::string& alias : r.aliases) {
      if (alias == name) return static_cast<int>(i);
    }
  }
  return -1;
}

absl::StatusOr<Schema> Schema::FromJson(std::string_view json_text, std::string_view origin) {
  SchemaReader reader(json_text, origin);
  profile_internal::JsonParseResult parsed = profile_internal::ParseJsonDom(json_text);
  if (!parsed.ok()) {
    return reader.Error(parsed.error_offset, "", absl::StrCat("not valid JSON: ", parsed.error));
  }
  absl::StatusOr<std::vector<FieldDef>> fields = reader.ReadTop(parsed.root);
  if (!fields.ok()) return fields.status();
  Schema schema;
  schema.fields_ = *std::move(fields);
  for (size_t i = 0; i < schema.fields_.size(); ++i) {
    const FieldDef& f = schema.fields_[i];
    int index = static_cast<int>(i);
    schema.index_.emplace(f.name, index);
    schema.index_.emplace(f.label, index);
    for (const std::string& alias : f.aliases) schema.index_.emplace(alias, index);
  }
  schema.canonical_text_ = schema.BuildCanonicalText();
  return schema;
}

const FieldDef* Schema::Find(std::string_view name) const {
  int index = IndexOf(name);
  return index < 0 ? nullptr : &fields_[index];
}

int Schema::IndexOf(std::string_view name) const {
  auto it = index_.find(Sv(name));
  return it == index_.end() ? -1 : it->second;
}

std::vector<std::string> Schema::AllNames() const {
  std::vector<std::string> names;
  for (const FieldDef& f : fields_) {
    names.push_back(f.name);
    names.push_back(f.label);
    names.insert(names.end(), f.aliases.begin(), f.aliases.end());
  }
  return names;
}

std::string Schema::ToJsonSchema() const {
  OrderedJson properties = OrderedJson::object();
  for (const FieldDef& f : fields_) properties[f.name] = FieldJsonSchema(f);
  OrderedJson root = {
      {"$schema", kJsonSchemaDraft},
      {"title", "一企一档 企业档案 (duixian firm file)"},
      {"description",
       "One JSON object per firm. Keys are the English field names below; the Chinese label "
       "(title) or a listed alias is accepted too. Money is in 元 and percentages are fractions "
       "(3% = 0.03); numbers may be JSON numbers or strings holding a decimal number, and are "
       "read exactly. Yearly fields map years (\"2023\") to values. null means missing. Unknown "
       "fields are allowed but reported as warnings."},
      {"type", "object"},
      {"properties", properties},
      {"additionalProperties", true},
  };
  return DumpJson(root, 2);
}

std::string Schema::BuildCanonicalText() const {
  OrderedJson list = OrderedJson::array();
  for (const FieldDef& f : fields_) list.push_back(CanonicalField(f));
  OrderedJson root = {{"version", 1}, {"fields", list}};
  return DumpJson(root, -1);
}

}  // namespace duixian::engine
