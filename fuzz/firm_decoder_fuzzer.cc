// libFuzzer target: the firm-file decoder on any bytes. Every input must
// give exactly one of a record or an error (with a reason), never a crash,
// a hang or a sanitizer report, and a record must fit the schema. The two
// decoding paths are held to one answer: whatever the fast path (a
// one-pass reader straight into a record) takes, the exact path must decode to
// the same record with nothing to report — or, when the fast path skips
// members of no field (as for the batch screen, which keeps no warnings),
// with nothing but warnings. The exact path's two JSON readers are held to
// one tree too: a text simdjson On-Demand takes, nlohmann must take and
// build the same tree of.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/profile/firm_decoder.h"
#include "engine/profile/firm_decoder_fast.h"
#include "engine/profile/json_dom.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace duixian;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const engine::Schema& schema = *fuzz::RepoSchema();
  engine::FirmDecodeResult r = engine::DecodeFirmJson(schema, text, "fuzz.json");
  if (r.record.has_value() == r.error.has_value()) fuzz::Fail("exactly one of record and error");
  if (r.error) {
    if (r.error->reason.empty() || r.error->reason_zh.empty()) fuzz::Fail("an error without a reason");
    if (r.error->ToString().empty()) fuzz::Fail("an empty error text");
  }
  for (const engine::FirmDataIssue& w : r.warnings) (void)w.ToString();
  if (r.record && r.record->size() != schema.fields().size()) fuzz::Fail("record size differs from the schema");

  engine::profile_internal::JsonParseResult on_demand;
  if (engine::profile_internal::ParseJsonDomOnDemand(text, &on_demand)) {
    engine::profile_internal::JsonParseResult by_nlohmann = engine::profile_internal::ParseJsonDomByNlohmann(text);
    if (!by_nlohmann.ok()) fuzz::Fail("simdjson On-Demand took a text nlohmann refuses");
    const std::string difference = engine::profile_internal::JsonTreeDifference(on_demand.root, by_nlohmann.root);
    if (!difference.empty()) fuzz::Fail("On-Demand and nlohmann build different trees: " + difference);
  }

  static engine::profile_internal::FastFirmDecoder fast;
  static engine::FirmRecord reused;  // carries the previous input's firm, as in a batch
  if (fast.Decode(schema, engine::FirmLimits(), text, "fuzz.json", &reused)) {
    engine::FirmDecodeResult exact =
        engine::profile_internal::DecodeFirmJsonExact(schema, text, "fuzz.json", engine::FirmLimits());
    if (exact.error || !exact.warnings.empty()) fuzz::Fail("the fast path took a file the exact path reports");
    if (!exact.record || !(*exact.record == reused)) fuzz::Fail("the fast and exact paths decode differently");
  }
  static engine::profile_internal::FastFirmDecoder skipping;
  static engine::FirmRecord skipped;
  if (skipping.Decode(schema, engine::FirmLimits(), text, "fuzz.json", &skipped,
                      engine::profile_internal::FastFirmDecoder::UnknownMembers::kSkip)) {
    engine::FirmDecodeResult exact =
        engine::profile_internal::DecodeFirmJsonExact(schema, text, "fuzz.json", engine::FirmLimits());
    if (exact.error) fuzz::Fail("the fast path, skipping unknown members, took a file the exact path refuses");
    if (!exact.record || !(*exact.record == skipped)) {
      fuzz::Fail("the fast path, skipping unknown members, decodes differently from the exact path");
    }
  }
  return 0;
}
