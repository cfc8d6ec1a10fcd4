// Decodes a firm file (JSON, one 一企一档 record) into a FirmRecord, checking
// it against the schema. Money and other numbers are read exactly from their
// JSON text (number or decimal string), never through a double.
//
//   FirmDecodeResult r = DecodeFirmJson(schema, text, "firms/a.json");
//   if (r.error) { /* r.error->file, ->field, ->reason */ }
//
// DecodeFirmJson is thread-safe (no shared state).
#ifndef DX_ENGINE_PROFILE_FIRM_DECODER_H_
#define DX_ENGINE_PROFILE_FIRM_DECODER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/profile/firm_limits.h"
#include "engine/profile/firm_record.h"
#include "engine/profile/schema.h"

namespace duixian::engine {

// One problem with a firm file. `field` is a path like "revenue.2022" or
// "penalties[1].amount" ("" when the whole file is at fault); `line` and
// `column` are 1-based (0 when unknown).
struct FirmDataIssue {
  std::string file;
  std::string field;
  std::string reason;     // English
  std::string reason_zh;  // Chinese
  int line = 0;
  int column = 0;

  // "file:line:column: field `x`: reason" (omitting unknown parts); in
  // Chinese "file:line:column: 字段 `x`：reason_zh" (English when there is no
  // Chinese reason).
  std::string ToString() const;
  std::string ToStringZh() const;
};

struct FirmDecodeResult {
  std::optional<FirmRecord> record;     // set when the file is usable
  std::optional<FirmDataIssue> error;   // set when it is not (first problem)
  std::vector<FirmDataIssue> warnings;  // e.g. unknown fields (not fatal)
};

// Errors: not JSON (with line/column), top level not an object, a wrong JSON
// type for a field, a malformed date, an out-of-range value (minimum /
// maximum, negative counts, percent outside what the schema allows), an enum
// value not in the list, an invalid USCC (GB 32100-2015 check character),
// a series key that is not a year, a file past one of `limits` (size,
// nesting, string length, items, digits of a number; the reason names the
// limit). Unknown fields are warnings.
FirmDecodeResult DecodeFirmJson(const Schema& schema, std::string_view json_text,
                                std::string_view file_name, const FirmLimits& limits = {});

namespace profile_internal {
class FastFirmDecoder;
}

// Decodes firm files one after another, each with the outcome
// DecodeFirmJson gives it, reusing buffers and the record from file to file:
// the batch screener keeps one per thread (a fresh record per firm cost
// more than parsing the file). Not thread-safe; `schema` must outlive it.
class FirmFileDecoder {
 public:
  explicit FirmFileDecoder(const Schema& schema, const FirmLimits& limits = {});
  ~FirmFileDecoder();
  FirmFileDecoder(const FirmFileDecoder&) = delete;
  FirmFileDecoder& operator=(const FirmFileDecoder&) = delete;

  // The firm's record, valid until the next call; nullptr when the file is
  // not usable, `*error` then saying why. Warnings are not kept.
  const FirmRecord* Decode(std::string_view json_text, std::string_view file_name,
                           FirmDataIssue* error);

 private:
  const Schema& schema_;
  FirmLimits limits_;
  std::unique_ptr<profile_internal::FastFirmDecoder> fast_;
  FirmRecord record_;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_PROFILE_FIRM_DECODER_H_
