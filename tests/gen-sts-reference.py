#!/usr/bin/python3
"""gen-sts-reference.py - test files and reference figures for `eval sts`
(src/eval/sts.c), computed with numpy, scipy and PyTorch.

Writes the test files under tests/data/sts/ (made here, not a benchmark:
the scores are given by how the pairs were built, not by people):
  books-stsb.tsv   24 pairs in the STS Benchmark's layout (genre, file,
                   year, id, score, sentence 1, sentence 2), with a line of
                   extra source columns, CRLF ends, a blank line and four
                   malformed lines
  books-plain.tsv  20 pairs as score, sentence 1, sentence 2
  books-header.tsv the same 20 pairs under a header naming the columns, in
                   the layout of sentence-transformers' stsbenchmark.tsv
  alice.counts     word counts of tests/data/train/alice-120.txt ("WORD COUNT")
The sentences come from Alice in Wonderland and Moby-Dick
(shared/data/corpus/gutenberg/pg11.txt, pg2701.txt); a pair is a sentence
and the same with words dropped (score 5 x the share kept), two sentences
of one book (1.5) or of the two books (0.5).

and tests/ref/sts.tsv: "FILE<TAB>MODEL<TAB>POOL<TAB>LAYER<TAB>COUNTS<TAB>PEARSON<TAB>SPEARMAN"
lines, scipy.stats.pearsonr and spearmanr of the gold scores and the
cosines of the two sentence vectors:
  - static (samples/gutenberg-w2v-cbow32.bin, read by gensim): the words of
    a sentence as the Gutenberg normalisation finds them (lower-cased,
    [^\\W_]+(?:'[^\\W_]+)*), the mean of the vectors of those the model has;
    SIF: each weighted by a / (a + p(w)), a = 1e-3, p from Zipf's law over
    the model's order (1 / (r H_n)) or from alice.counts, the weighted sum
    divided by the number of words used, then the first right singular
    vector of all the file's sentence vectors (first sentences, then second
    ones) removed from each; a sentence without a known word is a zero
    vector, cosine 0;
  - encoders (tests/data/bert/tiny-f32, samples/bert-gutenberg-mini):
    [CLS] + the first max_position_embeddings - 2 pieces + [SEP] (the
    tokenizers library's pieces, torchref.py), the PyTorch forward pass,
    then the mean over all tokens, [CLS]'s vector, or the pooler.

Run with Debian's python3 and the tokenizers library in a scratch folder:
    (mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers)
    TOKREF=/tmp/tokref/node_modules /usr/bin/python3 tests/gen-sts-reference.py
"""

import json
import os
import random
import re
import sys
from collections import Counter

import numpy as np
import torch
from scipy.stats import pearsonr, spearmanr

from torchref import TOP, encode_lines, hidden_states, pooler, read_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "sts")
BOOKS = "/work/shared/data/corpus/gutenberg"
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
A = 1e-3


def sentences(path, lo, hi):
    text = open(path, encoding="utf-8").read()
    text = text[text.index("CHAPTER I"):]
    out = []
    for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)):
        n = len(s.split())
        if lo <= n <= hi and "\t" not in s and "_" not in s[:1]:
            out.append(s.strip())
    return out


def make_files():
    rng = random.Random(7)
    alice = sentences(os.path.join(BOOKS, "pg11.txt"), 6, 40)
    moby = sentences(os.path.join(BOOKS, "pg2701.txt"), 6, 40)
    pairs = []
    for i in range(44):
        book = alice if i % 2 == 0 else moby
        s = rng.choice(book)
        kind = i % 3
        if kind == 0:
            words = s.split()
            keep = sorted(rng.sample(range(len(words)), max(2, len(words) * rng.randint(3, 9) // 10)))
            pairs.append((round(5.0 * len(keep) / len(words), 3), s,
                          " ".join(words[j] for j in keep)))
        elif kind == 1:
            pairs.append((1.5, s, rng.choice(book)))
        else:
            pairs.append((0.5, s, rng.choice(moby if book is alice else alice)))
    os.makedirs(DATA, exist_ok=True)
    with open(os.path.join(DATA, "books-stsb.tsv"), "w", encoding="utf-8", newline="") as f:
        for i, (score, a, b) in enumerate(pairs[:24]):
            genre, fn = ("main-books", "alice" if i % 2 == 0 else "moby")
            extra = "\tpg11\tpg2701" if i == 3 else ""
            end = "\r\n" if i % 5 == 0 else "\n"
            f.write("%s\t%s\t2024\t%04d\t%.3f\t%s\t%s%s%s" % (genre, fn, i, score, a, b, extra, end))
            if i == 6:
                f.write("\n")
                f.write("main-books\talice\t2024\t9001\t3.0\tonly six fields\n")
                f.write("main-books\talice\t2024\t9002\tfive\tThe score\tis not a number.\n")
                f.write("main-books\talice\t2024\t9003\t2.0\t \tThe first is empty.\n")
                f.write("score\tsentence 1\n")
    with open(os.path.join(DATA, "books-plain.tsv"), "w", encoding="utf-8") as f:
        for score, a, b in pairs[24:]:
            f.write("%.3f\t%s\t%s\n" % (score, a, b))
    with open(os.path.join(DATA, "books-header.tsv"), "w", encoding="utf-8") as f:
        f.write("split\tgenre\tdataset\tyear\tsid\tscore\tsentence1\tsentence2\n")
        for i, (score, a, b) in enumerate(pairs[24:]):
            f.write("test\tmain-books\tbooks\t2024\t%d\t%.3f\t%s\t%s\n" % (i, score, a, b))
    counts = Counter(w for line in open(os.path.join(HERE, "data", "train", "alice-120.txt"),
                                        encoding="utf-8") for w in line.split())
    with open(os.path.join(DATA, "alice.counts"), "w", encoding="utf-8") as f:
        for w, c in counts.most_common():
            f.write("%s %d\n" % (w, c))


def read_pairs(path):
    """The pairs as vecscope reads them (sts.h): 7+ or 3 tab-separated fields."""
    out = []
    for line in open(path, encoding="utf-8", newline="").read().split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        if not line:
            continue
        f = line.split("\t")
        if len(f) >= 7:
            score, a, b = f[4], f[5], f[6]
        elif len(f) == 3:
            score, a, b = f
        else:
            continue
        try:
            score = float(score)
        except ValueError:
            continue
        a, b = a.strip(), b.strip()
        if a and b:
            out.append((score, a, b))
    return out


def words(s):
    s = s.replace("\u2018", "'").replace("\u2019", "'")
    return [m.group().lower() for m in WORD.finditer(s)]


def cosine(x, y):
    nx, ny = np.linalg.norm(x), np.linalg.norm(y)
    return float(x @ y / (nx * ny)) if nx > 0 and ny > 0 else 0.0


def static(pairs, model, pool, counts):
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(os.path.join(TOP, model), binary=True)
    n = len(kv.index_to_key)
    if counts:
        c = {}
        for line in open(os.path.join(TOP, counts), encoding="utf-8"):
            w, k = line.split()
            c[w] = int(k)
        total = sum(c.values())
        p = np.array([c.get(w, 0) / total for w in kv.index_to_key])
    else:
        h = sum(1.0 / r for r in range(1, n + 1))
        p = np.array([1.0 / (r * h) for r in range(1, n + 1)])
    weight = A / (A + p)
    sents = [a for _, a, _ in pairs] + [b for _, _, b in pairs]
    X = np.zeros((len(sents), kv.vector_size))
    for i, s in enumerate(sents):
        ids = [kv.key_to_index[w] for w in words(s) if w in kv.key_to_index]
        if ids:
            v = kv.vectors[ids].astype(np.float64)
            if pool == "sif":
                v = v * weight[ids][:, None]
            X[i] = v.sum(0) / len(ids)
    if pool == "sif":
        u = np.linalg.svd(X, full_matrices=False)[2][0]
        X = X - np.outer(X @ u, u)
    m = len(pairs)
    return [cosine(X[i], X[m + i]) for i in range(m)]


def encoder(pairs, folder, pool, layer):
    cfg = json.load(open(os.path.join(TOP, folder, "config.json")))
    w = read_safetensors(os.path.join(TOP, folder, "model.safetensors"))
    mx = cfg["max_position_embeddings"]
    sents = [a for _, a, _ in pairs] + [b for _, _, b in pairs]
    vecs = []
    for enc in encode_lines(folder, sents):
        ids = enc["ids"]
        if len(ids) > mx:
            ids = ids[:mx - 1] + ids[-1:]
        hs = hidden_states(w, cfg, ids)
        l = cfg["num_hidden_layers"] if layer == "last" else layer
        if pool == "mean":
            v = hs[l].mean(0)
        elif pool == "cls":
            v = hs[l][0]
        else:
            v = pooler(w, hs[-1])
        vecs.append(v.double().numpy())
    m = len(pairs)
    return [cosine(vecs[i], vecs[m + i]) for i in range(m)]


CASES = [
    # file, model, pool, layer, counts
    ("books-stsb.tsv", "samples/gutenberg-w2v-cbow32.bin", "mean", "-", ""),
    ("books-stsb.tsv", "samples/gutenberg-w2v-cbow32.bin", "sif", "-", ""),
    ("books-plain.tsv", "samples/gutenberg-w2v-cbow32.bin", "mean", "-", ""),
    ("books-plain.tsv", "samples/gutenberg-w2v-cbow32.bin", "sif", "-", ""),
    ("books-plain.tsv", "samples/gutenberg-w2v-cbow32.bin", "sif", "-",
     "tests/data/sts/alice.counts"),
    ("books-stsb.tsv", "tests/data/bert/tiny-f32", "mean", "last", ""),
    ("books-stsb.tsv", "tests/data/bert/tiny-f32", "cls", "last", ""),
    ("books-stsb.tsv", "tests/data/bert/tiny-f32", "pooler", "last", ""),
    ("books-stsb.tsv", "tests/data/bert/tiny-f32", "mean", 1, ""),
    ("books-plain.tsv", "samples/bert-gutenberg-mini", "mean", "last", ""),
    ("books-plain.tsv", "samples/bert-gutenberg-mini", "cls", "last", ""),
    ("books-plain.tsv", "samples/bert-gutenberg-mini", "pooler", "last", ""),
]


def main():
    torch.set_grad_enabled(False)
    make_files()
    with open(os.path.join(HERE, "ref", "sts.tsv"), "w", encoding="utf-8") as f:
        for fname, model, pool, layer, counts in CASES:
            pairs = read_pairs(os.path.join(DATA, fname))
            gold = [s for s, _, _ in pairs]
            if layer == "-":
                cos = static(pairs, model, pool, counts)
            else:
                cos = encoder(pairs, model, pool, layer)
            r, rho = pearsonr(gold, cos)[0], spearmanr(gold, cos)[0]
            f.write("%s\t%s\t%s\t%s\t%s\t%.12f\t%.12f\n" % (fname, model, pool, layer,
                                                           counts or "-", r, rho))
            print("%s %s %s %s %s: pearson %.6f spearman %.6f (%d pairs)" %
                  (fname, model, pool, layer, counts or "-", r, rho, len(pairs)),
                  file=sys.stderr)


if __name__ == "__main__":
    main()
