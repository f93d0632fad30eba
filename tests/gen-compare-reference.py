#!/usr/bin/python3
"""gen-compare-reference.py - models and reference figures for `overlap` and
`align` (src/compare.c), computed with numpy.

Writes the models under tests/data/compare/ (word2vec text, %.6f):
  syn-a.txt     300 words x 16, Gaussian (seed 11)
  syn-b.txt     260 words: 220 of syn-a's (shuffled, so the shared words are
                not syn-b's first rows), syn-a's vectors times a random
                rotation, plus noise, and 40 words of its own; one shared
                word has a zero vector
  alice-s1.txt, alice-s2.txt
                gensim 4.2 Word2Vec (skip-gram, 16 dimensions, min_count 3,
                60 epochs, 1 worker) on tests/data/train/alice-120.txt with
                seeds 1 and 2: two runs on one corpus, the case alignment
                and stability studies look at

and the references under tests/ref/:
  overlap-NAME.tsv   "# mean M n N k K shared S", then "WORD<TAB>JACCARD<TAB>A"
                     per word compared, A = 1 when the k-th and (k+1)-th
                     cosines of the word lie within 1e-5 in either model (a
                     float32 search may then pick either)
  align-NAME.tsv     "# mean M n N shared S dim D", "R<TAB>..." rows of the
                     rotation, "cos<TAB>WORD<TAB>C" per fitted word, then
                     "vec<TAB>WORD<TAB>V1..VD" for every word of the second model

The overlap: each of the first `top` shared words (in the first model's
order) with a nonzero vector in both, its k nearest by cosine among the
shared words (itself left out, zero vectors never ranked, ties by the
earlier word), in float64; the Jaccard index of the two sets.
The alignment: the unit vectors of the first `top` shared words, A and B;
U, S, Vt = numpy.linalg.svd(B.T @ A); R = U @ Vt; every row of the second
model times R; each fitted word's cosine between the first model and that.

Run with Debian's python3 (python3-numpy, python3-gensim):
    /usr/bin/python3 tests/gen-compare-reference.py
"""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "compare")
REF = os.path.join(HERE, "ref")


def write_text(path, words, vecs):
    with open(path, "w", encoding="utf-8") as f:
        f.write("%d %d\n" % vecs.shape)
        for w, v in zip(words, vecs):
            f.write(w + " " + " ".join("%.6f" % x for x in v) + "\n")


def read_model(path):
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(path, binary=path.endswith(".bin"))
    return list(kv.index_to_key), kv.vectors.astype(np.float64)


def synthetic():
    rng = np.random.default_rng(11)
    words_a = ["w%03d" % i for i in range(300)]
    a = rng.standard_normal((300, 16)).astype(np.float32)
    q, _ = np.linalg.qr(rng.standard_normal((16, 16)))
    shared = rng.permutation(300)[:220]
    words_b = [words_a[i] for i in shared] + ["x%02d" % i for i in range(40)]
    b = np.concatenate([a[shared] @ q + 0.35 * rng.standard_normal((220, 16)),
                        rng.standard_normal((40, 16))]).astype(np.float32)
    b[7] = 0
    write_text(os.path.join(DATA, "syn-a.txt"), words_a, a)
    write_text(os.path.join(DATA, "syn-b.txt"), words_b, b)


def alice():
    from gensim.models import Word2Vec
    lines = open(os.path.join(HERE, "data", "train", "alice-120.txt"), encoding="utf-8")
    sents = [l.split() for l in lines]
    for seed in (1, 2):
        m = Word2Vec(sents, vector_size=16, sg=1, min_count=3, epochs=60, workers=1, seed=seed)
        write_text(os.path.join(DATA, "alice-s%d.txt" % seed), m.wv.index_to_key, m.wv.vectors)


def shared_rows(wa, wb):
    ib = {w: i for i, w in enumerate(wb)}
    pairs = [(i, ib[w]) for i, w in enumerate(wa) if w in ib]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


def unit(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, n, out=np.zeros_like(x), where=n > 0)


def knn(u, nonzero, i, k):
    """The k nearest rows of u to row i, and whether the k-th is a near tie."""
    c = u @ u[i]
    c[~nonzero] = -np.inf
    c[i] = -np.inf
    order = np.lexsort((np.arange(len(c)), -c))  # by cosine, then by row
    top = order[:k]
    near = k < len(c) and np.isfinite(c[order[k]]) and c[order[k - 1]] - c[order[k]] < 1e-5
    return set(top.tolist()), near


def overlap(name, pa, pb, top, k):
    wa, va = read_model(os.path.join(TOP, pa))
    wb, vb = read_model(os.path.join(TOP, pb))
    ra, rb = shared_rows(wa, wb)
    ua, ub = unit(va[ra]), unit(vb[rb])
    nza, nzb = np.linalg.norm(va[ra], axis=1) > 0, np.linalg.norm(vb[rb], axis=1) > 0
    s = len(ra)
    n = s if top == 0 else min(top, s)
    k = min(k, s - 1)
    rows = []
    for i in range(n):
        if not (nza[i] and nzb[i]):
            continue
        sa, na = knn(ua, nza, i, k)
        sb, nb = knn(ub, nzb, i, k)
        rows.append((wa[ra[i]], len(sa & sb) / len(sa | sb), int(na or nb)))
    mean = sum(r[1] for r in rows) / len(rows)
    with open(os.path.join(REF, "overlap-%s.tsv" % name), "w", encoding="utf-8") as f:
        f.write("# mean %.12f n %d k %d shared %d\n" % (mean, len(rows), k, s))
        for w, j, amb in rows:
            f.write("%s\t%.12f\t%d\n" % (w, j, amb))
    print("overlap-%s: mean %.6f over %d words, %d near ties" %
          (name, mean, len(rows), sum(r[2] for r in rows)), file=sys.stderr)


def align(name, pa, pb, top):
    wa, va = read_model(os.path.join(TOP, pa))
    wb, vb = read_model(os.path.join(TOP, pb))
    ra, rb = shared_rows(wa, wb)
    n = len(ra) if top == 0 else min(top, len(ra))
    A, B = unit(va[ra[:n]]), unit(vb[rb[:n]])
    U, S, Vt = np.linalg.svd(B.T @ A)
    R = U @ Vt
    aligned = vb @ R
    cos = [float(va[ra[i]] @ aligned[rb[i]] /
                 (np.linalg.norm(va[ra[i]]) * np.linalg.norm(aligned[rb[i]]))
                 if np.linalg.norm(aligned[rb[i]]) > 0 else 0.0) for i in range(n)]
    with open(os.path.join(REF, "align-%s.tsv" % name), "w", encoding="utf-8") as f:
        f.write("# mean %.12f n %d shared %d dim %d\n" % (np.mean(cos), n, len(ra), R.shape[0]))
        for row in R:
            f.write("R\t" + "\t".join("%.12g" % x for x in row) + "\n")
        for i in range(n):
            f.write("cos\t%s\t%.12f\n" % (wa[ra[i]], cos[i]))
        for w, v in zip(wb, aligned):
            f.write("vec\t%s\t" % w + "\t".join("%.9g" % x for x in v) + "\n")
    print("align-%s: mean cosine %.6f over %d words, smallest singular value %.3g" %
          (name, np.mean(cos), n, S[-1]), file=sys.stderr)


def main():
    os.makedirs(DATA, exist_ok=True)
    synthetic()
    alice()
    overlap("syn", "tests/data/compare/syn-a.txt", "tests/data/compare/syn-b.txt", 0, 5)
    overlap("alice", "tests/data/compare/alice-s1.txt", "tests/data/compare/alice-s2.txt", 200,
            10)
    overlap("books", "samples/gutenberg-sg64.bin", "samples/gutenberg-w2v-cbow32.bin", 500, 10)
    align("syn", "tests/data/compare/syn-a.txt", "tests/data/compare/syn-b.txt", 0)
    align("alice", "tests/data/compare/alice-s1.txt", "tests/data/compare/alice-s2.txt", 100)


if __name__ == "__main__":
    main()
