#!/usr/bin/env bash
# The main job on bundled defaults: builds the tool, checks the bundled policy
# set, then evaluates the sample firms against it and explains every verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCH=OFF
DX=${DX_BUILD_DIR:-build}/tools/duixian/duixian
"$DX" check policies/
"$DX" eval --policies policies/ --date 2025-06-20 examples/firms/*.json
