#include "engine/profile/firm_decoder.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/profile/json_dom.h"
#include "engine/profile/json_limits.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"
#include "engine/value/uscc.h"

namespace duixian::engine {
namespace {

using profile_internal::JsonKindName;
using profile_internal::JsonKindNameZh;
using profile_internal::JsonMember;
using profile_internal::JsonNode;

// Debian's abseil has its own string_view, which std::string_view does not
// convert to implicitly.
absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strict decimal text as accepted in strings: -?digits(.digits)?(e[+-]?digits)?
bool IsDecimalText(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == digits) return false;
  if (i < s.size() && s[i] == '.') {
    size_t frac = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == frac) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == exp) return false;
  }
  return i == s.size();
}

// "2023" style series keys: ^[12][0-9]{3}$.
std::optional<int> ParseYearKey(std::string_view key) {
  if (key.size() != 4 || (key[0] != '1' && key[0] != '2')) return std::nullopt;
  int year = 0;
  for (char c : key) {
    if (!IsDigit(c)) return std::nullopt;
    year = year * 10 + (c - '0');
  }
  return year;
}

// GB/T 4754-2017 门类 and the range of their 大类 (two-digit division codes).
struct IndustrySection {
  char letter;
  int first_division;
  int last_division;
};
constexpr IndustrySection kSections[] = {
    {'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
    {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
    {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79}, {'O', 80, 82},
    {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97},
};

const IndustrySection* SectionOfDivision(int division) {
  for (const IndustrySection& s : kSections) {
    if (division >= s.first_division && division <= s.last_division) return &s;
  }
  return nullptr;
}

// Unicode code points of valid UTF-8 (the JSON parser has validated keys).
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    // ASCII is compared case-insensitively, with '-' and ' ' taken as '_'.
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    if (cp == '-' || cp == ' ') cp = '_';
    out.push_back(cp);
    i += len;
  }
  return out;
}

size_t EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The closest candidate within a small edit distance, or "".
std::string ClosestName(std::string_view key, const std::vector<std::string>& candidates) {
  std::vector<char32_t> k = CodePoints(key);
  std::string best;
  size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    std::vector<char32_t> c = CodePoints(candidate);
    size_t allowed = c.size() <= 3 ? 1 : c.size() <= 8 ? 2 : 3;
    // Lengths further apart than the allowed distance cannot be within it;
    // skipping them keeps a hostile 60 KB key from costing a quadratic
    // edit distance against every field name.
    size_t gap = k.size() > c.size() ? k.size() - c.size() : c.size() - k.size();
    if (gap > allowed) continue;
    size_t d = EditDistance(k, c);
    if (d <= allowed && (best.empty() || d < best_distance)) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

// "revenue" → "`revenue` (营业收入)"; a label or alias → "`营业收入` (revenue)".
std::string NameWithLabel(const std::string& candidate, const FieldDef& f) {
  return candidate == f.name ? absl::StrCat("`", f.name, "` (", f.label, ")")
                             : absl::StrCat("`", candidate, "` (", f.name, ")");
}

std::string NameWithLabelZh(const std::string& candidate, const FieldDef& f) {
  return candidate == f.name ? absl::StrCat("`", f.name, "`（", f.label, "）")
                             : absl::StrCat("`", candidate, "`（", f.name, "）");
}

// What a field expects, for wrong-type messages.
std::string Expected(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kBool:
      return "true or false";
    case FieldType::kInteger:
      return "a whole number (JSON number or a string such as \"2023\")";
    case FieldType::kDecimal:
      return "a number (JSON number or a string holding a decimal number)";
    case FieldType::kMoney:
      return "an amount in 元 (JSON number or a string holding a decimal number)";
    case FieldType::kPercent:
      return "a percentage as a fraction, 0.03 for 3% (JSON number or decimal string)";
    case FieldType::kCount:
      return f.count_unit == CountUnit::kPersons ? "a number of persons (non-negative whole number)"
                                                 : "a count (non-negative whole number)";
    case FieldType::kDate:
      return "a date string \"YYYY-MM-DD\"";
    case FieldType::kString:
      return "a string";
    case FieldType::kEnum:
      return absl::StrCat("one of ", absl::StrJoin(f.enum_values, ", "));
    case FieldType::kIndustryCode:
      return "a GB/T 4754-2017 industry code string such as \"C3974\"";
    case FieldType::kUscc:
      return "an 18-character unified social credit code string";
    case FieldType::kRecordList:
      return "an array of objects";
  }
  return "a value";
}

std::string ExpectedZh(const FieldDef& f) {
  switch (f.type) {
    case FieldType::kBool:
      return "true 或 false";
    case FieldType::kInteger:
      return "整数（JSON 数字或如 \"2023\" 的字符串）";
    case FieldType::kDecimal:
      return "数值（JSON 数字或十进制数字字符串）";
    case FieldType::kMoney:
      return "以元为单位的金额（JSON 数字或十进制数字字符串）";
    case FieldType::kPercent:
      return "以小数表示的百分比，3% 写作 0.03（JSON 数字或十进制数字字符串）";
    case FieldType::kCount:
      return f.count_unit == CountUnit::kPersons ? "人数（非负整数）" : "数量（非负整数）";
    case FieldType::kDate:
      return "日期字符串 \"YYYY-MM-DD\"";
    case FieldType::kString:
      return "文本字符串";
    case FieldType::kEnum:
      return absl::StrCat("以下之一：", absl::StrJoin(f.enum_values, "、"));
    case FieldType::kIndustryCode:
      return "国民经济行业分类（GB/T 4754-2017）代码字符串，如 \"C3974\"";
    case FieldType::kUscc:
      return "18 位统一社会信用代码字符串";
    case FieldType::kRecordList:
      return "对象数组";
  }
  return "值";
}

// A field's path for messages ("revenue.2023", "penalties[1].amount"), built
// only when a message needs it: most files have none.
using PathFn = absl::FunctionRef<std::string()>;

class Decoder {
 public:
  Decoder(const Schema& schema, std::string_view text, std::string_view file, const FirmLimits& limits)
      : schema_(schema), text_(text), file_(file), limits_(limits) {}

  // Decodes a tree built by either parser (see DecodeFirmJson).
  FirmDecodeResult Decode(const profile_internal::JsonParseResult& parsed) {
    if (!parsed.ok()) {
      Error(parsed.error_offset, "", absl::StrCat("not valid JSON: ", parsed.error),
            absl::StrCat("不是有效的 JSON：", parsed.error));
      return std::move(result_);
    }
    const JsonNode& root = parsed.root;
    if (!root.is_object()) {
      Error(root.offset, "",
            absl::StrCat("the top level must be a JSON object of fields, not ",
                         JsonKindName(root.kind)),
            absl::StrCat("顶层必须是由字段组成的 JSON 对象，实际为", JsonKindNameZh(root.kind)));
      return std::move(result_);
    }

    const std::vector<FieldDef>& fields = schema_.fields();
    FirmRecord record(fields.size());
    std::vector<const JsonMember*> given(fields.size(), nullptr);
    std::vector<std::string_view> unknown_keys;
    int uscc_index = -1;
    for (const JsonMember& m : root.members) {
      int index = schema_.IndexOf(m.key);
      // The same key twice; a field written once by name and once by its
      // label or alias is reported differently below.
      bool duplicate = index < 0 ? std::find(unknown_keys.begin(), unknown_keys.end(), m.key) !=
                                       unknown_keys.end()
                                 : given[index] != nullptr && given[index]->key == m.key;
      if (duplicate) {
        DuplicateKey(m, index < 0 ? std::string(m.key) : fields[index].name);
        continue;
      }
      if (index < 0) {
        unknown_keys.push_back(m.key);
        UnknownField(m);
        continue;
      }
      const FieldDef& f = fields[index];
      if (given[index] != nullptr) {
        Error(m.key_offset, f.name,
              absl::StrCat("field given twice, as `", Sv(given[index]->key), "` and as `",
                           Sv(m.key), "`"),
              absl::StrCat("字段重复：既写作 `", Sv(given[index]->key), "` 又写作 `", Sv(m.key), "`"));
        continue;
      }
      given[index] = &m;
      if (failed()) continue;  // keep reporting unknown fields only
      std::optional<FieldValue> value = DecodeField(f, m.value);
      if (!value) continue;
      if (m.value.kind == JsonNode::Kind::kNull) continue;  // null: missing
      record.mutable_value(index) = *std::move(value);
      if (f.type == FieldType::kUscc && !f.yearly && uscc_index < 0) uscc_index = index;
    }
    if (failed()) return std::move(result_);

    record.set_id(std::string(file_));
    if (uscc_index >= 0) {
      const Scalar* s = std::get_if<Scalar>(&record.value(uscc_index));
      if (s != nullptr) {
        if (const std::string* code = std::get_if<std::string>(s)) record.set_id(*code);
      }
    }
    result_.record = std::move(record);
    return std::move(result_);
  }

 private:
  bool failed() const { return result_.error.has_value(); }

  FirmDataIssue Issue(size_t offset, std::string field, std::string reason,
                      std::string reason_zh) const {
    FirmDataIssue issue;
    issue.file = std::string(file_);
    issue.field = std::move(field);
    issue.reason = std::move(reason);
    issue.reason_zh = std::move(reason_zh);
    profile_internal::JsonLocation at = Locate(offset);
    issue.line = at.line;
    issue.column = at.column;
    return issue;
  }

  // Line and column of `offset`, continuing from the last one located:
  // issues come in document order, and locating each from the start made a
  // file with thousands of unknown fields quadratic.
  profile_internal::JsonLocation Locate(size_t offset) const {
    offset = std::min(offset, text_.size());
    if (located_offset_ == 0 || offset < located_offset_) {
      located_ = profile_internal::LocateOffset(text_, offset);
    } else {
      for (size_t i = located_offset_; i < offset; ++i) {
        unsigned char c = static_cast<unsigned char>(text_[i]);
        if (c == '\n') {
          ++located_.line;
          located_.column = 1;
        } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
          ++located_.column;
        }
      }
    }
    located_offset_ = offset;
    return located_;
  }

  void Error(size_t offset, std::string field, std::string reason, std::string reason_zh) {
    if (failed()) return;
    result_.error = Issue(offset, std::move(field), std::move(reason), std::move(reason_zh));
  }

  void Warn(size_t offset, std::string field, std::string reason, std::string reason_zh) {
    result_.warnings.push_back(
        Issue(offset, std::move(field), std::move(reason), std::move(reason_zh)));
  }

  void DuplicateKey(const JsonMember& m, const std::string& path) {
    Error(m.key_offset, path, absl::StrCat("duplicate key `", Sv(m.key), "`"),
          absl::StrCat("键 `", Sv(m.key), "` 重复"));
  }

  void UnknownField(const JsonMember& m) {
    std::string en = absl::StrCat("unknown field `", Sv(m.key), "` ignored");
    std::string zh = absl::StrCat("未知字段 `", Sv(m.key), "`，已忽略");
    std::string guess = ClosestName(m.key, schema_.AllNames());
    if (const FieldDef* f = guess.empty() ? nullptr : schema_.Find(guess)) {
      absl::StrAppend(&en, "; did you mean ", NameWithLabel(guess, *f), "?");
      absl::StrAppend(&zh, "；是否应为 ", NameWithLabelZh(guess, *f), "？");
    }
    Warn(m.key_offset, std::string(m.key), std::move(en), std::move(zh));
  }

  void UnknownRecordField(const FieldDef& list, const JsonMember& m, const std::string& path) {
    std::string en =
        absl::StrCat("unknown field `", Sv(m.key), "` in a ", list.name, " record ignored");
    std::string zh = absl::StrCat(list.label, "记录中的未知字段 `", Sv(m.key), "`，已忽略");
    std::vector<std::string> names;
    for (const FieldDef& r : list.record_fields) {
      names.push_back(r.name);
      names.push_back(r.label);
      names.insert(names.end(), r.aliases.begin(), r.aliases.end());
    }
    std::string guess = ClosestName(m.key, names);
    if (const FieldDef* r = guess.empty() ? nullptr : list.FindRecordField(guess)) {
      absl::StrAppend(&en, "; did you mean ", NameWithLabel(guess, *r), "?");
      absl::StrAppend(&zh, "；是否应为 ", NameWithLabelZh(guess, *r), "？");
    }
    Warn(m.key_offset, path, std::move(en), std::move(zh));
  }

  void WrongType(const FieldDef& f, const JsonNode& node, PathFn path) {
    Error(node.offset, path(),
          absl::StrCat("expected ", Expected(f), ", got ", JsonKindName(node.kind)),
          absl::StrCat("应为", ExpectedZh(f), "，实际为", JsonKindNameZh(node.kind)));
  }

  // A top-level field's value; std::nullopt after an error.
  std::optional<FieldValue> DecodeField(const FieldDef& f, const JsonNode& node) {
    if (node.kind == JsonNode::Kind::kNull) return FieldValue(Scalar());
    if (f.type == FieldType::kRecordList) {
      std::optional<RecordList> list = DecodeRecords(f, node);
      if (!list) return std::nullopt;
      return FieldValue(*std::move(list));
    }
    if (f.yearly) {
      std::optional<YearSeries> series = DecodeSeries(f, node);
      if (!series) return std::nullopt;
      return FieldValue(*std::move(series));
    }
    std::optional<Scalar> scalar = DecodeScalar(f, node, [&] { return f.name; });
    if (!scalar) return std::nullopt;
    return FieldValue(*std::move(scalar));
  }

  std::optional<YearSeries> DecodeSeries(const FieldDef& f, const JsonNode& node) {
    if (!node.is_object()) {
      Error(node.offset, f.name,
            absl::StrCat("expected an object mapping years to values, e.g. {\"2023\": …}, got ",
                         JsonKindName(node.kind)),
            absl::StrCat("应为按年度填写的对象，如 {\"2023\": …}，实际为",
                         JsonKindNameZh(node.kind)));
      return std::nullopt;
    }
    YearSeries series;
    series.reserve(node.members.size());
    for (size_t i = 0; i < node.members.size(); ++i) {
      const JsonMember& m = node.members[i];
      auto path = [&] { return absl::StrCat(f.name, ".", Sv(m.key)); };
      for (size_t j = 0; j < i; ++j) {
        if (node.members[j].key == m.key) {
          DuplicateKey(m, path());
          return std::nullopt;
        }
      }
      std::optional<int> year = ParseYearKey(m.key);
      if (!year) {
        Error(m.key_offset, path(),
              absl::StrCat("series key `", Sv(m.key),
                           "` is not a year (expected four digits such as \"2023\")"),
              absl::StrCat("年度键 `", Sv(m.key), "` 不是年份（应为四位数字，如 \"2023\"）"));
        return std::nullopt;
      }
      if (m.value.kind == JsonNode::Kind::kNull) continue;  // missing for that year
      std::optional<Scalar> value = DecodeScalar(f, m.value, path);
      if (!value) return std::nullopt;
      series.emplace_back(*year, *std::move(value));
    }
    std::sort(series.begin(), series.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return series;
  }

  std::optional<RecordList> DecodeRecords(const FieldDef& f, const JsonNode& node) {
    if (node.kind != JsonNode::Kind::kArray) {
      WrongType(f, node, [&] { return f.name; });
      return std::nullopt;
    }
    RecordList list;
    list.reserve(node.items.size());
    for (size_t i = 0; i < node.items.size(); ++i) {
      const JsonNode& item = node.items[i];
      auto item_path = [&] { return absl::StrCat(f.name, "[", i, "]"); };
      if (!item.is_object()) {
        Error(item.offset, item_path(),
              absl::StrCat("expected an object (one ", f.name, " record), got ",
                           JsonKindName(item.kind)),
              absl::StrCat("应为对象（一条", f.label, "记录），实际为", JsonKindNameZh(item.kind)));
        return std::nullopt;
      }
      Record record;
      record.fields.resize(f.record_fields.size());
      std::vector<const JsonMember*> given(f.record_fields.size(), nullptr);
      for (size_t k = 0; k < item.members.size(); ++k) {
        const JsonMember& m = item.members[k];
        int index = f.RecordFieldIndex(m.key);
        bool duplicate = false;
        for (size_t j = 0; j < k && !duplicate; ++j) duplicate = item.members[j].key == m.key;
        if (duplicate) {
          DuplicateKey(m, absl::StrCat(item_path(), ".",
                                       index < 0 ? std::string(m.key) : f.record_fields[index].name));
          return std::nullopt;
        }
        if (index < 0) {
          UnknownRecordField(f, m, absl::StrCat(item_path(), ".", Sv(m.key)));
          continue;
        }
        const FieldDef& r = f.record_fields[index];
        auto path = [&] { return absl::StrCat(item_path(), ".", r.name); };
        if (given[index] != nullptr) {
          Error(m.key_offset, path(),
                absl::StrCat("field given twice, as `", Sv(given[index]->key), "` and as `",
                             Sv(m.key), "`"),
                absl::StrCat("字段重复：既写作 `", Sv(given[index]->key), "` 又写作 `", Sv(m.key),
                             "`"));
          return std::nullopt;
        }
        given[index] = &m;
        if (m.value.kind == JsonNode::Kind::kNull) continue;
        std::optional<Scalar> value = DecodeScalar(r, m.value, path);
        if (!value) return std::nullopt;
        record.fields[index] = *std::move(value);
      }
      list.push_back(std::move(record));
    }
    return list;
  }

  std::optional<Scalar> DecodeScalar(const FieldDef& f, const JsonNode& node, PathFn path) {
    if (node.kind == JsonNode::Kind::kNull) return Scalar();
    switch (f.type) {
      case FieldType::kBool:
        if (node.kind != JsonNode::Kind::kBool) break;
        return Scalar(node.boolean);
      case FieldType::kInteger:
      case FieldType::kDecimal:
      case FieldType::kMoney:
      case FieldType::kPercent:
      case FieldType::kCount:
        if (node.kind != JsonNode::Kind::kNumber && node.kind != JsonNode::Kind::kString) break;
        return DecodeNumber(f, node, path);
      case FieldType::kDate: {
        if (node.kind != JsonNode::Kind::kString) break;
        std::optional<CivilDate> date = CivilDate::Parse(node.text);
        if (!date) {
          const std::string s(node.text);
          bool shaped =
              s.size() == 10 && s[4] == '-' && s[7] == '-' &&
              std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || c == '-'; });
          if (shaped) {
            Error(node.offset, path(),
                  absl::StrCat("`", s, "` is not a real calendar date (years 1900–2999)"),
                  absl::StrCat("`", s, "` 不是有效的日历日期（年份 1900–2999）"));
          } else {
            Error(node.offset, path(), absl::StrCat("`", s, "` is not a date of the form YYYY-MM-DD"),
                  absl::StrCat("`", s, "` 不是 YYYY-MM-DD 格式的日期"));
          }
          return std::nullopt;
        }
        return Scalar(*date);
      }
      case FieldType::kString:
        if (node.kind != JsonNode::Kind::kString) break;
        return Scalar(std::string(node.text));
      case FieldType::kEnum:
        if (node.kind != JsonNode::Kind::kString) break;
        if (f.EnumIndex(node.text) < 0) {
          Error(node.offset, path(),
                absl::StrCat("`", Sv(node.text), "` is not an allowed value (allowed: ",
                             absl::StrJoin(f.enum_values, ", "), ")"),
                absl::StrCat("`", Sv(node.text), "` 不是允许的取值（允许：",
                             absl::StrJoin(f.enum_values, "、"), "）"));
          return std::nullopt;
        }
        return Scalar(std::string(node.text));
      case FieldType::kIndustryCode:
        if (node.kind != JsonNode::Kind::kString) break;
        return DecodeIndustryCode(node, path);
      case FieldType::kUscc: {
        if (node.kind != JsonNode::Kind::kString) break;
        std::string problem = UsccProblem(node.text);
        if (!problem.empty()) {
          Error(node.offset, path(),
                absl::StrCat("invalid unified social credit code `", Sv(node.text), "`: ", problem),
                absl::StrCat("统一社会信用代码 `", Sv(node.text), "` 无效：",
                             UsccProblemZh(node.text)));
          return std::nullopt;
        }
        return Scalar(std::string(node.text));
      }
      case FieldType::kRecordList:
        break;
    }
    WrongType(f, node, path);
    return std::nullopt;
  }

  std::optional<Scalar> DecodeNumber(const FieldDef& f, const JsonNode& node, PathFn path) {
    const std::string_view text = node.text;
    if (node.kind == JsonNode::Kind::kString && !IsDecimalText(text)) {
      std::string hint;
      std::string hint_zh;
      if (text.find("万") != std::string::npos || text.find("亿") != std::string::npos ||
          text.find("元") != std::string::npos) {
        hint = "; write the amount in 元 as a plain number, e.g. 30000000 for 3000万元";
        hint_zh = "；金额请以元为单位写成纯数字，如 3000万元 写作 30000000";
      } else if (text.find('%') != std::string::npos) {
        hint = "; write percentages as a fraction, e.g. 0.03 for 3%";
        hint_zh = "；百分比请写成小数，如 3% 写作 0.03";
      } else if (text.find(',') != std::string::npos || text.find(' ') != std::string::npos) {
        hint = "; no thousands separators or spaces";
        hint_zh = "；不要使用千位分隔符或空格";
      } else if (f.type == FieldType::kCount) {
        hint = f.count_unit == CountUnit::kPersons ? "; write the number of persons only"
                                                   : "; write the number only";
        hint_zh = "；只写数字";
      }
      Error(node.offset, path(), absl::StrCat("`", Sv(text), "` is not a decimal number", hint),
            absl::StrCat("`", Sv(text), "` 不是十进制数字", hint_zh));
      return std::nullopt;
    }
    // JSON numbers were held to the limit while the text was read (by the
    // fast reader or the limits pre-scan); a number in a string is here.
    if (int digits = node.kind == JsonNode::Kind::kString ? profile_internal::NumberDigits(text) : 0;
        digits > limits_.max_number_digits) {
      Error(node.offset, path(),
            absl::StrCat("number with ", digits, " digits is longer than the limit of ",
                         limits_.max_number_digits, " digits"),
            absl::StrCat("数字有 ", digits, " 位，超过上限 ", limits_.max_number_digits, " 位"));
      return std::nullopt;
    }
    std::optional<Number> n = Number::Parse(text);
    if (!n) {
      Error(node.offset, path(),
            absl::StrCat("number `", Sv(text), "` is too large or too precise to hold exactly"),
            absl::StrCat("数字 `", Sv(text), "` 过大或精度过高，无法精确表示"));
      return std::nullopt;
    }
    if (f.type == FieldType::kCount || f.type == FieldType::kInteger) {
      if (!n->IsInteger()) {
        Error(node.offset, path(), absl::StrCat("must be a whole number, got ", Sv(text)),
              absl::StrCat("应为整数，实际为 ", Sv(text)));
        return std::nullopt;
      }
    }
    if (f.type == FieldType::kCount && n->IsNegative()) {
      Error(node.offset, path(), absl::StrCat("a count cannot be negative, got ", Sv(text)),
            absl::StrCat(f.count_unit == CountUnit::kPersons ? "人数" : "数量",
                         "不能为负数，实际为 ", Sv(text)));
      return std::nullopt;
    }
    if (f.minimum && *n < *f.minimum) {
      Error(node.offset, path(),
            absl::StrCat("value ", Sv(text), " is below the minimum ", f.minimum->ToString()),
            absl::StrCat("取值 ", Sv(text), " 低于下限 ", f.minimum->ToString()));
      return std::nullopt;
    }
    if (f.maximum && *n > *f.maximum) {
      std::string hint;
      std::string hint_zh;
      if (f.type == FieldType::kPercent) {
        hint = " (percentages are fractions: 0.03 for 3%)";
        hint_zh = "（百分比以小数表示：3% 写作 0.03）";
      }
      Error(node.offset, path(),
            absl::StrCat("value ", Sv(text), " is above the maximum ", f.maximum->ToString(), hint),
            absl::StrCat("取值 ", Sv(text), " 高于上限 ", f.maximum->ToString(), hint_zh));
      return std::nullopt;
    }
    if (f.type == FieldType::kPercent && !f.maximum && *n > Number::FromInt(1)) {
      Warn(node.offset, path(),
           absl::StrCat("percentage ", Sv(text),
                        " means more than 100%; percentages are fractions "
                        "(0.03 for 3%)"),
           absl::StrCat("百分比 ", Sv(text), " 超过 100%；百分比以小数表示（3% 写作 0.03）"));
    }
    return Scalar(*n);
  }

  std::optional<Scalar> DecodeIndustryCode(const JsonNode& node, PathFn path) {
    const std::string_view s = node.text;
    auto fail = [&](std::string en, std::string zh) {
      Error(node.offset, path(), absl::StrCat("industry code `", Sv(s), "` ", en),
            absl::StrCat("行业代码 `", Sv(s), "` ", zh));
      return std::nullopt;
    };
    char letter = 0;
    std::string_view digits = s;
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') {
      letter = s[0];
      digits.remove_prefix(1);
    }
    if (letter != 0 && letter > 'T') {
      return fail(absl::StrCat("has an unknown section letter ", std::string(1, letter), " (A–T)"),
                  absl::StrCat("的门类字母 ", std::string(1, letter), " 无效（应为 A–T）"));
    }
    bool all_digits = std::all_of(digits.begin(), digits.end(), IsDigit);
    if (!all_digits || (letter == 0 && digits.size() < 2) || digits.size() == 1 ||
        digits.size() > 4) {
      return fail(
          "is not a GB/T 4754-2017 code (a section letter A–T and/or 2–4 digits, e.g. C3974)",
          "不是 GB/T 4754-2017 行业代码（门类字母 A–T 和/或 2–4 位数字，如 C3974）");
    }
    if (digits.empty()) return Scalar(std::string(s));  // a section letter alone
    int division = (digits[0] - '0') * 10 + (digits[1] - '0');
    const IndustrySection* section = SectionOfDivision(division);
    if (section == nullptr) {
      return fail(absl::StrCat("has no division ", Sv(digits.substr(0, 2)), " (01–97)"),
                  absl::StrCat("的大类 ", Sv(digits.substr(0, 2)), " 不存在（01–97）"));
    }
    if (letter != 0 && letter != section->letter) {
      return fail(
          absl::StrCat("mixes section ", std::string(1, letter), " with division ",
                       Sv(digits.substr(0, 2)), ", which belongs to section ",
                       std::string(1, section->letter)),
          absl::StrCat("的门类 ", std::string(1, letter), " 与大类 ", Sv(digits.substr(0, 2)),
                       " 不符（该大类属于门类 ", std::string(1, section->letter), "）"));
    }
    // Normalised with its section letter, so "3974" and "C3974" compare equal.
    return Scalar(absl::StrCat(std::string(1, section->letter), Sv(digits)));
  }

  const Schema& schema_;
  std::string_view text_;
  std::string_view file_;
  const FirmLimits& limits_;
  FirmDecodeResult result_;
  mutable size_t located_offset_ = 0;
  mutable profile_internal::JsonLocation located_;
};

}  // namespace

std::string FirmDataIssue::ToString() const {
  std::string location = file;
  if (line > 0) {
    absl::StrAppend(&location, location.empty() ? "" : ":", line);
    if (column > 0) absl::StrAppend(&location, ":", column);
  }
  std::string out;
  if (!location.empty()) absl::StrAppend(&out, location, ": ");
  if (!field.empty()) absl::StrAppend(&out, "field `", field, "`: ");
  absl::StrAppend(&out, reason);
  return out;
}

FirmDecodeResult DecodeFirmJson(const Schema& schema, std::string_view json_text,
                                std::string_view file_name, const FirmLimits& limits) {
  try {
    // Fast read first; it also holds the file to the limits. A file with
    // anything to report is read again: the limits are checked in one pass
    // over the bytes, before any parser builds a tree of a hostile file, and
    // then the exact parser, which knows where each value sits (line:column)
    // and why bad JSON is bad, builds the same tree, so the verdict is the
    // same.
    // One tree per thread, reused from file to file (no allocation once it
    // has the shape of the files read).
    thread_local profile_internal::JsonParseResult fast;
    if (profile_internal::ParseJsonDomFast(json_text, limits, &fast)) {
      FirmDecodeResult r = Decoder(schema, json_text, file_name, limits).Decode(fast);
      if (!r.error && r.warnings.empty()) return r;
    }
    if (std::optional<profile_internal::LimitProblem> p =
            profile_internal::CheckJsonLimits(json_text, schema, limits)) {
      FirmDecodeResult result;
      profile_internal::JsonLocation at = profile_internal::LocateOffset(json_text, p->offset);
      result.error = FirmDataIssue{std::string(file_name), std::move(p->field), std::move(p->reason),
                                   std::move(p->reason_zh), p->offset == 0 ? 0 : at.line,
                                   p->offset == 0 ? 0 : at.column};
      return result;
    }
    profile_internal::JsonParseResult exact = profile_internal::ParseJsonDom(json_text);
    return Decoder(schema, json_text, file_name, limits).Decode(exact);
  } catch (const std::exception& e) {
    FirmDecodeResult result;
    result.error = FirmDataIssue{std::string(file_name),
                                 "",
                                 absl::StrCat("could not read the file: ", e.what()),
                                 absl::StrCat("无法读取文件：", e.what()),
                                 0,
                                 0};
    return result;
  } catch (...) {
    FirmDecodeResult result;
    result.error =
        FirmDataIssue{std::string(file_name), "", "could not read the file", "无法读取文件", 0, 0};
    return result;
  }
}

}  // namespace duixian::engine
