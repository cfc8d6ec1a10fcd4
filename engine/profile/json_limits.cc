#include "engine/profile/json_limits.h"

#include <emmintrin.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace duixian::engine::profile_internal {
namespace {

// The offset of the first quote, backslash or NUL byte at or after `i`
// (text.size() if none): the bytes a string's body stops at. Sixteen bytes
// at a time (SSE2, every x86-64 CPU): the pre-scan reads every file the
// fast reader gives up on, and most of a firm file is strings.
size_t NextStringStop(std::string_view text, size_t i) {
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i nul = _mm_setzero_si128();
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const int stop = _mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), _mm_cmpeq_epi8(bytes, nul)));
    if (stop != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(stop)));
  }
  while (i < text.size() && text[i] != '"' && text[i] != '\\' && text[i] != '\0') ++i;
  return i;
}

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// One open array or object on the way down, for counting its items and
// naming the path.
struct Level {
  bool object = false;
  size_t items = 0;          // values seen so far (members of an object)
  std::string_view key;      // object: the key of the current member
  const FieldDef* record = nullptr;  // a record list's definition, for its records' keys
};

class Scanner {
 public:
  Scanner(std::string_view text, const Schema& schema, const FirmLimits& limits)
      : text_(text), schema_(schema), limits_(limits) {}

  std::optional<LimitProblem> Run() {
    size_t i = 0;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    std::string_view last_string;  // the previous string token: a key if ':' follows
    while (i < text_.size()) {
      char c = text_[i];
      if (c == '"') {
        size_t start = i++;
        while ((i = NextStringStop(text_, i)) < text_.size() && text_[i] != '"') {
          if (text_[i] == '\0') {
            return Problem(i, TopField(), "a NUL byte, which JSON text never holds",
                           "含有 NUL 字节（JSON 文本中不应出现）");
          }
          i += 2;  // a backslash and the byte it escapes
        }
        size_t end = i < text_.size() ? i : text_.size();
        last_string = text_.substr(start + 1, end - start - 1);
        ++i;
        if (!Value(start)) return problem_;
        if (last_string.size() > limits_.max_string_bytes) {
          bool is_key = NextIsColon(i);
          return Problem(start, is_key ? Path() : PathOfValue(),
                         absl::StrCat(is_key ? "key" : "string", " of ", last_string.size(),
                                      " bytes is longer than the limit of ", limits_.max_string_bytes, " bytes"),
                         absl::StrCat(is_key ? "键" : "字符串", "有 ", last_string.size(), " 字节，超过上限 ",
                                      limits_.max_string_bytes, " 字节"));
        }
        continue;
      }
      if (c == ':') {
        if (!stack_.empty() && stack_.back().object) {
          stack_.back().key = last_string;
          --stack_.back().items;  // the key was counted as a value; its value comes next
        }
        ++i;
        continue;
      }
      if (c == '[' || c == '{') {
        if (!Value(i)) return problem_;
        if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
          return Problem(i, TopField(), absl::StrCat("nested more than ", limits_.max_depth, " levels deep"),
                         absl::StrCat("嵌套超过 ", limits_.max_depth, " 层"));
        }
        Level level;
        level.object = c == '{';
        level.record = RecordDefOfNewLevel();
        stack_.push_back(level);
        ++i;
        continue;
      }
      if (c == ']' || c == '}') {
        if (!stack_.empty()) stack_.pop_back();
        ++i;
        continue;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        size_t start = i;
        while (i < text_.size() && IsNumberChar(text_[i])) ++i;
        std::string_view number = text_.substr(start, i - start);
        if (!Value(start)) return problem_;
        int digits = NumberDigits(number);
        if (digits > limits_.max_number_digits) {
          return Problem(start, PathOfValue(),
                         absl::StrCat("number with ", digits, " digits is longer than the limit of ",
                                      limits_.max_number_digits, " digits"),
                         absl::StrCat("数字有 ", digits, " 位，超过上限 ", limits_.max_number_digits, " 位"));
        }
        continue;
      }
      if (c == 't' || c == 'f' || c == 'n') {  // true, false, null (or garbage the parser will report)
        if (!Value(i)) return problem_;
        while (i < text_.size() && text_[i] >= 'a' && text_[i] <= 'z') ++i;
        continue;
      }
      if (c == '\0') {
        // Some JSON readers take a NUL byte for the end of the input and
        // would silently drop whatever follows it.
        return Problem(i, TopField(), "a NUL byte, which JSON text never holds",
                       "含有 NUL 字节（JSON 文本中不应出现）");
      }
      ++i;  // whitespace, commas, anything else
    }
    return std::nullopt;
  }

 private:
  bool NextIsColon(size_t i) const {
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
    return i < text_.size() && text_[i] == ':';
  }

  // Counts a value (or a key, uncounted again at its ':') in the innermost
  // array or object; false past max_items.
  bool Value(size_t offset) {
    if (stack_.empty()) return true;
    Level& top = stack_.back();
    if (++top.items > limits_.max_items) {
      problem_ = Problem(offset, Path(),
                         absl::StrCat(top.object ? "object with more than " : "array with more than ",
                                      limits_.max_items, top.object ? " members" : " items",
                                      " (the limit)"),
                         absl::StrCat(top.object ? "对象的成员" : "数组的元素", "超过上限 ", limits_.max_items,
                                      " 个"));
      return false;
    }
    return true;
  }

  // The field a new array or object at the current position belongs to, if
  // it is a record list (so its records' keys get canonical names).
  const FieldDef* RecordDefOfNewLevel() const {
    if (stack_.size() == 1 && stack_[0].object) {
      const FieldDef* f = schema_.Find(stack_[0].key);
      return f != nullptr && f->type == FieldType::kRecordList ? f : nullptr;
    }
    if (stack_.size() == 2 && !stack_[1].object) return stack_[1].record;  // a record of that list
    return nullptr;
  }

  // The path of the container being filled: "penalties", "revenue",
  // "penalties[3]" ("" at the top level).
  std::string Path() const {
    std::string path;
    for (size_t d = 1; d < stack_.size(); ++d) {
      const Level& parent = stack_[d - 1];
      AppendStep(&path, parent, d);
    }
    return path;
  }

  // The top-level field being read ("" outside any).
  std::string TopField() const {
    if (stack_.empty() || !stack_[0].object || stack_[0].key.empty()) return "";
    const FieldDef* f = schema_.Find(stack_[0].key);
    return f != nullptr ? f->name : std::string(stack_[0].key);
  }

  // The path of the value just counted in the innermost container.
  std::string PathOfValue() const {
    std::string path = Path();
    if (!stack_.empty()) AppendStep(&path, stack_.back(), stack_.size());
    return path;
  }

  void AppendStep(std::string* path, const Level& parent, size_t depth) const {
    if (parent.object) {
      std::string name(parent.key);
      if (depth == 1) {
        if (const FieldDef* f = schema_.Find(parent.key)) name = f->name;
      } else if (depth == 3 && stack_.size() >= 2 && stack_[1].record != nullptr) {
        int r = stack_[1].record->RecordFieldIndex(parent.key);
        if (r >= 0) name = stack_[1].record->record_fields[static_cast<size_t>(r)].name;
      }
      absl::StrAppend(path, path->empty() ? "" : ".", name);
    } else {
      absl::StrAppend(path, "[", parent.items == 0 ? 0 : parent.items - 1, "]");
    }
  }

  LimitProblem Problem(size_t offset, std::string field, std::string reason, std::string reason_zh) const {
    return LimitProblem{offset, std::move(field), std::move(reason), std::move(reason_zh)};
  }

  std::string_view text_;
  const Schema& schema_;
  const FirmLimits& limits_;
  std::vector<Level> stack_;
  std::optional<LimitProblem> problem_;
};

}  // namespace

int NumberDigits(std::string_view number) {
  int digits = 0;
  for (char c : number) {
    if (c == 'e' || c == 'E') break;
    if (c >= '0' && c <= '9') ++digits;
  }
  return digits;
}

std::optional<LimitProblem> CheckJsonLimits(std::string_view text, const Schema& schema, const FirmLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    return LimitProblem{0, "",
                        absl::StrCat("file larger than the limit of ", limits.max_file_bytes, " bytes (",
                                     limits.max_file_bytes >> 20, " MiB)"),
                        absl::StrCat("文件超过大小上限 ", limits.max_file_bytes, " 字节")};
  }
  return Scanner(text, schema, limits).Run();
}

}  // namespace duixian::engine::profile_internal
