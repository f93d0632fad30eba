#!/usr/bin/python3
"""bench_scan.py - nn through the 8-bit copy against the f32 scans.

  bench_scan.py [--dir D] [--queries N] [--threads T] [--words W]

On the synthetic 400,000 x 300 model of make-synthetic.py (in D, default
/tmp/vecscope-bench, made if missing), in one run:

  1. vecscope saves the model as a native cache (which holds the 8-bit copy)
     and opens it;
  2. N `nn WORD -k 10` queries (words spread over the vocabulary) run in one
     process, through the 8-bit scan, then the same N with --exact-scan;
     each side's time per query is (time of the N-query script - time of
     the same script without queries) / N, best of 3, in wall-clock and in
     CPU time (user + system: less moved by other work on the machine);
  3. numpy (the same OpenBLAS, ref_numpy.py's loop): sgemv of the unit
     matrix and argpartition, per query;
  4. the answers of the two vecscope runs are compared word for word and
     score for score: they must be identical.

Prints the times and the ratios, and exits 1 if any answer differs.
OPENBLAS_CORETYPE and the like are passed through to both sides; threads
default to 1 (VECSCOPE_THREADS and OPENBLAS_NUM_THREADS).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
VECSCOPE = os.environ.get("VECSCOPE", os.path.join(HERE, "..", "vecscope"))


def run(args, script, env):
    """Runs vecscope ARGS -f SCRIPT; returns (wall seconds, CPU seconds,
    stdout). CPU is the child's user + system time: on a loaded machine it
    moves less than the wall clock."""
    with tempfile.NamedTemporaryFile("w", suffix=".vs", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        a = time.perf_counter()
        out = subprocess.run([VECSCOPE, "-q", "--tsv"] + args + ["-f", path], env=env,
                             stdout=subprocess.PIPE, check=True).stdout
        wall = time.perf_counter() - a
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        return wall, cpu, out
    finally:
        os.unlink(path)


def per_query(model, lines, env, reps=3):
    """Best-of-reps (wall, CPU) seconds per query of lines, and the last
    output: the run of lines less the same run without them."""
    best_w = best_c = None
    out = None
    for _ in range(reps):
        w0, c0, _ = run([model], "", env)
        w1, c1, out = run([model], "".join(lines), env)
        w = max(w1 - w0, 0.0) / len(lines)
        c = max(c1 - c0, 0.0) / len(lines)
        best_w = w if best_w is None else min(best_w, w)
        best_c = c if best_c is None else min(best_c, c)
    return best_w, best_c, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/vecscope-bench")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--words", type=int, default=400000)
    o = ap.parse_args()
    env = dict(os.environ, VECSCOPE_THREADS=str(o.threads),
               OPENBLAS_NUM_THREADS=str(o.threads))
    subprocess.run([sys.executable, os.path.join(HERE, "make-synthetic.py"), o.dir,
                    "--words", str(o.words)], check=True, env=env)
    binary = os.path.join(o.dir, "synth.bin")
    cache = os.path.join(o.dir, "synth-scan.vsc")
    if not os.path.exists(cache) or os.path.getmtime(cache) < os.path.getmtime(binary):
        subprocess.run([VECSCOPE, "-q", binary, "-c", "save " + cache], check=True, env=env)
    words = [line.split(" ", 1)[0] for line in open(os.path.join(o.dir, "synth.txt"),
                                                     encoding="utf-8", errors="replace")
             .read().split("\n")[1:] if line]
    step = max(1, len(words) // o.queries)
    queries = [w for w in words[::step] if '"' not in w and "\\" not in w][:o.queries]
    fast = ['nn "%s" -k 10\n' % w for w in queries]
    slow = ['nn "%s" -k 10 --exact-scan\n' % w for w in queries]

    t8, c8, out8 = per_query(cache, fast, env)
    t32, c32, out32 = per_query(cache, slow, env)

    m = np.load(os.path.join(o.dir, "synth.npy"))
    norms = np.sqrt((m.astype(np.float64) ** 2).sum(axis=1)).astype(np.float32)
    unit = m / norms[:, None]
    del m
    ids = [i * step for i in range(min(len(queries), 200))]
    unit @ unit[ids[0]]
    a, c = time.perf_counter(), time.process_time()
    for i in ids:
        s = unit @ unit[i]
        top = np.argpartition(s, -11)[-11:]
        top = top[np.argsort(-s[top])]
    tnp = (time.perf_counter() - a) / len(ids)
    cnp = (time.process_time() - c) / len(ids)

    same = out8 == out32
    isa = subprocess.run([VECSCOPE, "-q", "--tsv", cache, "-c", "info"], env=env,
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    isa = [line.split("\t")[1] for line in isa.split("\n") if line.startswith("scan instr")]
    print("model:    %d x 300 (synthetic), %d queries, threads %d, scan %s, "
          "OPENBLAS_CORETYPE=%s" % (len(words), len(queries), o.threads,
                                     isa[0] if isa else "?",
                                     os.environ.get("OPENBLAS_CORETYPE", "(unset)")))
    print("                       wall ms   CPU ms   (a query)")
    print("nn, 8-bit scan:       %8.2f %8.2f" % (t8 * 1e3, c8 * 1e3))
    print("nn, --exact-scan:     %8.2f %8.2f" % (t32 * 1e3, c32 * 1e3))
    print("numpy sgemv+argpart:  %8.2f %8.2f" % (tnp * 1e3, cnp * 1e3))
    print("ratio 8-bit / f32 scan: wall %.3f, CPU %.3f" % (t8 / t32, c8 / c32))
    print("ratio 8-bit / numpy:    wall %.3f, CPU %.3f" % (t8 / tnp, c8 / cnp))
    print("answers of the two scans: %s" % ("identical" if same else "DIFFERENT"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
