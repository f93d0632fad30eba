#!/usr/bin/python3
"""bench_train.py - vecscope's `train word2vec` against gensim's Word2Vec,
side by side in one run, on the same corpus with the same parameters and
threads; and vecscope's `train glove` against the GloVe tool's model of the
same corpus (shared/data/models/glove/gutenberg-glove25), quality only.

For skip-gram and CBOW (both with negative sampling), for each seed, trains
one model with gensim 4.2 and one with vecscope, then scores both with the
same evaluator (vecscope's `eval analogy` and `eval sim`, whose figures equal
gensim's evaluate_word_analogies / evaluate_word_pairs): accuracy on
questions-words.txt and Spearman's rho on WordSim-353. Prints each run, the
means over the seeds, the differences in points, and the training speed:
corpus tokens x epochs / seconds of training (gensim: the train() call;
vecscope: the training phase it reports), plus the whole job (gensim:
build_vocab + train; vecscope: the whole process, reading the corpus,
writing and reopening the model).

The two tools run alternately (which goes first alternates by seed) and the
load average is printed, because the machine may be shared.

Run with Debian's python (gensim lives there):
    /usr/bin/python3 bench/bench_train.py [--epochs 5] [--seeds 1,2,3]
        [--threads 2] [--modes sg,cbow,glove] [--corpus PATH] [--vecscope PATH]
It exits 0 whatever the figures say; 1 when the data or a tool is missing.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(TOP), "shared", "data")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data"


def load():
    return "load %.2f %.2f %.2f" % os.getloadavg()


def vecscope_eval(vecscope, model, questions, pairs):
    """(analogy accuracy, WS353 spearman) of model, by vecscope's eval."""
    cmd = "load %s as m; eval analogy %s --tsv; eval sim %s --tsv" % (model, questions, pairs)
    out = subprocess.run([vecscope, "-q", "--tsv", "-c", cmd], capture_output=True,
                         text=True, check=True).stdout
    acc = rho = None
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] == "total":
            acc = float(f[3])
        elif f[0] == "spearman":
            rho = float(f[1])
    return acc, rho


def run_gensim(a, sg, seed, out):
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    alpha = 0.025 if sg else 0.05
    t0 = time.time()
    m = Word2Vec(vector_size=a.dim, window=a.window, min_count=a.min_count, sg=sg, hs=0,
                 negative=5, sample=1e-3, alpha=alpha, min_alpha=alpha * 1e-4,
                 workers=a.threads, epochs=a.epochs, seed=seed)
    m.build_vocab(LineSentence(a.corpus))
    t1 = time.time()
    m.train(LineSentence(a.corpus), total_examples=m.corpus_count, epochs=a.epochs)
    t2 = time.time()
    m.wv.save_word2vec_format(out, binary=True)
    return {"train_s": t2 - t1, "job_s": t2 - t0, "tokens": m.corpus_total_words,
            "vocab": len(m.wv)}


def run_vecscope(a, sg, seed, out):
    cmd = ("train word2vec %s %s %s --dim %d --window %d --min-count %d --epochs %d "
           "--threads %d --seed %d --binary --tsv" %
           (a.corpus, out, "--sg" if sg else "--cbow", a.dim, a.window, a.min_count,
            a.epochs, a.threads, seed))
    t0 = time.time()
    res = subprocess.run([a.vecscope, "-q", "-c", cmd], capture_output=True, text=True)
    t1 = time.time()
    if res.returncode != 0:
        sys.exit("vecscope failed: %s\n%s" % (cmd, res.stderr))
    rows = dict(line.split("\t", 1) for line in res.stdout.splitlines() if "\t" in line)
    return {"train_s": float(rows["seconds"]), "job_s": t1 - t0,
            "tokens": int(rows["corpus tokens"]), "vocab": int(rows["vocabulary"])}


def run_glove(a, work):
    """vecscope's GloVe with the settings of the GloVe tool's model in
    shared/data (vocab_count -min-count 10, cooccur -window-size 10, glove
    -vector-size 25 -iter 15 -x-max 10 -threads 1 -seed 1); both scored by
    vecscope's eval. The GloVe tool itself is not installed here, so its
    model is the one made by the data's provider, and only quality is
    compared."""
    ref = os.path.join(SHARED, "models", "glove", "gutenberg-glove25.txt")
    if not os.path.exists(ref):
        print("bench_train: %s is missing; GloVe skipped" % ref)
        return None
    out = os.path.join(work, "vecscope-glove25.bin")
    cmd = ("train glove %s %s --dim 25 --window 10 --min-count 10 --xmax 10 --epochs 15 "
           "--threads 1 --seed 1 --tsv" % (a.corpus, out))
    t0 = time.time()
    res = subprocess.run([a.vecscope, "-q", "-c", cmd], capture_output=True, text=True)
    t1 = time.time()
    if res.returncode != 0:
        sys.exit("vecscope failed: %s\n%s" % (cmd, res.stderr))
    rows = dict(line.split("\t", 1) for line in res.stdout.splitlines() if "\t" in line)
    mine = {"wps": float(rows["words/s"]), "job_s": t1 - t0}
    mine["analogy"], mine["ws353"] = vecscope_eval(a.vecscope, out, a.questions, a.pairs)
    os.unlink(out)
    theirs = {}
    theirs["analogy"], theirs["ws353"] = vecscope_eval(a.vecscope, ref, a.questions, a.pairs)
    return [("GloVe", theirs), ("vecscope", mine)]


def mean(xs):
    return sum(xs) / len(xs)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "gutenberg12.norm.txt"))
    p.add_argument("--questions", default=os.path.join(SHARED, "eval", "questions-words.txt"))
    p.add_argument("--pairs", default=os.path.join(SHARED, "eval", "gensim-wordsim353.tsv"))
    p.add_argument("--vecscope", default=os.path.join(TOP, "vecscope"))
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--modes", default="sg,cbow,glove",
                   help="sg, cbow (against gensim), glove (against the GloVe tool's model)")
    a = p.parse_args()
    for f in (a.corpus, a.questions, a.pairs):
        if not os.path.exists(f):
            print("bench_train: %s is missing (see shared/data/PROVENANCE.md); nothing run" % f)
            return 1
    if not os.access(a.vecscope, os.X_OK):
        print("bench_train: %s is not built; run make first" % a.vecscope)
        return 1
    try:
        import gensim
    except ImportError:
        print("bench_train: gensim is missing (apt-get install python3-gensim)")
        return 1
    seeds = [int(s) for s in a.seeds.split(",")]
    print("corpus %s; dim %d, window %d, min-count %d, negative 5, sample 1e-3, %d epochs, "
          "%d threads; gensim %s; %s; %d CPUs" %
          (a.corpus, a.dim, a.window, a.min_count, a.epochs, a.threads, gensim.__version__,
           load(), os.cpu_count()))
    work = tempfile.mkdtemp(prefix="bench-train-")
    summary = []
    for mode in [m for m in a.modes.split(",") if m in ("sg", "cbow")]:
        sg = 1 if mode == "sg" else 0
        res = {"gensim": [], "vecscope": []}
        print("\n%s with negative sampling" % ("skip-gram" if sg else "CBOW"))
        print("%-9s %4s %7s %9s %9s %10s %8s  %s" %
              ("tool", "seed", "vocab", "analogy", "ws353", "words/s", "job s", "load"))
        for k, seed in enumerate(seeds):
            order = ["gensim", "vecscope"] if k % 2 == 0 else ["vecscope", "gensim"]
            for tool in order:
                out = os.path.join(work, "%s-%s-%d.bin" % (tool, mode, seed))
                r = (run_gensim if tool == "gensim" else run_vecscope)(a, sg, seed, out)
                r["analogy"], r["ws353"] = vecscope_eval(a.vecscope, out, a.questions, a.pairs)
                r["wps"] = r["tokens"] * a.epochs / r["train_s"]
                os.unlink(out)
                res[tool].append(r)
                print("%-9s %4d %7d %9.4f %9.4f %10.0f %8.1f  %s" %
                      (tool, seed, r["vocab"], r["analogy"], r["ws353"], r["wps"], r["job_s"],
                       load()), flush=True)
        g, v = res["gensim"], res["vecscope"]
        line = {
            "mode": mode,
            "analogy": (mean([r["analogy"] for r in g]), mean([r["analogy"] for r in v])),
            "ws353": (mean([r["ws353"] for r in g]), mean([r["ws353"] for r in v])),
            "wps": (mean([r["wps"] for r in g]), mean([r["wps"] for r in v])),
            "job": (mean([r["job_s"] for r in g]), mean([r["job_s"] for r in v])),
        }
        summary.append(line)
    glove = None
    if "glove" in a.modes.split(","):
        glove = run_glove(a, work)
    os.rmdir(work)
    if summary:
        print("\nmeans over seeds %s (vecscope - gensim in points; speed as vecscope / gensim)"
              % a.seeds)
        print("%-5s %-16s %-16s %-22s %s" % ("mode", "analogy g / v", "ws353 g / v",
                                              "train words/s g / v", "job s g / v"))
    for s in summary:
        print("%-5s %.4f / %.4f  %.4f / %.4f  %8.0f / %8.0f  %6.1f / %6.1f" %
              (s["mode"], s["analogy"][0], s["analogy"][1], s["ws353"][0], s["ws353"][1],
               s["wps"][0], s["wps"][1], s["job"][0], s["job"][1]))
        print("      analogy %+.2f points, ws353 %+.2f points, words/s ratio %.2f, "
              "job-time ratio %.2f" %
              (100 * (s["analogy"][1] - s["analogy"][0]), 100 * (s["ws353"][1] - s["ws353"][0]),
               s["wps"][1] / s["wps"][0], s["job"][0] / s["job"][1]))
    if glove is not None:
        print("\nGloVe, settings of shared/data/models/glove/gutenberg-glove25 (the GloVe "
              "tool's model, 1 thread, seed 1)")
        print("%-9s %9s %9s %10s %8s" % ("model", "analogy", "ws353", "words/s", "s"))
        for name, r in glove:
            print("%-9s %9.4f %9.4f %10s %8s" % (name, r["analogy"], r["ws353"],
                                                  "%.0f" % r["wps"] if "wps" in r else "-",
                                                  "%.1f" % r["job_s"] if "job_s" in r else "-"))
        print("      analogy %+.2f points, ws353 %+.2f points" %
              (100 * (glove[1][1]["analogy"] - glove[0][1]["analogy"]),
               100 * (glove[1][1]["ws353"] - glove[0][1]["ws353"])))
    print("\n%s" % load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
