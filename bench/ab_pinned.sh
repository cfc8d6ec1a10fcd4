#!/usr/bin/env bash
# Compares the CPU time of two duixian binaries on a shared, noisy machine:
# each run screens the same JSONL file with both at once, one thread each,
# pinned to cores 0 and 1 (swapped every run), so both see the same load.
# Prints each run's user+system seconds, the median ratio B/A, and the
# ratio of each binary's fastest run. Two copies of one binary give medians
# within about ±5% over 16 runs; trust only differences beyond that
# (docs/design.md, "What session 8 did"). When the machine's load changes
# during the series (session 11's machine: one binary's runs spread from
# 6.5 to 8.4 s), the fastest runs are the steadier figure: noise only adds
# time. Not a timed test.
#
#   bench/ab_pinned.sh A B [RUNS=16] [FIRMS.jsonl]
#
# Without FIRMS, 20,000 generated firms (seed 1) are made with A.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: bench/ab_pinned.sh A B [RUNS=16] [FIRMS.jsonl]" >&2
  exit 2
fi
A=$1
B=$2
RUNS=${3:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/duixian-ab-pinned}
mkdir -p "$WORK"
FIRMS=${4:-$WORK/pop-20000.jsonl}
[ -f "$FIRMS" ] || "$A" gen --firms 20000 --seed 1 --jsonl --out "$FIRMS" --quiet
if [ "$(nproc)" -lt 2 ]; then
  echo "ab_pinned.sh needs two cores" >&2
  exit 2
fi
run() {  # core binary timefile outdir
  /usr/bin/time -f "%U %S" -o "$3" taskset -c "$1" "$2" screen --policies "$ROOT/policies" --firms "$FIRMS" \
    --date 2025-06-20 --out "$4" --threads 1 > /dev/null 2>&1
}
for r in $(seq "$RUNS"); do
  if [ $((r % 2)) = 0 ]; then ca=0; cb=1; else ca=1; cb=0; fi
  run "$ca" "$A" "$WORK/a.time" "$WORK/out-a" &
  run "$cb" "$B" "$WORK/b.time" "$WORK/out-b" &
  wait
  echo "$(cat "$WORK/a.time") $(cat "$WORK/b.time")"
done | python3 -c '
import statistics, sys
ratios, a_runs, b_runs = [], [], []
for line in sys.stdin:
    a_user, a_sys, b_user, b_sys = map(float, line.split())
    a, b = a_user + a_sys, b_user + b_sys
    ratios.append(b / a)
    a_runs.append(a)
    b_runs.append(b)
    print(f"A {a:6.2f} s   B {b:6.2f} s   B/A {b / a:.3f}")
print(f"median B/A {statistics.median(ratios):.3f} over {len(ratios)} runs")
print(f"fastest runs: A {min(a_runs):.2f} s, B {min(b_runs):.2f} s, B/A {min(b_runs) / min(a_runs):.3f}")
'
