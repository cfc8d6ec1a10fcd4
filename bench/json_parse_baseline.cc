// The JSONL baseline of bench/screen_bench.sh: parse every line of a JSONL
// file with the fastest JSON parser available here (simdjson's DOM parser,
// full validation, runtime-dispatched SIMD kernel), on N threads, and
// nothing else. `duixian screen` on the same file is compared with this.
//
//   json_parse_baseline FILE.jsonl [THREADS]
//
// Prints "documents=N bad=B seconds=S".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <vector>

#include "simdjson.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: json_parse_baseline FILE.jsonl [THREADS]\n");
    return 2;
  }
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  auto start = std::chrono::steady_clock::now();
  simdjson::padded_string text;
  if (simdjson::padded_string::load(argv[1]).get(text)) {
    std::fprintf(stderr, "json_parse_baseline: cannot read %s\n", argv[1]);
    return 1;
  }
  const std::string_view all(text.data(), text.size());
  // Split at line boundaries into one range per thread.
  std::vector<size_t> cut{0};
  for (int t = 1; t < threads; ++t) {
    size_t at = all.find('\n', all.size() * static_cast<size_t>(t) / static_cast<size_t>(threads));
    cut.push_back(at == std::string_view::npos ? all.size() : at + 1);
  }
  cut.push_back(all.size());
  std::vector<size_t> documents(static_cast<size_t>(threads)), bad(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      simdjson::dom::parser parser;
      size_t pos = cut[static_cast<size_t>(t)], end = cut[static_cast<size_t>(t) + 1];
      while (pos < end) {
        size_t nl = all.find('\n', pos);
        if (nl == std::string_view::npos || nl > end) nl = end;
        if (nl > pos) {
          // The line is followed by the rest of the padded buffer, so
          // simdjson may read past its end safely.
          simdjson::dom::element doc;
          if (parser.parse(text.data() + pos, nl - pos, false).get(doc)) {
            ++bad[static_cast<size_t>(t)];
          }
          ++documents[static_cast<size_t>(t)];
        }
        pos = nl + 1;
      }
    });
  }
  for (std::thread& w : workers) w.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t n = 0, b = 0;
  for (int t = 0; t < threads; ++t) {
    n += documents[static_cast<size_t>(t)];
    b += bad[static_cast<size_t>(t)];
  }
  std::printf("documents=%zu bad=%zu seconds=%.3f\n", n, b, seconds);
  return 0;
}
