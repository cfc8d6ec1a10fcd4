#!/usr/bin/env bash
# Instructions per firm of screening, by step (decode, evaluate, format,
# tally): callgrind over a JSONL screen on one thread, counting only the
# workers' batches (ProcessBatch), not compiling the policies. Instruction
# counts barely move with machine load, unlike seconds, so two builds can
# be compared on a busy machine. Not a timed test; prints one table.
#
#   bench/screen_instructions.sh [N=1000] [DUIXIAN=build/tools/duixian/duixian]
#   FORM=folder bench/screen_instructions.sh   # one pretty-printed file per firm
#
# Needs valgrind (apt-get install valgrind). About 2 minutes for 1,000
# firms, mostly compiling the policy set under valgrind.
set -euo pipefail
N=${1:-1000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUIXIAN=${DUIXIAN:-$ROOT/build/tools/duixian/duixian}
WORK=${WORK:-/tmp/duixian-screen-instructions}
DATE=${DATE:-2025-06-20}
FORM=${FORM:-jsonl}  # jsonl: one compact line per firm; folder: one indented file per firm
if ! command -v valgrind >/dev/null; then
  echo "screen_instructions.sh needs valgrind: apt-get install valgrind" >&2
  exit 2
fi
mkdir -p "$WORK"
case "$FORM" in
  jsonl)
    pop="$WORK/pop-$N.jsonl"
    [ -f "$pop" ] || "$DUIXIAN" gen --firms "$N" --seed 1 --jsonl --out "$pop" --quiet
    ;;
  folder)
    pop="$WORK/pop-$N"
    [ -f "$pop.done" ] || { rm -rf "$pop"; "$DUIXIAN" gen --firms "$N" --seed 1 --out "$pop" --quiet && touch "$pop.done"; }
    ;;
  *) echo "FORM must be jsonl or folder" >&2; exit 2 ;;
esac
out="$WORK/callgrind.out"
valgrind --tool=callgrind --collect-atstart=no \
  --toggle-collect='duixian::engine::(anonymous namespace)::ProcessBatch*' \
  --callgrind-out-file="$out" \
  "$DUIXIAN" screen --policies "$ROOT/policies" --firms "$pop" --date "$DATE" \
  --out "$WORK/out" --threads 1 > /dev/null 2> "$WORK/valgrind.log"
# Inclusive counts of each step's entry point, per firm, in thousands.
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | python3 -c '
import re, sys
n = int(sys.argv[1])
steps = [
    ("all of a batch", r"ProcessBatch\("),
    ("decode a firm", r"FirmFileDecoder::Decode\("),
    ("  fast path (one-pass reader to record)", r"FastFirmDecoder::Decode\("),
    ("    of which the UTF-8 check (simdjson)", r"implementation::validate_utf8\("),
    ("  exact path (files with something to say)", r"profile_internal::\(anonymous namespace\)::Exact\(|engine::\(anonymous namespace\)::Exact\("),
    ("evaluate every policy", r"Evaluator::EvaluateInto\("),
    ("results.jsonl line", r"ScreenFormatter::AppendResult\("),
    ("matrix.csv row", r"ScreenFormatter::AppendMatrixRow\("),
    ("summary.json totals, per batch", r"ScreenSummary::AddDecision\("),
]
counts = {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) ", line)
    if not m or "'\''" in line:  # skip recursion-cycle entries (name ending in a quote)
        continue
    for name, pattern in steps:
        if name not in counts and re.search(pattern, line):
            counts[name] = int(m.group(1).replace(",", ""))
print(f"{n} firms; thousands of instructions per firm")
for name, _ in steps:
    print(f"{name:42s} {counts.get(name, 0) / n / 1000:8.1f}")
' "$N"
