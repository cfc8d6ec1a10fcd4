// `duixian gen`: writes a synthetic population of firm files (see
// tools/gen/population_generator.h), one JSON file per firm sharded into
// folders of at most 1000, or one JSONL file.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "tools/duixian/cli.h"
#include "tools/gen/population_generator.h"

namespace duixian::cli {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kShardSize = 1000;  // files per folder, and firms per work unit

bool ParseCount(const std::string& text, uint64_t* out) {
  if (text.empty() || text.size() > 12 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *out = std::stoull(text);
  return true;
}

bool ParseShare(const std::string& text, double* out) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(v >= 0 && v <= 1)) return false;
  *out = v;
  return true;
}

bool WriteFile(const fs::path& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

// Removes what an earlier run wrote: all-digit shard folders and firms.jsonl.
void RemoveEarlierOutput(const fs::path& dir) {
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    bool shard = e.is_directory() && !name.empty() &&
                 std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (shard || name == "firms.jsonl") fs::remove_all(e.path());
  }
}

}  // namespace

int RunGen(int argc, char** argv) {
  Args args =
      ParseArgs(argc, argv, 2, {"firms", "seed", "out", "bad-share", "missing-share", "threads"},
                {"help", "jsonl", "force", "quiet"});
  if (args.Has("help")) {
    std::cout
        << "usage: duixian gen --firms N --seed S --out DIR [--jsonl] [--bad-share 0.01]\n"
           "                   [--missing-share 0.05] [--threads N] [--force]\n\n"
           "Writes a synthetic but realistic population of Dongguan firms (一企一档 JSON\n"
           "records following policies/schema.json) for pre-screening runs and benchmarks:\n"
           "towns weighted by economic size, a manufacturing-heavy industry mix, log-normal\n"
           "revenue, R&D that goes with high-tech titles, 规上/限上 consistent with revenue,\n"
           "rare penalties and credit flags. Firm i depends only on the seed and i: the\n"
           "output is byte-identical for a given seed whatever the thread count.\n\n"
           "options:\n"
           "  --firms N            number of firms (required)\n"
           "  --seed S             random seed (default 1)\n"
           "  --out DIR            output folder: DIR/000/000123.json, at most 1000 files a\n"
           "                       folder (required)\n"
           "  --jsonl              one JSONL file instead (one firm a line): DIR/firms.jsonl,\n"
           "                       or the file itself when --out ends in .jsonl\n"
           "  --bad-share X        share of deliberately bad files (malformed JSON, wrong\n"
           "                       types, bad USCC check characters, invalid dates,\n"
           "                       negative counts, unknown enum values); default 0.01\n"
           "  --missing-share X    share of optional fields left out; default 0.05\n"
           "  --threads N          worker threads (default: all cores)\n"
           "  --force              replace the output of an earlier run in DIR\n"
           "  --quiet              no summary line\n";
    return kExitOk;
  }
  if (!args.error.empty()) {
    std::cerr << "duixian gen: " << args.error << "\n";
    return kExitUsage;
  }
  if (!args.positional.empty()) {
    std::cerr << "duixian gen: unexpected argument `" << args.positional[0] << "`\n";
    return kExitUsage;
  }
  uint64_t firms = 0;
  uint64_t seed = 1;
  uint64_t threads = std::max(1u, std::thread::hardware_concurrency());
  gen::PopulationOptions options;
  if (!ParseCount(args.Get("firms"), &firms)) {
    std::cerr << "duixian gen: --firms N is required (a whole number, got `" << args.Get("firms")
              << "`)\n";
    return kExitUsage;
  }
  if (!ParseCount(args.Get("seed", "1"), &seed)) {
    std::cerr << "duixian gen: --seed must be a whole number\n";
    return kExitUsage;
  }
  if (args.options.count("threads") > 0 &&
      (!ParseCount(args.Get("threads"), &threads) || threads == 0)) {
    std::cerr << "duixian gen: --threads must be a positive whole number\n";
    return kExitUsage;
  }
  threads = std::min<uint64_t>(threads, 256);
  if (!ParseShare(args.Get("bad-share", "0.01"), &options.bad_share) ||
      !ParseShare(args.Get("missing-share", "0.05"), &options.missing_share)) {
    std::cerr << "duixian gen: --bad-share and --missing-share take a fraction between 0 and 1\n";
    return kExitUsage;
  }
  std::string out = args.Get("out");
  if (out.empty()) {
    std::cerr << "duixian gen: --out DIR is required\n";
    return kExitUsage;
  }
  bool jsonl = args.Has("jsonl");
  options.seed = seed;
  options.one_line = jsonl;

  fs::path dir = out;
  fs::path jsonl_path;
  if (jsonl) {
    if (dir.extension() == ".jsonl") {
      jsonl_path = dir;
      dir = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    } else {
      jsonl_path = dir / "firms.jsonl";
    }
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    std::cerr << "duixian gen: cannot create `" << dir.string() << "`: " << ec.message() << "\n";
    return kExitFailure;
  }
  if (!jsonl && !fs::is_empty(dir)) {
    if (!args.Has("force")) {
      std::cerr << "duixian gen: `" << dir.string()
                << "` is not empty; use --force to replace the output of an earlier run\n";
      return kExitUsage;
    }
    RemoveEarlierOutput(dir);
  }

  auto start = std::chrono::steady_clock::now();
  const gen::PopulationGenerator generator(options);
  const uint64_t chunks = (firms + kShardSize - 1) / kShardSize;
  std::atomic<uint64_t> bad_count{0};
  std::atomic<bool> failed{false};
  std::string failure;  // written by the first failing worker only
  std::atomic<bool> failure_claimed{false};
  auto fail = [&](const std::string& what) {
    if (!failure_claimed.exchange(true)) failure = what;
    failed = true;
  };

  FILE* jsonl_file = nullptr;
  if (jsonl) {
    jsonl_file = std::fopen(jsonl_path.c_str(), "wb");
    if (jsonl_file == nullptr) {
      std::cerr << "duixian gen: cannot write `" << jsonl_path.string() << "`\n";
      return kExitFailure;
    }
  }

  // Work in rounds of `threads * 4` chunks: workers fill a chunk each (one
  // shard folder, or one slice of the JSONL text); in JSONL mode the main
  // thread then appends the slices in order, keeping memory bounded.
  const uint64_t round = threads * 4;
  std::vector<std::string> slices(jsonl ? round : 0);
  for (uint64_t first = 0; first < chunks && !failed; first += round) {
    const uint64_t last = std::min(chunks, first + round);
    std::atomic<uint64_t> next{first};
    auto work = [&] {
      gen::GeneratedFirm firm;
      std::string path;
      for (uint64_t c = next++; c < last && !failed; c = next++) {
        const uint64_t begin = c * kShardSize;
        const uint64_t end = std::min(firms, begin + kShardSize);
        std::string* slice = jsonl ? &slices[c - first] : nullptr;
        if (slice != nullptr) slice->clear();
        uint64_t bad = 0;
        for (uint64_t i = begin; i < end; ++i) {
          generator.Generate(i, &firm);
          if (firm.bad != gen::BadKind::kNone) ++bad;
          if (slice != nullptr) {
            slice->append(firm.json);
            slice->push_back('\n');
            continue;
          }
          firm.json.push_back('\n');
          path = gen::ShardedPath(i, firms);
          fs::path file = dir / path;
          if (i == begin) {
            std::error_code mkdir_error;
            fs::create_directories(file.parent_path(), mkdir_error);
          }
          if (!WriteFile(file, firm.json)) {
            fail("cannot write `" + file.string() + "`");
            return;
          }
        }
        bad_count += bad;
      }
    };
    std::vector<std::thread> pool;
    for (uint64_t t = 1; t < threads && t < last - first; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (jsonl && !failed) {
      for (uint64_t c = first; c < last; ++c) {
        const std::string& slice = slices[c - first];
        if (std::fwrite(slice.data(), 1, slice.size(), jsonl_file) != slice.size()) {
          fail("cannot write `" + jsonl_path.string() + "`");
          break;
        }
      }
    }
  }
  if (jsonl_file != nullptr && std::fclose(jsonl_file) != 0 && !failed) {
    fail("cannot write `" + jsonl_path.string() + "`");
  }
  if (failed) {
    std::cerr << "duixian gen: " << failure << "\n";
    return kExitFailure;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args.Has("quiet")) {
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.2f s, %.0f firms/s", seconds,
                  seconds > 0 ? firms / seconds : 0.0);
    std::cerr << "duixian gen: wrote " << firms << " firms (" << bad_count.load() << " bad) to "
              << (jsonl ? jsonl_path.string() : dir.string()) << " with " << threads
              << " threads in " << rate << "\n";
  }
  return kExitOk;
}

}  // namespace duixian::cli
