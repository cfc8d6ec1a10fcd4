#!/usr/bin/env bash
# Per-call overhead of each binding (C++ API, C ABI, Python, Java) against
# the direct C++ engine call, one firm per call and a batch of N firms in
# one call (issue 6). Verdict mode, one-line JSON. Two workloads:
#   catalog — the real policy set (76 policies) and generated firms: what a
#             service sees; the engine's own work dominates;
#   tiny    — one policy and a two-field firm: the engine does almost
#             nothing, so the figures are the cost of the door itself.
# Not a timed test; prints one table per workload.
#
#   bench/binding_overhead.sh [N=1000] [SINGLE_CALLS=1000] [ROUNDS=5]
#
# Env: BUILD (default build/, configured with -DDX_BUILD_BENCH=ON), WORK
# (scratch; default /tmp/duixian-binding-bench), DATE (default 2025-06-20).
# Times per firm: thread CPU time (less sensitive to other load on the
# machine) and wall time, the best of ROUNDS rounds.
set -euo pipefail
N=${1:-1000}
SINGLE=${2:-1000}
ROUNDS=${3:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-/tmp/duixian-binding-bench}
DATE=${DATE:-2025-06-20}
mkdir -p "$WORK/tiny"

# Workloads.
catalog_firms=$WORK/catalog-$N.jsonl
[ -f "$catalog_firms" ] ||
  "$BUILD/tools/duixian/duixian" gen --firms "$N" --seed 1 --bad-share 0 --jsonl --out "$catalog_firms" --quiet
cp "$ROOT/policies/schema.json" "$ROOT/policies/calendar.json" "$WORK/tiny/"
cat >"$WORK/tiny/revenue.policy" <<'POLICY'
policy T-REV "营收测试" {
  department "东莞市测试局"
  reference year 2024
  clause 营收: 营业收入[ref] 不低于 2000万元
}
POLICY
tiny_firms=$WORK/tiny-$N.jsonl
for ((i = 0; i < N; i++)); do
  printf '{"统一社会信用代码": "91441900MA4W8N1C49", "营业收入": {"2024": %d}}\n' $((i * 40000))
done >"$tiny_firms"

if [ -f "$BUILD/bindings/java/duixian.jar" ]; then
  javac -d "$WORK/java" -cp "$BUILD/bindings/java/duixian.jar" "$ROOT/bench/BindingOverhead.java"
fi

run() {  # run WORKLOAD POLICY_DIR FIRMS
  local out=$WORK/$1.tsv
  "$BUILD/bench/binding_overhead" "$2" "$3" "$DATE" "$SINGLE" "$ROUNDS" >"$out"
  if [ -d "$BUILD/bindings/python/duixian" ]; then
    PYTHONPATH=$BUILD/bindings/python /usr/bin/python3 "$ROOT/bench/binding_overhead.py" \
      "$2" "$3" "$DATE" "$SINGLE" "$ROUNDS" >>"$out"
  fi
  if [ -f "$BUILD/bindings/java/duixian.jar" ]; then
    java -Djava.library.path="$BUILD/bindings/java" -cp "$BUILD/bindings/java/duixian.jar:$WORK/java" \
      BindingOverhead "$2" "$3" "$DATE" "$SINGLE" "$ROUNDS" >>"$out"
  fi
  echo
  echo "== $1: $N firms, $SINGLE single calls a round, best of $ROUNDS rounds (µs per firm; ± vs direct, CPU)"
  awk -F'\t' -v n="$N" '
    NR == 1 { sc = $2; bc = $4; bytes = $6 }
    { printf "%-20s single %9.2f cpu (%+8.2f) %9.2f wall | batch of %d %9.2f cpu (%+8.2f) %9.2f wall%s\n",
             $1, $2, $2 - sc, $3, n, $4, $4 - bc, $5, ($6 == bytes ? "" : "  RESULT BYTES DIFFER") }
  ' "$out"
}
run catalog "$ROOT/policies" "$catalog_firms"
run tiny "$WORK/tiny" "$tiny_firms"
