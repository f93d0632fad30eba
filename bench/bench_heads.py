#!/usr/bin/python3
"""bench_heads.py - what `classify` adds to the encoder's forward pass
(target: under 1 ms for one sentence), with torch's head in the same run.

Makes (once) a random F32 sequence classifier of bert-base's width for BERT
(classifier over the pooler) and RoBERTa (dense -> tanh -> out_proj on
<s>) under $HEADS_DIR (default /tmp/vecscope-bench/heads) with
tests/gen-heads-reference.py --bench, builds bench/heads-driver (make
bench/heads-driver) and, for one sentence (--words 14 made-up words: 16
tokens), runs in turn, at one thread:

  vecscope  bench/heads-driver DIR TEXT: the forward (tokenizer + encoder),
            the head alone, and `classify TEXT` against `embed --pool cls
            TEXT` in one process (see heads-driver.c)
  torch     tests/gen-heads-reference.py --time DIR: the reference forward
            and head (the plain torch 1.13 pass the tests compare with)

and prints the medians of --repeat rounds (3), CPU time first (it hardly
moves when other work keeps the cores busy; wall time in brackets):
forward and head of both, and classify's extra over embed (the difference
of two forwards, so as noisy as a forward; the head alone is the steady
figure). PASS when both the head and the extra are under 1 ms of CPU.
Exit status 0 whatever the figures are; 1 when the data or the driver
cannot be made.

    /usr/bin/python3 bench/bench_heads.py [--repeat 3] [-n 20] [--words 14]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PY = "/usr/bin/python3"
GEN = os.path.join(TOP, "tests", "gen-heads-reference.py")


def fields(line):
    toks = line.split()
    return {toks[i]: toks[i + 1] for i in range(0, len(toks) - 1, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("-n", type=int, default=20, help="runs per driver process")
    ap.add_argument("--families", default="bert,roberta")
    ap.add_argument("--words", type=int, default=14,
                    help="words of the sentence (tokens: 2 more)")
    args = ap.parse_args()
    root = os.path.realpath(os.environ.get("HEADS_DIR", "/tmp/vecscope-bench/heads"))
    if root.startswith(os.path.realpath(TOP) + os.sep):
        print("bench_heads.py: HEADS_DIR is inside the source tree", file=sys.stderr)
        return 1
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", VECSCOPE_THREADS="1")
    if subprocess.run(["make", "-s", "-C", TOP, "bench/heads-driver"]).returncode:
        print("bench_heads.py: could not build bench/heads-driver", file=sys.stderr)
        return 1
    text = " ".join("w%d" % i for i in range(5, 5 + args.words))
    print("CPU time (wall time in brackets), medians of %d rounds, 1 thread" % args.repeat)
    print("family   tokens  vecscope fwd ms   torch fwd ms      vecscope head us  "
          "torch head us   classify - embed ms  < 1 ms")
    for fam in args.families.split(","):
        folder = os.path.join(root, fam)
        if not os.path.exists(os.path.join(folder, "model.safetensors")):
            os.makedirs(folder, exist_ok=True)
            if subprocess.run([PY, GEN, "--bench", fam, folder]).returncode:
                return 1
        vs, th = [], []
        for _ in range(args.repeat):
            out = subprocess.run([os.path.join(TOP, "bench", "heads-driver"), folder,
                                  text, str(args.n)], env=env, capture_output=True,
                                 text=True)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            vs.append(fields(out.stdout))
            out = subprocess.run([PY, GEN, "--time", folder, "--threads", "1",
                                  "--tokens", str(args.words + 2)],
                                 env=env, capture_output=True, text=True)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            th.append(fields(re.sub(r"^torch \S+ \S+ ", "", out.stdout.strip())))
        med = lambda rows, k: statistics.median(float(r[k]) for r in rows)
        both = lambda rows, k, unit: "%.1f (%.1f)" % (med(rows, k + "_cpu_" + unit),
                                                      med(rows, k + "_" + unit))
        extra = med(vs, "extra_cpu_ms")
        head = med(vs, "head_cpu_us") / 1000.0
        print("%-8s %-7s %-17s %-17s %-17s %-15s %-20s %s" % (
            fam, vs[0]["tokens"], both(vs, "forward", "ms"), both(th, "forward", "ms"),
            both(vs, "head", "us"), both(th, "head", "us"),
            "%.3f (%.3f)" % (extra, med(vs, "extra_ms")),
            "PASS" if head < 1.0 and extra < 1.0 else "FAIL"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
