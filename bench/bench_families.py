#!/usr/bin/python3
"""bench_families.py - every encoder family's forward pass, vecscope against
torch, at one thread (issue 15).

Run through bench/run-families.sh, which makes the folders first
(tests/gen-families-reference.py --bench FAMILY DIR: random F32 weights of a
MiniLM-L6 shape, hidden 384, 6 layers, 12 heads, FF 1536, vocabulary 8000;
ALBERT and ELECTRA embed in 128 and project; ALBERT's 6 layers share one
group and use gelu_new). For each family, in the same run:

  vecscope  one forward of 128 tokens: `embed` of a 126-word text, timed as
            (t(N) - t(1)) / (N - 1) over two processes, so that start-up and
            loading cancel
  torch     tests/gen-families-reference.py --time: the same family's
            reference forward (plain torch 1.13 ops, the pass the tests
            compare with), the mean of 10 forwards after a warm-up, one
            thread (torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1)

each in wall time and in CPU time (the processes' user + system time: on a
machine that other work keeps busy, a one-thread program's CPU time moves
far less than its wall time). The two sides run interleaved, R rounds of a
vecscope pair then a torch run, so that a change in the machine's load
hits both; each figure is the median of its R. Prints the ratios
vecscope / torch (target: at most 1.00). Exit status 0 whatever the
figures are.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PY = "/usr/bin/python3"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(TOP, "tests", "gen-families-reference.py")
FAMILIES = ["bert", "distilbert", "roberta", "xlm-roberta", "camembert",
            "albert", "electra"]
T = 128
# 126 words w5..w130, one piece each, and the two special tokens
TEXT = " ".join("w%d" % (5 + i) for i in range(T - 2))


def env1():
    e = dict(os.environ)
    e["OPENBLAS_NUM_THREADS"] = "1"
    e["OMP_NUM_THREADS"] = "1"
    return e


def run_vsc(args, folder, n):
    """(wall, CPU) seconds of one vecscope process running `embed TEXT` n
    times."""
    with tempfile.NamedTemporaryFile("w", suffix=".vsc", delete=False) as f:
        f.write(("embed --pool mean %s\n" % TEXT) * n)
        script = f.name
    try:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run([args.vecscope, "-q", "--tsv", "--threads", "1",
                            folder, "-f", script],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           env=env1())
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(script)
    if p.returncode != 0:
        raise RuntimeError("vecscope exited %d: %s"
                           % (p.returncode, p.stderr.decode()[-300:]))
    return dt, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def vecscope_ms(args, folder):
    """(wall, CPU) ms of one forward, from one pair of processes."""
    w1, c1 = run_vsc(args, folder, 1)
    wn, cn = run_vsc(args, folder, args.n)
    wall, cpu = (wn - w1) / (args.n - 1) * 1000, (cn - c1) / (args.n - 1) * 1000
    if args.verbose:
        print("  vecscope %s: t(1)=%.3f t(%d)=%.3f -> %.1f ms, cpu %.1f ms"
              % (os.path.basename(folder), w1, args.n, wn, wall, cpu),
              file=sys.stderr, flush=True)
    return wall, cpu


def torch_ms(args, folder):
    """(wall, CPU) ms of one forward: means of 10."""
    p = subprocess.run([PY, GEN, "--time", folder, "--threads", "1"],
                       env=env1(), capture_output=True, text=True)
    m = re.search(r" mean = ([0-9.]+) ms, cpu mean = ([0-9.]+) ms", p.stdout)
    if not m:
        raise RuntimeError("torch --time failed: " + (p.stderr or p.stdout)[-300:])
    if args.verbose:
        print("  " + p.stdout.strip(), file=sys.stderr, flush=True)
    return float(m.group(1)), float(m.group(2))


def tokens(args, folder):
    p = subprocess.run([args.vecscope, "-q", "--tsv", folder, "-c",
                        "tokenize " + TEXT], capture_output=True, text=True)
    return len(p.stdout.splitlines()) + 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True, help="folder of the family folders")
    ap.add_argument("--vecscope", required=True)
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("-n", type=int, default=11, help="forwards in the long process")
    ap.add_argument("--repeat", type=int, default=3, help="process pairs per figure")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    rows = []
    for fam in args.families.split(","):
        folder = os.path.join(args.root, fam)
        try:
            n = tokens(args, folder)
            vw, vc, tw, tc = [], [], [], []
            for _ in range(args.repeat):
                w, c = vecscope_ms(args, folder)
                vw.append(w)
                vc.append(c)
                w, c = torch_ms(args, folder)
                tw.append(w)
                tc.append(c)
            v, t = statistics.median(vw), statistics.median(tw)
            vcpu, tcpu = statistics.median(vc), statistics.median(tc)
            rows.append((fam, "%d" % n, "%.1f" % v, "%.1f" % t, "%.2f" % (v / t),
                         "%.1f" % vcpu, "%.1f" % tcpu, "%.2f" % (vcpu / tcpu),
                         "PASS" if vcpu <= tcpu else "FAIL"))
        except Exception as e:  # noqa: BLE001 - a benchmark reports and goes on
            print("bench_families: %s: %s" % (fam, e), file=sys.stderr)
            rows.append((fam, "-", "error", "-", "-", "-", "-", "-", "SKIP"))
    hdr = ("family", "tokens", "vecscope ms", "torch ms", "wall ratio",
           "vecscope cpu ms", "torch cpu ms", "cpu ratio", "<= 1.00")
    wid = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
    fmt = "  ".join("%%-%ds" % w for w in wid)
    print("one forward, 1 thread, hidden 384, 6 layers, 12 heads, FF 1536 "
          "(ALBERT, ELECTRA: E 128); medians of %d interleaved rounds" % args.repeat)
    print(fmt % hdr)
    print(fmt % tuple("-" * w for w in wid))
    for r in rows:
        print(fmt % r)
    print("load average: %.2f %.2f %.2f" % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
