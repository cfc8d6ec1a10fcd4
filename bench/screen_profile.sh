#!/usr/bin/env bash
# Where a screen's time goes, sampled: `perf record` on the cpu-clock event
# (a timer, so it works on virtual machines without hardware counters) over
# a JSONL screen, then the functions that hold the most samples, and, for
# one function, its hottest instructions with the source lines around them.
# Unlike bench/screen_instructions.sh (instructions, which barely move with
# load), samples also count the cycles lost to cache misses, mispredicted
# branches and stalls: a load that cannot be forwarded from the narrower
# stores before it shows up as one instruction holding a large share of a
# function's samples (docs/design.md, "What session 11 did"). Not a timed
# test; the shares are what to read, not the seconds.
#
#   bench/screen_profile.sh [N=100000] [THREADS=1] [SYMBOL]
#
# Env: DUIXIAN (the binary; default build/tools/duixian/duixian — build with
# -DCMAKE_CXX_FLAGS=-g for source lines), WORK (default
# /tmp/duixian-screen-profile), DATE (default 2025-06-20). Needs perf
# (Debian package linux-perf).
set -euo pipefail
N=${1:-100000}
THREADS=${2:-1}
SYMBOL=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUIXIAN=${DUIXIAN:-$ROOT/build/tools/duixian/duixian}
WORK=${WORK:-/tmp/duixian-screen-profile}
DATE=${DATE:-2025-06-20}
if ! command -v perf >/dev/null; then
  echo "screen_profile.sh needs perf: apt-get install linux-perf" >&2
  exit 2
fi
mkdir -p "$WORK"
pop="$WORK/pop-$N.jsonl"
[ -f "$pop" ] || "$DUIXIAN" gen --firms "$N" --seed 1 --jsonl --out "$pop" --quiet
cat "$pop" > /dev/null
data="$WORK/perf.data"
out=$(mktemp -d /dev/shm/duixian-profile.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$out"' EXIT
perf record -q -e cpu-clock -F 2000 -o "$data" \
  "$DUIXIAN" screen --policies "$ROOT/policies" --firms "$pop" --date "$DATE" --out "$out" \
  --threads "$THREADS" > /dev/null 2> "$WORK/screen.log"
echo "$N firms, $THREADS thread(s); samples by binary, then by function (compiling the policies included)"
report() { perf report -i "$data" --no-children -g none "$@" 2>/dev/null | grep -v '^#' | grep -v '^$' || true; }
report --sort dso | head -6
report --sort sym | head -30 | cut -c1-160
if [ -n "$SYMBOL" ]; then
  set +o pipefail  # head closes the pipes early
  ann="$WORK/annotate.txt"
  perf annotate -i "$data" --stdio -s "$SYMBOL" 2>/dev/null > "$ann"
  echo
  echo "hottest instructions of $SYMBOL (share of its samples), each with the lines before it:"
  grep -nE '^\s+[0-9]+\.[0-9]+ :' "$ann" | sort -t: -k2 -rn | head -5 | while IFS=: read -r line share _; do
    echo "--- $share%"
    sed -n "$((line > 12 ? line - 12 : 1)),$((line + 1))p" "$ann" | grep -vE '^\s*:\s*[0-9]*\s*$' | cut -c1-150
  done
fi
