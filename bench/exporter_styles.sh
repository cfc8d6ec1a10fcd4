#!/usr/bin/env bash
# Screening cost of the same firms as different exporters write them: a file
# the fast reader cannot take goes to the exact path at about nine times the
# cost, so one exporter habit can slow a whole city's run. Each style is
# screened on one thread, side by side with the plain JSONL, and its outputs
# compared with the plain run's (a style changes how a firm is written, not
# what it says). Not a timed test; prints one table.
#
#   bench/exporter_styles.sh [N=20000] [DUIXIAN=build/tools/duixian/duixian]
#
# Styles: members of no field added to every firm; amounts of ten million
# and more written as Java writes doubles ("2.5E7"); every non-ASCII
# character escaped and keys written as their Chinese labels (Python's
# json.dumps by default); a line break in every business scope; one file
# per firm with a byte-order mark.
set -euo pipefail
N=${1:-20000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUIXIAN=${DUIXIAN:-$ROOT/build/tools/duixian/duixian}
WORK=${WORK:-/tmp/duixian-exporter-styles}
DATE=${DATE:-2025-06-20}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$WORK"
# Every JSONL form is named firms.jsonl, in a folder of its own, so that the
# results (which name the input file) can be compared byte for byte.
plain="$WORK/plain-$N/firms.jsonl"
mkdir -p "$(dirname "$plain")"
[ -f "$plain" ] || "$DUIXIAN" gen --firms "$N" --seed 1 --jsonl --out "$plain" --quiet

# Each style from the plain file (bad lines are left as they are).
"$PY" - "$plain" "$WORK" "$ROOT/policies/schema.json" <<'PY'
import json, os, re, sys
plain, work, schema_path = sys.argv[1:]
labels = {f["name"]: f["label"] for f in json.load(open(schema_path))["fields"] if f.get("label")}

def extra(line):
    return re.sub(r"^\{", '{"source_system": "gx-2.1", "exported_at": {"by": "一企一档", "at": [2025, 6, 1]}, ', line)

def java_double(m):
    digits = m.group(2)
    mantissa = digits.rstrip("0") or "0"
    return m.group(1) + mantissa[0] + "." + (mantissa[1:] or "0") + "E" + str(len(digits) - 1)

def java(line):
    return re.sub(r'(": )(\d{8,18})(?=[,}])', java_double, line)

def label_keys(line):  # top-level keys only
    out, depth, i = [], 0, 0
    while i < len(line):
        c = line[i]
        if c == '"':
            j = i + 1
            while j < len(line) and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            token = line[i:j + 1]
            k = j + 1
            while k < len(line) and line[k] == " ":
                k += 1
            if depth == 1 and k < len(line) and line[k] == ":":
                token = '"%s"' % labels.get(token[1:-1], token[1:-1])
            out.append(token)
            i = j + 1
            continue
        depth += c in "{["
        depth -= c in "}]"
        out.append(c)
        i += 1
    return "".join(out)

def python_ascii(line):
    return "".join(c if ord(c) < 128 else "\\u%04x" % ord(c) for c in label_keys(line))

def scope_break(line):
    return re.sub(r'("business_scope": ")', r"\1第一行\\n", line, count=1)

styles = {"extra-members": extra, "java-doubles": java, "python-ascii": python_ascii, "scope-line-break": scope_break}
for name in styles:
    os.makedirs(os.path.join(work, name), exist_ok=True)
outs = {name: open(os.path.join(work, name, "firms.jsonl"), "w", encoding="utf-8", errors="surrogateescape")
        for name in styles}
folders = {name: os.path.join(work, name) for name in ("plain-files", "bom-files")}
for n, line in enumerate(open(plain, encoding="utf-8", errors="surrogateescape")):
    for name, style in styles.items():
        try:
            outs[name].write(style(line))
        except Exception:
            outs[name].write(line)
    body = line.rstrip("\n").encode("utf-8", "surrogateescape")
    shard = "%03d" % (n // 1000)
    for name, prefix in (("plain-files", b""), ("bom-files", b"\xef\xbb\xbf")):
        os.makedirs(os.path.join(folders[name], shard), exist_ok=True)
        with open(os.path.join(folders[name], shard, "%06d.json" % n), "wb") as f:
            f.write(prefix + body)
PY

cpu_of() {  # user+sys seconds of screening $1 into $2
  rm -rf "$2"
  /usr/bin/time -f "%U %S" -o "$WORK/time.log" "$DUIXIAN" screen --policies "$ROOT/policies" --firms "$1" \
    --date "$DATE" --out "$2" --threads 1 > /dev/null 2>&1
  read -r user sys < "$WORK/time.log"
  "$PY" -c "print(f'{$user + $sys:.2f}')"
}
# The same verdicts, amounts and explanations for every firm, and as many
# bad inputs (whose messages may point at other columns).
same() {
  cmp -s "$1/results.jsonl" "$2/results.jsonl" && cmp -s "$1/matrix.csv" "$2/matrix.csv" &&
    [ "$(wc -l < "$1/errors.jsonl")" = "$(wc -l < "$2/errors.jsonl")" ] && echo same || echo DIFFERENT
}

echo "$N firms, one thread; CPU seconds (compiling the policies included)"
printf '%-22s %8s %8s %10s %s\n' "style" "plain" "styled" "ratio" "results"
for style in extra-members java-doubles python-ascii scope-line-break bom-files; do
  base_in=$plain
  [ "$style" = bom-files ] && base_in=$WORK/plain-files
  styled_in=$WORK/$style/firms.jsonl
  [ "$style" = bom-files ] && styled_in=$WORK/bom-files
  base=$(cpu_of "$base_in" "$WORK/out-plain")
  styled=$(cpu_of "$styled_in" "$WORK/out-$style")
  printf '%-22s %8s %8s %9sx %s\n' "$style" "$base" "$styled" "$("$PY" -c "print(f'{$styled / $base:.2f}')")" \
    "$(same "$WORK/out-plain" "$WORK/out-$style")"
done
