#!/usr/bin/env bash
# Same answers through every door: the sample firms and a generated
# population (with some bad files) go through `duixian eval --format json`
# and through the C, C++, Python and Java examples; every door must print
# the same bytes, reject the same bad files for the same reasons and exit
# with the same code.
#   same_answers.sh SCRATCH_DIR   (run from the repository root)
# Environment: DX_CLI, DX_EXAMPLE_C, DX_EXAMPLE_CPP (programs); DX_PYTHON and
# DX_PYTHONPATH (empty: no Python door); DX_JAVA, DX_JAVA_CP, DX_JAVA_LIB
# (empty: no Java door).
set -uo pipefail
scratch=$1
date=2025-06-20
rm -rf "$scratch" && mkdir -p "$scratch"
"$DX_CLI" gen --firms 40 --seed 11 --bad-share 0.1 --threads 1 --quiet --out "$scratch/gen" || exit 1
firms=(examples/firms/*.json)
while IFS= read -r f; do firms+=("$f"); done < <(find "$scratch/gen" -name '*.json' | LC_ALL=C sort)

"$DX_CLI" eval --lang en --policies policies --date "$date" --format json "${firms[@]}" >"$scratch/cli.json" 2>"$scratch/cli.err"
want=$?
# "错误: file:line:column: field `x`: reason" → the part after the prefix.
rejections() { sed -n -E 's/^(error|错误): //p' "$1"; }
rejections "$scratch/cli.err" >"$scratch/cli.rejected"
[ -s "$scratch/cli.json" ] || { echo "the CLI printed nothing" >&2; cat "$scratch/cli.err" >&2; exit 1; }

doors=(c cpp)
run_door() {
  case $1 in
    c) "$DX_EXAMPLE_C" policies "$date" "${firms[@]}" ;;
    cpp) "$DX_EXAMPLE_CPP" policies "$date" "${firms[@]}" ;;
    python) PYTHONPATH=$DX_PYTHONPATH "$DX_PYTHON" examples/python/evaluate.py policies "$date" "${firms[@]}" ;;
    java) "$DX_JAVA" -Djava.library.path="$DX_JAVA_LIB" -cp "$DX_JAVA_CP" Evaluate policies "$date" "${firms[@]}" ;;
  esac
}
[ -n "${DX_PYTHON:-}" ] && doors+=(python)
[ -n "${DX_JAVA:-}" ] && doors+=(java)

failed=0
for door in "${doors[@]}"; do
  run_door "$door" >"$scratch/$door.json" 2>"$scratch/$door.err"
  got=$?
  if ! cmp -s "$scratch/cli.json" "$scratch/$door.json"; then
    echo "$door: output differs from duixian eval --format json:" >&2
    cmp "$scratch/cli.json" "$scratch/$door.json" >&2
    head -c 2000 "$scratch/$door.err" >&2
    failed=1
  elif ! rejections "$scratch/$door.err" | cmp -s - "$scratch/cli.rejected"; then
    echo "$door: rejects other files or for other reasons than the CLI:" >&2
    rejections "$scratch/$door.err" | diff - "$scratch/cli.rejected" >&2
    failed=1
  elif [ "$got" != "$want" ]; then
    echo "$door: exit code $got, the CLI's is $want" >&2
    failed=1
  else
    echo "$door: same $(wc -c <"$scratch/cli.json") bytes as the CLI"
  fi
done
bad=$(wc -l <"$scratch/cli.rejected")
[ "$bad" -gt 0 ] || { echo "the generated population had no bad files to reject" >&2; failed=1; }
echo "${#firms[@]} firms ($bad rejected as bad files by every door), doors: ${doors[*]}"
exit $failed
