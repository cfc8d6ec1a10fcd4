// Runs the real `duixian` binary from the source root and captures its
// output, for the end-to-end CLI tests.
#ifndef DX_TESTS_TOOLS_CLI_RUNNER_H_
#define DX_TESTS_TOOLS_CLI_RUNNER_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace duixian::testing_internal {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout, and stderr unless left out
};

inline CliRun Duixian(const std::string& args, bool with_stderr = true) {
  std::string cmd = std::string("cd ") + DX_SOURCE_DIR + " && " + DX_CLI_PATH + " " + args +
                    (with_stderr ? " 2>&1" : " 2>/dev/null");
  CliRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A fresh, empty folder under the system temp dir, unique to this process.
inline std::filesystem::path FreshTempDir(const std::string& prefix, const std::string& name) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / (prefix + "_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A whole file's bytes ("" when it cannot be read).
inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace duixian::testing_internal

#endif  // DX_TESTS_TOOLS_CLI_RUNNER_H_
