#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds the C and C++ examples
# against it from outside the tree: with find_package(duixian) (CMake) and
# with pkg-config. Each must evaluate a sample firm.
#   install_test.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR
set -euo pipefail
build=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/duixian/duixian.h include/duixian/duixian.hpp include/duixian/version.h \
         include/duixian/export.h lib/libduixian.so lib/cmake/duixian/duixianConfig.cmake \
         lib/pkgconfig/duixian.pc; do
  [ -e "$prefix/$f" ] || { echo "install: missing $f" >&2; exit 1; }
done
firm=$src/examples/firms/03-humen-yunshang-garment.json

# CMake package, C++ example (a copy: nothing of the source tree is reachable).
cp -r "$src/examples/cpp" "$scratch/cpp"
cmake -S "$scratch/cpp" -B "$scratch/cpp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$scratch/cpp/build" >/dev/null
(cd "$src" && "$scratch/cpp/build/evaluate_cpp" policies 2025-06-20 "$firm") >"$scratch/cpp.out"
grep -q '"duixian.decision/1"' "$scratch/cpp.out"

# pkg-config, C example.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cc -std=c99 -Wall -Werror -o "$scratch/evaluate_c" "$src/examples/c/evaluate.c" $(pkg-config --cflags --libs duixian)
(cd "$src" && LD_LIBRARY_PATH=$prefix/lib "$scratch/evaluate_c" policies 2025-06-20 "$firm") >"$scratch/c.out"
grep -q '"duixian.decision/1"' "$scratch/c.out"
cmp "$scratch/cpp.out" "$scratch/c.out"
echo "install test: CMake package and pkg-config consumers built and ran"
