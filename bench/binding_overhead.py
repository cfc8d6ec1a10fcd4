"""The Python door of bench/binding_overhead.sh: same measurements and
output line as bench/binding_overhead.cc (thread CPU and wall time)."""
import sys
import time

import duixian


def measure(rounds, per, body):
    body()  # warm-up
    best_cpu = best_wall = float("inf")
    for _ in range(rounds):
        c0, w0 = time.thread_time(), time.perf_counter()
        body()
        best_cpu = min(best_cpu, (time.thread_time() - c0) * 1e6 / per)
        best_wall = min(best_wall, (time.perf_counter() - w0) * 1e6 / per)
    return best_cpu, best_wall


def main(argv):
    policy_dir, firms_path, date, single_calls, rounds = argv[1], argv[2], argv[3], int(argv[4]), int(argv[5])
    with open(firms_path, encoding="utf-8") as f:
        firms = [line for line in f.read().splitlines() if line]
    policies = duixian.load(policy_dir)
    one = firms[0]

    def single():
        for _ in range(single_calls):
            policies.evaluate(one, date, explain=False, compact=True)

    size = [0]

    def batch():
        size[0] = sum(len(text.encode()) for ok, text in policies.evaluate_batch(firms, date))

    s = measure(rounds, single_calls, single)
    b = measure(rounds, len(firms), batch)
    print("python\t%.2f\t%.2f\t%.2f\t%.2f\t%d" % (s[0], s[1], b[0], b[1], size[0]))


if __name__ == "__main__":
    main(sys.argv)
