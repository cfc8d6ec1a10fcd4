// What-if advice attached to a policy decision (filled by engine/whatif, not
// by the evaluator): for an ineligible verdict the smallest change that
// flips each failing comparison (near misses), for an undetermined verdict a
// smallest set of missing fields that, once supplied, makes it eligible.
// Layout in docs/results.md (`near_miss`, `deciding`).
#ifndef DX_ENGINE_EVAL_ADVICE_H_
#define DX_ENGINE_EVAL_ADVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/profile/firm_record.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"

namespace duixian::engine {

// The smallest change of one actionable field (or of the evaluation date:
// waiting) that makes one failing comparison of a clause hold. For a
// count/any/sum over a record list: the records to add (kAddRecords) or the
// amount the sum still misses, carried by one added record (kAddAmount).
// For a bool, text or enum field: the values that make it hold (kChoose).
struct NearMiss {
  enum class Kind { kIncrease, kDecrease, kWait, kAddRecords, kAddAmount, kChoose };
  int clause = -1;           // index into PolicyInfo::clauses
  std::string comparison;    // the comparison as the graph has it: "营业收入[2024] >= 2000万元"
  bool alternative = false;  // one of several ways (an `or`): any one suffices
  Kind kind = Kind::kIncrease;
  int field = -1;            // schema field changed (the record list for kAdd*); -1 for kWait
  std::optional<int> year;
  Number current;            // the field's value now (field units: 元, fraction, count);
                             // kAddRecords: the count now; kAddAmount: the sum now
  Number target;             // the value that makes the comparison hold
  Number change;             // |target - current|: a whole number of the field's unit
                             // (kAddRecords: records; kAddAmount: the missing amount)
  // kAddRecords / kAddAmount: records to add (kAddAmount: 1, carrying `change`
  // in `value_field`), each satisfying `condition` (the aggregate's where
  // clause as text; "" when it has none).
  int records = 0;
  int value_field = -1;      // record field index that carries the amount (kAddAmount)
  std::string condition;
  // kChoose: the values that make the comparison hold (bool, or text/enum as
  // std::string): every enum value / both bools tested; for text fields the
  // values the rule names, and `other_values` true when any value the rule
  // does not name works too (then `values` lists the named ones that do).
  std::vector<Scalar> values;
  bool other_values = false;
  Scalar now;                // kChoose: the field's value now
  int days = 0;              // kWait: days to wait
  CivilDate until;           // kWait: the first evaluation date at which it holds
  // When the compared quantity is not the field itself (a ratio, a sum):
  // its value now and the value the comparison requires, exact.
  std::optional<Number> quantity_now;
  std::optional<Number> quantity_required;
  bool quantity_is_ratio = false;
  std::string text_zh;       // "营业收入[2024]还差150万元（现为1850万元，需不低于2000万元）"
  std::string text_en;
};

// One field of a deciding set and the values that make the verdict eligible
// (the other fields of the set held at their example values).
struct FieldRequirement {
  int field = -1;
  std::optional<int> year;
  std::string example;       // a value that works, as shown to firms
  std::string condition_zh;  // "≥ 60万元", "是", "属于 {A、B}"
  std::string condition_en;
};

struct DecidingSet {
  std::vector<FieldRequirement> fields;  // the smallest set, schema order
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_EVAL_ADVICE_H_
