// Internal to engine/profile: one JSON scalar read as a field's value —
// exactly (numbers from their text, never through a double) and checked
// against the field's definition (type, bounds, enum values, the USCC check
// character, GB/T 4754 industry codes).
//
// Shared by the two firm-file decoders: the tree decoder (firm_decoder.cc),
// which reports what is wrong with line and column, and the direct fast one
// (firm_decoder_fast.cc), which only needs to know that something is and
// then leaves the file to the tree decoder. One copy of the rules keeps the
// two paths' verdicts the same.
#ifndef DX_ENGINE_PROFILE_SCALAR_DECODER_H_
#define DX_ENGINE_PROFILE_SCALAR_DECODER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "engine/profile/firm_limits.h"
#include "engine/profile/firm_record.h"
#include "engine/profile/json_dom.h"
#include "engine/profile/schema.h"
#include "engine/value/number.h"

namespace duixian::engine::profile_internal {

// A field's path for messages ("revenue.2023", "penalties[1].amount"),
// built only when there is something to say: most files have nothing.
using PathFn = absl::FunctionRef<std::string()>;

// A JSON scalar (or null) as both readers hand it over: no lists, so
// cheap to make for every value.
struct JsonScalar {
  JsonNode::Kind kind = JsonNode::Kind::kNull;
  bool boolean = false;
  std::string_view text;  // a number as written; a string decoded
  size_t offset = 0;      // byte offset of the value (0 when unknown)

  static JsonScalar Of(const JsonNode& node) { return {node.kind, node.boolean, node.text, node.offset}; }
};

// Where a scalar's problems go. `offset` is the value's byte offset (0 when
// the reader does not know it).
class ScalarIssues {
 public:
  virtual ~ScalarIssues() = default;
  virtual void ScalarError(size_t offset, PathFn path, std::string reason, std::string reason_zh) = 0;
  virtual void ScalarWarning(size_t offset, PathFn path, std::string reason, std::string reason_zh) = 0;
};

// `node` is a scalar (null reads as missing: an empty Scalar); a node that
// is a list or an object (see JsonScalar::Of) is a wrong type. std::nullopt after a ScalarError; a warning keeps
// the value.
std::optional<Scalar> DecodeScalar(const FieldDef& f, const JsonScalar& node, const FirmLimits& limits,
                                   PathFn path, ScalarIssues* issues);

// Whether DecodeScalar takes number `n` for numeric field `f` with nothing
// to say (no error, no warning): whole where the field wants whole numbers,
// not negative for a count, within the field's bounds, a percentage without
// a maximum at most 1. The one rule both firm decoders accept numbers by.
// Inline: the fast decoder asks it for most numbers of every firm.
inline bool NumberFitsField(const FieldDef& f, const Number& n) {
  if ((f.type == FieldType::kCount || f.type == FieldType::kInteger) && !n.IsInteger()) return false;
  if (f.type == FieldType::kCount && n.IsNegative()) return false;
  if ((f.minimum && n < *f.minimum) || (f.maximum && n > *f.maximum)) return false;
  return !(f.type == FieldType::kPercent && !f.maximum && n > Number::FromInt(1));
}

// A series key: "2023" (^[12][0-9]{3}$) is 2023; anything else is not a year.
std::optional<int> ParseYearKey(std::string_view key);

// What a field expects, for wrong-type messages ("a date string \"YYYY-MM-DD\"").
std::string ExpectedValue(const FieldDef& f);
std::string ExpectedValueZh(const FieldDef& f);

// Why a number cannot be held exactly (1e400, 1e-400), in English and
// Chinese: the decoder's words, and the JSON reader's for numbers beyond a
// double, which it refuses before the decoder sees them.
std::string NumberNotExact(std::string_view text);
std::string NumberNotExactZh(std::string_view text);

}  // namespace duixian::engine::profile_internal

#endif  // DX_ENGINE_PROFILE_SCALAR_DECODER_H_
