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
#include "engine/profile/firm_decoder_fast.h"
#include "engine/profile/json_dom.h"
#include "engine/profile/json_limits.h"
#include "engine/profile/scalar_decoder.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"
#include "engine/value/uscc.h"
#include "simdjson.h"

namespace duixian::engine {
namespace {

using profile_internal::JsonKindName;
using profile_internal::JsonKindNameZh;
using profile_internal::JsonMember;
using profile_internal::JsonNode;

// Debian's abseil has its own string_view, which std::string_view does not
// convert to implicitly.
absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

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

// Whether text that is not UTF-8 reads as GB18030 (GBK's superset): every
// byte past ASCII in a two-byte (lead 0x81-0xFE, trail 0x40-0x7E or
// 0x80-0xFE) or four-byte (0x81-0xFE 0x30-0x39 0x81-0xFE 0x30-0x39)
// character, and a few such characters at least (a stray byte pair is
// not taken for an encoding). Files saved by Windows tools in China often
// are; the bureau's staff then need to be told which encoding to convert.
bool ReadsAsGb18030(std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) return false;
  int characters = 0;
  for (size_t i = 0; i < text.size();) {
    const auto at = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
    const unsigned char c = at(0);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c < 0x81 || c > 0xFE) return false;
    const unsigned char t = at(1);
    if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
      i += 2;
    } else if (t >= 0x30 && t <= 0x39 && at(2) >= 0x81 && at(2) <= 0xFE && at(3) >= 0x30 && at(3) <= 0x39) {
      i += 4;
    } else {
      return false;
    }
    ++characters;
  }
  return characters >= 4;
}

// A field's path for messages ("revenue.2023", "penalties[1].amount"), built
// only when a message needs it: most files have none.
using profile_internal::PathFn;

class Decoder : private profile_internal::ScalarIssues {
 public:
  Decoder(const Schema& schema, std::string_view text, std::string_view file, const FirmLimits& limits)
      : schema_(schema), text_(text), file_(file), limits_(limits) {}

  // Decodes a tree built by either parser (see DecodeFirmJson).
  FirmDecodeResult Decode(const profile_internal::JsonParseResult& parsed) {
    if (!parsed.ok()) {
      if (!parsed.error_zh.empty()) {
        Error(parsed.error_offset, parsed.error_field, parsed.error, parsed.error_zh);
      } else {
        const bool gb18030 = ReadsAsGb18030(text_);
        Error(parsed.error_offset, "",
              absl::StrCat("not valid JSON: ", parsed.error,
                           gb18030 ? " (the file is not UTF-8: it reads as GBK/GB18030 text; save it as UTF-8)" : ""),
              absl::StrCat("不是有效的 JSON：", parsed.error,
                           gb18030 ? "（文件不是 UTF-8 编码，看起来是 GBK/GB18030，请另存为 UTF-8）" : ""));
      }
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

  void ScalarError(size_t offset, PathFn path, std::string reason, std::string reason_zh) override {
    if (!failed()) Error(offset, path(), std::move(reason), std::move(reason_zh));
  }

  void ScalarWarning(size_t offset, PathFn path, std::string reason, std::string reason_zh) override {
    Warn(offset, path(), std::move(reason), std::move(reason_zh));
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
          absl::StrCat("expected ", profile_internal::ExpectedValue(f), ", got ", JsonKindName(node.kind)),
          absl::StrCat("应为", profile_internal::ExpectedValueZh(f), "，实际为", JsonKindNameZh(node.kind)));
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
    std::optional<Scalar> scalar = profile_internal::DecodeScalar(f, profile_internal::JsonScalar::Of(node), limits_, [&] { return f.name; }, this);
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
      std::optional<int> year = profile_internal::ParseYearKey(m.key);
      if (!year) {
        Error(m.key_offset, path(),
              absl::StrCat("series key `", Sv(m.key),
                           "` is not a year (expected four digits such as \"2023\")"),
              absl::StrCat("年度键 `", Sv(m.key), "` 不是年份（应为四位数字，如 \"2023\"）"));
        return std::nullopt;
      }
      if (m.value.kind == JsonNode::Kind::kNull) continue;  // missing for that year
      std::optional<Scalar> value = profile_internal::DecodeScalar(f, profile_internal::JsonScalar::Of(m.value), limits_, path, this);
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
        std::optional<Scalar> value = profile_internal::DecodeScalar(r, profile_internal::JsonScalar::Of(m.value), limits_, path, this);
        if (!value) return std::nullopt;
        record.fields[index] = *std::move(value);
      }
      list.push_back(std::move(record));
    }
    return list;
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

namespace {

std::string IssueText(const FirmDataIssue& issue, bool zh) {
  std::string location = issue.file;
  if (issue.line > 0) {
    absl::StrAppend(&location, location.empty() ? "" : ":", issue.line);
    if (issue.column > 0) absl::StrAppend(&location, ":", issue.column);
  }
  std::string out;
  if (!location.empty()) absl::StrAppend(&out, location, ": ");
  if (!issue.field.empty()) absl::StrAppend(&out, zh ? "字段 `" : "field `", issue.field, zh ? "`：" : "`: ");
  absl::StrAppend(&out, zh && !issue.reason_zh.empty() ? issue.reason_zh : issue.reason);
  return out;
}

}  // namespace

std::string FirmDataIssue::ToString() const { return IssueText(*this, false); }
std::string FirmDataIssue::ToStringZh() const { return IssueText(*this, true); }

namespace {

// The exact path, for a file the fast one gave up on: the limits are
// checked in one pass over the bytes, before any parser builds a tree of a
// hostile file; then the exact parser, which knows where each value sits
// (line:column) and why bad JSON is bad, builds the tree the decoder reads,
// reporting every problem and warning.
FirmDecodeResult Exact(const Schema& schema, std::string_view json_text,
                       std::string_view file_name, const FirmLimits& limits) {
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
}

FirmDataIssue Unreadable(std::string_view file_name, const char* what) {
  if (what == nullptr) {
    return FirmDataIssue{std::string(file_name), "", "could not read the file", "无法读取文件", 0, 0};
  }
  return FirmDataIssue{std::string(file_name),
                       "",
                       absl::StrCat("could not read the file: ", what),
                       absl::StrCat("无法读取文件：", what),
                       0,
                       0};
}

}  // namespace

namespace profile_internal {

FirmDecodeResult DecodeFirmJsonExact(const Schema& schema, std::string_view json_text,
                                     std::string_view file_name, const FirmLimits& limits) {
  return Exact(schema, json_text, file_name, limits);
}

}  // namespace profile_internal

FirmDecodeResult DecodeFirmJson(const Schema& schema, std::string_view json_text,
                                std::string_view file_name, const FirmLimits& limits) {
  FirmDecodeResult result;
  try {
    // The fast path decodes a file with nothing to report (nearly all of
    // them) straight into the record; anything else is read again exactly.
    thread_local profile_internal::FastFirmDecoder fast;
    FirmRecord record;
    if (fast.Decode(schema, limits, json_text, file_name, &record)) {
      result.record = std::move(record);
      return result;
    }
    return Exact(schema, json_text, file_name, limits);
  } catch (const std::exception& e) {
    result.error = Unreadable(file_name, e.what());
  } catch (...) {
    result.error = Unreadable(file_name, nullptr);
  }
  result.record.reset();
  return result;
}

FirmFileDecoder::FirmFileDecoder(const Schema& schema, const FirmLimits& limits)
    : schema_(schema), limits_(limits), fast_(std::make_unique<profile_internal::FastFirmDecoder>()) {}

FirmFileDecoder::~FirmFileDecoder() = default;

const FirmRecord* FirmFileDecoder::Decode(std::string_view json_text, std::string_view file_name,
                                          FirmDataIssue* error) {
  try {
    // Warnings are not kept here, so members of no field are skipped on the
    // fast path rather than sent to the exact one for a warning.
    if (fast_->Decode(schema_, limits_, json_text, file_name, &record_,
                      profile_internal::FastFirmDecoder::UnknownMembers::kSkip)) {
      return &record_;
    }
    FirmDecodeResult r = Exact(schema_, json_text, file_name, limits_);
    if (r.record && !r.error) {
      record_ = *std::move(r.record);
      return &record_;
    }
    *error = r.error ? *std::move(r.error) : Unreadable(file_name, "not a usable firm record");
  } catch (const std::exception& e) {
    *error = Unreadable(file_name, e.what());
  } catch (...) {
    *error = Unreadable(file_name, nullptr);
  }
  // The fast path may have left part of a firm in the record.
  record_ = FirmRecord();
  return nullptr;
}

}  // namespace duixian::engine
