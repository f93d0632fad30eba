#!/usr/bin/python3
"""bench_umap.py - the umap plugin against umap-js, in one run.

The data: a Gaussian mixture of N points (sklearn's make_blobs: 10 centres,
50 dimensions, cluster_std 5, seed 0; the t-SNE bench's data), N = 10000 by
default. It is mapped to 2-D by

  - umap-js (npm), defaults (nNeighbors 15, minDist 0.1, its approximate
    neighbours, random start, its epoch rule: 200 epochs from 7,501
    points), seeded, through bench/umap-js-driver.js under node;
  - vecscope's umap plugin, defaults (15 neighbours, min-dist 0.1, exact
    neighbours, spectral start, umap-learn's epoch rule: 500 epochs up to
    10,000 points, 200 above), with 1 and 2 threads, through
    bench/maps-driver.c (built here);
  - vecscope's umap plugin with epochs=200, umap-js's count at this size:
    the same number of passes.

Each in its own process, one after the other. For each map: the wall time
of the fit alone (as the driver measures it), the process's CPU time (user +
sys, from wait4: less disturbed than wall time when other work shares the
machine) and the trustworthiness (k = 10, sklearn.manifold.trustworthiness).
The ratios are umap-js / vecscope (speed-up: > 1 is faster): the
vecscope run with the least wall time, and the one with the least CPU time,
against umap-js; and trust vecscope - umap-js.

Run it from the source tree after `make`, with Debian's python3 (sklearn)
and node with umap-js installed outside the tree:

  npm install --prefix /tmp/umapref umap-js
  NODE_PATH=/tmp/umapref/node_modules /usr/bin/python3 bench/bench_umap.py \\
      [--sizes 10000] [--threads 1,2] [--seed 1]

Exit status: 0 whatever the figures say; 1 when a run fails.
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/vecscope-bench-maps")


def timed(cmd, env=None):
    """Runs cmd; returns (its stdout parsed as "key value" lines, the CPU
    seconds of the process, user + sys, from wait4)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.stderr.write("bench_umap: %s failed:\n%s%s" % (cmd[0], out, err))
        sys.exit(1)
    cpu = ru.ru_utime + ru.ru_stime
    d = {}
    for line in out.splitlines():
        k, _, v = line.partition(" ")
        d[k] = v
    return d, cpu


def thread_env(n):
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[k] = str(n)
    return env


def write_raw(path, X):
    with open(path, "wb") as f:
        f.write(np.array(X.shape, dtype="<i4").tobytes())
        f.write(np.ascontiguousarray(X, dtype="<f4").tobytes())


def main():
    from sklearn.datasets import make_blobs
    from sklearn.manifold import trustworthiness

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(BENCH_DIR, exist_ok=True)
    so = os.path.join(TOP, "plugins", "umap", ".libs", "umap.so")
    if not os.path.exists(so):
        sys.stderr.write("bench_umap: %s is missing: run make first\n" % so)
        return 1
    if subprocess.run(["node", "-e", "require('umap-js')"], capture_output=True).returncode:
        sys.stderr.write("bench_umap: node cannot find umap-js: npm install --prefix "
                         "/tmp/umapref umap-js, then NODE_PATH=/tmp/umapref/node_modules\n")
        return 1
    exe = os.path.join(BENCH_DIR, "maps-driver")
    subprocess.run(["cc", "-O2", "-I" + os.path.join(TOP, "plugins"), "-o", exe,
                    os.path.join(HERE, "maps-driver.c"), "-ldl"], check=True)
    print("load average before: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    print("UMAP: Gaussian mixture, 10 clusters x 50 dims, 2-D maps")
    print("%-7s %-28s %7s %8s %9s %9s" % ("N", "run", "epochs", "trust", "wall s", "cpu s"))
    for n in [int(s) for s in a.sizes.split(",")]:
        X, _ = make_blobs(n_samples=n, n_features=50, centers=10, cluster_std=5.0,
                          random_state=0)
        X = X.astype(np.float32)
        raw = os.path.join(BENCH_DIR, "umap-blobs-%d.raw" % n)
        write_raw(raw, X)
        rows = []
        out = os.path.join(BENCH_DIR, "umap-js-%d.raw" % n)
        r, cpu = timed(["node", os.path.join(HERE, "umap-js-driver.js"), raw, out, "2",
                        str(a.seed)])
        Y = np.fromfile(out, dtype="<f4").reshape(n, 2)
        rows.append(("umap-js %s" % r["version"], int(r["epochs"]),
                     trustworthiness(X, Y, n_neighbors=10), float(r["seconds"]), cpu))
        runs = [(t, None) for t in [int(t) for t in a.threads.split(",")]]
        runs.append((1, 200))
        for t, ep in runs:
            out = os.path.join(BENCH_DIR, "umap-vs-%d-%d.raw" % (n, t))
            cmd = [exe, so, raw, out, "2", "threads=%d" % t, "seed=%d" % a.seed]
            if ep is not None:
                cmd.append("epochs=%d" % ep)
            r, cpu = timed(cmd, env=thread_env(t))
            Y = np.fromfile(out, dtype="<f4").reshape(n, 2)
            label = r["label"]
            epochs = int(label.split("done after ")[1].split(" ")[0])
            rows.append(("vecscope %d thr%s" % (t, "" if ep is None else ", epochs=%d" % ep),
                         epochs, trustworthiness(X, Y, n_neighbors=10), float(r["seconds"]),
                         cpu))
            print("        (%s)" % label)
        for name, ep, tw, sec, cpu in rows:
            print("%-7d %-28s %7d %8.4f %9.2f %9.2f" % (n, name, ep, tw, sec, cpu))
        js = rows[0]
        vs = [r for r in rows[1:] if "epochs=" not in r[0]]
        wall = min(vs, key=lambda r: r[3])
        cpu = min(vs, key=lambda r: r[4])
        same = [r for r in rows if "epochs=" in r[0]][0]
        print("%-7d speed-up (umap-js / vecscope), defaults: wall %.2fx (%s), cpu %.2fx (%s); "
              "trust %+.4f" % (n, js[3] / wall[3], wall[0], js[4] / cpu[4], cpu[0],
                               wall[2] - js[2]))
        print("%-7d speed-up at the same epochs (%d): wall %.2fx, cpu %.2fx; trust %+.4f" %
              (n, same[1], js[3] / same[3], js[4] / same[4], same[2] - js[2]))
        sys.stdout.flush()
    print("load average after: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
