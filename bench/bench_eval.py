#!/usr/bin/python3
"""bench_eval.py - `eval analogy` against gensim's evaluate_word_analogies, in one run.

Issue 3's speed target: the full questions-words.txt (19,544 questions) on a
400,000 x 300 model with restrict_vocab 300000, at least 10x faster than
gensim 4.2 on the same model and file. Also reports the bound this machine's
sgemm sets (numpy's matmul, the same OpenBLAS vecscope links) and, as a
sanity check, that both give the same counts.

The model is synthetic (made once in BENCH_DIR from a fixed seed): every
distinct word of questions-words.txt, lower-cased, at spread-out ranks below
300,000, the rest random lowercase strings; Gaussian vectors. So every
question is answered, as on a real large model.

Issue 18's target: eval analogy through the model's 8-bit copy at least
1.5x faster than before. Measured in the same run against the f32
products (`--exact-scan`, the same answers) and, with --before BIN,
against another vecscope binary (the one-product-per-block f32 path before
the batched top-k); the counts must be equal.

Usage: bench_eval.py QUESTIONS_WORDS VECSCOPE [--bench-dir D] [--words N]
       [--dim D] [--repeat R] [--model M.bin] [--before BIN] [--skip-gensim]
With --model, that word2vec binary is used instead of the synthetic one
(e.g. tests/data/gutenberg-w2v-cbow32.bin).
Exits 0 whatever the figures; 1 when a run fails.
"""
import argparse
import os
import resource
import subprocess
import sys
import time

import numpy as np

SEED = 20260301


def make_model(path, questions, n, dim):
    stamp = path + '.stamp'
    want = 'v2 words=%d dim=%d seed=%d questions=%s' % (n, dim, SEED, os.path.getsize(questions))
    if os.path.exists(path) and os.path.exists(stamp) and open(stamp).read() == want:
        return
    rng = np.random.default_rng(SEED)
    qwords = []
    seen = set()
    with open(questions, encoding='utf-8') as f:
        for line in f:
            if line.startswith(':'):
                continue
            for w in line.split():
                w = w.lower()
                if w not in seen:
                    seen.add(w)
                    qwords.append(w)
    letters = np.frombuffer(b'abcdefghijklmnopqrstuvwxyz', dtype=np.uint8)
    words = []
    while len(words) < n:
        m = n
        lens = rng.integers(3, 14, size=m)
        chars = letters[rng.integers(0, 26, size=(m, 13))]
        for i in range(m):
            w = chars[i, :lens[i]].tobytes().decode() + 'x'   # never a question word
            if w not in seen:
                seen.add(w)
                words.append(w)
                if len(words) == n:
                    break
    # question words at random distinct ranks below min(n, 300000)
    ranks = rng.choice(min(n, 300000), size=len(qwords), replace=False)
    for w, r in zip(qwords, ranks):
        words[r] = w
    vecs = rng.standard_normal((n, dim), dtype=np.float32)
    vecs *= rng.lognormal(0.0, 0.3, size=(n, 1)).astype(np.float32)
    # structure, so that a fair share of the questions is answered right and
    # the counts compared with gensim's mean something: in each section the
    # second word of a pair is the first plus the section's offset
    row = {w: i for i, w in enumerate(words)}
    done = set()
    offset = None
    with open(questions, encoding='utf-8') as f:
        for line in f:
            if line.startswith(':'):
                offset = rng.standard_normal(dim).astype(np.float32) * 0.7
                continue
            ws = [w.lower() for w in line.split()]
            if len(ws) != 4 or offset is None:
                continue
            for x, y in ((ws[0], ws[1]), (ws[2], ws[3])):
                if y not in done and y != x:
                    vecs[row[y]] = vecs[row[x]] + offset + \
                        0.6 * rng.standard_normal(dim).astype(np.float32)
                    done.add(y)
                done.add(x)
    with open(path, 'wb') as f:
        f.write(b'%d %d\n' % (n, dim))
        for w, v in zip(words, vecs):
            f.write(w.encode() + b' ' + v.astype('<f4').tobytes() + b'\n')
    with open(stamp, 'w') as f:
        f.write(want)


def run_vecscope(vecscope, model, cmds):
    """Wall and CPU (user + sys, all threads) seconds of one vecscope run."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run([vecscope, '-q', '--tsv', model, '-c', cmds], capture_output=True)
    dt = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode(errors='replace'))
        sys.exit(1)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return dt, r.stdout.decode(), cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('questions')
    ap.add_argument('vecscope')
    ap.add_argument('--bench-dir', default=os.environ.get('BENCH_DIR', '/tmp/vecscope-bench'))
    ap.add_argument('--words', type=int, default=400000)
    ap.add_argument('--dim', type=int, default=300)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--model')
    ap.add_argument('--skip-gensim', action='store_true')
    ap.add_argument('--before', help='an earlier vecscope binary, timed in the same run')
    a = ap.parse_args()

    if a.model:
        model = a.model
    else:
        os.makedirs(a.bench_dir, exist_ok=True)
        model = os.path.join(a.bench_dir, 'analogy-%dx%d.bin' % (a.words, a.dim))
        t = time.perf_counter()
        make_model(model, a.questions, a.words, a.dim)
        print('model %s (%.1f s to make or check)' % (model, time.perf_counter() - t))
    q = os.path.abspath(a.questions)

    # vecscope: load + eval, minus load alone (best of --repeat each)
    cmd = 'eval analogy "%s" --restrict 300000' % q
    loads = [run_vecscope(a.vecscope, model, 'models') for _ in range(a.repeat)]
    runs = [run_vecscope(a.vecscope, model, cmd) for _ in range(a.repeat)]
    load, load_cpu = min(r[0] for r in loads), min(r[2] for r in loads)
    both, both_cpu = min(r[0] for r in runs), min(r[2] for r in runs)
    out = runs[0][1]
    total = [l for l in out.splitlines() if l.startswith('total\t')][0].split('\t')
    vs_eval, vs_cpu = both - load, both_cpu - load_cpu
    print('vecscope: %s/%s right; load+eval %.2f s, load %.2f s -> eval %.2f s wall, '
          '%.2f s CPU (all threads)' % (total[1], total[2], both, load, vs_eval, vs_cpu))

    def other(binary, extra, what):
        ld = load if binary == a.vecscope else \
            min(run_vecscope(binary, model, 'models')[0] for _ in range(a.repeat))
        rs = [run_vecscope(binary, model, cmd + extra) for _ in range(a.repeat)]
        t = min(r[0] for r in rs) - ld
        tot = [l for l in rs[0][1].splitlines() if l.startswith('total\t')][0].split('\t')
        print('%s: %s/%s right; eval %.2f s wall -> ratio %s / 8-bit %.2fx; counts %s'
              % (what, tot[1], tot[2], t, what, t / vs_eval,
                 'equal' if tot[1:3] == total[1:3] else 'DIFFER'))
    other(a.vecscope, ' --exact-scan', 'f32 (--exact-scan)')
    if a.before:
        other(a.before, '', 'before')

    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(model, binary=True)
    kv.fill_norms()
    nq = 0
    ok = {k.upper() for k in kv.index_to_key[:300000]}
    with open(q, encoding='utf-8') as f:
        for line in f:
            w = line.split()
            if not line.startswith(': ') and len(w) == 4 and all(x.upper() in ok for x in w):
                nq += 1
    n = min(300000, len(kv))
    # the sgemm bound: the same products as one matmul, at this machine's rate
    A = np.random.default_rng(1).standard_normal((256, kv.vector_size), dtype=np.float32)
    W = kv.vectors[:min(n, 65536)]
    A @ W.T
    t = time.perf_counter()
    for _ in range(3):
        A @ W.T
    dt = (time.perf_counter() - t) / 3
    rate = 2.0 * 256 * W.shape[0] * kv.vector_size / dt
    bound = 2.0 * nq * n * kv.vector_size / rate
    print('sgemm (numpy/OpenBLAS, 256 x %d x %d): %.1f GFLOP/s -> one product per question '
          '(%d questions x %d words) needs at least %.2f s; vecscope takes %.2f s, %.1fx past '
          'that bound (it takes one product per distinct word)'
          % (W.shape[0], kv.vector_size, rate / 1e9, nq, n, bound, vs_eval, bound / vs_eval))
    if a.skip_gensim:
        return
    t, c = time.perf_counter(), time.process_time()
    score, sections = kv.evaluate_word_analogies(q, restrict_vocab=300000)
    g, gcpu = time.perf_counter() - t, time.process_time() - c
    gt = sections[-1]
    gc, gs = len(gt['correct']), len(gt['correct']) + len(gt['incorrect'])
    same = (str(gc), str(gs)) == (total[1], total[2])
    print('gensim:   %d/%d right; evaluate_word_analogies %.2f s wall, %.2f s CPU'
          % (gc, gs, g, gcpu))
    print('ratio gensim / vecscope (eval only): %.1fx wall, %.1fx CPU  [target >= 10x: %s]; '
          'counts %s' % (g / vs_eval, gcpu / vs_cpu, 'PASS' if g / vs_eval >= 10 else 'FAIL',
                         'equal' if same else 'DIFFER'))


if __name__ == '__main__':
    main()
