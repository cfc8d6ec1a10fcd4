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

#include "engine/value/civil_date.h"
#include "engine/value/number.h"

namespace duixian::engine {

// The smallest change of one actionable field (or of the evaluation date:
// waiting) that makes one failing comparison of a clause hold.
struct NearMiss {
  enum class Kind { kIncrease, kDecrease, kWait };
  int clause = -1;           // index into PolicyInfo::clauses
  std::string comparison;    // the comparison as the graph has it: "营业收入[2024] >= 2000万元"
  bool alternative = false;  // one of several ways (an `or`): any one suffices
  Kind kind = Kind::kIncrease;
  int field = -1;            // schema field changed; -1 for kWait
  std::optional<int> year;
  Number current;            // the field's value now (field units: 元, fraction, count)
  Number target;             // the value that makes the comparison hold
  Number change;             // |target - current|: a whole number of the field's unit
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
