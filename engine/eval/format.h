// How values appear in explanations and results: money in 元/万元, percents
// with %, counts with their unit. Exact: no rounding unless stated.
#ifndef DX_ENGINE_EVAL_FORMAT_H_
#define DX_ENGINE_EVAL_FORMAT_H_

#include <string>

#include "engine/profile/schema.h"
#include "engine/value/number.h"

namespace duixian::engine {

// "3000万元" when a whole number of 万元 ("1.5亿元" style is not used: 15000万元),
// "2亿元" for whole 亿, else "12,345.67元" (exact digits, thousands grouped).
std::string FormatMoney(const Number& yuan);
// "3%" for 0.03 (exact digits).
std::string FormatPercent(const Number& fraction);
// A number shown as the field's type and unit.
std::string FormatNumberAs(const Number& n, const FieldDef* field);

}  // namespace duixian::engine

#endif  // DX_ENGINE_EVAL_FORMAT_H_
