// FastFirmDecoder: a firm file read with simdjson On-Demand straight into a
// FirmRecord (see firm_decoder_fast.h). Compiled for SSE4.2/CLMUL (see
// engine/CMakeLists.txt): simdjson picks its On-Demand kernel at compile time.
#include "engine/profile/firm_decoder_fast.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/profile/json_dom.h"
#include "engine/profile/json_limits.h"
#include "engine/profile/scalar_decoder.h"
#include "engine/value/number.h"
#include "simdjson.h"

namespace duixian::engine::profile_internal {
namespace {

namespace od = simdjson::ondemand;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The digits of an RFC 8259 number without an exponent,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?, or -1 for anything else. On-Demand hands
// numbers over unparsed, so the grammar is checked here; exponents (rare in
// firm files) are left to the exact reader, which also knows which of them
// overflow a double (1e400 is an error there). The digit count is what
// the number-length limit counts (NumberDigits).
int PlainJsonNumberDigits(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return -1;
  const size_t first = i;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && IsDigit(s[i])) ++i;
  } else {
    return -1;
  }
  int digits = static_cast<int>(i - first);
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return -1;
    digits += static_cast<int>(i - start);
  }
  return i == s.size() ? digits : -1;
}

// JSON forbids raw control characters in strings; an escaped one (\u0001)
// is legal but rare enough to leave to the exact parser as well.
bool HasControlCharacter(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

// A key as written, from just after its opening quote, scanned up to its
// closing quote (the padded buffer always holds the closing quote of a key
// simdjson has indexed): its bytes (what the string-length limit counts)
// and whether it has escapes. Raw control characters never get here:
// simdjson's stage 1 refuses a document with one in a string or key.
struct RawKey {
  std::string_view text;
  bool escapes = false;
};

RawKey ScanKey(const char* p) {
  RawKey r;
  size_t n = 0;
  for (;;) {
    const char c = p[n];
    if (c == '"') break;
    if (c == '\\') {
      r.escapes = true;
      n += 2;
      continue;
    }
    ++n;
  }
  r.text = std::string_view(p, n);
  return r;
}

// Whether the key starting at `raw` (just after its opening quote) is
// exactly `name`: the name's bytes, then the closing quote. Reads at most
// name.size() + 1 bytes, which the document or simdjson's padding (64
// bytes) always holds for the short names compared here; a name holds no
// quote or backslash, so a match has no escapes.
constexpr size_t kLongestComparedName = 48;
bool KeyIs(const char* raw, const std::string& name) {
  const size_t n = name.size();
  if (n > kLongestComparedName) return false;
  // Eight bytes at a time, inline: names are short, and most comparisons
  // are with the name expected next, which matches.
  const char* p = name.data();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t a, b;
    std::memcpy(&a, raw + i, 8);
    std::memcpy(&b, p + i, 8);
    if (a != b) return false;
  }
  for (; i < n; ++i) {
    if (raw[i] != p[i]) return false;
  }
  return raw[n] == '"';
}

bool KeyNames(const char* raw, const FieldDef& f) {
  if (KeyIs(raw, f.name) || KeyIs(raw, f.label)) return true;
  for (const std::string& alias : f.aliases) {
    if (KeyIs(raw, alias)) return true;
  }
  return false;
}

// Problems only need noticing here: the exact path reports them.
class NoticeIssues : public ScalarIssues {
 public:
  void ScalarError(size_t, PathFn, std::string, std::string) override { noticed = true; }
  void ScalarWarning(size_t, PathFn, std::string, std::string) override { noticed = true; }
  bool noticed = false;
};

std::string NoPath() { return std::string(); }

void SetMissing(FieldValue* slot) {
  const Scalar* s = std::get_if<Scalar>(slot);
  if (s == nullptr || !std::holds_alternative<std::monostate>(*s)) *slot = FieldValue(Scalar());
}

void SetScalar(FieldValue* slot, Scalar value) {
  if (Scalar* s = std::get_if<Scalar>(slot)) {
    *s = std::move(value);
  } else {
    *slot = FieldValue(std::move(value));
  }
}

}  // namespace

// Per-thread scratch kept from file to file.
struct FastFirmDecoder::State {
  od::parser parser;
  std::string padded;  // the text followed by simdjson's padding
  // For each field (and the start, slot 0), the field the last file listed
  // after it: files from one exporter list their fields in one order, and
  // comparing a key with the field expected next is cheaper than hashing
  // it. Keyed by the previous field, not the position, so a field left out
  // costs one miss, not one per later field.
  std::vector<int> next_field;
  std::vector<char> given;        // per field: seen in this file
  std::vector<char> record_given; // per record field: seen in this record
  std::vector<int> years;         // series keys seen, nulls included
};

namespace {

// One file's walk. Every value is read to its end or the walk gives up:
// On-Demand skips what is not read, and a skipped value is not validated.
class Walk {
 public:
  Walk(FastFirmDecoder::State& state, const Schema& schema, const FirmLimits& limits)
      : state_(state), schema_(schema), limits_(limits) {}

  bool Root(od::object& root, FirmRecord* record, int* uscc_index) {
    if (limits_.max_depth <= 0) return false;
    const std::vector<FieldDef>& fields = schema_.fields();
    if (record->size() != fields.size()) *record = FirmRecord(fields.size());
    state_.given.assign(fields.size(), 0);
    *uscc_index = -1;
    size_t used = 0;
    int previous = -1;
    for (auto member : root) {
      od::field field;
      if (std::move(member).get(field) || used >= limits_.max_items) return false;
      ++used;
      const int index = IndexAfter(previous, field.key().raw());
      previous = index;
      // Unknown fields are warnings and duplicates errors: the exact path's.
      if (index < 0 || state_.given[static_cast<size_t>(index)]) return false;
      state_.given[static_cast<size_t>(index)] = 1;
      const FieldDef& f = fields[static_cast<size_t>(index)];
      FieldValue* slot = &record->mutable_value(static_cast<size_t>(index));
      od::value v = field.value();
      od::json_type type;
      if (v.type().get(type)) return false;
      if (type == od::json_type::null) {
        bool is_null = false;
        if (v.is_null().get(is_null) || !is_null) return false;
        SetMissing(slot);
        continue;
      }
      if (f.type == FieldType::kRecordList) {
        if (type != od::json_type::array || !Records(f, v, slot)) return false;
      } else if (f.yearly) {
        if (type != od::json_type::object || !Series(f, v, slot)) return false;
      } else {
        Scalar value;
        if (!ReadScalar(f, v, type, &value)) return false;
        SetScalar(slot, std::move(value));
        if (f.type == FieldType::kUscc && *uscc_index < 0) *uscc_index = index;
      }
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!state_.given[i]) SetMissing(&record->mutable_value(i));
    }
    return true;
  }

 private:
  // A key without escapes (those are left to the exact path) within the
  // string-length limit, as a view into the padded buffer; false otherwise.
  bool PlainKey(const char* raw, std::string_view* key) const {
    const RawKey r = ScanKey(raw);
    if (r.escapes || r.text.size() > limits_.max_string_bytes) return false;
    *key = r.text;
    return true;
  }

  // The field the key at `raw` names (-1: unknown, or a key the exact path
  // must see), `previous` being the field before it (-1 at the start).
  int IndexAfter(int previous, const char* raw) {
    std::vector<int>& next = state_.next_field;
    const std::vector<FieldDef>& fields = schema_.fields();
    if (next.size() != fields.size() + 1) next.assign(fields.size() + 1, -1);
    int& expected = next[static_cast<size_t>(previous + 1)];
    if (expected >= 0 && KeyNames(raw, fields[static_cast<size_t>(expected)])) {
      return KeyWithinLimit(raw) ? expected : -1;
    }
    std::string_view key;
    if (!PlainKey(raw, &key)) return -1;
    const int index = schema_.IndexOf(key);
    if (index >= 0) expected = index;
    return index;
  }

  // Only a matched key's length is unknown here; names are short, so this
  // is rare work: a limit below the longest name.
  bool KeyWithinLimit(const char* raw) const {
    return limits_.max_string_bytes >= kLongestComparedName || ScanKey(raw).text.size() <= limits_.max_string_bytes;
  }

  // The record field the key at `raw` names (-1: unknown, or a key the
  // exact path must see).
  int RecordFieldIndex(const FieldDef& list, const char* raw) const {
    for (size_t i = 0; i < list.record_fields.size(); ++i) {
      if (KeyNames(raw, list.record_fields[i])) return KeyWithinLimit(raw) ? static_cast<int>(i) : -1;
    }
    std::string_view key;
    return PlainKey(raw, &key) ? list.RecordFieldIndex(key) : -1;
  }

  // A year → value object, at depth 1.
  bool Series(const FieldDef& f, od::value v, FieldValue* slot) {
    if (limits_.max_depth <= 1) return false;
    od::object object;
    if (v.get_object().get(object)) return false;
    YearSeries* series = std::get_if<YearSeries>(slot);
    if (series == nullptr) series = &slot->emplace<YearSeries>();
    series->clear();
    std::vector<int>& years = state_.years;
    years.clear();
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field) || years.size() >= limits_.max_items) return false;
      // A year is four digits then the closing quote: no escapes, 4 bytes.
      const char* raw = field.key().raw();
      if (raw[4] != '"' || limits_.max_string_bytes < 4) return false;
      const std::optional<int> year = ParseYearKey(std::string_view(raw, 4));
      if (!year || std::find(years.begin(), years.end(), *year) != years.end()) return false;
      years.push_back(*year);
      od::value element = field.value();
      od::json_type type;
      Scalar value;
      if (element.type().get(type) || !ReadScalar(f, element, type, &value)) return false;
      if (std::holds_alternative<std::monostate>(value)) continue;  // null: missing that year
      series->emplace_back(*year, std::move(value));
    }
    auto by_year = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(series->begin(), series->end(), by_year)) {
      std::sort(series->begin(), series->end(), by_year);
    }
    return true;
  }

  // An array of records (objects of scalars): the array at depth 1, each
  // record at depth 2.
  bool Records(const FieldDef& f, od::value v, FieldValue* slot) {
    if (limits_.max_depth <= 1) return false;
    od::array array;
    if (v.get_array().get(array)) return false;
    RecordList* list = std::get_if<RecordList>(slot);
    if (list == nullptr) list = &slot->emplace<RecordList>();
    size_t used = 0;
    for (auto item : array) {
      od::value element;
      od::json_type type;
      od::object object;
      if (std::move(item).get(element) || used >= limits_.max_items || limits_.max_depth <= 2 ||
          element.type().get(type) || type != od::json_type::object ||
          element.get_object().get(object)) {
        return false;
      }
      if (used == list->size()) list->emplace_back();
      Record& record = (*list)[used++];
      record.fields.assign(f.record_fields.size(), Scalar());
      state_.record_given.assign(f.record_fields.size(), 0);
      size_t members = 0;
      for (auto member : object) {
        od::field field;
        if (std::move(member).get(field) || members++ >= limits_.max_items) return false;
        const int index = RecordFieldIndex(f, field.key().raw());
        if (index < 0 || state_.record_given[static_cast<size_t>(index)]) return false;
        state_.record_given[static_cast<size_t>(index)] = 1;
        od::value value_json = field.value();
        od::json_type value_type;
        Scalar value;
        if (value_json.type().get(value_type) ||
            !ReadScalar(f.record_fields[static_cast<size_t>(index)], value_json, value_type, &value)) {
          return false;
        }
        record.fields[static_cast<size_t>(index)] = std::move(value);
      }
    }
    list->resize(used);
    return true;
  }

  // A scalar (or null: an empty Scalar) checked by the same DecodeScalar as
  // the exact path; a list or object where a scalar belongs is for the
  // exact path to report.
  bool ReadScalar(const FieldDef& f, od::value v, od::json_type type, Scalar* out) {
    JsonScalar node;
    switch (type) {
      case od::json_type::number: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' ||
                                raw.back() == '\r')) {
          raw.remove_suffix(1);
        }
        const int digits = PlainJsonNumberDigits(raw);
        if (digits < 0 || digits > limits_.max_number_digits) return false;
        node.kind = JsonNode::Kind::kNumber;
        node.text = raw;
        break;
      }
      case od::json_type::string: {
        // The token as written runs to the next structural character:
        // the string's quotes and any whitespace after it.
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' ||
                                raw.back() == '\r')) {
          raw.remove_suffix(1);
        }
        if (raw.size() < 2 || raw.size() - 2 > limits_.max_string_bytes) return false;
        const bool escapes = std::memchr(raw.data() + 1, '\\', raw.size() - 2) != nullptr;
        std::string_view s;
        if (!escapes && raw.front() == '"' && raw.back() == '"') {
          // Nothing to unescape: the text between the quotes is the string
          // (stage 1 has checked its UTF-8 and refused raw control
          // characters), without simdjson copying it to its buffer first.
          // The value is still consumed as a string: a value left unread
          // would be skipped, and what follows it not checked.
          od::raw_json_string unescaped;
          if (v.get_raw_json_string().get(unescaped)) return false;
          s = raw.substr(1, raw.size() - 2);
        } else if (v.get_string().get(s) || (escapes && HasControlCharacter(s))) {
          return false;
        }
        node.kind = JsonNode::Kind::kString;
        node.text = s;
        break;
      }
      case od::json_type::boolean: {
        bool b = false;
        if (v.get_bool().get(b)) return false;
        node.kind = JsonNode::Kind::kBool;
        node.boolean = b;
        break;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (v.is_null().get(is_null) || !is_null) return false;
        *out = Scalar();
        return true;
      }
      default:
        return false;
    }
    if (Common(f, node, out)) return true;
    NoticeIssues issues;
    std::optional<Scalar> value = DecodeScalar(f, node, limits_, NoPath, &issues);
    if (!value || issues.noticed) return false;
    *out = *std::move(value);
    return true;
  }

  // The values most fields hold, decoded here as DecodeScalar would decode
  // them, without its general machinery (15% of decoding went to it):
  // a whole JSON number for a numeric field within the field's bounds, a
  // boolean, a plain string, an allowed enum value. False for anything else
  // (decimals, dates, codes, and whatever DecodeScalar would report or warn
  // about), which DecodeScalar then takes.
  static bool Common(const FieldDef& f, const JsonScalar& node, Scalar* out) {
    switch (f.type) {
      case FieldType::kInteger:
      case FieldType::kDecimal:
      case FieldType::kMoney:
      case FieldType::kPercent:
      case FieldType::kCount: {
        if (node.kind != JsonNode::Kind::kNumber) return false;
        std::string_view t = node.text;
        const bool negative = !t.empty() && t[0] == '-';
        if (negative) t.remove_prefix(1);
        // Up to 18 digits fit an int64_t (PlainJsonNumberDigits has checked
        // the grammar: no leading zeros, no exponent).
        if (t.empty() || t.size() > 18) return false;
        int64_t whole = 0;
        for (char c : t) {
          if (!IsDigit(c)) return false;  // a fraction: DecodeScalar
          whole = whole * 10 + (c - '0');
        }
        const Number n = Number::FromInt(negative ? -whole : whole);
        if (!NumberFitsField(f, n)) return false;  // DecodeScalar says why
        *out = Scalar(n);
        return true;
      }
      case FieldType::kBool:
        if (node.kind != JsonNode::Kind::kBool) return false;
        *out = Scalar(node.boolean);
        return true;
      case FieldType::kString:
        if (node.kind != JsonNode::Kind::kString) return false;
        out->emplace<std::string>(node.text);
        return true;
      case FieldType::kEnum:
        if (node.kind != JsonNode::Kind::kString || f.EnumIndex(node.text) < 0) return false;
        out->emplace<std::string>(node.text);
        return true;
      default:
        return false;
    }
  }

  FastFirmDecoder::State& state_;
  const Schema& schema_;
  const FirmLimits& limits_;
};

}  // namespace

bool CpuCanRunFastParser() {
#if defined(__x86_64__) && defined(__SSE4_2__)
  static const bool ok = __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("pclmul") &&
                         __builtin_cpu_supports("popcnt");
  return ok;
#else
  return true;
#endif
}

FastFirmDecoder::FastFirmDecoder() : state_(std::make_unique<State>()) {}
FastFirmDecoder::~FastFirmDecoder() = default;

bool FastFirmDecoder::Decode(const Schema& schema, const FirmLimits& limits, std::string_view text,
                             std::string_view file_name, FirmRecord* record) {
  if (!CpuCanRunFastParser() || text.size() > limits.max_file_bytes) return false;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") return false;
  // Grown, never shrunk: resizing a string fills it.
  std::string& padded = state_->padded;
  if (padded.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(padded.data(), text.data(), text.size());
  std::memset(padded.data() + text.size(), ' ', simdjson::SIMDJSON_PADDING);

  od::document doc;
  od::object root;
  if (state_->parser.iterate(padded.data(), text.size(), padded.size()).get(doc) ||
      doc.get_object().get(root)) {
    return false;
  }
  int uscc_index = -1;
  if (!Walk(*state_, schema, limits).Root(root, record, &uscc_index)) return false;
  // Nothing but whitespace may follow the top-level object.
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) return false;

  const Scalar* uscc = uscc_index < 0 ? nullptr : std::get_if<Scalar>(&record->value(static_cast<size_t>(uscc_index)));
  const std::string* code = uscc == nullptr ? nullptr : std::get_if<std::string>(uscc);
  record->set_id(code != nullptr ? *code : std::string(file_name));
  return true;
}

}  // namespace duixian::engine::profile_internal
