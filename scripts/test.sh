#!/usr/bin/env bash
# The test command (CI runs it on a clean clone: .ci/run):
#   1. Release build (build/, g++, -Werror) and every test: GoogleTest under
#      CTest, the policy cases (`duixian test policies/`), CLI end-to-end
#      checks, the bindings;
#   2. the sanitizer runs, scripts/sanitize.sh: the whole suite under clang
#      ASan+UBSan (build-asan/) with a fuzz smoke of each libFuzzer target,
#      and the concurrency tests under TSan (build-tsan/).
# Each phase prints how long it took; docs/reliability.md has the measured
# figures (the CI budget: well under 30 minutes from a clean clone on two
# cores).
# DX_SKIP_SANITIZERS=1 stops after step 1 (a quick local loop only: landing
# and CI run both).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
stamp() { echo "test: $1 ($((SECONDS - start)) s)" >&2; }

bash scripts/setup.sh -DDX_BUILD_TESTS=ON -DDX_BUILD_BENCH=ON
stamp "Release build done"
ctest --test-dir "${DX_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
stamp "Release: every test passed"
if [ "${DX_SKIP_SANITIZERS:-0}" = 1 ]; then
  echo "test: DX_SKIP_SANITIZERS=1: sanitizer runs skipped" >&2
  exit 0
fi
bash scripts/sanitize.sh
stamp "sanitizer runs passed"
