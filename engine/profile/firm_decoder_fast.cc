// FastFirmDecoder: a firm file read in one pass straight into a FirmRecord
// (see firm_decoder_fast.h). The reader knows the one shape a firm file has
// — an object of scalars, year → scalar objects and lists of flat records —
// so it checks the JSON grammar as it goes instead of indexing every
// structural character first, and gives up at the first thing outside that
// shape or the JSON grammar. simdjson validates the UTF-8 of the whole file
// up front (outside strings JSON is ASCII, so that is the strings' check).
#include "engine/profile/firm_decoder_fast.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/profile/json_dom.h"
#include "engine/profile/scalar_decoder.h"
#include "engine/value/civil_date.h"
#include "engine/value/number.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "simdjson.h"

namespace duixian::engine::profile_internal {
namespace {

// The padded copy of a file ends in this many NUL bytes: a byte no JSON
// token holds outside a string and no string may hold raw, so every scan
// stops at the end of the text without a bounds check, and the 16-byte
// loads and the key comparisons (KeyPattern: up to 64 bytes from a key's
// first byte) past it stay inside the buffer.
constexpr size_t kLongestComparedName = 48;
constexpr size_t kPadding = 80;
static_assert(kPadding >= (kLongestComparedName + 1 + 15) / 16 * 16 + 16);

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// JSON's four whitespace bytes, by table: spaces are skipped around every
// key and value.
constexpr std::array<bool, 256> kJsonSpace = [] {
  std::array<bool, 256> t{};
  t[' '] = t['\n'] = t['\r'] = t['\t'] = true;
  return t;
}();
bool IsJsonSpace(char c) { return kJsonSpace[static_cast<unsigned char>(c)]; }
// The bytes a JSON number may hold; the token they make is then checked
// against the grammar.
bool IsNumberByte(char c) { return IsDigit(c) || c == '-' || c == '.' || c == 'e' || c == 'E' || c == '+'; }


// From inside a string: the first quote, backslash or byte below 0x20 —
// the padding's NULs among them, so the scan always stops.
const char* FindStringStop(const char* p) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i below_space = _mm_set1_epi8(0x1f);
  for (;; p += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // x <= 0x1f (unsigned) exactly when min(x, 0x1f) == x.
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                      _mm_cmpeq_epi8(_mm_min_epu8(bytes, below_space), bytes));
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#else
  while (*p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) ++p;
  return p;
#endif
}

// The four bytes at `raw` as a series key, ^[12][0-9]{3}$ as ParseYearKey
// reads it, or -1.
int YearKey(const char* raw) {
  if ((raw[0] != '1' && raw[0] != '2') || !IsDigit(raw[1]) || !IsDigit(raw[2]) || !IsDigit(raw[3])) return -1;
  return (raw[0] - '0') * 1000 + (raw[1] - '0') * 100 + (raw[2] - '0') * 10 + (raw[3] - '0');
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at `p` (the padding ends any run short), or -1.
int Hex4(const char* p) {
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = HexDigit(p[i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The escape at `p` (its backslash) appended to `out`; the byte after it,
// or nullptr for an escape the exact path must judge: an unknown one or a
// lone surrogate. Escaped control characters (a line break in a business
// scope, "\n") are text the exact path takes as it is; a field that cannot
// hold one (an enum, a code, a date) refuses it there as here.
const char* Unescape(const char* p, std::string* out) {
  switch (p[1]) {
    case '"':
    case '\\':
    case '/':
      out->push_back(p[1]);
      return p + 2;
    case 'b': out->push_back('\b'); return p + 2;
    case 'f': out->push_back('\f'); return p + 2;
    case 'n': out->push_back('\n'); return p + 2;
    case 'r': out->push_back('\r'); return p + 2;
    case 't': out->push_back('\t'); return p + 2;
    case 'u': {
      const int unit = Hex4(p + 2);
      if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return nullptr;
      if (unit < 0xD800 || unit > 0xDBFF) {
        AppendUtf8(static_cast<uint32_t>(unit), out);
        return p + 6;
      }
      if (p[6] != '\\' || p[7] != 'u') return nullptr;
      const int low = Hex4(p + 8);
      if (low < 0xDC00 || low > 0xDFFF) return nullptr;
      AppendUtf8(0x10000 + ((static_cast<uint32_t>(unit) - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00), out);
      return p + 12;
    }
    default:  // not JSON
      return nullptr;
  }
}

// Up to 16 × kChunks bytes zero-padded to whole 16-byte chunks, and per
// chunk the bytes that count: text in the padded copy is compared with
// them 16 bytes at a time, without a loop over the bytes (their lengths
// vary, and a byte loop's exit was mispredicted at every key).
template <size_t kChunks>
struct ChunkedBytes {
  char bytes[kChunks * 16] = {};
  uint16_t masks[kChunks] = {};
  uint8_t chunks = 0;  // 0: nothing held, which matches nothing

  // False, holding nothing, when `n` bytes do not fit.
  bool Set(const char* data, size_t n) {
    chunks = 0;
    if (n == 0 || n > sizeof bytes) return false;
    std::memset(bytes, 0, sizeof bytes);
    std::memcpy(bytes, data, n);
    chunks = static_cast<uint8_t>((n + 15) / 16);
    for (size_t k = 0; k < chunks; ++k) {
      const size_t in_chunk = std::min<size_t>(16, n - k * 16);
      masks[k] = static_cast<uint16_t>(in_chunk == 16 ? 0xFFFF : (1u << in_chunk) - 1);
    }
    return true;
  }

  // The `n` bytes from `pos` on match whatever the text holds there.
  void Ignore(size_t pos, size_t n) {
    for (size_t i = pos; i < pos + n && i / 16 < chunks; ++i) masks[i / 16] &= static_cast<uint16_t>(~(1u << (i % 16)));
  }

  // Whether the text at `p` starts with the bytes held. Reads 16 bytes a
  // chunk: the text or its padding holds them.
  bool Matches(const char* p) const {
    if (chunks == 0) return false;
#if defined(__SSE2__)
    for (size_t k = 0; k < chunks; ++k) {
      const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      const __m128i held = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * k));
      const unsigned equal = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(text, held)));
      if ((equal & masks[k]) != masks[k]) return false;
    }
    return true;
#else
    for (size_t i = 0; i < 16u * chunks; ++i) {
      if ((masks[i / 16] >> (i % 16) & 1) != 0 && p[i] != bytes[i]) return false;
    }
    return true;
#endif
  }
};

// A name a key may be given by (a field's name, label or alias) with its
// closing quote. A name holds no quote or backslash, so a match has no
// escapes.
struct KeyPattern {
  ChunkedBytes<(kLongestComparedName + 1 + 15) / 16> name;
  uint8_t length = 0;  // the name's, without the quote

  static std::optional<KeyPattern> Of(const std::string& name) {
    if (name.empty() || name.size() > kLongestComparedName) return std::nullopt;
    KeyPattern p;
    std::string quoted = name + '"';
    p.name.Set(quoted.data(), quoted.size());
    p.length = static_cast<uint8_t>(name.size());
    return p;
  }

  // Whether the key starting at `raw` (just after its opening quote) is
  // this name.
  bool Matches(const char* raw) const { return name.Matches(raw); }
};

// What lies between one value and the start of the next, as the last file
// wrote it: whitespace, the comma (none before an object's first member),
// the key in quotes, the colon and the whitespace after it. Files from one
// exporter repeat these bytes file after file (",\n  \"revenue\": "), so
// one comparison with them stands for skipping the whitespace, the comma,
// matching the key and the colon — which the walk did byte by byte, for
// each of a firm's ~130 keys. They were read from a file's bytes by the
// same walk, so the same bytes read the same way. A series entry's glue
// leaves out its year's four digits (firms' series start in different
// years): they are read where the glue had them.
struct Glue {
  static constexpr size_t kLongest = 64;
  ChunkedBytes<kLongest / 16> text;
  uint8_t length = 0;
  uint8_t key_length = 0;  // for the string-length limit
  int8_t year_at = -1;     // a series entry's: where its year's digits are
  int field = -1;          // a member's: its field

  void Record(const char* from, const char* to, size_t key, int member_field, int year_offset = -1) {
    const size_t n = static_cast<size_t>(to - from);
    if (!text.Set(from, n)) return;
    length = static_cast<uint8_t>(n);
    key_length = static_cast<uint8_t>(key);
    field = member_field;
    year_at = static_cast<int8_t>(year_offset);
    if (year_offset >= 0) text.Ignore(static_cast<size_t>(year_offset), 4);
  }
};
static_assert(kPadding >= Glue::kLongest + 1, "a glue comparison must stay within the padding");

// The glues kept after a member, the latest first: exporters leave out
// fields (a sole proprietor's file has half a company's), so after a field
// come different members in turn, and each is kept (four: 41.6k
// instructions a firm with two, 40.7k with four, 41.2k with six).
constexpr size_t kMemberGlueWays = 4;
using MemberGlues = std::array<Glue, kMemberGlueWays>;

// The most entries of a series whose glue is kept (a firm's series span a
// few years).
constexpr size_t kSeriesGlues = 8;

// What the walk needs of a field, prepared once per schema: the names its
// key may have, and the allowed values of an enum as a hash set.
struct PreparedField {
  const FieldDef* def = nullptr;
  std::vector<KeyPattern> keys;
  absl::flat_hash_set<std::string> enum_values;
  std::vector<PreparedField> record_fields;  // a record list's
  // A series': the glue before each entry in the last file that had the
  // series (up to kSeriesGlues).
  std::vector<Glue> entry_glue;

  explicit PreparedField(const FieldDef& f) : def(&f) {
    for (const std::string* name : {&f.name, &f.label}) {
      if (std::optional<KeyPattern> p = KeyPattern::Of(*name)) keys.push_back(*p);
    }
    for (const std::string& alias : f.aliases) {
      if (std::optional<KeyPattern> p = KeyPattern::Of(alias)) keys.push_back(*p);
    }
    if (f.type == FieldType::kEnum) enum_values.insert(f.enum_values.begin(), f.enum_values.end());
    for (const FieldDef& r : f.record_fields) record_fields.emplace_back(r);
  }

  // The length of the key at `raw` when it is one of this field's names
  // (the English name first: exporters write it), else -1.
  int KeyLength(const char* raw) const {
    for (const KeyPattern& p : keys) {
      if (p.Matches(raw)) return p.length;
    }
    return -1;
  }

  // Whether `value` is one of an enum's values; sets *same when it is the
  // value this field had last time it was allowed. Most firms repeat the
  // last firm's (存续, 企业, 东莞市), so that one is compared before any hash
  // is computed (the set never changes once made, so its elements stay put).
  bool Allows(std::string_view value, bool* same) const {
    *same = last_allowed.value != nullptr && value == *last_allowed.value;
    if (*same) return true;
    auto it = enum_values.find(absl::string_view(value.data(), value.size()));
    if (it == enum_values.end()) return false;
    last_allowed.value = &*it;
    return true;
  }

 private:
  // An element of this field's enum_values; a copy starts without one.
  struct ElementOfSet {
    const std::string* value = nullptr;
    ElementOfSet() = default;
    ElementOfSet(const ElementOfSet&) {}
    ElementOfSet& operator=(const ElementOfSet&) {
      value = nullptr;
      return *this;
    }
  };
  mutable ElementOfSet last_allowed;
};

// Problems only need noticing here: the exact path reports them.
class NoticeIssues : public ScalarIssues {
 public:
  void ScalarError(size_t, PathFn, std::string, std::string) override { noticed = true; }
  void ScalarWarning(size_t, PathFn, std::string, std::string) override { noticed = true; }
  bool noticed = false;
};

std::string NoPath() { return std::string(); }

}  // namespace

// Per-thread scratch kept from file to file.
struct FastFirmDecoder::State {
  // The schema's fields as the walk needs them, prepared for the schema
  // object last given (Schema::instance(): DecodeFirmJson's thread-local
  // decoder serves whatever schemas its callers have, one after another).
  uint64_t prepared_for = 0;
  std::vector<PreparedField> fields;
  std::string padded;     // the text followed by kPadding NULs
  std::string unescaped;  // the last string that had escapes
  // For each field (and the start, slot 0), the field the last file listed
  // after it: files from one exporter list their fields in one order, and
  // comparing a key with the field expected next is cheaper than hashing
  // it. Keyed by the previous field, not the position, so a field left out
  // costs one miss, not one per later field.
  std::vector<int> next_field;
  // For each field (and the start, slot 0), the glues the last files had
  // between it and the member after it, the latest first.
  std::vector<MemberGlues> member_glue;
  std::vector<char> given;        // per field: seen in this file
  std::vector<char> record_given; // per record field: seen in this record
  std::vector<int> years;         // series keys seen, nulls included
  // Keys of no field met in this file (the document's) and in this record:
  // one given twice is the exact path's error.
  std::vector<std::string_view> unknown_keys, unknown_record_keys;
  // The storage of series and lists that went missing in a later firm, for
  // the next firm that gives one: about 5% of fields are missing, and
  // growing a series again cost three allocations.
  std::vector<YearSeries> spare_series;
  std::vector<RecordList> spare_lists;
};

namespace {

// One file's walk over the padded text, `at` the next byte to read. Every
// method reads one JSON value (or key) to its end and leaves `at` after it,
// or answers false, which ends the walk: the file goes to the exact path.
class Walk {
 public:
  Walk(FastFirmDecoder::State& state, const Schema& schema, const FirmLimits& limits, bool skip_unknown,
       const char* text, const char* end)
      : state_(state),
        schema_(schema),
        limits_(limits),
        field_count_(schema.fields().size()),
        skip_unknown_(skip_unknown),
        at_(text),
        end_(end) {}

  // The whole text: one object, then nothing but whitespace.
  bool Document(FirmRecord* record, int* uscc_index) {
    if (limits_.max_depth <= 0) return false;
    if (record->size() != field_count_) *record = FirmRecord(field_count_);
    state_.given.assign(field_count_, 0);
    *uscc_index = -1;
    SkipSpace();
    if (*at_ != '{') return false;
    ++at_;
    std::vector<MemberGlues>& glues = state_.member_glue;
    if (glues.size() != field_count_ + 1) glues.assign(field_count_ + 1, MemberGlues());
    state_.unknown_keys.clear();
    size_t used = 0;
    int previous = -1;
    bool after_unknown = false;  // the member before was one of no field, skipped
    for (;;) {
      // The next member's key, by a glue the last files had after the
      // member before it, else read (and its glue kept for the next files).
      MemberGlues& after = glues[static_cast<size_t>(previous + 1)];
      const Glue* glue = nullptr;
      for (const Glue& g : after) {
        if (g.text.Matches(at_)) {
          glue = &g;
          break;
        }
      }
      int index;
      if (glue != nullptr && !IsJsonSpace(at_[glue->length]) && glue->key_length <= limits_.max_string_bytes) {
        at_ += glue->length;
        index = glue->field;
        after_unknown = false;
      } else {
        index = MemberKeyRead(previous, used, &after_unknown, after);
        if (index == kEndOfObject) break;
        if (index == kSkippedMember) {
          ++used;
          continue;
        }
        if (index < 0) return false;
      }
      if (used >= limits_.max_items) return false;
      ++used;
      previous = index;
      // Duplicates are errors: the exact path's.
      if (state_.given[static_cast<size_t>(index)]) return false;
      state_.given[static_cast<size_t>(index)] = 1;
      PreparedField& pf = state_.fields[static_cast<size_t>(index)];
      const FieldDef& f = *pf.def;
      FieldValue* slot = &record->mutable_value(static_cast<size_t>(index));
      if (*at_ == 'n') {
        if (!Literal("null")) return false;
        SetMissing(slot);
      } else if (f.type == FieldType::kRecordList) {
        if (!Records(pf, slot)) return false;
      } else if (f.yearly) {
        if (!Series(pf, slot)) return false;
      } else {
        Scalar* scalar = std::get_if<Scalar>(slot);
        if (scalar == nullptr) scalar = &slot->emplace<Scalar>();
        if (!ReadScalar(pf, scalar)) return false;
        if (f.type == FieldType::kUscc && *uscc_index < 0) *uscc_index = index;
      }
    }
    SkipSpace();
    if (at_ != end_) return false;
    for (size_t i = 0; i < field_count_; ++i) {
      if (!state_.given[i]) SetMissing(&record->mutable_value(i));
    }
    return true;
  }

 private:
  void SkipSpace() {
    while (IsJsonSpace(*at_)) ++at_;
  }

  // An empty Scalar in the slot; a series' or list's storage is kept.
  void SetMissing(FieldValue* slot) {
    if (Scalar* s = std::get_if<Scalar>(slot)) {
      if (!std::holds_alternative<std::monostate>(*s)) *s = Scalar();
      return;
    }
    if (YearSeries* series = std::get_if<YearSeries>(slot)) {
      state_.spare_series.push_back(std::move(*series));
    } else if (RecordList* list = std::get_if<RecordList>(slot)) {
      state_.spare_lists.push_back(std::move(*list));
    }
    slot->emplace<Scalar>();
  }

  template <typename T>
  static T* Storage(FieldValue* slot, std::vector<T>& spares) {
    if (T* held = std::get_if<T>(slot)) return held;
    if (spares.empty()) return &slot->emplace<T>();
    T* taken = &slot->emplace<T>(std::move(spares.back()));
    spares.pop_back();
    return taken;
  }

  // The colon after a key, and the space around it.
  bool Colon() {
    // Most exporters write ": " (Python's json) or ":" — taken first.
    if (*at_ != ':') {
      SkipSpace();
      if (*at_ != ':') return false;
    }
    ++at_;
    if (*at_ == ' ') ++at_;
    SkipSpace();
    return true;
  }

  // After a member or element: a comma (more follow) or `close` (the last);
  // either is consumed, and at_[-1] tells which.
  bool NextMember(char close) {
    SkipSpace();
    if (*at_ != ',' && *at_ != close) return false;
    ++at_;
    return true;
  }

  bool Literal(std::string_view word) {
    if (std::memcmp(at_, word.data(), word.size()) != 0) return false;
    at_ += word.size();
    return true;
  }

  // A string at at_ (its opening quote), with the length it has as written
  // between its quotes (what the string-length limit counts). Without
  // escapes it is the text between the quotes; with them it is unescaped
  // into the scratch string, valid until the next string. False when
  // unterminated, with a raw control character, or with an escape the exact
  // path must judge (Unescape).
  // Inlined into ReadScalar, where most strings are read; the rarer readers
  // (unknown members, escaped keys) share one copy out of line (ColdString).
  __attribute__((always_inline)) bool String(std::string_view* out, size_t* written) {
    const char* start = at_ + 1;
    const char* stop = FindStringStop(start);
    if (*stop == '"') {
      *out = std::string_view(start, static_cast<size_t>(stop - start));
      *written = out->size();
      at_ = stop + 1;
      return true;
    }
    std::string& s = state_.unescaped;
    s.assign(start, stop);
    while (*stop == '\\') {
      stop = Unescape(stop, &s);
      if (stop == nullptr) return false;
      const char* next = FindStringStop(stop);
      s.append(stop, next);
      stop = next;
    }
    if (*stop != '"') return false;  // a raw control character, or the end
    *out = s;
    *written = static_cast<size_t>(stop - start);
    at_ = stop + 1;
    return true;
  }

  __attribute__((noinline)) bool ColdString(std::string_view* out, size_t* written) { return String(out, written); }

  // What MemberKeyRead answers besides a field and -1 (the exact path's).
  static constexpr int kEndOfObject = -3;    // the closing brace, consumed
  static constexpr int kSkippedMember = -4;  // a member of no field, read past

  // The next member's key when no glue matched (out of line: the loop over
  // the members stays small): read, and its glue kept for the next files,
  // or the object's end, or a member of no field skipped. `used` members
  // came before.
  __attribute__((noinline)) int MemberKeyRead(int previous, size_t used, bool* after_unknown, MemberGlues& after) {
    const char* from = at_;
    SkipSpace();
    if (*at_ == '}' || used > 0) {
      if (!NextMember('}')) return -1;
      if (at_[-1] == '}') return kEndOfObject;
      SkipSpace();
    }
    const char* key = at_;
    const int index = FieldKey(previous);
    if (index == kUnknownKey && skip_unknown_) {
      // Ignored, as the exact path ignores it (with a warning this caller
      // does not keep); a key given twice is its error.
      if (used >= limits_.max_items) return -1;
      if (!NewUnknownKey(key, &state_.unknown_keys) || !Colon() || !SkipValue(1)) return -1;
      *after_unknown = true;
      return kSkippedMember;
    }
    if (index < 0) return -1;  // unknown fields are warnings: the exact path's
    const size_t key_length = static_cast<size_t>(at_ - key) - 2;
    if (!Colon()) return -1;
    // Kept only right after the field it is kept for (or the opening brace):
    // after an unknown member the bytes before the key differ (a comma where
    // the brace allows none).
    if (!*after_unknown) {
      std::move_backward(after.begin(), after.end() - 1, after.end());
      after[0].Record(from, at_, key_length, index);
    }
    *after_unknown = false;
    return index;
  }

  // What FieldKey and RecordKey answer for a key without escapes, within
  // the length limit, that names no field: the exact path would warn and
  // ignore the member.
  static constexpr int kUnknownKey = -2;

  // The key at at_ as a field of the schema (-1: not a quote, past the
  // length limit, an escape the exact path must judge, or an escaped key of
  // no field: the exact path's; kUnknownKey: a key without escapes of no
  // field), `previous` being the field before it (-1 at the start). at_
  // ends after the key.
  int FieldKey(int previous) {
    if (*at_ != '"') return -1;
    const char* raw = at_ + 1;
    std::vector<int>& next = state_.next_field;
    if (next.size() != field_count_ + 1) next.assign(field_count_ + 1, -1);
    int& expected = next[static_cast<size_t>(previous + 1)];
    if (expected >= 0) {
      const int n = state_.fields[static_cast<size_t>(expected)].KeyLength(raw);
      if (n >= 0) return KeyEnds(raw, n) ? expected : -1;
      // A field left out: the key is often the one after the expected one.
      const int after = next[static_cast<size_t>(expected + 1)];
      if (after >= 0) {
        const int m = state_.fields[static_cast<size_t>(after)].KeyLength(raw);
        if (m >= 0) {
          if (!KeyEnds(raw, m)) return -1;
          expected = after;
          return after;
        }
      }
    }
    // Or one of the next few fields in the schema's order (exporters that
    // follow it leave out different fields in different files).
    const int last = std::min(previous + 1 + kSchemaOrderGuesses, static_cast<int>(field_count_));
    for (int i = previous + 1; i < last; ++i) {
      const int m = state_.fields[static_cast<size_t>(i)].KeyLength(raw);
      if (m >= 0) {
        if (!KeyEnds(raw, m)) return -1;
        expected = i;
        return i;
      }
    }
    std::string_view key;
    bool escaped = false;
    if (!KeyText(&key, &escaped)) return -1;
    const int index = schema_.IndexOf(key);
    // An unknown key with escapes: which keys are the same is the exact
    // path's to tell (it compares them unescaped).
    if (index < 0) return escaped ? -1 : kUnknownKey;
    expected = index;
    return index;
  }

  // The record field the key at at_ names (-1 as for FieldKey).
  int RecordKey(const PreparedField& list) {
    if (*at_ != '"') return -1;
    const char* raw = at_ + 1;
    for (size_t i = 0; i < list.record_fields.size(); ++i) {
      const int n = list.record_fields[i].KeyLength(raw);
      if (n >= 0) return KeyEnds(raw, n) ? static_cast<int>(i) : -1;
    }
    std::string_view key;
    bool escaped = false;
    if (!KeyText(&key, &escaped)) return -1;
    const int index = list.def->RecordFieldIndex(key);
    if (index < 0) return escaped ? -1 : kUnknownKey;
    return index;
  }

  // Whether the unknown key that starts at `key` (its opening quote; a
  // plain key, so its text is what lies between the quotes) is new in
  // `seen`, and then noted there.
  static bool NewUnknownKey(const char* key, std::vector<std::string_view>* seen) {
    const char* end = FindStringStop(key + 1);
    const std::string_view name(key + 1, static_cast<size_t>(end - key - 1));
    if (std::find(seen->begin(), seen->end(), name) != seen->end()) return false;
    seen->push_back(name);
    return true;
  }

  // Any JSON value at at_, read to its end and dropped: an unknown member's.
  // It is held to the limits as CheckJsonLimits holds the exact path's
  // text (`depth`: the arrays and objects around it), and what the exact
  // reader must judge — an exponent, an escape it refuses, bad syntax —
  // is left to it.
  bool SkipValue(int depth) {
    switch (*at_) {
      case '"': {
        std::string_view text;
        size_t written = 0;
        return ColdString(&text, &written) && written <= limits_.max_string_bytes;
      }
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      case '[':
      case '{': {
        if (depth >= limits_.max_depth) return false;
        const bool object = *at_ == '{';
        const char close = object ? '}' : ']';
        ++at_;
        SkipSpace();
        if (*at_ == close) {
          ++at_;
          return true;
        }
        size_t items = 0;
        for (;;) {
          SkipSpace();
          if (items++ >= limits_.max_items) return false;
          if (object) {
            std::string_view key;
            size_t written = 0;
            if (*at_ != '"' || !ColdString(&key, &written) || written > limits_.max_string_bytes) return false;
            if (!Colon()) return false;
          }
          if (!SkipValue(depth + 1)) return false;
          if (!NextMember(close)) return false;
          if (at_[-1] == close) return true;
        }
      }
      default: {
        const char* start = at_;
        while (IsNumberByte(*at_)) ++at_;
        const int digits = JsonNumberDigits(std::string_view(start, static_cast<size_t>(at_ - start)));
        return digits >= 0 && digits <= limits_.max_number_digits;
      }
    }
  }

  static constexpr int kSchemaOrderGuesses = 4;

  // A key of `n` bytes matched at `raw`: within the length limit, at_ after it.
  bool KeyEnds(const char* raw, int n) {
    if (static_cast<size_t>(n) > limits_.max_string_bytes) return false;
    at_ = raw + n + 1;
    return true;
  }

  // A key within the string-length limit (as written), its escapes undone
  // (`*escaped`: it had some; the key is then valid until the next
  // string). Exporters that write JSON as Python's json does by default
  // escape every Chinese character, keys written as labels included.
  bool KeyText(std::string_view* key, bool* escaped) {
    const char* start = at_ + 1;
    const char* stop = FindStringStop(start);
    if (*stop == '"') {
      if (static_cast<size_t>(stop - start) > limits_.max_string_bytes) return false;
      *key = std::string_view(start, static_cast<size_t>(stop - start));
      *escaped = false;
      at_ = stop + 1;
      return true;
    }
    size_t written = 0;
    *escaped = true;
    return ColdString(key, &written) && written <= limits_.max_string_bytes;
  }

  // A year → value object, at depth 1.
  bool Series(PreparedField& f, FieldValue* slot) {
    if (limits_.max_depth <= 1 || *at_ != '{') return false;
    ++at_;
    // The series' entries are overwritten in place and the surplus dropped
    // at the end, not cleared and built again: a firm's series have the
    // shape of the last firm's, so their values are assigned over values of
    // the same kind (no destroying, no constructing).
    YearSeries* series = Storage(slot, state_.spare_series);
    size_t used = 0;
    std::vector<int>& years = state_.years;
    years.clear();
    int latest = -1;
    bool ascending = true;
    for (size_t entry = 0;; ++entry) {
      // The next year, by the glue the last file's series had before this
      // entry, else read (a year is four digits then the closing quote: no
      // escapes, 4 bytes).
      const Glue* glue = entry < f.entry_glue.size() ? &f.entry_glue[entry] : nullptr;
      int year = -1;
      if (entry > 0 && *at_ == '}') {  // the series' end, as most end
        ++at_;
        break;
      }
      if (glue != nullptr && glue->text.Matches(at_) && !IsJsonSpace(at_[glue->length]) &&
          (year = YearKey(at_ + glue->year_at)) >= 0) {
        at_ += glue->length;
      } else {
        const char* from = at_;
        SkipSpace();
        if (*at_ == '}' || entry > 0) {
          if (!NextMember('}')) return false;
          if (at_[-1] == '}') break;
          SkipSpace();
        }
        if (*at_ != '"') return false;
        const char* raw = at_ + 1;
        if (raw[4] != '"') return false;
        year = YearKey(raw);
        if (year < 0) return false;
        at_ = raw + 5;
        if (!Colon()) return false;
        if (entry < kSeriesGlues) {
          if (entry >= f.entry_glue.size()) f.entry_glue.resize(entry + 1);
          f.entry_glue[entry].Record(from, at_, 4, -1, static_cast<int>(raw - from));
        }
      }
      if (years.size() >= limits_.max_items || limits_.max_string_bytes < 4) return false;
      // Years usually come in order: a year after every one before it is
      // no duplicate; otherwise the years seen are searched.
      if (year > latest) {
        latest = year;
      } else {
        if (std::find(years.begin(), years.end(), year) != years.end()) return false;
        ascending = false;
      }
      years.push_back(year);
      if (used == series->size()) series->emplace_back();
      std::pair<int, Scalar>& entry_value = (*series)[used];
      entry_value.first = year;
      if (!ReadScalar(f, &entry_value.second)) return false;
      // null: missing that year (the entry is overwritten or dropped).
      if (!std::holds_alternative<std::monostate>(entry_value.second)) ++used;
    }
    if (used < series->size()) series->erase(series->begin() + static_cast<std::ptrdiff_t>(used), series->end());
    if (!ascending) {
      auto by_year = [](const auto& a, const auto& b) { return a.first < b.first; };
      std::sort(series->begin(), series->end(), by_year);
    }
    return true;
  }

  // An array of records (objects of scalars): the array at depth 1, each
  // record at depth 2.
  bool Records(const PreparedField& f, FieldValue* slot) {
    if (limits_.max_depth <= 1 || *at_ != '[') return false;
    ++at_;
    RecordList* list = Storage(slot, state_.spare_lists);
    size_t used = 0;
    SkipSpace();
    if (*at_ == ']') {
      ++at_;
    } else {
      for (;;) {
        SkipSpace();
        if (used >= limits_.max_items || limits_.max_depth <= 2 || *at_ != '{') return false;
        ++at_;
        if (used == list->size()) list->emplace_back();
        Record& record = (*list)[used++];
        if (!RecordMembers(f, &record)) return false;
        if (!NextMember(']')) return false;
        if (at_[-1] == ']') break;
      }
    }
    list->resize(used);
    return true;
  }

  // A record's members, after its opening brace, to its closing one.
  bool RecordMembers(const PreparedField& f, Record* record) {
    record->fields.assign(f.record_fields.size(), Scalar());
    state_.record_given.assign(f.record_fields.size(), 0);
    state_.unknown_record_keys.clear();
    SkipSpace();
    if (*at_ == '}') {
      ++at_;
      return true;
    }
    size_t members = 0;
    for (;;) {
      SkipSpace();
      if (members++ >= limits_.max_items) return false;
      const char* key = at_;
      const int index = RecordKey(f);
      if (index == kUnknownKey && skip_unknown_) {
        // A record is at depth 2: its members' values at 3.
        if (!NewUnknownKey(key, &state_.unknown_record_keys) || !Colon() || !SkipValue(3)) return false;
        if (!NextMember('}')) return false;
        if (at_[-1] == '}') return true;
        continue;
      }
      if (index < 0 || state_.record_given[static_cast<size_t>(index)]) return false;
      state_.record_given[static_cast<size_t>(index)] = 1;
      if (!Colon() ||
          !ReadScalar(f.record_fields[static_cast<size_t>(index)], &record->fields[static_cast<size_t>(index)])) {
        return false;
      }
      if (!NextMember('}')) return false;
      if (at_[-1] == '}') return true;
    }
  }

  // A scalar (or null: an empty Scalar), decoded as DecodeScalar decodes it
  // on the exact path: the values most fields hold are decoded here
  // directly (whole and decimal numbers within a numeric field's bounds,
  // booleans, plain strings, allowed enum values, calendar dates — 15% of
  // decoding went to DecodeScalar's general machinery), anything else by
  // DecodeScalar itself, and whatever it would report or warn about sends
  // the file to the exact path. A list or object where a scalar belongs is
  // for the exact path to report. `out` may hold an earlier firm's value.
  bool ReadScalar(const PreparedField& pf, Scalar* out) {
    const FieldDef& f = *pf.def;
    switch (*at_) {
      case '"': {
        std::string_view text;
        size_t written = 0;
        if (!String(&text, &written) || written > limits_.max_string_bytes) return false;
        switch (f.type) {
          case FieldType::kString:
            AssignString(text, out);
            return true;
          case FieldType::kEnum: {
            bool same = false;
            if (!pf.Allows(text, &same)) return false;
            // `out` may hold the earlier firm's value: the same one needs no copy.
            const std::string* held = same ? std::get_if<std::string>(out) : nullptr;
            if (held == nullptr || *held != text) AssignString(text, out);
            return true;
          }
          case FieldType::kDate:
            if (std::optional<CivilDate> date = CivilDate::Parse(text)) {
              AssignValue(*date, out);
              return true;
            }
            return false;
          default:
            return General(f, {JsonNode::Kind::kString, false, text, 0}, out);
        }
      }
      case 't':
      case 'f': {
        const bool value = *at_ == 't';
        if (!Literal(value ? std::string_view("true") : std::string_view("false"))) return false;
        if (f.type != FieldType::kBool) return General(f, {JsonNode::Kind::kBool, value, {}, 0}, out);
        AssignValue(value, out);
        return true;
      }
      case 'n':
        if (!Literal("null")) return false;
        *out = Scalar();
        return true;
      default:
        return ReadNumber(f, out);
    }
  }

  // A JSON number: a whole one read in the pass that finds its end, a
  // decimal one parsed as DecodeScalar parses it.
  bool ReadNumber(const FieldDef& f, Scalar* out) {
    if (WholeNumber(f, out)) return true;
    const char* start = at_;
    while (IsNumberByte(*at_)) ++at_;
    const std::string_view text(start, static_cast<size_t>(at_ - start));
    const int digits = JsonNumberDigits(text);
    if (digits < 0 || digits > limits_.max_number_digits) return false;
    if (IsNumeric(f)) {
      std::optional<Number> n = Number::Parse(text);
      if (!n || !NumberFitsField(f, *n)) return false;  // DecodeScalar says why
      AssignValue(*n, out);
      return true;
    }
    return General(f, {JsonNode::Kind::kNumber, false, text, 0}, out);
  }

  static bool IsNumeric(const FieldDef& f) {
    switch (f.type) {
      case FieldType::kInteger:
      case FieldType::kDecimal:
      case FieldType::kMoney:
      case FieldType::kPercent:
      case FieldType::kCount:
        return true;
      default:
        return false;
    }
  }

  // Most numbers in a firm file: a whole number of up to 18 digits (no
  // fraction, no exponent, no leading zero) for a numeric field, within the
  // field's bounds, read in the one pass that finds its end. False, with
  // at_ unmoved, for anything else.
  bool WholeNumber(const FieldDef& f, Scalar* out) {
    if (!IsNumeric(f)) return false;
    const bool negative = *at_ == '-';
    const char* digits = at_ + (negative ? 1 : 0);
    const char* end = digits;
    uint64_t whole = 0;  // wraps past 19 digits, which are not taken here
    while (IsDigit(*end)) {
      whole = whole * 10 + static_cast<uint64_t>(*end - '0');
      ++end;
    }
    const size_t count = static_cast<size_t>(end - digits);
    if (count == 0 || count > 18 || static_cast<int>(count) > limits_.max_number_digits ||
        (count > 1 && *digits == '0') || IsNumberByte(*end)) {
      return false;
    }
    const int64_t value = static_cast<int64_t>(whole);
    // Built in `out` itself: a Number built aside and then copied in was
    // written eight bytes at a time and read back sixteen at a time, which
    // the processor cannot forward (a tenth of ReadScalar's time). A value
    // out of bounds fails the whole fast path, so what is left in `out`
    // then does not matter.
    Number* n = std::get_if<Number>(out);
    if (n == nullptr) n = &out->emplace<Number>();
    *n = Number::FromInt(negative ? -value : value);
    if (!NumberFitsField(f, *n)) return false;  // DecodeScalar says why
    at_ = end;
    return true;
  }

  // DecodeScalar itself, for the rest (codes, a value of the wrong type).
  __attribute__((noinline)) bool General(const FieldDef& f, const JsonScalar& node, Scalar* out) const {
    NoticeIssues issues;
    std::optional<Scalar> value = DecodeScalar(f, node, limits_, NoPath, &issues);
    if (!value || issues.noticed) return false;
    *out = *std::move(value);
    return true;
  }

  // Into the value of that type `out` already holds, if any (most fields
  // hold the same type firm after firm): no variant assignment.
  template <typename T>
  static void AssignValue(const T& value, Scalar* out) {
    if (T* held = std::get_if<T>(out)) {
      *held = value;
    } else {
      out->emplace<T>(value);
    }
  }

  // Into the string `out` already holds, if any: its storage is reused.
  static void AssignString(std::string_view text, Scalar* out) {
    if (std::string* s = std::get_if<std::string>(out)) {
      s->assign(text.data(), text.size());
    } else {
      out->emplace<std::string>(text);
    }
  }

  FastFirmDecoder::State& state_;
  const Schema& schema_;
  const FirmLimits& limits_;
  // schema_.fields().size(), read once: a vector's size is a division by
  // the element's size, and FieldKey needs it for every key.
  const size_t field_count_;
  const bool skip_unknown_;  // members of no field are skipped, not the exact path's
  const char* at_;
  const char* end_;
};

}  // namespace

FastFirmDecoder::FastFirmDecoder() : state_(std::make_unique<State>()) {}
FastFirmDecoder::~FastFirmDecoder() = default;

bool FastFirmDecoder::Decode(const Schema& schema, const FirmLimits& limits, std::string_view text,
                             std::string_view file_name, FirmRecord* record, UnknownMembers unknown) {
  if (text.size() > limits.max_file_bytes) return false;
  // A byte-order mark (Windows exporters write one) is skipped, as the exact
  // reader skips it; the size limit counted it.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // JSON is ASCII outside strings, so this is the check of every string's
  // UTF-8 (runtime-dispatched SIMD).
  if (!simdjson::validate_utf8(text.data(), text.size())) return false;
  // Grown, never shrunk: resizing a string fills it.
  std::string& padded = state_->padded;
  if (padded.size() < text.size() + kPadding) padded.resize(text.size() + kPadding);
  std::memcpy(padded.data(), text.data(), text.size());
  std::memset(padded.data() + text.size(), 0, kPadding);

  // Prepared once per schema object (a FirmFileDecoder keeps one schema;
  // the thread-local decoder of DecodeFirmJson meets each caller's).
  if (state_->prepared_for != schema.instance()) {
    state_->fields.clear();
    for (const FieldDef& f : schema.fields()) state_->fields.emplace_back(f);
    state_->next_field.clear();
    state_->member_glue.clear();
    state_->prepared_for = schema.instance();
  }
  int uscc_index = -1;
  Walk walk(*state_, schema, limits, unknown == UnknownMembers::kSkip, padded.data(), padded.data() + text.size());
  if (!walk.Document(record, &uscc_index)) return false;

  const Scalar* uscc = uscc_index < 0 ? nullptr : std::get_if<Scalar>(&record->value(static_cast<size_t>(uscc_index)));
  const std::string* code = uscc == nullptr ? nullptr : std::get_if<std::string>(uscc);
  record->set_id(code != nullptr ? *code : std::string(file_name));
  return true;
}

}  // namespace duixian::engine::profile_internal
