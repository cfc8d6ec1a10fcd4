// --threads N for the batch commands (diff, sweep): 1..1024.
#ifndef DX_TOOLS_DUIXIAN_THREAD_ARG_H_
#define DX_TOOLS_DUIXIAN_THREAD_ARG_H_

#include <cstdlib>
#include <string>

namespace duixian::cli {

inline bool ParseThreads(const std::string& text, int* threads) {
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 1 || v > 1024) return false;
  *threads = static_cast<int>(v);
  return true;
}

}  // namespace duixian::cli

#endif  // DX_TOOLS_DUIXIAN_THREAD_ARG_H_
