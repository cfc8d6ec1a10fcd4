#include "tools/duixian/limit_flags.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <limits>

namespace duixian::cli {

const std::vector<std::string>& FirmLimitOptions() {
  static const std::vector<std::string> kOptions = {"max-file-bytes", "max-depth", "max-string-bytes",
                                                    "max-items", "max-number-digits", "max-eval-steps"};
  return kOptions;
}

const char kFirmLimitHelp[] =
    "limits per firm (a firm past one is an error naming the limit; see docs/reliability.md):\n"
    "  --max-file-bytes N     size of a firm file or JSONL line (default 16777216)\n"
    "  --max-depth N          nesting of JSON arrays and objects (default 64, at most 1000)\n"
    "  --max-string-bytes N   one string value or key (default 65536)\n"
    "  --max-items N          elements of one array, members of one object (default 10000)\n"
    "  --max-number-digits N  digits of one number (default 30, at most 38)\n"
    "  --max-eval-steps N     evaluation work for one firm (default 5000000; 0: no limit)\n";

namespace {

bool ReadCount(const char* command, const Args& args, const char* name, uint64_t lo, uint64_t hi,
               uint64_t* out) {
  std::string text = args.Get(name);
  if (text.empty()) return true;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text[0] == '-' || *end != '\0' || errno != 0 || v < lo || v > hi) {
    std::cerr << "duixian " << command << ": --" << name << " must be a whole number from " << lo << " to " << hi
              << " (got `" << text << "`)\n";
    return false;
  }
  *out = v;
  return true;
}

}  // namespace

bool ReadFirmLimits(const char* command, const Args& args, engine::FirmLimits* limits) {
  uint64_t file = limits->max_file_bytes, depth = static_cast<uint64_t>(limits->max_depth);
  uint64_t strings = limits->max_string_bytes, items = limits->max_items;
  uint64_t digits = static_cast<uint64_t>(limits->max_number_digits), steps = limits->max_eval_steps;
  const uint64_t big = std::numeric_limits<int64_t>::max();
  if (!ReadCount(command, args, "max-file-bytes", 1, big, &file) ||
      !ReadCount(command, args, "max-depth", 1, 1000, &depth) ||
      !ReadCount(command, args, "max-string-bytes", 1, big, &strings) ||
      !ReadCount(command, args, "max-items", 1, big, &items) ||
      !ReadCount(command, args, "max-number-digits", 1, 38, &digits) ||
      !ReadCount(command, args, "max-eval-steps", 0, big, &steps)) {
    return false;
  }
  limits->max_file_bytes = file;
  limits->max_depth = static_cast<int>(depth);
  limits->max_string_bytes = static_cast<size_t>(strings);
  limits->max_items = static_cast<size_t>(items);
  limits->max_number_digits = static_cast<int>(digits);
  limits->max_eval_steps = steps;
  return true;
}

}  // namespace duixian::cli
