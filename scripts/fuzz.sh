#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time (see docs/reliability.md).
#
#   scripts/fuzz.sh [--seconds N] [--build-dir DIR] [--smoke] [TARGET…]
#
# TARGET is policy_compiler, firm_decoder or evaluate (default: all three).
# Seeds: policies/ (the catalogue) for the compiler; examples/firms/ and
# tests/hostile/firms/ for the decoder and evaluation. The corpus each run
# grows is kept in DIR/fuzz-corpus/TARGET and reused next time; a crash or
# timeout leaves its input in DIR/fuzz-artifacts/ and fails the script.
# --smoke (the test command's use): nothing new is kept, and the run is
# short; builds DIR with the asan preset first unless it is already built.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=60
BUILD=build-asan
SMOKE=0
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --build-dir) BUILD=$2; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(policy_compiler firm_decoder evaluate)

if [ ! -x "$BUILD/fuzz/duixian_fuzz_evaluate" ]; then
  cmake --preset asan -B "$BUILD" >/dev/null
  cmake --build "$BUILD" -j "${DX_JOBS:-$(nproc)}" --target duixian_fuzz_policy_compiler \
    duixian_fuzz_firm_decoder duixian_fuzz_evaluate
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

mkdir -p "$BUILD/fuzz-artifacts"
for t in "${TARGETS[@]}"; do
  case "$t" in
    policy_compiler) seeds=(policies); dict=fuzz/policy.dict; max_len=65536 ;;
    firm_decoder|evaluate) seeds=(examples/firms tests/hostile/firms); dict=fuzz/firm.dict; max_len=16384 ;;
    *) echo "fuzz.sh: unknown target $t" >&2; exit 2 ;;
  esac
  corpus="$BUILD/fuzz-corpus/$t"
  if [ "$SMOKE" = 1 ]; then
    corpus=$(mktemp -d)
  fi
  mkdir -p "$corpus"
  log="$BUILD/fuzz-artifacts/$t.log"
  echo "fuzz: $t for ${SECONDS_EACH}s (corpus $corpus, seeds ${seeds[*]})" >&2
  # -timeout: one input taking longer than this is a hang and a failure.
  # -rss_limit_mb: memory blow-ups fail too.
  if ! "$BUILD/fuzz/duixian_fuzz_$t" "$corpus" "${seeds[@]}" -dict="$dict" \
      -max_total_time="$SECONDS_EACH" -timeout=25 -rss_limit_mb=2560 -max_len="$max_len" \
      -artifact_prefix="$BUILD/fuzz-artifacts/$t-" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz: $t FAILED; input in $BUILD/fuzz-artifacts/, log $log" >&2
    exit 1
  fi
  { grep -E "stat::number_of_executed_units|stat::peak_rss_mb|INITED|DONE" "$log" || true; } | tr "\n" " " >&2
  echo >&2
  if [ "$SMOKE" = 1 ]; then rm -rf "$corpus"; fi
done
