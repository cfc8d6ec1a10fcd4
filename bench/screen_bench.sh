#!/usr/bin/env bash
# Batch-screening throughput, side by side with the cost of merely reading the
# input (issue 4). Not a timed test; prints one table.
#
#   bench/screen_bench.sh [N=100000] [THREADS="1 2"]
#
# Env: DUIXIAN (the binary; default build/tools/duixian/duixian), WORK (scratch
# folder; default /tmp/duixian-screen-bench), OUT (where the screens write;
# default WORK), DATE (default 2025-06-20), ROUNDS (default 1: the whole
# table again that many times, then each ratio's median and range — on a
# noisy machine one round's ratio moves by a quarter).
# The population comes from `duixian gen` (seed 1, 1% bad files); both the
# folder form (one file per firm, sharded) and the JSONL form are measured.
# Every run reads from the page cache, which is warmed before each run.
set -euo pipefail
N=${1:-100000}
THREADS=${2:-"1 2"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUIXIAN=${DUIXIAN:-$ROOT/build/tools/duixian/duixian}
BASELINE=${BASELINE:-$ROOT/build/bench/json_parse_baseline}
WORK=${WORK:-/tmp/duixian-screen-bench}
# Where the screens write their outputs (3.7 GB at 1,000,000 firms). On a
# slow disk a screen can be held up writing them back; OUT=/dev/shm/… keeps
# them in memory, as the inputs are, to measure the screen itself.
OUT=${OUT:-$WORK}
DATE=${DATE:-2025-06-20}
POLICIES=${POLICIES:-$ROOT/policies}
ROUNDS=${ROUNDS:-1}
mkdir -p "$WORK"
ratios="$WORK/ratios.txt"
: > "$ratios"

pop="$WORK/pop-$N"
if [ ! -f "$pop.done" ]; then
  rm -rf "$pop" "$pop.jsonl"
  "$DUIXIAN" gen --firms "$N" --seed 1 --out "$pop" --quiet
  "$DUIXIAN" gen --firms "$N" --seed 1 --jsonl --out "$pop.jsonl" --quiet
  touch "$pop.done"
fi
files=$(find "$pop" -name '*.json' | wc -l)
bytes=$(du -sb "$pop.jsonl" | cut -f1)
echo "population: $N firms ($files files under $pop; $pop.jsonl, $((bytes / 1048576)) MiB); $(nproc) cores"
echo "load now: $(cut -d' ' -f1-3 /proc/loadavg)"

# Wall seconds, user+sys seconds, peak RSS (KB) of a command.
measure() {
  local log="$WORK/time.log"
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" > /dev/null 2> "$WORK/stderr.log" || { cat "$WORK/stderr.log"; exit 1; }
  read -r wall user sys rss < "$log"
  cpu=$(python3 -c "print(f'{$user + $sys:.1f}')")
}
rate() { python3 -c "print(f'{$1 / $2:,.0f}' if $2 > 0 else '-')"; }

ratio() { python3 -c "print(f'{$1 / $2:.1f}x')"; }
# Before every timed run (untimed): the input is read once into the page
# cache, so that the baselines and the screens all read from memory (at
# 1,000,000 firms the simdjson baseline's 2.5 GB and the outputs of a
# screen evict part of the folder, which then waits on the disk), and
# earlier runs' outputs are flushed, so that a screen is not throttled
# writing back its predecessor's 3.7 GB.
warm_folder() { sync; (cd "$pop" && find . -name '*.json' -print0 | xargs -0 -n 2000 -P "$(nproc)" cat > /dev/null); }
warm_jsonl() { sync; cat "$pop.jsonl" > /dev/null; }
printf '%-40s %8s %8s %12s %10s\n' "what" "wall s" "cpu s" "firms/s" "peak RSS"
for round in $(seq "$ROUNDS"); do
[ "$ROUNDS" -gt 1 ] && echo "round $round of $ROUNDS"
for t in $THREADS; do
  warm_folder
  measure bash -c "cd '$pop' && find . -name '*.json' -print0 | xargs -0 -n 2000 -P $t cat"
  read_wall=$wall
  printf '%-40s %8s %8s %12s %8s MB\n' "read every file, $t proc" "$wall" "$cpu" "$(rate "$N" "$wall")" "$((rss / 1024))"
  warm_jsonl
  measure cat "$pop.jsonl"
  printf '%-40s %8s %8s %12s %8s MB\n' "read the JSONL file" "$wall" "$cpu" "$(rate "$N" "$wall")" "$((rss / 1024))"
  parse_wall=""
  if [ -x "$BASELINE" ]; then
    warm_jsonl
    measure "$BASELINE" "$pop.jsonl" "$t"
    parse_wall=$wall
    printf '%-40s %8s %8s %12s %8s MB\n' "parse the JSONL with simdjson, $t thr" "$wall" "$cpu" "$(rate "$N" "$wall")" "$((rss / 1024))"
  fi
  for form in folder jsonl; do
    input=$pop
    [ "$form" = jsonl ] && input=$pop.jsonl
    out="$OUT/out-$form-$t"
    rm -rf "$out"
    if [ "$form" = folder ]; then warm_folder; else warm_jsonl; fi
    measure "$DUIXIAN" screen --policies "$POLICIES" --firms "$input" --date "$DATE" --out "$out" --threads "$t"
    # The screen's own time excludes compiling the policies (in the summary line).
    secs=$(grep -o '[0-9.]* s (' "$WORK/stderr.log" | head -1 | cut -d' ' -f1 || true)
    [ -z "$secs" ] && secs=$(grep -o '用时 [0-9.]*' "$WORK/stderr.log" | cut -d' ' -f2)
    base=$read_wall; what="file reading"
    [ "$form" = jsonl ] && { base=${parse_wall:-$wall}; what="simdjson parsing"; }
    printf '%-40s %8s %8s %12s %8s MB   (screening alone %s s; %s of %s)\n' "screen $form, $t thread(s)" "$wall" "$cpu" \
      "$(rate "$N" "$secs")" "$((rss / 1024))" "$secs" "$(ratio "$wall" "$base")" "$what"
    echo "$form $t $wall $base" >> "$ratios"
  done
done
done
if [ "$ROUNDS" -gt 1 ]; then
  # Each round's screen against the baseline measured just before it.
  python3 - "$ratios" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    form, t, wall, base = line.split()
    runs[(form, int(t))].append(float(wall) / float(base))
for (form, t), r in sorted(runs.items()):
    base = "file reading" if form == "folder" else "simdjson parsing"
    print(f"screen {form}, {t} thread(s): median {statistics.median(r):.2f}x of {base} "
          f"(range {min(r):.2f}-{max(r):.2f}x over {len(r)} rounds)")
PY
fi
policies=$(python3 -c "import json;print(len(json.load(open('$OUT/out-jsonl-${THREADS##* }/summary.json'))['policies']))")
echo "policies: $policies (firm×policy evaluations/s = firms/s × $policies)"
for t in $THREADS; do
  [ "$t" != 1 ] && [ -f "$OUT/out-folder-1/results.jsonl" ] || continue
  if cmp -s "$OUT/out-folder-1/results.jsonl" "$OUT/out-folder-$t/results.jsonl"; then
    echo "results identical for 1 and $t threads"
  else
    echo "results DIFFER between 1 and $t threads"
  fi
done
