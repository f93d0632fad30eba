#!/usr/bin/python3
"""bench_maps.py - the maps plugins against scikit-learn and numpy, in one run.

t-SNE: a Gaussian mixture (10 clusters, 50 dimensions, sklearn's make_blobs,
cluster_std 5, seed 0) of N points, N = 5000 and 10000 by default. Each N is
mapped by scikit-learn's TSNE (Barnes-Hut, angle 0.5, perplexity 30, 1000
iterations, init "pca", learning rate "auto") with 1 and with 2 threads, each
in its own process (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and n_jobs set),
and by vecscope's tsne plugin (method auto, the same perplexity and
iterations) with 1 and 2 threads. For each map: trustworthiness (k = 10,
sklearn.manifold.trustworthiness), the KL divergence each tool reports, the
KL divergence of the map measured here the same way for both (scikit-learn's
sparse P, exact normaliser over all pairs), and wall time of the fit alone
(vecscope: the plugin's run() in bench/maps-driver.c, built here).

PCA: a 400,000 x 300 float32 matrix (seed 1, made once in $BENCH_DIR) by
vecscope's pca plugin (OpenBLAS threads as set) against numpy's covariance
plus eigh route, best of --repeat runs each.

Ratios are vecscope / reference (time: < 1 is faster). Run it with Debian's
python3 from the source tree after `make`:

  /usr/bin/python3 bench/bench_maps.py [--sizes 5000,10000] [--only tsne,pca]
      [--repeat 2] [--threads 1,2]

Exit status: 0 whatever the figures say; 1 when a run fails.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/vecscope-bench-maps")

SK_TSNE = r"""
import sys, time, numpy as np
from sklearn.manifold import TSNE
X = np.load(sys.argv[1]); threads = int(sys.argv[3])
t = TSNE(n_components=2, perplexity=30.0, n_iter=1000, init="pca", learning_rate="auto",
         method="barnes_hut", angle=0.5, random_state=0, n_jobs=threads)
t0 = time.perf_counter(); Y = t.fit_transform(X); t1 = time.perf_counter()
np.save(sys.argv[2], Y.astype(np.float32))
print("seconds %.4f" % (t1 - t0)); print("kl %.6f" % t.kl_divergence_)
"""

SK_PCA = r"""
import sys, time, numpy as np
X = np.load(sys.argv[1], mmap_mode="r"); X = np.ascontiguousarray(X)
best = 1e30
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    mu = X.mean(axis=0, dtype=np.float64)
    C = np.cov(X, rowvar=False)            # float64, centred
    w, V = np.linalg.eigh(C)
    Y = (X - mu.astype(np.float32)) @ V[:, ::-1][:, :2].astype(np.float32)
    best = min(best, time.perf_counter() - t0)
print("seconds %.4f" % best)
"""


def sh(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.stderr.write("bench_maps: %s failed:\n%s%s" % (cmd[0], r.stdout, r.stderr))
        sys.exit(1)
    return r.stdout


def parse(out):
    d = {}
    for line in out.splitlines():
        k, _, v = line.partition(" ")
        d[k] = v
    return d


def figures(out):
    """The final figures a plugin's run reported (maps-driver's "figure NAME=VALUE")."""
    f = {}
    for line in out.splitlines():
        if line.startswith("figure "):
            k, _, v = line[len("figure "):].rpartition("=")
            f[k] = float(v)
    return f


def thread_env(n):
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[k] = str(n)
    return env


def driver():
    exe = os.path.join(BENCH_DIR, "maps-driver")
    src = os.path.join(HERE, "maps-driver.c")
    sh(["cc", "-O2", "-I" + os.path.join(TOP, "plugins"), "-o", exe, src, "-ldl"])
    return exe


def plugin(name):
    so = os.path.join(TOP, "plugins", name, ".libs", name + ".so")
    if not os.path.exists(so):
        sys.stderr.write("bench_maps: %s is missing: run make first\n" % so)
        sys.exit(1)
    return so


def write_raw(path, X):
    with open(path, "wb") as f:
        f.write(np.array(X.shape, dtype="<i4").tobytes())
        f.write(np.ascontiguousarray(X, dtype="<f4").tobytes())


def exact_kl(P, Y):
    """KL(P || Q) with P sparse (sums to 1), Q over all pairs, exact."""
    Y = Y.astype(np.float64)
    n = Y.shape[0]
    sq = (Y * Y).sum(1)
    Z = 0.0
    for a in range(0, n, 1000):
        b = min(n, a + 1000)
        d2 = np.maximum(sq[a:b, None] + sq[None, :] - 2 * Y[a:b] @ Y.T, 0)
        w = 1.0 / (1.0 + d2)
        w[np.arange(b - a), np.arange(a, b)] = 0
        Z += w.sum()
    P = P.tocoo()
    d2 = ((Y[P.row] - Y[P.col]) ** 2).sum(1)
    q = 1.0 / (1.0 + d2) / Z
    p = P.data.astype(np.float64)
    return float((p * np.log(np.maximum(p, 1e-300) / q)).sum())


def bench_tsne(sizes, threads_list, exe):
    from sklearn.datasets import make_blobs
    from sklearn.manifold import trustworthiness
    from sklearn.manifold._t_sne import _joint_probabilities_nn
    from sklearn.neighbors import NearestNeighbors

    so = plugin("tsne")
    print("t-SNE: Gaussian mixture, 10 clusters x 50 dims, perplexity 30, 1000 iterations")
    print("%-7s %-22s %8s %8s %9s %9s" % ("N", "run", "trust", "KL", "KL(ours)", "seconds"))
    for n in sizes:
        X, _ = make_blobs(n_samples=n, n_features=50, centers=10, cluster_std=5.0,
                          random_state=0)
        X = X.astype(np.float32)
        xnpy = os.path.join(BENCH_DIR, "blobs-%d.npy" % n)
        xraw = os.path.join(BENCH_DIR, "blobs-%d.raw" % n)
        np.save(xnpy, X)
        write_raw(xraw, X)
        # scikit-learn's P, to measure every map's KL the same way
        k = min(n - 1, int(3.0 * 30 + 1))
        nn = NearestNeighbors(n_neighbors=k).fit(X)
        D = nn.kneighbors_graph(mode="distance")
        D.data **= 2
        P = _joint_probabilities_nn(D, 30.0, 0)
        rows = []
        for t in threads_list:
            out = os.path.join(BENCH_DIR, "sk-%d-%d.npy" % (n, t))
            r = parse(sh(["/usr/bin/python3", "-c", SK_TSNE, xnpy, out, str(t)],
                         env=thread_env(t)))
            Y = np.load(out)
            rows.append(("scikit-learn %d thr" % t, trustworthiness(X, Y, n_neighbors=10),
                         float(r["kl"]), exact_kl(P, Y), float(r["seconds"])))
        for t in threads_list:
            out = os.path.join(BENCH_DIR, "vs-%d-%d.raw" % (n, t))
            text = sh([exe, so, xraw, out, "2", "threads=%d" % t], env=thread_env(t))
            r = parse(text)
            Y = np.fromfile(out, dtype="<f4").reshape(n, 2)
            kl = figures(text)["KL divergence"]
            rows.append(("vecscope %d thr" % t, trustworthiness(X, Y, n_neighbors=10),
                         kl, exact_kl(P, Y), float(r["seconds"])))
        for name, tw, kl, ekl, sec in rows:
            print("%-7d %-22s %8.4f %8.4f %9.4f %9.2f" % (n, name, tw, kl, ekl, sec))
        sk = [r for r in rows if r[0].startswith("scikit")]
        vs = [r for r in rows if r[0].startswith("vecscope")]
        best_sk = min(sk, key=lambda r: r[4])
        best_vs = min(vs, key=lambda r: r[4])
        print("%-7d ratios: time %.3f (best vecscope / best scikit-learn), trust %+.4f, "
              "KL %.3f (measured here: %.3f)" %
              (n, best_vs[4] / best_sk[4], best_vs[1] - best_sk[1], best_vs[2] / best_sk[2],
               best_vs[3] / best_sk[3]))
        sys.stdout.flush()


def bench_pca(repeat, exe):
    so = plugin("pca")
    n, d = 400000, 300
    npy = os.path.join(BENCH_DIR, "pca-%dx%d.npy" % (n, d))
    raw = os.path.join(BENCH_DIR, "pca-%dx%d.raw" % (n, d))
    if not os.path.exists(raw):
        rng = np.random.default_rng(1)
        X = (rng.standard_normal((n, d), dtype=np.float32) *
             np.linspace(3, 0.1, d, dtype=np.float32) + 0.5).astype(np.float32)
        np.save(npy, X)
        write_raw(raw, X)
        del X
    ours = 1e30
    for _ in range(repeat):
        out = os.path.join(BENCH_DIR, "pca-out.raw")
        ours = min(ours, float(parse(sh([exe, so, raw, out, "2"]))["seconds"]))
    ref = float(parse(sh(["/usr/bin/python3", "-c", SK_PCA, npy, str(repeat)]))["seconds"])
    print("PCA %dx%d: vecscope %.3f s, numpy cov+eigh %.3f s, ratio %.3f (best of %d)" %
          (n, d, ours, ref, ours / ref, repeat))


def bench_knn(sizes, threads_list):
    """The plugins' neighbour searches (plugins/common/), brute force against the
    vantage-point tree, on the same Gaussian mixture as bench_tsne."""
    from sklearn.datasets import make_blobs
    exe = os.path.join(BENCH_DIR, "knn-driver")
    pl = os.path.join(TOP, "plugins")
    cm = os.path.join(pl, "common")
    sh(["cc", "-O2", "-I" + pl, "-o", exe, os.path.join(HERE, "knn-driver.c"),
        os.path.join(cm, "parallel.c"), os.path.join(cm, "knn.c"),
        os.path.join(cm, "vptree.c"), "-lopenblas", "-lpthread", "-lm"])
    print("k nearest (k = 91, perplexity 30): Gaussian mixture, 10 clusters x 50 dims")
    print("%-8s %-8s %8s %10s %10s %10s %s" %
          ("N", "threads", "visits", "brute s", "tree s", "tree/brute", "same"))
    for n in sizes:
        X, _ = make_blobs(n_samples=n, n_features=50, centers=10, cluster_std=5.0,
                          random_state=0)
        raw = os.path.join(BENCH_DIR, "knn-%d.raw" % n)
        write_raw(raw, X.astype(np.float32))
        for t in threads_list:
            out = sh([exe, raw, "91", str(t)], env=thread_env(t)).split()
            v = dict(zip(out[::2], out[1::2]))   # visits V of N brute S tree S same 1
            b, tr = float(v["brute"]), float(v["tree"])
            print("%-8d %-8d %8s %10.3f %10.3f %10.3f %s" %
                  (n, t, v["visits"], b, tr, tr / b, v["same"]))
            sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,10000")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--only", default="tsne,pca")
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    os.makedirs(BENCH_DIR, exist_ok=True)
    print("load average before: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    exe = driver()
    only = a.only.split(",")
    if "tsne" in only:
        bench_tsne([int(s) for s in a.sizes.split(",")],
                   [int(t) for t in a.threads.split(",")], exe)
    if "pca" in only:
        bench_pca(a.repeat, exe)
    if "knn" in only:
        bench_knn([int(s) for s in a.sizes.split(",")],
                  [int(t) for t in a.threads.split(",")])
    print("load average after: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
