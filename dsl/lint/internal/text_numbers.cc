#include "dsl/lint/internal/text_numbers.h"

#include <optional>
#include <utility>

namespace duixian::dsl::lint_internal {
namespace {

using engine::Number;

bool StartsWith(std::string_view s, size_t at, std::string_view w) {
  return s.size() >= at + w.size() && s.compare(at, w.size(), w) == 0;
}
bool EndsWith(std::string_view s, size_t at, std::string_view w) {
  return at >= w.size() && s.compare(at - w.size(), w.size(), w) == 0;
}

struct Word {
  std::string_view text;
  Bound bound;
};

// Longest first, so 不超过 wins over 超过.
constexpr Word kBefore[] = {
    {"不低于", Bound::kGe}, {"不少于", Bound::kGe}, {"不小于", Bound::kGe}, {"不低於", Bound::kGe},
    {"不超过", Bound::kLe}, {"不高于", Bound::kLe}, {"不大于", Bound::kLe}, {"不多于", Bound::kLe},
    {"不超過", Bound::kLe}, {"达到", Bound::kGe},   {"超过", Bound::kGt},   {"高于", Bound::kGt},
    {"大于", Bound::kGt},   {"多于", Bound::kGt},   {"低于", Bound::kLt},   {"少于", Bound::kLt},
    {"小于", Bound::kLt},   {"不满", Bound::kLt},   {"未满", Bound::kLt},   {"不足", Bound::kLt},
    {"满", Bound::kGe},
};
constexpr Word kAfter[] = {
    {"（含）以上", Bound::kGe}, {"(含)以上", Bound::kGe}, {"（不含）以上", Bound::kGt},
    {"(不含)以上", Bound::kGt}, {"（含）以下", Bound::kLe}, {"(含)以下", Bound::kLe},
    {"（不含）以下", Bound::kLt}, {"(不含)以下", Bound::kLt}, {"及以上", Bound::kGe},   {"以上", Bound::kGe},
    {"及以下", Bound::kLe},     {"以下", Bound::kLe},     {"以内", Bound::kLe},
};

struct UnitWord {
  std::string_view text;
  ast::Unit unit;
  int64_t scale_num;
  int64_t scale_den;
};
constexpr UnitWord kUnits[] = {
    {"亿元", ast::Unit::kYuan, 100000000, 1}, {"万元", ast::Unit::kYuan, 10000, 1},
    {"千元", ast::Unit::kYuan, 1000, 1},      {"元", ast::Unit::kYuan, 1, 1},
    {"万人", ast::Unit::kPersons, 10000, 1},  {"%", ast::Unit::kPercent, 1, 100},
    {"％", ast::Unit::kPercent, 1, 100},      {"‰", ast::Unit::kPercent, 1, 1000},
    {"人", ast::Unit::kPersons, 1, 1},        {"名", ast::Unit::kPersons, 1, 1},
    {"项", ast::Unit::kItems, 1, 1},          {"件", ast::Unit::kItems, 1, 1},
    {"家", ast::Unit::kItems, 1, 1},          {"亿", ast::Unit::kYuan, 100000000, 1},
    {"万", ast::Unit::kYuan, 10000, 1},
};

std::optional<int> SmallNumeral(std::string_view s, size_t at, size_t* len) {
  static constexpr std::pair<std::string_view, int> kDigits[] = {
      {"一", 1}, {"两", 2}, {"二", 2}, {"三", 3}, {"四", 4}, {"五", 5}, {"六", 6}};
  for (const auto& [w, v] : kDigits) {
    if (StartsWith(s, at, w)) {
      *len = w.size();
      return v;
    }
  }
  size_t i = at;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == at) return std::nullopt;
  *len = i - at;
  return std::stoi(std::string(s.substr(at, i - at)));
}

}  // namespace

std::vector<TextQuantity> ReadQuantities(std::string_view s) {
  std::vector<TextQuantity> out;
  // Look-back spans: 近两年, 近3年, 近12个月, 近一年内.
  for (size_t at = s.find("近"); at != std::string_view::npos; at = s.find("近", at + 1)) {
    size_t len = 0;
    size_t p = at + std::string_view("近").size();
    std::optional<int> n = SmallNumeral(s, p, &len);
    if (!n) continue;
    p += len;
    TextQuantity q;
    q.look_back = true;
    q.value = Number::FromInt(*n);
    if (StartsWith(s, p, "年")) {
      q.unit = ast::Unit::kYears;
      p += std::string_view("年").size();
    } else if (StartsWith(s, p, "个月")) {
      q.unit = ast::Unit::kMonths;
      p += std::string_view("个月").size();
    } else {
      continue;
    }
    q.text = std::string(s.substr(at, p - at));
    q.offset = at;
    out.push_back(std::move(q));
  }
  // Amounts, percentages and counts.
  size_t i = 0;
  while (i < s.size()) {
    if (!(s[i] >= '0' && s[i] <= '9')) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    std::string digits(s.substr(start, i - start));
    if (!digits.empty() && digits.back() == '.') digits.pop_back();
    // Ordinals, article numbers, document numbers and years are not quantities.
    if (EndsWith(s, start, "第") || EndsWith(s, start, "〔") || EndsWith(s, start, "近")) continue;
    const UnitWord* unit = nullptr;
    for (const UnitWord& u : kUnits) {
      if (StartsWith(s, i, u.text)) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) continue;
    // 个月 and 个 (items) are told apart; 万 followed by a count is persons.
    size_t end = i + unit->text.size();
    std::optional<Number> v = Number::Parse(digits);
    if (!v) continue;
    std::optional<Number> scaled = Number::Mul(*v, Number::Ratio(unit->scale_num, unit->scale_den));
    if (!scaled) continue;
    TextQuantity q;
    q.value = *scaled;
    q.unit = unit->unit;
    for (const Word& w : kAfter) {
      if (StartsWith(s, end, w.text)) {
        q.bound = w.bound;
        end += w.text.size();
        break;
      }
    }
    size_t begin = start;
    if (q.bound == Bound::kNone) {
      for (const Word& w : kBefore) {
        if (EndsWith(s, start, w.text)) {
          q.bound = w.bound;
          begin = start - w.text.size();
          break;
        }
      }
    }
    q.text = std::string(s.substr(begin, end - begin));
    q.offset = begin;
    out.push_back(std::move(q));
    i = end;
  }
  return out;
}

}  // namespace duixian::dsl::lint_internal
