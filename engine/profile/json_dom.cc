#include "engine/profile/json_dom.h"

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/profile/scalar_decoder.h"
#include "nlohmann/json.hpp"
#include "simdjson.h"

namespace duixian::engine::profile_internal {
namespace {

using Json = nlohmann::json;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Builds a JsonNode tree from SAX events. nlohmann does not tell a SAX
// handler where a token starts, so the builder re-finds each token in the
// text: every event corresponds to exactly one token that the parser has
// just lexed successfully, and between two tokens there is only whitespace
// and at most one ':' or ','. A cursor that skips those and then the token
// itself therefore stays in step with the parser.
class DomBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit DomBuilder(std::string_view text) : text_(text) {
    // nlohmann skips a UTF-8 byte-order mark at the start.
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") cursor_ = 3;
  }

  JsonParseResult TakeResult() { return std::move(result_); }

  bool null() override {
    JsonNode node;
    node.kind = JsonNode::Kind::kNull;
    node.offset = NextToken(4);
    return Add(std::move(node));
  }

  bool boolean(bool val) override {
    JsonNode node;
    node.kind = JsonNode::Kind::kBool;
    node.boolean = val;
    node.offset = NextToken(val ? 4 : 5);
    return Add(std::move(node));
  }

  bool number_integer(number_integer_t /*val*/) override { return AddNumber(); }
  bool number_unsigned(number_unsigned_t /*val*/) override { return AddNumber(); }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return AddNumber(); }

  bool string(string_t& val) override {
    JsonNode node;
    node.kind = JsonNode::Kind::kString;
    node.text = Keep(std::move(val));
    node.offset = NextStringToken();
    return Add(std::move(node));
  }

  bool binary(binary_t& /*val*/) override { return Fail("binary values are not JSON", cursor_); }

  bool start_object(std::size_t /*elements*/) override {
    JsonNode node;
    node.kind = JsonNode::Kind::kObject;
    node.offset = NextToken(1);
    return Open(std::move(node));
  }

  bool key(string_t& val) override {
    size_t offset = NextStringToken();
    JsonNode* object = stack_.back();
    object->members.push_back(JsonMember{Keep(std::move(val)), offset, JsonNode()});
    return true;
  }

  bool end_object() override {
    NextToken(1);
    stack_.pop_back();
    return true;
  }

  bool start_array(std::size_t /*elements*/) override {
    JsonNode node;
    node.kind = JsonNode::Kind::kArray;
    node.offset = NextToken(1);
    return Open(std::move(node));
  }

  bool end_array() override {
    NextToken(1);
    stack_.pop_back();
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    if (ex.id == 406 && result_.error.empty()) {
      // "number overflow parsing '1e400'": valid JSON, but no number the
      // profile can hold; worded as the decoder words 1e-400.
      result_.error = NumberNotExact(last_token);
      result_.error_zh = NumberNotExactZh(last_token);
      result_.error_field = PathOfNextValue();
      result_.error_offset = SkipSeparators();
      return false;
    }
    // "[json.exception.parse_error.101] parse error at line 1, column 2: x"
    std::string message = ex.what();
    size_t colon = message.find(": ", message.find("parse error"));
    if (colon != std::string::npos) message = message.substr(colon + 2);
    // `position` counts the bytes read, including the offending one.
    return Fail(message, position > 0 ? position - 1 : 0);
  }

  // The field path ("revenue.2024", "penalties[1].amount") of the value the
  // parser is reading: the last key of each open object; in each open array
  // the index of the open container it holds, or for the innermost the index
  // the value will take.
  std::string PathOfNextValue() const {
    std::string path;
    for (size_t i = 0; i < stack_.size(); ++i) {
      const JsonNode* node = stack_[i];
      if (node->kind == JsonNode::Kind::kObject) {
        if (node->members.empty()) break;
        if (!path.empty()) path += '.';
        path += node->members.back().key;
      } else {
        const size_t index = node->items.size() - (i + 1 < stack_.size() ? 1 : 0);
        path += "[" + std::to_string(index) + "]";
      }
    }
    return path;
  }

  bool Fail(std::string message, size_t offset) {
    if (result_.error.empty()) {
      result_.error = message.empty() ? "syntax error" : std::move(message);
      result_.error_offset = offset;
    }
    return false;
  }

 private:
  std::string_view Keep(std::string s) { return result_.strings.emplace_back(std::move(s)); }

  // The number's own text: integers arrive without it, and re-reading the
  // token keeps "-0", "1.50" and integers beyond 64 bits exactly as written.
  bool AddNumber() {
    size_t start = SkipSeparators();
    size_t end = start;
    while (end < text_.size()) {
      char c = text_[end];
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
        ++end;
      } else {
        break;
      }
    }
    cursor_ = end;
    JsonNode node;
    node.kind = JsonNode::Kind::kNumber;
    node.text = text_.substr(start, end - start);
    node.offset = start;
    return Add(std::move(node));
  }

  size_t SkipSeparators() {
    while (cursor_ < text_.size() && IsJsonSpace(text_[cursor_])) ++cursor_;
    if (cursor_ < text_.size() && (text_[cursor_] == ':' || text_[cursor_] == ',')) {
      ++cursor_;
      while (cursor_ < text_.size() && IsJsonSpace(text_[cursor_])) ++cursor_;
    }
    return cursor_;
  }

  // A token of fixed length; returns its start.
  size_t NextToken(size_t length) {
    size_t start = SkipSeparators();
    cursor_ = std::min(text_.size(), start + length);
    return start;
  }

  // A string token (the parser has validated it); returns its start.
  size_t NextStringToken() {
    size_t start = SkipSeparators();
    size_t i = start + 1;
    while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
    cursor_ = std::min(text_.size(), i + 1);
    return start;
  }

  // Places a finished scalar (or a new container) into its parent.
  JsonNode* Place(JsonNode node) {
    if (stack_.empty()) {
      result_.root = std::move(node);
      return &result_.root;
    }
    JsonNode* parent = stack_.back();
    if (parent->kind == JsonNode::Kind::kObject) {
      parent->members.back().value = std::move(node);
      return &parent->members.back().value;
    }
    parent->items.push_back(std::move(node));
    return &parent->items.back();
  }

  bool Add(JsonNode node) {
    Place(std::move(node));
    return true;
  }

  bool Open(JsonNode node) {
    if (static_cast<int>(stack_.size()) >= kMaxJsonDepth) {
      return Fail("nested more than " + std::to_string(kMaxJsonDepth) + " levels deep",
                  node.offset);
    }
    // Pointers on the stack stay valid: a container's parent vector only
    // grows after the container has been closed and popped.
    stack_.push_back(Place(std::move(node)));
    return true;
  }

  std::string_view text_;
  size_t cursor_ = 0;
  std::vector<JsonNode*> stack_;
  JsonParseResult result_;
};

// Builds the same tree with simdjson On-Demand, for text that is valid
// JSON (a file the exact path reads usually is: it holds one bad value, not
// bad syntax), at a fraction of nlohmann's cost (its lexer reads a byte at a
// time). It gives up — and nlohmann reads the text and words what is wrong —
// on whatever it does not check as strictly: any error simdjson reports,
// any \u escape (nlohmann's surrogate rules), a number past
// 10^±kLargestTakenExponent (nlohmann refuses some, error 406 above), a
// root that is not an object or array, nesting near kMaxJsonDepth. What it
// checks itself: each number against the JSON grammar (JsonNumberDigits,
// the fast firm reader's check), each true/false/null whole, no raw
// control character in a string or key, nothing after the root. JsonDomTest and the
// firm_decoder fuzzer hold it to nlohmann's tree for every text it takes.
class OnDemandBuilder {
 public:
  bool Build(std::string_view text, JsonParseResult* result) {
    size_t bom = 0;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") bom = 3;
    if (text.find("\\u") != std::string_view::npos) return false;
    // On-Demand reads up to SIMDJSON_PADDING bytes past the text.
    padded_.assign(text.data() + bom, text.size() - bom);
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    base_ = padded_.data();
    text_ = text.data() + bom;
    shift_ = bom;
    simdjson::ondemand::document doc;
    if (parser_.iterate(padded_.data(), text.size() - bom, padded_.size()).get(doc)) return false;
    simdjson::ondemand::value root;
    if (doc.get_value().get(root)) return false;
    simdjson::ondemand::json_type type;
    if (root.type().get(type)) return false;
    if (type != simdjson::ondemand::json_type::object && type != simdjson::ondemand::json_type::array) return false;
    JsonParseResult built;
    strings_ = &built.strings;
    if (!Value(root, 0, &built.root)) return false;
    // Nothing after the root: at the end, the location is out of bounds.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return false;
    *result = std::move(built);
    return true;
  }

 private:
  size_t OffsetOf(const char* at) const { return static_cast<size_t>(at - base_) + shift_; }

  // A string's or key's raw bytes, from just after its opening quote: the
  // closing quote, or null at a raw control character (JSON wants them
  // escaped; simdjson 3.0 refuses them too, not every version promises
  // to). `*escaped` tells whether a backslash came on the way.
  static const char* StringEnd(const char* at, bool* escaped) {
    *escaped = false;
    for (; *at != '"'; ++at) {
      if (static_cast<unsigned char>(*at) < 0x20) return nullptr;
      if (*at == '\\') {
        *escaped = true;
        ++at;  // the escaped byte (no \u here: refused above)
      }
    }
    return at;
  }

  // The decoded text of a string whose raw bytes run from `raw` to `end`:
  // without escapes, the bytes themselves, a view into the caller's text (as
  // numbers are); with them, simdjson's unescaped copy, kept.
  std::string_view Text(const char* raw, const char* end, bool escaped, std::string_view unescaped) {
    if (escaped) return strings_->emplace_back(unescaped);
    return std::string_view(text_ + (raw - base_), static_cast<size_t>(end - raw));
  }

  static std::string_view WithoutTrailingSpace(std::string_view t) {
    while (!t.empty() && IsJsonSpace(t.back())) t.remove_suffix(1);
    return t;
  }

  bool Value(simdjson::ondemand::value value, int depth, JsonNode* node) {
    using simdjson::ondemand::json_type;
    json_type type;
    if (value.type().get(type)) return false;
    const std::string_view token = value.raw_json_token();
    node->offset = OffsetOf(token.data());
    switch (type) {
      case json_type::object: {
        if (depth + 2 >= kMaxJsonDepth) return false;
        node->kind = JsonNode::Kind::kObject;
        // A firm file's root holds some eighty members, its other objects a
        // few: room made once rather than grown (each growth moves them all).
        node->members.reserve(depth == 0 ? 128 : 8);
        simdjson::ondemand::object object;
        if (value.get_object().get(object)) return false;
        for (auto member : object) {
          simdjson::ondemand::field field;
          if (std::move(member).get(field)) return false;
          const char* key_text = field.key().raw();  // just after the opening quote
          bool escaped = false;
          const char* key_end = StringEnd(key_text, &escaped);
          if (key_end == nullptr) return false;
          std::string_view key;
          if (field.unescaped_key().get(key)) return false;
          JsonMember& added = node->members.emplace_back();
          added.key = Text(key_text, key_end, escaped, key);
          added.key_offset = OffsetOf(key_text - 1);
          if (!Value(field.value(), depth + 1, &added.value)) return false;
        }
        return true;
      }
      case json_type::array: {
        if (depth + 2 >= kMaxJsonDepth) return false;
        node->kind = JsonNode::Kind::kArray;
        simdjson::ondemand::array array;
        if (value.get_array().get(array)) return false;
        for (auto item : array) {
          simdjson::ondemand::value element;
          if (std::move(item).get(element)) return false;
          if (!Value(element, depth + 1, &node->items.emplace_back())) return false;
        }
        return true;
      }
      case json_type::string: {
        bool escaped = false;
        const char* end = StringEnd(token.data() + 1, &escaped);
        if (end == nullptr) return false;
        std::string_view text;
        if (value.get_string().get(text)) return false;
        node->kind = JsonNode::Kind::kString;
        node->text = Text(token.data() + 1, end, escaped, text);
        return true;
      }
      case json_type::number: {
        const std::string_view number = WithoutTrailingSpace(token);
        if (JsonNumberDigits(number) < 0) return false;
        node->kind = JsonNode::Kind::kNumber;
        // A view into the caller's text, as nlohmann's builder keeps it
        // (the padded copy is overwritten by the next text).
        node->text = std::string_view(text_ + (number.data() - base_), number.size());
        return true;
      }
      case json_type::boolean: {
        const std::string_view word = WithoutTrailingSpace(token);
        if (word != "true" && word != "false") return false;
        node->kind = JsonNode::Kind::kBool;
        node->boolean = word == "true";
        return true;
      }
      case json_type::null:
        if (WithoutTrailingSpace(token) != "null") return false;
        node->kind = JsonNode::Kind::kNull;
        return true;
    }
    return false;
  }

  simdjson::ondemand::parser parser_;
  std::string padded_;
  const char* base_ = nullptr;
  const char* text_ = nullptr;  // the caller's text, past a byte-order mark
  size_t shift_ = 0;
  std::deque<std::string>* strings_ = nullptr;
};

}  // namespace

bool ParseJsonDomOnDemand(std::string_view text, JsonParseResult* result) {
  try {
    thread_local OnDemandBuilder on_demand;
    return on_demand.Build(text, result);
  } catch (const std::exception&) {
    return false;  // out of memory building the tree: nlohmann's path says so
  }
}

JsonParseResult ParseJsonDom(std::string_view text) {
  JsonParseResult result;
  if (ParseJsonDomOnDemand(text, &result)) return result;
  return ParseJsonDomByNlohmann(text);
}

JsonParseResult ParseJsonDomByNlohmann(std::string_view text) {
  DomBuilder builder(text);
  try {
    bool ok = Json::sax_parse(text.begin(), text.end(), &builder);
    JsonParseResult result = builder.TakeResult();
    if (!ok && result.error.empty()) {
      result.error = "syntax error";
      result.error_offset = 0;
    }
    if (!result.ok()) result.root = JsonNode();
    return result;
  } catch (const std::exception& e) {
    JsonParseResult result;
    result.error = e.what();
    return result;
  } catch (...) {
    JsonParseResult result;
    result.error = "unexpected failure while reading JSON";
    return result;
  }
}

namespace {

std::string DifferenceAt(const JsonNode& a, const JsonNode& b, const std::string& at) {
  if (a.kind != b.kind) return at + ": kind";
  if (a.boolean != b.boolean) return at + ": boolean";
  if (a.text != b.text) return at + ": text `" + std::string(a.text) + "` against `" + std::string(b.text) + "`";
  if (a.offset != b.offset) return at + ": offset " + std::to_string(a.offset) + " against " + std::to_string(b.offset);
  if (a.members.size() != b.members.size()) return at + ": member count";
  for (size_t i = 0; i < a.members.size(); ++i) {
    const JsonMember& x = a.members[i];
    const JsonMember& y = b.members[i];
    const std::string where = at + "." + std::string(x.key);
    if (x.key != y.key) return where + ": key";
    if (x.key_offset != y.key_offset) return where + ": key offset";
    std::string d = DifferenceAt(x.value, y.value, where);
    if (!d.empty()) return d;
  }
  if (a.items.size() != b.items.size()) return at + ": item count";
  for (size_t i = 0; i < a.items.size(); ++i) {
    std::string d = DifferenceAt(a.items[i], b.items[i], at + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  return "";
}

}  // namespace

std::string JsonTreeDifference(const JsonNode& a, const JsonNode& b) { return DifferenceAt(a, b, "$"); }

JsonLocation LocateOffset(std::string_view text, size_t offset) {
  JsonLocation location;
  if (offset > text.size()) offset = text.size();
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) i = 3;  // BOM: no column
  for (; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++location.line;
      location.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++location.column;
    }
  }
  return location;
}

const char* JsonKindName(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::Kind::kNull:
      return "null";
    case JsonNode::Kind::kBool:
      return "a boolean";
    case JsonNode::Kind::kNumber:
      return "a number";
    case JsonNode::Kind::kString:
      return "a string";
    case JsonNode::Kind::kObject:
      return "an object";
    case JsonNode::Kind::kArray:
      return "an array";
  }
  return "a value";
}

const char* JsonKindNameZh(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::Kind::kNull:
      return "null";
    case JsonNode::Kind::kBool:
      return "布尔值";
    case JsonNode::Kind::kNumber:
      return "数字";
    case JsonNode::Kind::kString:
      return "字符串";
    case JsonNode::Kind::kObject:
      return "对象";
    case JsonNode::Kind::kArray:
      return "数组";
  }
  return "值";
}

}  // namespace duixian::engine::profile_internal
