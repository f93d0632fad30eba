#!/usr/bin/python3
"""bench_precision.py - vecscope's bert-base forward in f32, bf16 and int8
against torch's, at one thread (issue 18).

Run through bench/run-precision.sh, which makes the bert-base-shaped folder
first (tests/gen-bert-reference.py --bench). For a text of 126 words
w5 ... w130 (128 tokens), in the same run:

  vecscope  `vecscope -q --tsv --threads 1 --precision P DIR -f script`, the
            script running `embed TEXT` n times; one forward = (t(n) - t(1))
            / (n - 1) over two processes, so that start-up, loading and
            packing cancel
  torch     bench/ref_torch_encoder.py DIR: torch 1.13's fused encoder
            (nn.TransformerEncoder's fast path), a Hugging Face-style
            unfused one, and the unfused one after quantize_dynamic of its
            nn.Linear layers to qint8; the mean of `reps` forwards after two
            warm-ups, torch.set_num_threads(1)

each in wall time and in CPU time (user + system of the process: on a
machine that other work keeps busy, a one-thread program's CPU time moves
far less than its wall time). Both sides get OPENBLAS_NUM_THREADS=1 and
OMP_NUM_THREADS=1, and OPENBLAS_CORETYPE as set (run-precision.sh sets
SkylakeX unless told otherwise: Debian's OpenBLAS 0.3.21 does not know
recent CPUs and falls back to its Prescott kernels). The sides take turns,
R rounds of (vecscope f32, bf16, int8 pairs, then one torch process), and
every figure is the median of its R. Targets (CPU-time ratios):

  f32  vs torch fused      <= 0.90
  int8 vs torch int8       <= 1.00
  bf16 vs torch f32        <= 0.60   (the faster of fused and unfused)

Exit status 0 whatever the figures are.
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
HERE = os.path.dirname(os.path.abspath(__file__))
T = 128
TEXT = " ".join("w%d" % (5 + i) for i in range(T - 2))
PRECISIONS = ("f32", "bf16", "int8")


def env1():
    e = dict(os.environ)
    e["OPENBLAS_NUM_THREADS"] = "1"
    e["OMP_NUM_THREADS"] = "1"
    return e


def run_vsc(args, prec, n):
    """(wall, CPU) seconds of one vecscope process running `embed TEXT` n
    times at precision prec."""
    with tempfile.NamedTemporaryFile("w", suffix=".vsc", delete=False) as f:
        f.write(("embed %s\n" % TEXT) * n)
        script = f.name
    try:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run([args.vecscope, "-q", "--tsv", "--threads", "1",
                            "--precision", prec, args.dir, "-f", script],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env1())
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(script)
    if p.returncode != 0:
        raise RuntimeError("vecscope --precision %s exited %d: %s"
                           % (prec, p.returncode, p.stderr.decode()[-300:]))
    return dt, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def vecscope_ms(args, prec):
    w1, c1 = run_vsc(args, prec, 1)
    wn, cn = run_vsc(args, prec, args.n)
    wall, cpu = (wn - w1) / (args.n - 1) * 1000, (cn - c1) / (args.n - 1) * 1000
    if args.verbose:
        print("  vecscope %s: t(1)=%.3f t(%d)=%.3f -> %.1f ms, cpu %.1f ms"
              % (prec, w1, args.n, wn, wall, cpu), file=sys.stderr, flush=True)
    return wall, cpu


def torch_ms(args):
    """{model: (wall, CPU) ms} from one ref_torch_encoder.py process."""
    p = subprocess.run([PY, os.path.join(HERE, "ref_torch_encoder.py"), args.dir,
                        "--reps", str(args.reps)],
                       env=env1(), capture_output=True, text=True)
    got = {m.group(1): (float(m.group(2)), float(m.group(3)))
           for m in re.finditer(r"^(\w+): mean = ([0-9.]+) ms, cpu mean = ([0-9.]+) ms",
                                p.stdout, re.M)}
    if len(got) != 3:
        raise RuntimeError("ref_torch_encoder.py failed: " + (p.stderr or p.stdout)[-400:])
    if args.verbose:
        print("  " + p.stdout.strip().replace("\n", "\n  "), file=sys.stderr, flush=True)
    return got, p.stdout.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--vecscope", required=True)
    ap.add_argument("-n", type=int, default=11, help="forwards in the long process")
    ap.add_argument("--repeat", type=int, default=3, help="rounds")
    ap.add_argument("--reps", type=int, default=10, help="torch forwards per model")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    tok = subprocess.run([args.vecscope, "-q", "--tsv", args.dir, "-c", "tokenize " + TEXT],
                         capture_output=True, text=True)
    la0 = os.getloadavg()
    vs = {p: ([], []) for p in PRECISIONS}
    th = {m: ([], []) for m in ("fused", "unfused", "int8")}
    kernels = {}
    for p in PRECISIONS:
        out = subprocess.run([args.vecscope, "-q", "--tsv", "--precision", p, args.dir,
                              "-c", "info"], capture_output=True, text=True).stdout
        m = re.search(r"^kernel\t(\S+)", out, re.M)
        kernels[p] = m.group(1) if m else "?"
    torch_line = ""
    for _ in range(args.repeat):
        for p in PRECISIONS:
            w, c = vecscope_ms(args, p)
            vs[p][0].append(w)
            vs[p][1].append(c)
        got, torch_line = torch_ms(args)
        for m, (w, c) in got.items():
            th[m][0].append(w)
            th[m][1].append(c)
    med = {("vs", p): (statistics.median(vs[p][0]), statistics.median(vs[p][1]))
           for p in PRECISIONS}
    med.update({("t", m): (statistics.median(th[m][0]), statistics.median(th[m][1]))
                for m in th})
    best_f32 = min(("fused", "unfused"), key=lambda m: med[("t", m)][1])

    rows = []

    def row(name, mine, ref, refname, target):
        (vw, vc), (tw, tc) = med[mine], med[ref]
        ok = "info" if target is None else ("PASS" if vc / tc <= target else "FAIL")
        rows.append((name, "%.1f" % vw, "%.1f" % vc, "%s %.1f" % (refname, tw),
                     "%.1f" % tc, "%.2f" % (vw / tw), "%.2f" % (vc / tc),
                     "-" if target is None else "<= %.2f" % target, ok))

    row("f32 vs torch fused", ("vs", "f32"), ("t", "fused"), "fused", 0.90)
    row("f32 vs torch unfused", ("vs", "f32"), ("t", "unfused"), "unfused", None)
    row("int8 vs torch dynamic int8", ("vs", "int8"), ("t", "int8"), "int8", 1.00)
    row("bf16 vs torch f32 (%s)" % best_f32, ("vs", "bf16"), ("t", best_f32), best_f32, 0.60)
    row("bf16 vs vecscope f32", ("vs", "bf16"), ("vs", "f32"), "f32", None)
    row("int8 vs vecscope f32", ("vs", "int8"), ("vs", "f32"), "f32", None)

    print("bert-base forward, %d tokens (%d pieces + 2), 1 thread; medians of %d rounds"
          % (T, len(tok.stdout.splitlines()), args.repeat))
    print("vecscope kernels: f32 %s, bf16 %s, int8 %s; OPENBLAS_CORETYPE=%s"
          % (kernels["f32"], kernels["bf16"], kernels["int8"],
             os.environ.get("OPENBLAS_CORETYPE", "(unset)")))
    print(torch_line)
    hdr = ("figure", "vecscope ms", "cpu ms", "reference ms", "cpu ms", "wall ratio",
           "cpu ratio", "target", "result")
    wid = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
    fmt = "  ".join("%%-%ds" % w for w in wid)
    print(fmt % hdr)
    print(fmt % tuple("-" * w for w in wid))
    for r in rows:
        print(fmt % r)
    print("load average: %.2f at start, %.2f at end (1 min)" % (la0[0], os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
