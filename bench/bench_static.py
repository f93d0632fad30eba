#!/usr/bin/python3
"""bench_static.py - the measurements behind run-static.sh (start it there).

Times vecscope and the reference tools (gensim 4.2, numpy) on the synthetic
400,000 x 300 model that make-synthetic.py wrote into --dir, side by side, and
prints one table: figure, reference figure, ratio, target, PASS/FAIL.

Every whole-process time is taken here, from outside, with the same timer
(time.perf_counter around fork/exec .. wait4) for vecscope and for the
Python references; max RSS comes from /usr/bin/time -f %M. Model files are
read once before timing so that every run finds them in the page cache
("cold-ish": a fresh process, a warm file). Each whole-process figure is the
median of --repeat runs (default 3).

Exit status: 0 whatever the figures say (a benchmark is not a test); 1 when
a run crashed (killed by a signal) or the data is missing.
"""
import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

PY = "/usr/bin/python3"
MATRIX_BYTES = 400000 * 300 * 4          # 480,000,000 bytes = "480 MB"


class Bench:
    def __init__(self, a):
        self.a = a
        self.dir = a.dir
        self.here = os.path.dirname(os.path.abspath(__file__))
        self.vs = a.vecscope
        self.rows = []          # (label, ours, ref, ratio, target, verdict)
        self.notes = []
        self.crashed = []
        self.tmp = tempfile.mkdtemp(prefix="vsbench-")
        self.models = {k: os.path.join(self.dir, "synth." + k)
                       for k in ("bin", "txt", "npy", "vsc")}
        self.queries = open(os.path.join(self.dir, "queries.txt")).read().split()
        self.word = self.queries[0]

    # --- running things ---------------------------------------------------

    def run(self, argv, env=None, label=None):
        """Runs argv once; returns dict(wall, rss_kb, rc, out, err)."""
        env_full = dict(os.environ)
        if env:
            for k, v in env.items():
                if v is None:
                    env_full.pop(k, None)
                else:
                    env_full[k] = v
        with open(os.path.join(self.tmp, "out"), "w+b") as fo, \
                open(os.path.join(self.tmp, "err"), "w+b") as fe:
            t0 = time.perf_counter()
            p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=fo,
                                 stderr=fe, env=env_full)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            fo.seek(0)
            fe.seek(0)
            out = fo.read().decode("utf-8", "replace")
            err = fe.read().decode("utf-8", "replace")
        r = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kb": ru.ru_maxrss,
             "rc": p.returncode, "out": out, "err": err, "argv": argv}
        if p.returncode < 0:
            self.crashed.append("%s: killed by signal %d" %
                                (label or shlex.join(argv), -p.returncode))
        if self.a.verbose:
            print("  [%.3f s wall, %.3f s cpu, %d KiB, rc %d] %s" %
                  (wall, r["cpu"], ru.ru_maxrss, p.returncode, shlex.join(argv)),
                  file=sys.stderr)
        return r

    def timed(self, argv, env=None, label=None, n=None):
        """Runs argv n times; returns the runs and the median wall time, or
        None for the median when any run failed."""
        return self.interleaved([(argv, env, label)], n)[0]

    def interleaved(self, jobs, n=None):
        """Runs the (argv, env, label) jobs round-robin, n rounds (A B A B
        ...), so that every job sees the same mix of quiet and busy moments
        on a shared machine. Returns one (runs, median wall or None) per job;
        a job that fails is dropped from later rounds."""
        out = [([], None) for _ in jobs]
        alive = [True] * len(jobs)
        for _ in range(n or self.a.repeat):
            for i, (argv, env, label) in enumerate(jobs):
                if not alive[i]:
                    continue
                r = self.run(argv, env, label)
                out[i][0].append(r)
                if r["rc"] != 0:
                    self.fail(label or shlex.join(argv), r)
                    alive[i] = False
        return [(runs, statistics.median(r["wall"] for r in runs) if alive[i] else None)
                for i, (runs, _) in enumerate(out)]

    def spread(self, what, runs):
        """A note with the runs' wall times and median CPU time: on a busy
        machine the CPU time (user + sys) moves less than the wall time."""
        if runs and all(r["rc"] == 0 for r in runs):
            self.notes.append("%s: wall %s s; median cpu %.3f s" %
                              (what, " / ".join("%.3f" % r["wall"] for r in runs),
                               statistics.median(r["cpu"] for r in runs)))

    def fail(self, label, r):
        tail = (r["err"].strip().splitlines() or ["(no message)"])[-1]
        self.notes.append("%s: exit status %d: %s" % (label, r["rc"], tail))

    def maxrss(self, argv, label):
        """Max RSS in bytes, by /usr/bin/time -f %M (KiB)."""
        out = os.path.join(self.tmp, "time")
        r = self.run(["/usr/bin/time", "-f", "%M", "-o", out] + argv, label=label)
        if r["rc"] != 0:
            self.fail(label, r)
            return None
        return int(open(out).read().split()[-1]) * 1024

    def status(self, msg):
        print("== " + msg, file=sys.stderr, flush=True)

    # --- table ------------------------------------------------------------

    def row(self, label, ours, ref, ratio, target, verdict):
        self.rows.append((label, ours, ref, ratio, target, verdict))

    def skip(self, label, target, why):
        self.rows.append((label, "-", "-", "-", target, "SKIP"))
        self.notes.append("%s: skipped: %s" % (label, why))


def s_fmt(x):
    return "-" if x is None else "%.3f s" % x


def ms_fmt(x):
    return "-" if x is None else "%.2f ms" % (x * 1e3)


def mb_fmt(x):
    return "-" if x is None else "%.0f MB" % (x / 1e6)


def parse_tsv(text):
    rows = []
    for line in text.splitlines():
        f = line.split("\t")
        if len(f) == 2:
            try:
                rows.append((f[0], float(f[1])))
            except ValueError:
                pass
    return rows


def agree(a, b):
    """'same 10 words, max |d score| 3e-07' or what differs."""
    if not a or not b:
        return "no answer to compare"
    wa, wb = [w for w, _ in a], [w for w, _ in b]
    d = max(abs(x - y) for (_, x), (_, y) in zip(a, b))
    if wa == wb:
        return "same %d words in the same order, max |score diff| %.1g" % (len(wa), d)
    return "DIFFERENT answers: vecscope %s... vs gensim %s..." % (wa[:3], wb[:3])


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return "%s, %d cores, %.1f GiB RAM, Linux %s" % (cpu, os.cpu_count(), mem / 2**30,
                                                     platform.release())


def warm_cache(paths):
    """Reads each file once so that runs find it in the page cache."""
    buf = bytearray(16 << 20)
    for p in paths:
        if os.path.exists(p):
            with open(p, "rb", buffering=0) as f:
                while f.readinto(buf):
                    pass


def vecscope_ok(b):
    if not (os.path.isfile(b.vs) and os.access(b.vs, os.X_OK)):
        return "no vecscope program at %s (build it: autoreconf -fi && ./configure "\
               "&& make, or set VECSCOPE)" % b.vs
    r = b.run([b.vs, "--version"])
    if r["rc"] != 0:
        return "%s --version failed (exit %d)" % (b.vs, r["rc"])
    b.vs_version = r["out"].splitlines()[0] if r["out"] else "?"
    return None


def gensim_ok(b):
    r = b.run([PY, "-c", "import gensim, numpy; print(gensim.__version__, numpy.__version__)"])
    if r["rc"] != 0:
        return "%s cannot import gensim and numpy (apt-get install python3-gensim)" % PY
    b.ref_versions = r["out"].strip()
    return None


# --- the measurements ----------------------------------------------------------

def first_answer(b, have_vs, have_gs):
    """Whole process: start, load, one nn (and gensim's load + most_similar),
    vecscope and gensim runs alternating."""
    res = {}
    for kind, name in (("bin", "word2vec binary"), ("txt", "word2vec text")):
        label = "first answer, %s" % name
        path = b.models[kind]
        jobs, keys = [], []
        if have_vs:
            jobs.append(([b.vs, "--tsv", path, "-c", "nn %s -k 10" % b.word], None,
                         "vecscope " + label))
            keys.append("vs")
        if have_gs:
            jobs.append(([PY, os.path.join(b.here, "ref_gensim.py"), "first", path, kind,
                          b.word], None, "gensim " + label))
            keys.append("gs")
        if not jobs:
            b.skip(label, "gensim/vecscope >= 10", "neither program can run")
            continue
        b.status("%s: %s, %d rounds%s" % (label, " and ".join(keys), b.a.repeat,
                                           " (gensim is slow)" if have_gs else ""))
        got = dict(zip(keys, b.interleaved(jobs)))
        t, rows, cpu = {}, {}, {}
        for k, (runs, med) in got.items():
            b.spread(("vecscope " if k == "vs" else "gensim ") + label, runs)
            t[k] = med
            if med is not None:
                rows[k] = parse_tsv(runs[-1]["out"])
                cpu[k] = statistics.median(r["cpu"] for r in runs)
                res[k + "_" + kind] = med
        vs_t, gs_t = t.get("vs"), t.get("gs")
        if vs_t is not None and gs_t is not None:
            ratio = gs_t / vs_t
            b.row(label, s_fmt(vs_t), "gensim " + s_fmt(gs_t), "%.1fx" % ratio,
                  "gensim/vecscope >= 10", "PASS" if ratio >= 10 else "FAIL")
            b.notes.append("%s: %s" % (label, agree(rows.get("vs"), rows.get("gs"))))
            b.notes.append("%s by CPU time: gensim/vecscope %.1fx (gensim runs on one "
                           "thread, so on an idle machine the wall-time ratio is at "
                           "least this)" % (label, cpu["gs"] / cpu["vs"]))
        else:
            b.row(label, s_fmt(vs_t), "gensim " + s_fmt(gs_t), "-",
                  "gensim/vecscope >= 10", "SKIP")
    return res


def native_cache(b, have_vs, fa):
    """save once, then open (info) and open + nn."""
    label = "native cache: open (info)"
    vsc = b.models["vsc"]
    if not have_vs:
        b.skip(label, "< 0.100 s", "no vecscope")
        b.skip("native cache: first answer (nn)", "info", "no vecscope")
        return False
    b.status("native cache: save once")
    if os.path.exists(vsc):
        os.unlink(vsc)
    r = b.run([b.vs, b.models["bin"], "-c", "save %s" % vsc], label="vecscope save")
    if r["rc"] != 0 or not os.path.exists(vsc):
        b.fail("vecscope save", r)
        b.skip(label, "< 0.100 s", "save failed")
        b.skip("native cache: first answer (nn)", "info", "save failed")
        return False
    b.notes.append("save %s (from the binary): %.2f s once, file %.0f MB" %
                   (os.path.basename(vsc), r["wall"], os.path.getsize(vsc) / 1e6))
    warm_cache([vsc])
    b.status("native cache: open x%d" % b.a.repeat)
    runs, t = b.timed([b.vs, "--tsv", vsc, "-c", "info"], label="vecscope vsc info")
    b.spread("vecscope " + label, runs)
    if t is not None:
        b.row(label, s_fmt(t), "-", "-", "< 0.100 s", "PASS" if t < 0.1 else "FAIL")
    else:
        b.skip(label, "< 0.100 s", "vecscope failed")
    lab = "native cache: first answer (nn)"
    runs, t = b.timed([b.vs, "--tsv", vsc, "-c", "nn %s -k 10" % b.word],
                      label="vecscope vsc nn")
    b.spread("vecscope " + lab, runs)
    if t is not None and fa.get("gs_bin"):
        b.row(lab, s_fmt(t), "gensim bin " + s_fmt(fa["gs_bin"]),
              "%.1fx" % (fa["gs_bin"] / t), "(info)", "-")
    elif t is not None:
        b.row(lab, s_fmt(t), "-", "-", "(info)", "-")
    else:
        b.skip(lab, "(info)", "vecscope failed")
    return True


def vs_per_query(b, threads, got):
    """(t(50 queries) - t(1 query)) / 49 from the medians of the 1-query and
    the 50-query processes. Returns (wall, cpu) per query, or None."""
    (r1, t1), (rn, tn) = got
    n = b.a.queries
    b.spread("vecscope 1 query, threads %s" % threads, r1)
    b.spread("vecscope %d queries, threads %s" % (n, threads), rn)
    if t1 is None or tn is None:
        return None
    best = (min(r["wall"] for r in rn) - min(r["wall"] for r in r1)) / (n - 1)
    cpu = (statistics.median(r["cpu"] for r in rn) -
           statistics.median(r["cpu"] for r in r1)) / (n - 1)
    b.notes.append("vecscope per query, threads %s: from the fastest runs %s; "
                   "cpu per query %s" % (threads, ms_fmt(best), ms_fmt(cpu)))
    per = (tn - t1) / (n - 1)
    if per <= 0:
        b.notes.append("vecscope per query, threads %s: %d queries took no longer than "
                       "1 (noise); no figure" % (threads, n))
        return None
    return per, cpu


def ref_summary(got):
    """The in-process references print one JSON object per run; their
    figures are the medians over the runs of each run's median."""
    runs, med = got
    if med is None:
        return None
    js = [json.loads(r["out"].strip().splitlines()[-1]) for r in runs]
    out = {k: statistics.median(j[k] for j in js)
           for k in ("median_s", "min_s", "cpu_median_s")}
    out["min_s"] = min(j["min_s"] for j in js)
    out["runs"] = [j["median_s"] for j in js]
    if "gemv_only_s" in js[0]:
        out["gemv_only_s"] = statistics.median(j["gemv_only_s"] for j in js)
    if "warmup_s" in js[0]:
        out["warmup_s"] = statistics.median(j["warmup_s"] for j in js)
    return out


def per_query(b, have_vs, have_gs, have_vsc):
    """vecscope's time per nn query at default, 1 and 2 threads, with the
    numpy bound at the same BLAS thread count, and gensim's most_similar;
    each setting's vecscope and reference processes alternate, round by
    round, so that a busy spell on the machine hits both."""
    use = b.a.query_model
    if use == "vsc" and not have_vsc:
        use = "bin"
    model = b.models[use]
    q = b.queries[:b.a.queries]
    many = os.path.join(b.tmp, "q%d.vs" % len(q))
    one = os.path.join(b.tmp, "q1.vs")
    with open(many, "w") as f:
        f.write("".join("nn %s -k 10\n" % w for w in q))
    with open(one, "w") as f:
        f.write("nn %s -k 10\n" % q[0])
    b.notes.append("per-query vecscope model: %s; %d queries per process; references "
                   "%d calls per process, median over %d processes" %
                   (os.path.basename(model), len(q), b.a.inproc, b.a.repeat))
    ours, gs = {}, None
    for th in (None, 1, 2):
        name = "default threads" if th is None else "--threads %d" % th
        label = "one nn query, %s" % name
        jobs, keys = [], []
        if have_vs:
            opt = [] if th is None else ["--threads", str(th)]
            jobs += [([b.vs, "--tsv"] + opt + [model, "-f", one], None,
                      "vecscope 1 query, threads %s" % th),
                     ([b.vs, "--tsv"] + opt + [model, "-f", many], None,
                      "vecscope %d queries, threads %s" % (len(q), th))]
            keys += ["vs1", "vsn"]
        if have_gs:
            env = {} if th is None else {"OPENBLAS_NUM_THREADS": str(th)}
            jobs.append(([PY, os.path.join(b.here, "ref_numpy.py"), b.models["npy"],
                          os.path.join(b.dir, "queries.idx"), str(b.a.inproc)], env,
                         "numpy bound, threads %s" % th))
            keys.append("np")
            if th is None:
                jobs.append(([PY, os.path.join(b.here, "ref_gensim.py"), "query",
                              b.models["bin"], "bin", os.path.join(b.dir, "queries.txt"),
                              str(b.a.inproc)], None, "gensim in-process"))
                keys.append("gs")
        b.status("%s: %s, %d rounds" % (label, " ".join(keys), b.a.repeat))
        got = dict(zip(keys, b.interleaved(jobs))) if jobs else {}
        vsr = vs_per_query(b, th, (got["vs1"], got["vsn"])) if have_vs else None
        vs, vs_cpu = vsr if vsr else (None, None)
        ours[th] = vs
        npb = ref_summary(got["np"]) if "np" in got else None
        if "gs" in got:
            gs = ref_summary(got["gs"])
        np_t = npb["median_s"] if npb else None
        ref = "numpy%s %s" % ("" if th is None else "(%dT)" % th, ms_fmt(np_t))
        if npb:
            b.notes.append("numpy bound, %s: median %s (per process: %s), min %s, sgemv "
                           "alone %s, cpu %s" %
                           (name, ms_fmt(npb["median_s"]),
                            " / ".join(ms_fmt(x) for x in npb["runs"]),
                            ms_fmt(npb["min_s"]), ms_fmt(npb["gemv_only_s"]),
                            ms_fmt(npb["cpu_median_s"])))
            if th == 1 and vs_cpu and vs_cpu > 0:
                b.notes.append("one nn query, --threads 1, by CPU time (robust to a busy "
                               "machine): vecscope %s, numpy %s, numpy/vecscope %.2fx" %
                               (ms_fmt(vs_cpu), ms_fmt(npb["cpu_median_s"]),
                                npb["cpu_median_s"] / vs_cpu))
        if vs is not None and np_t is not None:
            ratio = np_t / vs
            b.row(label, ms_fmt(vs), ref, "%.2fx" % ratio, "numpy/vecscope >= 1",
                  "PASS" if ratio >= 1 else "FAIL")
        else:
            b.row(label, ms_fmt(vs), ref, "-", "numpy/vecscope >= 1", "SKIP")
            if vs is None:
                b.notes.append("%s: no vecscope figure" % label)
    label = "one nn query vs gensim most_similar"
    if gs:
        b.notes.append("gensim most_similar: median %s (per process: %s), min %s, cpu %s "
                       "(after a warm-up call of %s)" %
                       (ms_fmt(gs["median_s"]), " / ".join(ms_fmt(x) for x in gs["runs"]),
                        ms_fmt(gs["min_s"]), ms_fmt(gs["cpu_median_s"]),
                        ms_fmt(gs["warmup_s"])))
    vs = ours.get(None)
    if vs is not None and gs is not None:
        ratio = gs["median_s"] / vs
        b.row(label, ms_fmt(vs), "gensim " + ms_fmt(gs["median_s"]), "%.2fx" % ratio,
              "gensim/vecscope > 1", "PASS" if ratio > 1 else "FAIL")
    else:
        b.row(label, ms_fmt(vs), "gensim " + ms_fmt(gs and gs["median_s"]), "-",
              "gensim/vecscope > 1", "SKIP")


def memory(b, have_vs, have_gs, have_vsc):
    label = "max RSS, binary load + nn"
    vs = gs = None
    b.status("max RSS")
    if have_vs:
        vs = b.maxrss([b.vs, "--tsv", b.models["bin"], "-c", "nn %s -k 10" % b.word],
                      "vecscope RSS bin")
    if have_gs:
        gs = b.maxrss([PY, os.path.join(b.here, "ref_gensim.py"), "first",
                       b.models["bin"], "bin", b.word], "gensim RSS bin")
    if vs is not None:
        ratio = vs / MATRIX_BYTES
        b.row(label, mb_fmt(vs), "matrix 480 MB", "%.2fx" % ratio,
              "vecscope/matrix <= 1.3", "PASS" if ratio <= 1.3 else "FAIL")
    else:
        b.skip(label, "vecscope/matrix <= 1.3", "no vecscope figure")
    if gs is not None:
        b.row("max RSS, gensim binary load + most_similar", mb_fmt(gs), "matrix 480 MB",
              "%.2fx" % (gs / MATRIX_BYTES), "(info)", "-")
    if have_vs:
        t = b.maxrss([b.vs, "--tsv", b.models["txt"], "-c", "nn %s -k 10" % b.word],
                     "vecscope RSS txt")
        if t is not None:
            b.row("max RSS, text load + nn", mb_fmt(t), "matrix 480 MB",
                  "%.2fx" % (t / MATRIX_BYTES), "(info)", "-")
    if have_vs and have_vsc:
        t = b.maxrss([b.vs, "--tsv", b.models["vsc"], "-c", "nn %s -k 10" % b.word],
                     "vecscope RSS vsc")
        if t is not None:
            b.row("max RSS, native cache + nn (file pages)", mb_fmt(t), "matrix 480 MB",
                  "%.2fx" % (t / MATRIX_BYTES), "(info)", "-")


def print_table(b, started):
    print()
    print("vecscope static-embedding benchmark (issue 2), synthetic 400,000 x 300 float32")
    print("machine:  %s" % machine())
    print("env:      OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s OPENBLAS_NUM_THREADS=%s" %
          (os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
           os.environ.get("OPENBLAS_L2_SIZE", "(unset)"),
           os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")))
    print("programs: %s; gensim, numpy %s (%s)" % (getattr(b, "vs_version", "vecscope: none"),
                                                 getattr(b, "ref_versions", "none"), PY))
    print("data:     %s; query word %s; whole-process times are medians of %d runs;"
          % (b.dir, b.word, b.a.repeat))
    print("          in-process reference times medians of %d calls" % b.a.inproc)
    print("load avg: %.2f at start, %.2f at end (1 min); %.0f s in all" %
          (started[1], os.getloadavg()[0], time.time() - started[0]))
    print()
    head = ("measure", "vecscope", "reference", "ratio", "target", "result")
    rows = [head] + [tuple(str(x) for x in r) for r in b.rows]
    w = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for i, r in enumerate(rows):
        print("  ".join(r[j].ljust(w[j]) for j in range(len(head))).rstrip())
        if i == 0:
            print("  ".join("-" * w[j] for j in range(len(head))))
    if b.notes:
        print()
        print("notes:")
        for n in b.notes:
            print("  - " + n)
    if b.crashed:
        print()
        print("CRASHED:")
        for c in b.crashed:
            print("  - " + c)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True, help="data made by make-synthetic.py")
    ap.add_argument("--vecscope", required=True, help="the vecscope program")
    ap.add_argument("--repeat", type=int, default=3, help="runs per whole-process figure")
    ap.add_argument("--queries", type=int, default=50, help="nn queries per process")
    ap.add_argument("--inproc", type=int, default=20, help="timed in-process reference calls")
    ap.add_argument("--query-model", choices=("vsc", "bin"), default="vsc",
                    help="model vecscope's per-query runs open (default: the native "
                    "cache, whose load time varies least; bin when there is none)")
    ap.add_argument("--only", default="first,cache,query,memory",
                    help="comma-separated parts to run (first,cache,query,memory)")
    ap.add_argument("-v", "--verbose", action="store_true", help="show every run")
    a = ap.parse_args()
    a.queries = max(2, min(a.queries, 50))
    started = (time.time(), os.getloadavg()[0])
    parts = set(a.only.split(","))

    b = Bench(a)
    missing = [p for k, p in b.models.items() if k != "vsc" and not os.path.exists(p)]
    if missing:
        print("bench: missing data %s; run make-synthetic.py" % missing, file=sys.stderr)
        return 1
    why = vecscope_ok(b)
    have_vs = why is None
    if why:
        print("bench: vecscope rows skipped: " + why, file=sys.stderr)
        b.notes.append("vecscope rows skipped: " + why)
    why = gensim_ok(b)
    have_gs = why is None
    if why:
        print("bench: reference rows skipped: " + why, file=sys.stderr)
        b.notes.append("reference rows skipped: " + why)

    b.status("reading the model files into the page cache")
    warm_cache([b.models["bin"], b.models["txt"], b.models["npy"]])
    fa = first_answer(b, have_vs, have_gs) if "first" in parts else {}
    have_vsc = native_cache(b, have_vs, fa) if "cache" in parts else \
        os.path.exists(b.models["vsc"])
    if "query" in parts:
        per_query(b, have_vs, have_gs, have_vsc)
    if "memory" in parts:
        memory(b, have_vs, have_gs, have_vsc)
    print_table(b, started)
    return 1 if b.crashed else 0


if __name__ == "__main__":
    sys.exit(main())
