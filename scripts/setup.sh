#!/usr/bin/env bash
# Installs every build dependency from Debian packages (idempotent) and
# configures + builds the project into build/. Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(cmake ninja-build g++ pkg-config antlr4 libantlr4-runtime-dev libabsl-dev
          nlohmann-json3-dev googletest libgtest-dev libgmock-dev libbenchmark-dev
          libutf8proc-dev libssl-dev libsimdjson-dev pybind11-dev python3-dev python3-pytest
          openjdk-17-jdk-headless junit5
          clang-14 libclang-rt-14-dev llvm-14)  # clang: sanitizer and libFuzzer builds (scripts/sanitize.sh)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

BUILD_DIR=${DX_BUILD_DIR:-build}
BUILD_TYPE=${DX_BUILD_TYPE:-Release}
# ccache, when the machine has it, makes rebuilds in several work trees cheap;
# a fresh machine without it builds the same way, only slower.
LAUNCHER=()
if command -v ccache >/dev/null; then
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
fi
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "${LAUNCHER[@]}" "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
