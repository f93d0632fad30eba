#!/usr/bin/python3
"""gen-pca-reference.py - scikit-learn PCA references for tests/check_plugin.c.

Writes into tests/data/pca/:
  gutenberg-top1000.tsv  PCA(n_components=3, svd_solver="full").fit_transform of the first 1000
                         words of tests/data/gutenberg-w2v-cbow32.bin
  random-60x9.in.tsv     a random 60 x 9 matrix (seed 5), with a large offset
  random-60x9.tsv        its PCA(n_components=3).fit_transform
Each output file starts with "# explained_variance_ratio<TAB>r1<TAB>r2<TAB>r3",
then one row a point: label<TAB>c1<TAB>c2<TAB>c3 (%.9g). 2-D results are the
first two columns (PCA components are nested). Run with Debian's python3:
  /usr/bin/python3 tests/gen-pca-reference.py
"""
import os
import struct
import sys

import numpy as np
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "pca")


def read_w2v_bin(path, limit):
    """word2vec binary: "n d\\n", then per word "word " + d float32 LE."""
    with open(path, "rb") as f:
        n, d = map(int, f.readline().split())
        words, rows = [], []
        for _ in range(min(n, limit)):
            w = bytearray()
            while True:
                c = f.read(1)
                if c == b" ":
                    break
                if c != b"\n":
                    w += c
            words.append(w.decode("utf-8"))
            rows.append(struct.unpack("<%df" % d, f.read(4 * d)))
    return words, np.array(rows, dtype=np.float32)


def write(path, labels, X):
    # svd_solver="full": the default "auto" picks the randomized solver for
    # 1000 x 32 (max dimension > 500), an approximation off by ~1e-2 here
    pca = PCA(n_components=3, svd_solver="full")
    Y = pca.fit_transform(X.astype(np.float64))
    with open(path, "w") as f:
        f.write("# explained_variance_ratio\t%s\n" %
                "\t".join("%.9g" % r for r in pca.explained_variance_ratio_))
        for lab, row in zip(labels, Y):
            f.write("%s\t%s\n" % (lab, "\t".join("%.9g" % v for v in row)))


def main():
    os.makedirs(OUT, exist_ok=True)
    words, X = read_w2v_bin(os.path.join(HERE, "data", "gutenberg-w2v-cbow32.bin"), 1000)
    write(os.path.join(OUT, "gutenberg-top1000.tsv"), words, X)

    rng = np.random.default_rng(5)
    R = (rng.standard_normal((60, 9)) * np.linspace(3, 0.5, 9) + 100).astype(np.float32)
    with open(os.path.join(OUT, "random-60x9.in.tsv"), "w") as f:
        for i, row in enumerate(R):
            f.write("r%d\t%s\n" % (i, "\t".join("%.9g" % v for v in row)))
    write(os.path.join(OUT, "random-60x9.tsv"), ["r%d" % i for i in range(60)], R)
    return 0


if __name__ == "__main__":
    sys.exit(main())
