#!/usr/bin/env bash
# Runs the editor-grammar test under CTest: installs the pinned npm packages
# (package-lock.json) into WORK_DIR once per lock file, then tokenises with
# them. Exits 77 (CTest: skipped) only when Node.js or npm is missing.
#   run.sh WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run.sh WORK_DIR}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: the editor-grammar test needs Node.js and npm (not found on PATH)"
  exit 77
fi
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" ||
   [ ! -f "$work/node_modules/vscode-textmate/package.json" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
node "$here/grammar_test.mjs" "$work"
