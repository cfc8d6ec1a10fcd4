#!/usr/bin/env bash
# The sanitizer runs, step 2 of scripts/test.sh (after the Release build and
# its tests; see docs/reliability.md):
#   1. clang ASan + UBSan (-fno-sanitize-recover, build-asan/): the whole
#      GoogleTest/CTest suite, then each libFuzzer target for a short smoke
#      over its seed corpus (DX_FUZZ_SMOKE_SECONDS, default 5).
#   2. clang TSan (build-tsan/): only the concurrency tests (batch screening,
#      the policy-set reload holder when present).
# Only what each run needs is built: no benchmarks, no bindings; the
# libraries unity-built at -O1, the test programs at -O0 (the presets in
# CMakePresets.json): the sanitized suite runs 3x faster at -O1 than at -O0
# (docs/reliability.md has the figures). Set DX_SANITIZE_ONLY=asan or
# =tsan to run one of the two.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${DX_JOBS:-$(nproc)}
ONLY=${DX_SANITIZE_ONLY:-}
LAUNCHER=()
if command -v ccache >/dev/null; then
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
# Frames under ASan are several times the size of Release ones: the
# compiler's depth limits (1024 nested definitions, 512-deep expressions),
# sized for the real 8 MiB stack and checked by the Release run, need more
# here. 64 MiB for the tests and fuzzers of this script only.
ulimit -s 65536 2>/dev/null || echo "sanitize: could not raise the stack limit to 64 MiB" >&2
start=$SECONDS
stamp() { echo "sanitize: $1 ($((SECONDS - start)) s)" >&2; }

if [ "$ONLY" != tsan ]; then
  cmake --preset asan "${LAUNCHER[@]}" >/dev/null
  cmake --build build-asan -j "$JOBS"
  stamp "ASan+UBSan build done"
  # The generated population of the differential test is smaller here: the
  # Release run covers the large one.
  # api.install builds the examples outside the tree with the system
  # compiler against the installed library: packaging, not memory safety,
  # and an uninstrumented link against an instrumented library.
  DX_DIFF_FIRMS=${DX_DIFF_FIRMS:-600} ctest --test-dir build-asan --output-on-failure -j "$JOBS" -E '^api\.install$'

  stamp "ASan+UBSan: the whole suite passed"
  bash scripts/fuzz.sh --build-dir build-asan --seconds "${DX_FUZZ_SMOKE_SECONDS:-5}" --smoke
  stamp "ASan+UBSan: fuzz smoke passed"
fi

if [ "$ONLY" != asan ]; then
  cmake --preset tsan "${LAUNCHER[@]}" >/dev/null
  cmake --build build-tsan -j "$JOBS" --target duixian_tsan
  stamp "TSan build done"
  ctest --test-dir build-tsan --output-on-failure -j "$JOBS"
  stamp "TSan: the concurrency tests passed"
fi
