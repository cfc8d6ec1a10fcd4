#!/usr/bin/env bash
# Builds everything and runs every test: GoogleTest under CTest, plus the
# policy cases (`duixian test policies/`) and CLI end-to-end checks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh -DDX_BUILD_TESTS=ON -DDX_BUILD_BENCH=ON
ctest --test-dir "${DX_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
