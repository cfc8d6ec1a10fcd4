// Internal to engine/profile: a tiny JSON DOM that keeps every number as its
// original text, used to read firm files and policies/schema.json exactly (no
// double ever touches a number).
//
// ParseJsonDom records the byte offset of every value and key, for
// line:column in messages, and explains what is wrong with bad JSON
// (nlohmann's SAX interface; valid JSON is read by simdjson On-Demand). It
// is the exact path of firm decoding: most firm files are decoded without
// any tree by FastFirmDecoder (firm_decoder_fast.h), and only a file with
// something to report is read here.
//
//   JsonParseResult r = ParseJsonDom(text);
//   if (!r.ok()) { JsonLocation at = LocateOffset(text, r.error_offset); }
//
// Thread-safe. Never throws. Strings and numbers in the tree are views into
// the result's own storage or the text.
#ifndef DX_ENGINE_PROFILE_JSON_DOM_H_
#define DX_ENGINE_PROFILE_JSON_DOM_H_

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>


namespace duixian::engine::profile_internal {

struct JsonMember;

struct JsonNode {
  enum class Kind { kNull, kBool, kNumber, kString, kObject, kArray };

  Kind kind = Kind::kNull;
  bool boolean = false;
  // kNumber: the number exactly as written ("30000000.10", "-0", "1e5");
  // kString: the decoded string value (UTF-8).
  std::string_view text;
  size_t offset = 0;                // byte offset of the value's first byte
  std::vector<JsonMember> members;  // kObject, in document order, duplicates kept
  std::vector<JsonNode> items;      // kArray

  bool is_object() const { return kind == Kind::kObject; }
};

struct JsonMember {
  std::string_view key;
  size_t key_offset = 0;  // byte offset of the key's opening quote (0 from the fast parser)
  JsonNode value;
};

struct JsonParseResult {
  bool ok() const { return error.empty(); }

  JsonNode root;
  // Empty on success; otherwise what is wrong (English, from the parser,
  // without nlohmann's "[json.exception…] parse error at …" prefix).
  std::string error;
  size_t error_offset = 0;
  // Set for an error that is about one value rather than the JSON text (a
  // number beyond a double's range, which nlohmann's lexer refuses before
  // the decoder could say so itself): its field path ("revenue.2024") and
  // the reason in Chinese; `error` is then the English reason.
  std::string error_field;
  std::string error_zh;
  // Owns the decoded strings the tree's views point to (ParseJsonDom only;
  // a deque never moves its elements).
  std::deque<std::string> strings;
};

// Nesting deeper than this is rejected (keeps the DOM's recursion bounded).
inline constexpr int kMaxJsonDepth = 256;

JsonParseResult ParseJsonDom(std::string_view text);
// ParseJsonDom's two readers. On-Demand (simdjson) takes valid JSON of the
// kind it vouches for (json_dom.cc says which) and returns false, leaving
// `result` alone, for anything else; nlohmann reads any text and words what
// is wrong. Tests and the firm_decoder fuzzer hold them to one tree.
bool ParseJsonDomOnDemand(std::string_view text, JsonParseResult* result);
JsonParseResult ParseJsonDomByNlohmann(std::string_view text);
// Where two trees first differ ("$.revenue.2024: offset 12 against 13"), or
// "" when they are the same: kinds, texts, offsets, keys in order. For the
// tests and the fuzzer that hold the two readers to one tree.
std::string JsonTreeDifference(const JsonNode& a, const JsonNode& b);

// The largest power of ten a number is taken to reach without nlohmann's
// judgement (its integer digits plus its exponent), or a negative exponent
// to go below: far from a double's range (about 1.8e308), whose overflow
// nlohmann reports (1e400 is an error there); beyond it nlohmann judges.
inline constexpr int kLargestTakenExponent = 300;

// The digits of an RFC 8259 number,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, or -1 for anything else
// or a number past 10^±kLargestTakenExponent. The digit count is what the
// number-length limit counts (NumberDigits: the integer and fraction
// digits). Exporters that write doubles as Java does give amounts of ten
// million yuan and more with an exponent ("2.5E7"). Inline: the fast firm
// reader checks every number with it.
inline int JsonNumberDigits(std::string_view s) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return -1;
  const size_t first = i;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && is_digit(s[i])) ++i;
  } else {
    return -1;
  }
  const int integer_digits = static_cast<int>(i - first);
  int digits = integer_digits;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return -1;
    digits += static_cast<int>(i - start);
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    const bool negative = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    int exponent = 0;  // four digits at most: more is past the limit anyway
    while (i < s.size() && is_digit(s[i]) && i - start < 4) exponent = exponent * 10 + (s[i++] - '0');
    if (i == start || (negative ? exponent : integer_digits + exponent) > kLargestTakenExponent) return -1;
  }
  return i == s.size() ? digits : -1;
}

// 1-based line and column (column in Unicode code points) of a byte offset.
struct JsonLocation {
  int line = 1;
  int column = 1;
};
JsonLocation LocateOffset(std::string_view text, size_t offset);

// "an object", "a string", … for messages.
const char* JsonKindName(JsonNode::Kind kind);
const char* JsonKindNameZh(JsonNode::Kind kind);

}  // namespace duixian::engine::profile_internal

#endif  // DX_ENGINE_PROFILE_JSON_DOM_H_
