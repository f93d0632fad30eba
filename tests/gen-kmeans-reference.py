#!/usr/bin/python3
"""gen-kmeans-reference.py - scikit-learn KMeans references for tests/check_kmeans.c.

Writes into tests/data/kmeans/ one file per data set: a header line
"# k<TAB>K<TAB>inertia<TAB>I" (scikit-learn 1.2's KMeans(n_clusters=K,
n_init=10, random_state=0, algorithm="lloyd").inertia_ on the float64 data),
then one row a point: its label from that fit, then its components (%.9g).

  blobs-300x8.tsv       make_blobs(300 points, 5 centres, 8 dimensions, seed 3), K = 5
  uniform-200x4.tsv     200 uniform points in [0, 1)^4 (seed 7), K = 6: no structure
  gutenberg-top400.tsv  the first 400 words of tests/data/gutenberg-w2v-cbow32.bin,
                        scaled to unit length (what `cluster` clusters), K = 8

Run with Debian's python3: /usr/bin/python3 tests/gen-kmeans-reference.py
"""
import os
import struct

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "kmeans")


def read_w2v_bin(path, limit):
    """word2vec binary: "n d\\n", then per word "word " + d float32 LE."""
    with open(path, "rb") as f:
        n, d = map(int, f.readline().split())
        rows = []
        for _ in range(min(n, limit)):
            while f.read(1) != b" ":
                pass
            rows.append(struct.unpack("<%df" % d, f.read(4 * d)))
    return np.array(rows, dtype=np.float32)


def write(name, X, k):
    X = np.asarray(X, dtype=np.float32)
    km = KMeans(n_clusters=k, n_init=10, random_state=0, algorithm="lloyd")
    km.fit(X.astype(np.float64))
    with open(os.path.join(OUT, name), "w") as f:
        f.write("# k\t%d\tinertia\t%.9g\n" % (k, km.inertia_))
        for lab, row in zip(km.labels_, X):
            f.write("%d\t%s\n" % (lab, "\t".join("%.9g" % v for v in row)))


def main():
    os.makedirs(OUT, exist_ok=True)
    X, _ = make_blobs(n_samples=300, centers=5, n_features=8, random_state=3)
    write("blobs-300x8.tsv", X, 5)
    rng = np.random.default_rng(7)
    write("uniform-200x4.tsv", rng.random((200, 4)), 6)
    G = read_w2v_bin(os.path.join(HERE, "data", "gutenberg-w2v-cbow32.bin"), 400)
    G = G / np.linalg.norm(G, axis=1, keepdims=True)
    write("gutenberg-top400.tsv", G, 8)


if __name__ == "__main__":
    main()
