#!/usr/bin/env bash
# The main job on bundled defaults: builds the tool, checks the bundled policy
# catalogue, generates a realistic population of 100,000 Dongguan firms and
# pre-screens every one of them against every policy, then says where the
# report is. (To see one firm explained clause by clause:
#   build/tools/duixian/duixian eval --policies policies --date 2025-06-20 examples/firms/*.json)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCH=OFF
BUILD=${DX_BUILD_DIR:-build}
DX=$BUILD/tools/duixian/duixian
FIRMS=${DX_DEMO_FIRMS:-100000}
WORK=$BUILD/demo
"$DX" check policies/
if [ ! -f "$WORK/firms-$FIRMS.jsonl" ]; then
  mkdir -p "$WORK"
  "$DX" gen --firms "$FIRMS" --seed 2025 --jsonl --out "$WORK/firms-$FIRMS.jsonl" --threads "$(nproc)"
fi
rm -rf "$WORK/screen"
"$DX" screen --policies policies/ --firms "$WORK/firms-$FIRMS.jsonl" --date 2025-06-20 \
  --out "$WORK/screen" --threads "$(nproc)"
echo "report: $(cd "$WORK/screen" && pwd)/report.html"
