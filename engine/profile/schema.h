// The firm-profile schema (一企一档): every field a policy may read, with its
// English name, Chinese label, type, unit and source system. Loaded from
// policies/schema.json; drives name resolution in the compiler, decoding of
// firm files, and the JSON Schema export.
//
//   DX_ASSIGN_OR_RETURN(Schema schema, Schema::FromJson(text, "schema.json"));
//   const FieldDef* f = schema.Find("营业收入");   // same as Find("revenue")
//
// Immutable after loading; safe to share across threads.
#ifndef DX_ENGINE_PROFILE_SCHEMA_H_
#define DX_ENGINE_PROFILE_SCHEMA_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/value/number.h"

namespace duixian::engine {

enum class FieldType {
  kBool,
  kInteger,       // plain integer without unit (e.g. a year)
  kDecimal,       // plain exact number without unit
  kMoney,         // 元, exact
  kPercent,       // stored as a fraction: 3% is 0.03
  kCount,         // 人 / 项 / 件 / 个, non-negative integer
  kDate,          // YYYY-MM-DD
  kString,
  kEnum,          // one of enum_values
  kIndustryCode,  // GB/T 4754-2017, e.g. "C3974"
  kUscc,          // 统一社会信用代码, check digit validated
  kRecordList,    // list of records with record_fields
};

// "bool", "money", … as written in schema.json.
std::string_view FieldTypeName(FieldType type);
// Chinese name of the type for messages: 金额, 人数, 日期, …
std::string_view FieldTypeNameZh(FieldType type);

// How often firm exports carry a field (schema key "availability"; default
// common). Only the linter reads it: a clause on a rare field leaves most
// verdicts undetermined.
enum class Availability { kCommon, kPartial, kRare };
// What a firm can do about a field, for near-miss advice (engine/whatif):
// raise it (revenue, R&D, staff), lower it, either, or nothing but wait
// (a founding date: time passes); for a record list, `increase` means the
// firm can add records (obtain a title, attend a fair); for a bool, text or
// enum field, `choose` means the firm can change its value (obtain a
// certification, move up a rating). kNo: no advice names the field.
enum class Actionable { kNo, kIncrease, kDecrease, kEither, kWait, kChoose };
// "increase", "decrease", "either", "wait", "choose" ("" for kNo).
std::string_view ActionableName(Actionable a);

// Count units: persons (人) do not mix with items (项/件/个).
enum class CountUnit { kNone, kPersons, kItems };

struct FieldDef {
  std::string name;                  // English, snake_case, unique
  std::string label;                 // Chinese label, unique
  std::vector<std::string> aliases;  // further accepted names
  FieldType type = FieldType::kBool;
  bool yearly = false;               // a series indexed by year
  CountUnit count_unit = CountUnit::kNone;
  std::string source;                // source system, e.g. "市场监管"
  std::string group;                 // 一企一档 group, e.g. "登记基础"
  std::string description;
  Availability availability = Availability::kCommon;
  // kEnum: allowed values. When `ordered`, listed best first (A > B > M > C > D).
  std::vector<std::string> enum_values;
  bool ordered = false;
  Actionable actionable = Actionable::kNo;  // schema key "actionable" (optional)
  std::optional<Number> minimum;     // inclusive bounds checked on load
  std::optional<Number> maximum;
  std::vector<FieldDef> record_fields;  // kRecordList only

  // Index of an enum value, or -1.
  int EnumIndex(std::string_view value) const;
  // Record field by English name, label or alias; nullptr if none.
  const FieldDef* FindRecordField(std::string_view name) const;
  int RecordFieldIndex(std::string_view name) const;
};

class Schema {
 public:
  // Parses policies/schema.json. InvalidArgument naming `origin` and the
  // offending field for malformed input (unknown type, duplicate name, …).
  static absl::StatusOr<Schema> FromJson(std::string_view json_text,
                                         std::string_view origin);

  const std::vector<FieldDef>& fields() const { return fields_; }
  // By English name, Chinese label or alias; nullptr if none.
  const FieldDef* Find(std::string_view name) const;
  // Index into fields(), or -1.
  int IndexOf(std::string_view name) const;
  // Every accepted name (names, labels, aliases), for did-you-mean hints.
  std::vector<std::string> AllNames() const;

  // A JSON Schema (draft 2020-12) describing a firm file, pretty-printed.
  std::string ToJsonSchema() const;
  // Canonical text of the schema, for the policy-set digest (built once).
  const std::string& CanonicalText() const { return canonical_text_; }

  // A number no other Schema object of this process has had: a copy, and
  // both sides of a move, get new ones. What per-schema caches are keyed
  // by (FastFirmDecoder), where a schema's address may be reused by a
  // later one.
  uint64_t instance() const { return instance_.value; }

 private:
  std::string BuildCanonicalText() const;

  struct InstanceId {
    InstanceId() : value(Next()) {}
    InstanceId(const InstanceId&) : value(Next()) {}
    InstanceId(InstanceId&& other) noexcept : value(Next()) { other.value = Next(); }
    InstanceId& operator=(const InstanceId&) {
      value = Next();
      return *this;
    }
    InstanceId& operator=(InstanceId&& other) noexcept {
      value = Next();
      other.value = Next();
      return *this;
    }
    static uint64_t Next() {
      static std::atomic<uint64_t> last{0};
      return last.fetch_add(1, std::memory_order_relaxed) + 1;
    }
    uint64_t value;
  };
  InstanceId instance_;

  std::vector<FieldDef> fields_;
  absl::flat_hash_map<std::string, int> index_;
  std::string canonical_text_;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_PROFILE_SCHEMA_H_
