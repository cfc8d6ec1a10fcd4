#!/usr/bin/env bash
# What-if runs side by side with one screening run of the same population
# (issue 8): `duixian diff` of two catalog versions and a 20-step
# `duixian sweep`, each against `duixian screen`. Not a timed test; prints
# one table with the ratios.
#
#   bench/whatif_bench.sh [N=100000] [THREADS=2]
#
# For the 1,000,000-firm figure of the issue: bench/whatif_bench.sh 1000000
# (about 2.6 GB of JSONL in $WORK, generated once; about 25 minutes on two
# shared cores). Each row also gives the CPU-time ratio, the steadier
# measure on a loaded machine, and the 1-minute load before → after it.
# Env: DUIXIAN (the binary; default build/tools/duixian/duixian), WORK
# (scratch folder; default /tmp/duixian-whatif-bench), DATE (2025-06-20).
# The "after" catalog is a copy of policies/ with two thresholds lowered
# (工程技术研究中心认定 规模 2000→1500万元, 限上零售业稳定增长 销售额 2→1.5亿元);
# the sweep moves 工程技术研究中心认定's 规模 revenue threshold from 1000万元 to
# 3000万元 in 20 steps (21 values).
set -euo pipefail
N=${1:-100000}
THREADS=${2:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUIXIAN=${DUIXIAN:-$ROOT/build/tools/duixian/duixian}
WORK=${WORK:-/tmp/duixian-whatif-bench}
DATE=${DATE:-2025-06-20}
POLICIES=$ROOT/policies
mkdir -p "$WORK"

pop="$WORK/pop-$N.jsonl"
if [ ! -f "$pop.done" ]; then
  rm -f "$pop"
  "$DUIXIAN" gen --firms "$N" --seed 1 --jsonl --out "$pop" --quiet
  touch "$pop.done"
fi
after="$WORK/policies-after"
rm -rf "$after"
cp -r "$POLICIES" "$after"
sed -i 's/营业收入\[ref\] >= 2000万元/营业收入[ref] >= 1500万元/' "$after/科技/工程技术研究中心认定.policy"
sed -i 's/含税销售额\[ref\] 2亿元以上/含税销售额[ref] 1.5亿元以上/' "$after/商务/限上零售业稳定增长.policy"
if cmp -s "$POLICIES/商务/限上零售业稳定增长.policy" "$after/商务/限上零售业稳定增长.policy" ||
   cmp -s "$POLICIES/科技/工程技术研究中心认定.policy" "$after/科技/工程技术研究中心认定.policy"; then
  echo "whatif_bench: the after catalog did not change; adjust the sed lines" >&2
  exit 1
fi
echo "population: $N firms ($pop); $THREADS threads; $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {
  local log="$WORK/time.log"
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" > /dev/null 2> "$WORK/stderr.log" || { cat "$WORK/stderr.log"; exit 1; }
  read -r wall user sys rss < "$log"
  cpu=$(python3 -c "print(f'{$user + $sys:.1f}')")
  load="$load_before→$(cut -d' ' -f1 /proc/loadavg)"
}

printf '%-44s %8s %8s %10s %10s %10s %12s\n' "what" "wall s" "cpu s" "peak RSS" "× screen" "× cpu" "load 1-min"
measure "$DUIXIAN" screen --policies "$POLICIES" --firms "$pop" --date "$DATE" --out "$WORK/screen" --threads "$THREADS" --no-progress
screen_wall=$wall
screen_cpu=$cpu
printf '%-44s %8s %8s %7s MB %10s %10s %12s\n' "screen (all policies)" "$wall" "$cpu" "$((rss / 1024))" "1.00" "1.00" "$load"
measure "$DUIXIAN" diff --before "$POLICIES" --after "$after" --firms "$pop" --date "$DATE" --out "$WORK/diff" --threads "$THREADS"
printf '%-44s %8s %8s %7s MB %10s %10s %12s\n' "diff (two catalog versions)" "$wall" "$cpu" "$((rss / 1024))" \
  "$(python3 -c "print(f'{$wall / $screen_wall:.2f}')")" "$(python3 -c "print(f'{$cpu / $screen_cpu:.2f}')")" "$load"
grep -o '"firms_changed": [0-9]*' "$WORK/diff/diff.json" | sed 's/^/    /'
measure "$DUIXIAN" sweep --policies "$POLICIES" --policy DG-KJ-2021-01 --clause 规模 --threshold 2000万元 --from 1000万元 --to 3000万元 \
  --steps 20 --firms "$pop" --date "$DATE" --out "$WORK/sweep" --threads "$THREADS"
printf '%-44s %8s %8s %7s MB %10s %10s %12s\n' "sweep (20 steps, 21 values)" "$wall" "$cpu" "$((rss / 1024))" \
  "$(python3 -c "print(f'{$wall / $screen_wall:.2f}')")" "$(python3 -c "print(f'{$cpu / $screen_cpu:.2f}')")" "$load"
