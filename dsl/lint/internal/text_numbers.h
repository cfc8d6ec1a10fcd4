// Reads the quantities a clause's Chinese text states: 2000万元以上, 不低于3%,
// 不满50人, 近两年. Numbers with a unit are read exactly; the comparison word
// before (不低于, 超过, 不满, …) or after (以上, 以下, 以内) sets the bound, with
// Civil Code art. 1259: 以上、以下、以内 include the number, 超过、不满 exclude it.
#ifndef DX_DSL_LINT_INTERNAL_TEXT_NUMBERS_H_
#define DX_DSL_LINT_INTERNAL_TEXT_NUMBERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast/ast.h"
#include "engine/value/number.h"

namespace duixian::dsl::lint_internal {

enum class Bound { kNone, kGe, kGt, kLe, kLt };

struct TextQuantity {
  engine::Number value;  // scaled: 2000万元 is 20000000, 3% is 0.03
  ast::Unit unit = ast::Unit::kNone;  // kYuan, kPercent, kPersons, kItems
  Bound bound = Bound::kNone;
  bool look_back = false;  // 近两年: unit kYears / kMonths
  std::string text;        // as written, with its comparison word
  size_t offset = 0;       // byte offset of `text` in the input
};

std::vector<TextQuantity> ReadQuantities(std::string_view text);

}  // namespace duixian::dsl::lint_internal

#endif  // DX_DSL_LINT_INTERNAL_TEXT_NUMBERS_H_
