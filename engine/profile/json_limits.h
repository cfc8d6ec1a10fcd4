// Internal to engine/profile: checks a firm file's JSON text against the
// shape limits of FirmLimits (nesting, string length, items of an array or
// object, digits of a number) in one pass over the bytes, before any JSON
// parser builds a tree — so a hostile file costs a linear scan and nothing
// more. The text need not be valid JSON; the parser reports that.
#ifndef DX_ENGINE_PROFILE_JSON_LIMITS_H_
#define DX_ENGINE_PROFILE_JSON_LIMITS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/profile/firm_limits.h"
#include "engine/profile/schema.h"

namespace duixian::engine::profile_internal {

struct LimitProblem {
  size_t offset = 0;  // byte offset of the offending token
  std::string field;  // "penalties", "revenue.2024", "penalties[3].reason"; "" at the top
  std::string reason;
  std::string reason_zh;
};

// The first place where `text` goes past a limit, or std::nullopt. Field
// paths use the schema's canonical names where a key is a field's label or
// alias, like the decoder's messages.
std::optional<LimitProblem> CheckJsonLimits(std::string_view text, const Schema& schema,
                                            const FirmLimits& limits);

// Digits of a number as written, integer and fraction ("-12.50e3" → 4).
int NumberDigits(std::string_view number);

}  // namespace duixian::engine::profile_internal

#endif  // DX_ENGINE_PROFILE_JSON_LIMITS_H_
