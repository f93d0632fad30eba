#!/usr/bin/python3
"""bench_compare.py - `overlap` against separate `nn` queries, on two
400,000 x 300 models.

The first model is make-synthetic.py's synth.bin (made here when missing);
the second, synth-b.bin, has the same words in the same order and the
first's vectors times a random rotation plus Gaussian noise of 0.3 times
their spread (so about a third of each word's neighbours stay), written once
in BENCH_DIR.

Measured, each in its own vecscope process, whole-process wall and CPU
time, the load subtracted (a run that only loads the models, median of
--repeat):
  overlap   `overlap synth synth-b --top N -k 10 --show 0`
  nn        --queries Q separate `nn WORD -k 10` commands on synth (the first
            Q words of the N), as a script: the time per query, times 2N
            (N queries on each model) is what N separate queries on both
            models would take
and printed: both times, their ratios by wall and by CPU time (target:
overlap at least 20x faster) and the mean Jaccard index. Both run on
--threads T (default 2). The overlap's time includes building the 8-bit
copy of each model's rows, which its search uses.

Usage: bench_compare.py [--dir BENCH_DIR] [--vecscope PATH] [--top N]
                        [--queries Q] [--threads T] [--repeat R]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def second_model(d):
    """synth-b.bin beside synth.bin: the same words, rotated noisy vectors."""
    out = os.path.join(d, "synth-b.bin")
    if os.path.exists(out):
        return out
    a = np.load(os.path.join(d, "synth.npy"))
    n, dim = a.shape
    rng = np.random.default_rng(20240607)
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    b = (a @ q.astype(np.float32) + 0.3 * a.std() * rng.standard_normal((n, dim),
                                                                        dtype=np.float32))
    b = b.astype("<f4")
    words = []
    with open(os.path.join(d, "synth.bin"), "rb") as f:
        f.readline()
        for _ in range(n):
            w = bytearray()
            while True:
                c = f.read(1)
                if c == b" ":
                    break
                w += c
            words.append(bytes(w))
            f.seek(4 * dim, 1)
            if f.read(1) != b"\n":
                f.seek(-1, 1)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"%d %d\n" % (n, dim))
        for w, row in zip(words, b):
            f.write(w + b" " + row.tobytes() + b"\n")
    os.rename(tmp, out)
    return out


def words_of(d, n):
    out = []
    with open(os.path.join(d, "synth.bin"), "rb") as f:
        count, dim = map(int, f.readline().split())
        for _ in range(n):
            w = bytearray()
            while True:
                c = f.read(1)
                if c == b" ":
                    break
                w += c
            out.append(w.decode("utf-8"))
            f.seek(4 * dim, 1)
            if f.read(1) != b"\n":
                f.seek(-1, 1)
    return out


CPU = []  # the CPU seconds (user + system) of the last run


def run(cmd):
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    t = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[:] = [r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime]
    if p.returncode != 0:
        sys.exit("bench_compare: %s failed: %s" % (" ".join(cmd[:4]), p.stderr[-500:]))
    return t, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/vecscope-bench"))
    ap.add_argument("--vecscope", default=os.path.join(TOP, "vecscope"))
    ap.add_argument("--top", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    o = ap.parse_args()
    if not os.path.exists(os.path.join(o.dir, "synth.npy")):
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "make-synthetic.py"), o.dir],
                       check=True)
    a, b = os.path.join(o.dir, "synth.bin"), second_model(o.dir)
    # the models, read once so that the page cache holds them for every run
    base = [o.vecscope, "-q", "--threads", str(o.threads), a, b]
    run(base + ["-c", "models"])

    loads = []
    for _ in range(o.repeat):
        loads.append((run(base + ["-c", "models"])[0], CPU[0]))
    load, load_cpu = (statistics.median(x) for x in zip(*loads))
    ov, ov_cpu, jac = [], [], None
    for _ in range(o.repeat):
        t, out = run(base + ["--tsv", "-c", "overlap synth synth-b --top %d -k 10 --show 0" %
                             o.top])
        ov.append(t - load)
        ov_cpu.append(CPU[0] - load_cpu)
        jac = float(out.strip())
    script = os.path.join(o.dir, "nn-queries.vs")
    with open(script, "w", encoding="utf-8") as f:
        for w in words_of(o.dir, o.queries):
            f.write("nn %s -k 10\n" % w)
    one = [o.vecscope, "-q", "--threads", str(o.threads), a]
    loads = []
    for _ in range(o.repeat):
        loads.append((run(one + ["-c", "models"])[0], CPU[0]))
    load1, load1_cpu = (statistics.median(x) for x in zip(*loads))
    per, per_cpu = [], []
    for _ in range(o.repeat):
        per.append((run(one + ["-f", script])[0] - load1) / o.queries)
        per_cpu.append((CPU[0] - load1_cpu) / o.queries)
    t_ov, c_ov = statistics.median(ov), statistics.median(ov_cpu)
    t_nn, c_nn = statistics.median(per) * 2 * o.top, statistics.median(per_cpu) * 2 * o.top
    print("overlap, %d words x 2 models, k 10, %d threads: %.2f s wall (runs %s), %.2f s CPU; "
          "mean Jaccard %.4f" % (o.top, o.threads, t_ov, " ".join("%.2f" % x for x in ov), c_ov,
                                 jac))
    print("nn, one query: %.2f ms wall, %.2f ms CPU (median of %d runs of %d queries); "
          "%d queries: %.1f s wall, %.1f s CPU" % (statistics.median(per) * 1e3,
                                                  statistics.median(per_cpu) * 1e3, o.repeat,
                                                  o.queries, 2 * o.top, t_nn, c_nn))
    print("ratio: overlap is %.1fx faster by wall time (%.1fx by CPU time) than %d separate nn "
          "queries (target 20x): %s" % (t_nn / t_ov, c_nn / c_ov, 2 * o.top,
                                        "PASS" if t_nn / t_ov >= 20 else "FAIL"))


if __name__ == "__main__":
    main()
