// Internal to engine/profile: the fast path of firm decoding. A firm file is
// read in one pass straight into a FirmRecord — no JSON tree or structural
// index in between (building either cost more than the walk) — and the
// record's storage is reused from firm to firm.
//
// Only a plain, valid file with nothing to report is decoded here. Anything
// else — bad JSON, a number near a double's overflow, a file past one of
// FirmLimits, a wrong type, a value the schema refuses, an unknown or
// duplicate field, escapes in a key — answers false, and the caller
// decodes the file with the exact
// reader (ParseJsonDom and the tree decoder), which says what is wrong. A
// caller that keeps no warnings (the batch screen) may have members the
// schema does not know skipped instead (UnknownMembers::kSkip): the exact
// path would only warn about them, and an exporter that adds a field of its
// own to every file would otherwise send every file there. The
// limits are held at least as strictly as CheckJsonLimits holds them, and
// scalars go through the same DecodeScalar as on the exact path, so both
// paths give the same record.
//
//   FastFirmDecoder fast;  // one per thread
//   if (fast.Decode(schema, limits, text, "a.json", &record)) { … }
#ifndef DX_ENGINE_PROFILE_FIRM_DECODER_FAST_H_
#define DX_ENGINE_PROFILE_FIRM_DECODER_FAST_H_

#include <memory>
#include <string_view>

#include "engine/profile/firm_decoder.h"
#include "engine/profile/firm_limits.h"
#include "engine/profile/firm_record.h"
#include "engine/profile/schema.h"

namespace duixian::engine::profile_internal {

class FastFirmDecoder {
 public:
  FastFirmDecoder();
  ~FastFirmDecoder();
  FastFirmDecoder(const FastFirmDecoder&) = delete;
  FastFirmDecoder& operator=(const FastFirmDecoder&) = delete;

  // What to do with a member whose key names no field (or no record field).
  enum class UnknownMembers {
    kExactPath,  // give up: the exact path warns about it
    kSkip,       // read past it, as the exact path ignores it
  };

  // Fills `record` (which may hold an earlier firm of the same schema: its
  // storage is reused) and sets its id (the USCC, else `file_name`); false
  // when the file needs the exact reader, `record` then being unspecified.
  bool Decode(const Schema& schema, const FirmLimits& limits, std::string_view text,
              std::string_view file_name, FirmRecord* record,
              UnknownMembers unknown = UnknownMembers::kExactPath);

  struct State;  // scratch kept from file to file (firm_decoder_fast.cc)

 private:
  std::unique_ptr<State> state_;
};

// The exact path alone (firm_decoder.cc): what DecodeFirmJson does with a
// file the fast path gives up on. Tests hold the two paths to one answer.
FirmDecodeResult DecodeFirmJsonExact(const Schema& schema, std::string_view json_text,
                                     std::string_view file_name, const FirmLimits& limits);

}  // namespace duixian::engine::profile_internal

#endif  // DX_ENGINE_PROFILE_FIRM_DECODER_FAST_H_
