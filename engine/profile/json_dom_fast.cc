// ParseJsonDomFast: the JsonNode tree built with simdjson's On-Demand API.
//
// Only the common case is handled here: a top-level object of plain, valid
// JSON. Anything unusual (a byte-order mark, a control character inside a
// string, nesting beyond kMaxJsonDepth, a number simdjson let through
// unchecked) answers false, and the caller re-reads the text with the exact
// nlohmann-based ParseJsonDom, which is the authority on what is valid and
// explains what is not.
//
// It also enforces the shape limits of FirmLimits, at least as strictly as
// CheckJsonLimits (json_limits.cc): a file past a limit is refused here, and
// the caller's slow path names the limit. A file within them needs no
// separate pre-scan.
#include <cstring>
#include <utility>
#include <string>
#include <string_view>

#include "engine/profile/json_dom.h"
#include "engine/profile/json_limits.h"
#include "simdjson.h"

namespace duixian::engine::profile_internal {
namespace {

namespace od = simdjson::ondemand;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RFC 8259 number without an exponent: -?(0|[1-9][0-9]*)(\.[0-9]+)?
// On-Demand hands numbers over unparsed, so the grammar is checked here.
// Exponents (rare in firm files) are left to the exact reader, which also
// knows which of them overflow a double (1e400 is an error there).
bool IsPlainJsonNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// JSON forbids raw control characters in strings; an escaped one (\u0001)
// is legal but rare enough to leave to the exact parser as well.
bool HasControlCharacter(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

class FastBuilder {
 public:
  // `padded` is a copy of `text` followed by simdjson's padding; numbers are
  // viewed in `text` itself, strings in the parser's buffer.
  FastBuilder(std::string_view text, const char* padded, const FirmLimits& limits)
      : text_(text), padded_(padded), limits_(limits) {}

  // Fills `node`, which may hold the previous file's tree: its lists are
  // overwritten in place and trimmed, so a thread reading files of one shape
  // allocates nothing after the first (building the tree anew cost more than
  // parsing).
  bool Value(od::value v, JsonNode* node, int depth) {
    od::json_type type;
    if (v.type().get(type)) return false;
    node->offset = 0;
    node->boolean = false;
    node->text = {};
    if (type != od::json_type::object) node->members.clear();
    if (type != od::json_type::array) node->items.clear();
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (v.get_object().get(object)) return false;
        return Object(object, node, depth);
      }
      case od::json_type::array: {
        if (depth >= kMaxJsonDepth || depth >= limits_.max_depth) return false;
        node->kind = JsonNode::Kind::kArray;
        od::array array;
        if (v.get_array().get(array)) return false;
        size_t used = 0;
        for (auto item : array) {
          od::value element;
          if (std::move(item).get(element)) return false;
          if (used >= limits_.max_items) return false;
          if (used == node->items.size()) node->items.emplace_back();
          if (!Value(element, &node->items[used++], depth + 1)) return false;
        }
        node->items.resize(used);
        return true;
      }
      case od::json_type::number: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' ||
                                raw.back() == '\r')) {
          raw.remove_suffix(1);
        }
        if (!IsPlainJsonNumber(raw) || NumberDigits(raw) > limits_.max_number_digits) return false;
        node->kind = JsonNode::Kind::kNumber;
        node->text = text_.substr(static_cast<size_t>(raw.data() - padded_), raw.size());
        return true;
      }
      case od::json_type::string: {
        // The limit counts the string as written, escapes included.
        const RawString raw = ScanRawString(v.raw_json_token().data() + 1);
        if (raw.bytes > limits_.max_string_bytes || raw.control) return false;
        std::string_view s;
        if (v.get_string().get(s) || (raw.escapes && HasControlCharacter(s))) return false;
        node->kind = JsonNode::Kind::kString;
        node->text = s;
        return true;
      }
      case od::json_type::boolean: {
        bool b = false;
        if (v.get_bool().get(b)) return false;
        node->kind = JsonNode::Kind::kBool;
        node->boolean = b;
        return true;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (v.is_null().get(is_null) || !is_null) return false;
        node->kind = JsonNode::Kind::kNull;
        return true;
      }
    }
    return false;
  }

  bool Object(od::object& object, JsonNode* node, int depth) {
    if (depth >= kMaxJsonDepth || depth >= limits_.max_depth) return false;
    node->kind = JsonNode::Kind::kObject;
    node->items.clear();
    size_t used = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      const RawString raw = ScanRawString(field.key().raw());
      if (used >= limits_.max_items || raw.bytes > limits_.max_string_bytes || raw.control) return false;
      std::string_view key;
      if (field.unescaped_key().get(key) || (raw.escapes && HasControlCharacter(key))) return false;
      if (used == node->members.size()) node->members.emplace_back();
      JsonMember& m = node->members[used++];
      m.key = key;
      m.key_offset = 0;
      if (!Value(field.value(), &m.value, depth + 1)) return false;
    }
    node->members.resize(used);
    return true;
  }

 private:
  // A string as written, from just after its opening quote to its closing
  // one (the padded buffer always holds the closing quote of a string
  // simdjson has indexed): its bytes, whether it has escapes (only then can
  // the decoded text differ, and need its own control-character check), and
  // whether a raw control character sits in it.
  struct RawString {
    size_t bytes = 0;
    bool escapes = false;
    bool control = false;
  };
  static RawString ScanRawString(const char* p) {
    RawString r;
    for (;;) {
      const unsigned char c = static_cast<unsigned char>(p[r.bytes]);
      if (c == '"') return r;
      if (c == '\\') {
        r.escapes = true;
        r.bytes += 2;
        continue;
      }
      r.control |= c < 0x20;
      ++r.bytes;
    }
  }

  std::string_view text_;
  const char* padded_;
  const FirmLimits& limits_;
};

}  // namespace

// The instructions this file was compiled for (see engine/CMakeLists.txt).
bool CpuCanRunFastParser() {
#if defined(__x86_64__) && defined(__SSE4_2__)
  static const bool ok = __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("pclmul") &&
                         __builtin_cpu_supports("popcnt");
  return ok;
#else
  return true;
#endif
}

bool ParseJsonDomFast(std::string_view text, const FirmLimits& limits, JsonParseResult* out) {
  // The tree `out` holds is reused (see FastBuilder::Value); the rest is reset.
  out->error.clear();
  out->error_offset = 0;
  out->strings.clear();
  out->root.boolean = false;
  out->root.text = {};
  out->root.offset = 0;
  if (!CpuCanRunFastParser() || text.size() > limits.max_file_bytes) {
    *out = JsonParseResult();
    return false;
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") return false;
  // One parser and one padded copy per thread, reused from firm to firm.
  thread_local od::parser parser;
  thread_local std::string padded;
  padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded.data(), text.data(), text.size());
  std::memset(padded.data() + text.size(), ' ', simdjson::SIMDJSON_PADDING);

  od::document doc;
  od::object root;
  if (parser.iterate(padded.data(), text.size(), padded.size()).get(doc) || doc.get_object().get(root)) {
    *out = JsonParseResult();
    return false;
  }
  FastBuilder builder(text, padded.data(), limits);
  if (!builder.Object(root, &out->root, 0)) {
    *out = JsonParseResult();
    return false;
  }
  // Nothing but whitespace may follow the top-level object.
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) {
    *out = JsonParseResult();
    return false;
  }
  return true;
}

}  // namespace duixian::engine::profile_internal
