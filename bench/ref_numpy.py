#!/usr/bin/python3
"""ref_numpy.py - the memory-bandwidth bound for one nearest-neighbour query.

  ref_numpy.py MATRIX.npy QUERIES.idx [REPEAT]

Loads the (n, dim) float32 matrix, normalizes every row once (outside the
timing), then times REPEAT (default 20) queries, each on a different row:

    scores = unit @ v                       # one sgemv through OpenBLAS
    top = np.argpartition(scores, -11)[-11:]
    top = top[np.argsort(-scores[top])]     # the 11 best, ranked

with time.perf_counter (and the process's CPU time, all threads, with
time.process_time), and prints one JSON object (seconds). numpy's BLAS
is Debian's libblas.so.3 alternative (OpenBLAS, pthread build); its thread
count follows OPENBLAS_NUM_THREADS, which run-static.sh sets to match
vecscope's --threads.
"""
import json
import statistics
import sys
import time

import numpy as np


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    repeat = int(argv[3]) if len(argv) > 3 else 20
    m = np.load(argv[1])
    ids = [int(x) for x in open(argv[2]).read().split()]
    # unit (n, dim) = m / |row|, float32 like vecscope and gensim
    norms = np.sqrt((m.astype(np.float64) ** 2).sum(axis=1)).astype(np.float32)
    unit = m / norms[:, None]
    del m
    v = unit[ids[-1]].copy()
    unit @ v                                    # warm-up: BLAS threads start
    times, cpu = [], []
    for i in range(repeat):
        v = unit[ids[i % len(ids)]].copy()
        a, c = time.perf_counter(), time.process_time()
        scores = unit @ v
        top = np.argpartition(scores, -11)[-11:]
        top = top[np.argsort(-scores[top])]
        times.append(time.perf_counter() - a)
        cpu.append(time.process_time() - c)
    a = time.perf_counter()
    for i in range(repeat):
        scores = unit @ v
    gemv = (time.perf_counter() - a) / repeat
    print(json.dumps({"median_s": statistics.median(times), "min_s": min(times),
                      "max_s": max(times), "cpu_median_s": statistics.median(cpu),
                      "gemv_only_s": gemv, "n": repeat,
                      "bytes": unit.nbytes}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
