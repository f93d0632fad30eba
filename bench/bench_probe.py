#!/usr/bin/python3
"""bench_probe.py - `probe train` against scikit-learn's lbfgs, in one run.

The data: N vectors (20,000 by default) of D dimensions (768) in K classes
(12), float32, from one seed: each class a Gaussian around its own centre
(centres drawn with standard deviation --spread, rows with 1), so that the
classes overlap and the fit needs its iterations. vecscope reads vectors
through a model, so the rows become the words r0 .. rN-1 of a word2vec
binary model, and the labelled file says "LABEL<TAB>rI": the mean of one
word's vector is that vector, and `probe train FILE --pool mean` trains on
exactly the rows scikit-learn gets.

Both hold out the same 20% (vecscope's stratified split, seed 1, computed
here as tests/gen-probe-reference.py does) and train on the rest with the
same C, max_iter and tol:
  vecscope  `vecscope --threads T model.bin -c 'probe train data.tsv ...'`,
            the time its note reports (vectors, split, training and the
            held-out figures; the file is read before the clock starts)
  sklearn   LogisticRegression(solver='lbfgs', multi_class='multinomial')
            .fit on the training rows (float64, as a user passes them),
            in a process with OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=T; the
            time of fit() alone
For each (max_iter, threads): the seconds (best of --repeat), the
iterations, the objective and the held-out accuracy of each, and the time
ratio vecscope / scikit-learn (< 1: vecscope is faster).

  /usr/bin/python3 bench/bench_probe.py [--n 20000] [--dim 768] [--classes 12]
      [--max-iter 100,1000] [--threads 1] [--repeat 3] [-v]

Exit status: 0 whatever the figures say; 1 when a run fails.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/vecscope-bench-probe")

SK_FIT = r"""
import sys, time, numpy as np
from sklearn.linear_model import LogisticRegression
d = np.load(sys.argv[1])
X, y, tr, te = d["X"].astype(np.float64), d["y"], d["train"], d["test"]
C, max_iter, tol = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
clf = LogisticRegression(solver="lbfgs", multi_class="multinomial", C=C, max_iter=max_iter,
                         tol=tol)
Xtr, ytr = X[tr], y[tr]
t0 = time.perf_counter(); clf.fit(Xtr, ytr); t1 = time.perf_counter()
Z = Xtr @ clf.coef_.T + clf.intercept_
Z -= Z.max(1, keepdims=True)
obj = (np.log(np.exp(Z).sum(1)) - Z[np.arange(len(ytr)), ytr]).sum() \
    + (clf.coef_ ** 2).sum() / (2 * C)
print("seconds %.4f" % (t1 - t0))
print("iterations %d" % clf.n_iter_[0])
print("objective %.6f" % obj)
print("accuracy %.4f" % (clf.predict(X[te]) == y[te]).mean())
"""


def log(v, *a):
    if v:
        print(*a, file=sys.stderr, flush=True)


def split_of(y, k, test, seed):
    """vecscope's split, from the reference generator (one copy of it)."""
    spec = importlib.util.spec_from_file_location(
        "gen_probe_reference", os.path.join(TOP, "tests", "gen-probe-reference.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.split(list(y), k, test, seed)


def make_data(a):
    """The vectors, the model, the labelled file and the split, made once."""
    tag = "n%d-d%d-k%d-s%g" % (a.n, a.dim, a.classes, a.spread)
    model = os.path.join(BENCH_DIR, tag + ".bin")
    tsv = os.path.join(BENCH_DIR, tag + ".tsv")
    npz = os.path.join(BENCH_DIR, tag + ".npz")
    if os.path.exists(model) and os.path.exists(tsv) and os.path.exists(npz):
        return model, tsv, npz
    os.makedirs(BENCH_DIR, exist_ok=True)
    rng = np.random.default_rng(12)
    centres = rng.normal(0, a.spread, (a.classes, a.dim))
    y = rng.integers(0, a.classes, a.n)
    X = (centres[y] + rng.normal(0, 1, (a.n, a.dim))).astype(np.float32)
    with open(model, "wb") as f:
        f.write(b"%d %d\n" % (a.n, a.dim))
        for i in range(a.n):
            f.write(b"r%d " % i)
            f.write(X[i].astype("<f4").tobytes())
            f.write(b"\n")
    labels = ["class-%02d" % c for c in range(a.classes)]
    with open(tsv, "w") as f:
        for i in range(a.n):
            f.write("%s\tr%d\n" % (labels[y[i]], i))
    tr, te = split_of(y, a.classes, 0.2, 1)
    np.savez(npz, X=X, y=y, train=np.array(tr), test=np.array(te))
    return model, tsv, npz


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.stderr.write("bench_probe: %s failed:\n%s%s" % (cmd[0], r.stdout, r.stderr))
        sys.exit(1)
    return r.stdout + r.stderr


def vecscope(a, model, tsv, max_iter, threads):
    line = "probe train %s --pool mean --test 0.2 --seed 1 --c %g --max-iter %d --tol %g --tsv" \
        % (tsv, a.c, max_iter, a.tol)
    out = run([a.vecscope, "--threads", str(threads), model, "-c", line])
    m = re.search(r"trained on (\d+) of \d+ rows .* in ([0-9.]+) s: L-BFGS (.*) after (\d+) "
                  r"iterations \((\d+) evaluations\), objective ([0-9.]+)", out)
    acc = re.search(r"^accuracy\t+([0-9.]+)", out, re.M)
    if m is None or acc is None:
        sys.stderr.write("bench_probe: cannot read vecscope's output:\n%s" % out)
        sys.exit(1)
    return dict(seconds=float(m.group(2)), iterations=int(m.group(4)),
                objective=float(m.group(6)), accuracy=float(acc.group(1)), stop=m.group(3))


def sklearn(a, npz, max_iter, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))
    out = run(["/usr/bin/python3", "-c", SK_FIT, npz, str(a.c), str(max_iter), str(a.tol)],
              env=env)
    d = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    return dict(seconds=float(d["seconds"]), iterations=int(d["iterations"]),
                objective=float(d["objective"]), accuracy=float(d["accuracy"]))


def best(runs):
    b = min(runs, key=lambda r: r["seconds"])
    return b


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--dim", type=int, default=768)
    ap.add_argument("--classes", type=int, default=12)
    ap.add_argument("--spread", type=float, default=0.06,
                    help="standard deviation of the class centres")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--max-iter", default="100,1000")
    ap.add_argument("--threads", default="1")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--vecscope", default=os.path.join(TOP, "vecscope"))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    model, tsv, npz = make_data(a)
    print("probe train: %d x %d vectors, %d classes, C %g, tol %g, 20%% held out"
          % (a.n, a.dim, a.classes, a.c, a.tol))
    print("%-9s %-7s | %-34s | %-34s | %s" % ("max_iter", "threads", "vecscope  s  iter  objective  acc",
                                            "sklearn   s  iter  objective  acc", "ratio"))
    for max_iter in [int(x) for x in a.max_iter.split(",")]:
        for threads in [int(x) for x in a.threads.split(",")]:
            vs, sk = [], []
            for r in range(a.repeat):
                vs.append(vecscope(a, model, tsv, max_iter, threads))
                sk.append(sklearn(a, npz, max_iter, threads))
                log(a.verbose, "  run %d: vecscope %.3f s (%d it), sklearn %.3f s (%d it)"
                    % (r + 1, vs[-1]["seconds"], vs[-1]["iterations"], sk[-1]["seconds"],
                       sk[-1]["iterations"]))
            v, s = best(vs), best(sk)
            print("%-9d %-7d | %7.3f %5d %12.4f %.4f | %7.3f %5d %12.4f %.4f | %.3f"
                  % (max_iter, threads, v["seconds"], v["iterations"], v["objective"],
                     v["accuracy"], s["seconds"], s["iterations"], s["objective"],
                     s["accuracy"], v["seconds"] / s["seconds"]))
            if not v["stop"].startswith("converged"):
                print("%-19s   vecscope: %s" % ("", v["stop"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
