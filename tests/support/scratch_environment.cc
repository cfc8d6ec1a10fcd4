// Every test process gets a scratch folder of its own, removed when its tests
// pass. Tests write populations, screen outputs and policy copies under the
// system temp dir (some 80 MB a run: screen tests kill and resume whole
// screens); without this, each run of the suite left them behind.
//
// A global GoogleTest environment points TMPDIR (and TEST_TMPDIR, which
// ::testing::TempDir() reads first) at <temp>/duixian-test-<pid> before the
// first test, so std::filesystem::temp_directory_path(), ::testing::TempDir()
// and every `duixian` process a test starts all write there. After the last
// test the folder is removed, unless a test failed (its files are then worth
// reading: the path is printed) or DX_KEEP_TEST_SCRATCH is set.
//
// Linked into every GoogleTest binary as an object library, so the
// registration below runs without any test naming it.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

namespace {

class ScratchEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    folder_ = (ec ? std::filesystem::path("/tmp") : base) / ("duixian-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder_, ec);  // a folder left by an earlier process with this pid
    std::filesystem::create_directories(folder_, ec);
    if (ec) {
      std::fprintf(stderr, "cannot create the test scratch folder %s: %s\n", folder_.c_str(), ec.message().c_str());
      folder_.clear();
      return;
    }
    ::setenv("TMPDIR", folder_.c_str(), 1);
    ::setenv("TEST_TMPDIR", (folder_.string() + "/").c_str(), 1);
  }

  void TearDown() override {
    if (folder_.empty()) return;
    const bool keep = std::getenv("DX_KEEP_TEST_SCRATCH") != nullptr;
    if (keep || !::testing::UnitTest::GetInstance()->Passed()) {
      std::fprintf(stderr, "test scratch files kept in %s\n", folder_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }

 private:
  std::filesystem::path folder_;
};

[[maybe_unused]] ::testing::Environment* const kScratch =
    ::testing::AddGlobalTestEnvironment(new ScratchEnvironment);

}  // namespace
