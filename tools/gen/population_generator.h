// A synthetic but realistic population of Dongguan firms (一企一档 records),
// for city-wide pre-screening runs and benchmarks (`duixian gen`).
//
//   PopulationGenerator gen({.seed = 7});
//   GeneratedFirm firm = gen.Generate(123);   // firm.json is one JSON object
//
// Firm i depends only on (seed, i, options): a population can be generated in
// shards, in any order, on any number of threads, and is byte-identical every
// time. Realism: towns weighted by economic size, a manufacturing-heavy
// industry mix with GB/T 4754-2017 four-digit codes, log-normal revenue per
// industry, headcount consistent with revenue, R&D ratios that go with
// high-tech titles, 规上/限上 membership consistent with the thresholds of
// DOMAIN.md §2.3, valid USCCs (both the GB 11714 and the GB 32100 check
// characters), rare penalties and credit flags, benefits received, projects,
// shareholders (foreign parents, now and then a Fortune Global 500 or listed
// one), foreign investment in dollars and yuan, listing-track fees.
// A share of optional fields is left out, and a share of files is bad on
// purpose (see BadKind) so that readers' error paths get exercised.
//
// Thread-safe: Generate is const and keeps no shared state.
#ifndef DX_TOOLS_GEN_POPULATION_GENERATOR_H_
#define DX_TOOLS_GEN_POPULATION_GENERATOR_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace duixian::gen {

struct PopulationOptions {
  uint64_t seed = 1;
  double bad_share = 0.01;      // share of deliberately bad files, 0–1
  double missing_share = 0.05;  // share of optional fields left out, 0–1
  // true: the whole object on one line (JSONL); false: one top-level field
  // per line, easier to read in a firm file.
  bool one_line = false;
};

// How a bad file is bad. Each is rejected by engine::DecodeFirmJson.
enum class BadKind {
  kNone,
  kTruncated,       // malformed JSON: the text stops part-way
  kStringForBool,   // "是" where true/false is expected
  kObjectForMoney,  // {"amount": …, "currency": "CNY"} where an amount is expected
  kUsccCheckChar,   // a USCC whose check character (position 18) is wrong
  kInvalidDate,     // "2023-02-30" and the like
  kNegativeCount,   // employees {"2024": -12}
  kUnknownEnum,     // a town, status or entity type not in the schema's list
};
inline constexpr int kBadKindCount = 7;  // kinds other than kNone

// "truncated", "string_for_bool", … ("none" for kNone).
std::string_view BadKindName(BadKind kind);

struct GeneratedFirm {
  uint64_t index = 0;
  std::string json;  // no trailing newline
  BadKind bad = BadKind::kNone;
  // The field path the decoder blames for a bad file ("" for truncated JSON),
  // e.g. "uscc", "employees.2024", "registered_capital".
  std::string bad_field;
};

class PopulationGenerator {
 public:
  explicit PopulationGenerator(const PopulationOptions& options);

  // Firm `index` (0-based).
  GeneratedFirm Generate(uint64_t index) const;
  // Same, reusing `out`'s buffers.
  void Generate(uint64_t index, GeneratedFirm* out) const;

  // Whether firm `index` is bad and how, without generating it.
  BadKind BadKindOf(uint64_t index) const;

  const PopulationOptions& options() const { return options_; }

 private:
  PopulationOptions options_;
};

// The file of firm `index` in a population of `total` firms, relative to the
// output folder: "000/000123.json". At most 1000 files a folder; names are
// zero-padded so that sorting them gives index order.
std::string ShardedPath(uint64_t index, uint64_t total);

}  // namespace duixian::gen

#endif  // DX_TOOLS_GEN_POPULATION_GENERATOR_H_
