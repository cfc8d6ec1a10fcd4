// A decoded firm profile: one slot per schema field, missing fields empty.
//
// Values are exact (Number, CivilDate); yearly series map years to values;
// record lists hold records whose slots follow FieldDef::record_fields.
// Thread-compatible value type; immutable once built and shared read-only.
#ifndef DX_ENGINE_PROFILE_FIRM_RECORD_H_
#define DX_ENGINE_PROFILE_FIRM_RECORD_H_

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/value/civil_date.h"
#include "engine/value/number.h"

namespace duixian::engine {

struct Record;

// A scalar: missing (monostate), bool, exact number (money, percent as a
// fraction, count, integer, decimal), date, or text (string, enum value,
// industry code, USCC).
using Scalar = std::variant<std::monostate, bool, Number, CivilDate, std::string>;

// Year → value, sorted by year, years unique.
using YearSeries = std::vector<std::pair<int, Scalar>>;

using RecordList = std::vector<Record>;

// One field's value: a scalar, a series (yearly fields) or a record list.
using FieldValue = std::variant<Scalar, YearSeries, RecordList>;

struct Record {
  std::vector<Scalar> fields;  // indexed like FieldDef::record_fields

  friend bool operator==(const Record& a, const Record& b) { return a.fields == b.fields; }
};

class FirmRecord {
 public:
  FirmRecord() = default;
  explicit FirmRecord(size_t field_count) : values_(field_count) {}

  size_t size() const { return values_.size(); }
  const FieldValue& value(size_t index) const { return values_[index]; }
  FieldValue& mutable_value(size_t index) { return values_[index]; }

  // True when the slot holds nothing: an empty scalar (a field absent from
  // the file, or null). A given series or list, even empty, is present.
  bool IsMissing(size_t index) const {
    const Scalar* s = std::get_if<Scalar>(&values_[index]);
    return s != nullptr && std::holds_alternative<std::monostate>(*s);
  }

  // The year's value of a series slot; a monostate Scalar if absent.
  const Scalar& SeriesValue(size_t index, int year) const;

  // The firm's identifier for outputs (USCC when known, else file name).
  const std::string& id() const { return id_; }
  void set_id(std::string id) { id_ = std::move(id); }

  friend bool operator==(const FirmRecord& a, const FirmRecord& b) {
    return a.id_ == b.id_ && a.values_ == b.values_;
  }

 private:
  std::vector<FieldValue> values_;
  std::string id_;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_PROFILE_FIRM_RECORD_H_
