#!/usr/bin/python3
"""gen-probe-reference.py - scikit-learn's answers for `probe` (check_probe.c).

Writes tests/data/probe/blobs.tsv (a synthetic labelled vector set) and
tests/data/probe/reference.json, which holds:

  tokens   Python's words for tricky texts: ’‘ -> ', str.lower(), then
           re.findall(r"[^\\W_]+(?:'[^\\W_]+)*") (how shared/data's
           gutenberg12.norm.txt was made)
  vectors  for tests/data/probe/books-small.tsv on tests/data/gutenberg-w2v-
           cbow32.bin (read by gensim 4.2): each text's mean word vector,
           its SIF vector (weights a/(a + p), a = 1e-3, p(rank r) =
           1/(r H_n), the weighted sum over the words divided by their
           number) and, per configuration, the first right singular vector
           of the training rows' SIF vectors (numpy's SVD)
  configs  one per (data set, pooling, C, test share, seed, max_iter, tol):
           the split (vecscope's stratified split, re-implemented here:
           splitmix64, Fisher-Yates per class, floor(test * m + 1/2) held
           out, within [1, m - 1]), then scikit-learn 1.2's
           LogisticRegression(solver='lbfgs', multi_class='multinomial', C,
           max_iter, tol) on the training rows: its coefficients and
           intercepts, its objective sum(cross-entropy) + ||W||^2/(2C), its
           iterations, its held-out predictions, accuracy, per-class
           precision/recall/F1 (zero_division=0), macro-F1 and confusion
           matrix.

Run with Debian's python (numpy 1.24, scikit-learn 1.2, gensim 4.2):
    /usr/bin/python3 tests/gen-probe-reference.py
books-small.tsv itself is written by tools/gutenberg-paragraphs.py.
"""
import json
import math
import os
import re

import numpy as np
import sklearn
from gensim.models import KeyedVectors
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')
OUT = os.path.join(DATA, 'probe')
MODEL = os.path.join(DATA, 'gutenberg-w2v-cbow32.bin')
BOOKS = os.path.join(OUT, 'books-small.tsv')
BLOBS = os.path.join(OUT, 'blobs.tsv')
SIF_A = 1e-3

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

TOKEN_CASES = [
    "The whale, the WHALE!",
    "don't won’t ‘tis rock'n'roll o'",
    "'quoted' words''here ''",
    "snake_case under_score _lead trail_",
    "Émile ÉCOLE naïve façade Straße",
    "3.14 and 2nd 42nd-street ½ Ⅻ ²",
    "Ελληνικά ΚΑΛΗΜΈΡΑ москва Москва",
    "日本語のテキスト 中文",
    "tab\tand  spaces , punctuation;;: (brackets) [x] {y}",
    "em—dash en–dash hyphen-ated e-mail",
    "co\u0301mbining marks a\u0308",
    "",
    "   ",
    "'",
    "a'b'c d''e f'",
]

M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & M64

    def next(self):
        self.s = (self.s + 0x9e3779b97f4a7c15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
        return z ^ (z >> 31)


def below(r, n):
    return ((r >> 32) * n) >> 32


def split(y, k, test, seed):
    """vecscope's vs_split_stratified."""
    rng = SplitMix64(seed)
    train, held = [], []
    for c in range(k):
        rows = [i for i, yi in enumerate(y) if yi == c]
        m = len(rows)
        for i in range(m - 1, 0, -1):
            j = below(rng.next(), i + 1)
            rows[i], rows[j] = rows[j], rows[i]
        t = math.floor(test * m + 0.5)
        if test > 0 and m >= 2:
            t = min(max(t, 1), m - 1)
        elif m < 2:
            t = 0
        held += rows[:t]
        train += rows[t:]
    return sorted(train), sorted(held)


def words(text):
    return WORD.findall(text.replace('\u2018', "'").replace('\u2019', "'").lower())


def read_tsv(path):
    labels, texts = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if not line:
                continue
            cols = line.split('\t')
            labels.append(cols[0])
            texts.append(cols[1])
    return labels, texts


def sentence_vectors(kv, texts, weights):
    X = np.zeros((len(texts), kv.vector_size), dtype=np.float64)
    for i, t in enumerate(texts):
        ids = [kv.key_to_index[w] for w in words(t) if w in kv.key_to_index]
        if ids:
            wt = np.ones(len(ids)) if weights is None else weights[ids]
            X[i] = (wt[:, None] * kv.vectors[ids].astype(np.float64)).sum(0) / len(ids)
    return X.astype(np.float32)


def g9(X):
    """float32 values as the shortest decimals that read back the same (%.9g)."""
    return [[float('%.9g' % v) for v in row] for row in np.asarray(X, dtype=np.float32)]


def objective(W, b, X, y, C):
    Z = X @ W.T + b
    Z = Z - Z.max(1, keepdims=True)
    lse = np.log(np.exp(Z).sum(1))
    return float((lse - Z[np.arange(len(y)), y]).sum() + (W * W).sum() / (2 * C))


def blobs():
    """300 rows of 12 dimensions in 5 overlapping Gaussian classes of unequal
    sizes, float32, written as LABEL<TAB>V1 V2 ... (%.9g)."""
    rng = np.random.default_rng(20240519)
    k, d = 5, 12
    sizes = [90, 70, 60, 50, 30]
    centres = rng.normal(0, 1.2, (k, d))
    labels, rows = [], []
    for c in range(k):
        X = centres[c] + rng.normal(0, 1.5, (sizes[c], d))
        for x in X.astype(np.float32):
            labels.append('class-%c' % (ord('a') + c))
            rows.append(x)
    order = rng.permutation(len(rows))
    labels = [labels[i] for i in order]
    X = np.array([rows[i] for i in order], dtype=np.float32)
    with open(BLOBS, 'w') as f:
        for lab, x in zip(labels, X):
            f.write('%s\t%s\n' % (lab, ' '.join('%.9g' % v for v in x)))
    return labels, X


def fit(X, y, k, cfg):
    tr, te = split(y, k, cfg['test'], cfg['seed'])
    Xtr = X[tr].astype(np.float64)
    ytr = np.array([y[i] for i in tr])
    clf = LogisticRegression(solver='lbfgs', multi_class='multinomial', C=cfg['C'],
                             max_iter=cfg['max_iter'], tol=cfg['tol'])
    clf.fit(Xtr, ytr)
    assert list(clf.classes_) == list(range(k)), 'a class is missing from the training rows'
    yte = np.array([y[i] for i in te])
    pred = clf.predict(X[te].astype(np.float64))
    p, r, f1, sup = precision_recall_fscore_support(yte, pred, labels=list(range(k)),
                                                    zero_division=0)
    out = dict(cfg)
    out.update(
        train=tr, test_rows=te,
        coef=clf.coef_.tolist(), intercept=clf.intercept_.tolist(),
        objective=objective(clf.coef_, clf.intercept_, Xtr, ytr, cfg['C']),
        n_iter=int(clf.n_iter_[0]),
        predictions=pred.tolist(),
        accuracy=float(accuracy_score(yte, pred)),
        precision=p.tolist(), recall=r.tolist(), f1=f1.tolist(), support=sup.tolist(),
        macro_f1=float(f1.mean()),
        confusion=confusion_matrix(yte, pred, labels=list(range(k))).tolist(),
    )
    print('%-28s train %4d test %3d  n_iter %4d  accuracy %.4f  macro-F1 %.4f  objective %.6f'
          % (cfg['name'], len(tr), len(te), out['n_iter'], out['accuracy'], out['macro_f1'],
             out['objective']))
    return out, tr


def main():
    ref = {'sklearn': sklearn.__version__, 'numpy': np.__version__}
    ref['tokens'] = [{'text': t, 'words': words(t)} for t in TOKEN_CASES]

    # the books: vectors from the committed word2vec model
    kv = KeyedVectors.load_word2vec_format(MODEL, binary=True)
    n = len(kv.index_to_key)
    h = sum(1.0 / r for r in range(n, 0, -1))
    p = np.array([1.0 / (r * h) for r in range(1, n + 1)])
    weights = SIF_A / (SIF_A + p)
    labels, texts = read_tsv(BOOKS)
    classes = sorted(set(labels))
    y = [classes.index(l) for l in labels]
    Xmean = sentence_vectors(kv, texts, None)
    Xsif = sentence_vectors(kv, texts, weights)
    ref['books'] = {'model': os.path.relpath(MODEL, DATA), 'data': os.path.relpath(BOOKS, DATA),
                    'classes': classes, 'y': y, 'mean': g9(Xmean), 'sif': g9(Xsif),
                    'empty': int(sum(1 for t in texts
                                     if not any(w in kv.key_to_index for w in words(t))))}

    configs = []
    for cfg in [dict(name='books mean C=1', pool='mean', C=1.0, test=0.2, seed=1),
                dict(name='books mean C=20 test=0.3', pool='mean', C=20.0, test=0.3, seed=7),
                dict(name='books sif C=10', pool='sif', C=10.0, test=0.2, seed=3)]:
        cfg.update(data='books', max_iter=2000, tol=1e-7)
        X = Xmean if cfg['pool'] == 'mean' else Xsif
        if cfg['pool'] == 'sif':
            tr, _ = split(y, len(classes), cfg['test'], cfg['seed'])
            u = np.linalg.svd(X[tr].astype(np.float64), full_matrices=False)[2][0]
            X = (X.astype(np.float64) - np.outer(X.astype(np.float64) @ u, u)).astype(np.float32)
            cfg['direction'] = u.tolist()
        out, _ = fit(X, y, len(classes), cfg)
        configs.append(out)

    blabels, Xb = blobs()
    bclasses = sorted(set(blabels))
    yb = [bclasses.index(l) for l in blabels]
    ref['blobs'] = {'data': os.path.relpath(BLOBS, DATA), 'classes': bclasses}
    for cfg in [dict(name='blobs C=1 defaults', C=1.0, test=0.25, seed=1, max_iter=100, tol=1e-4),
                dict(name='blobs C=0.01', C=0.01, test=0.2, seed=2, max_iter=2000, tol=1e-7),
                dict(name='blobs C=100', C=100.0, test=0.2, seed=5, max_iter=2000, tol=1e-7)]:
        cfg.update(data='blobs', pool='none')
        out, _ = fit(Xb, yb, len(bclasses), cfg)
        assert out['n_iter'] < cfg['max_iter'], 'scikit-learn did not converge'
        configs.append(out)
    ref['configs'] = configs

    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(ref, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print('wrote', os.path.join(OUT, 'reference.json'))


if __name__ == '__main__':
    main()
