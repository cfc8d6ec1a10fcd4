"""Evaluates firm files against a policy set and prints the results exactly
as ``duixian eval --format json`` does.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/evaluate.py \
        policies 2025-06-20 examples/firms/*.json
"""
import sys

import duixian


def main(argv):
    if len(argv) < 4:
        print("usage: evaluate.py POLICY_DIR YYYY-MM-DD FIRM.json...", file=sys.stderr)
        return 2
    try:
        policies = duixian.load(argv[1])
    except duixian.PolicyError as e:
        for d in e.diagnostics:
            print(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}", file=sys.stderr)
        return 1
    results, status = [], 0
    for path in argv[3:]:
        try:
            with open(path, "rb") as f:
                text = f.read()
            results.append(policies.evaluate(text, argv[2], name=path))
        except OSError:
            print(f"{path}: cannot read the file", file=sys.stderr)
            status = 1
        except duixian.FirmError as e:
            print(f"error: {e}", file=sys.stderr)
            status = 1
    out = sys.stdout
    if len(argv) > 4:
        out.write("[\n" + ",\n".join(results) + "\n]\n")
    else:
        out.write("".join(results) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
