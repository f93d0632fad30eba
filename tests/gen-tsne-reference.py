#!/usr/bin/python3
"""gen-tsne-reference.py - scikit-learn TSNE references for tests/check_tsne.c.

Writes into tests/data/tsne/:
  blobs-400x10.tsv   400 points of a Gaussian mixture (make_blobs: 5 centres,
                     10 dimensions, cluster_std 4, random_state 1), float32,
                     one a line: label<TAB>10 values (%.9g)
  reference.tsv      one line per run of scikit-learn 1.2's TSNE on those
                     points: name, method, dims, perplexity, iterations,
                     trustworthiness (k = 10, sklearn.manifold.trustworthiness)
                     of its map and its kl_divergence_, tab-separated

The runs: exact 2-D (perplexity 20), Barnes-Hut 2-D and 3-D (perplexity 30),
1000 iterations, init "pca", learning rate "auto", angle 0.5, random_state 0.
The C test maps the same points with the same settings and checks its own
trustworthiness (computed in C) and KL against these. Run with Debian's
python3:
  /usr/bin/python3 tests/gen-tsne-reference.py
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import make_blobs
from sklearn.manifold import TSNE, trustworthiness

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "tsne")

RUNS = [
    # name, method, dims, perplexity
    ("exact-2d", "exact", 2, 20.0),
    ("bh-2d", "barnes_hut", 2, 30.0),
    ("bh-3d", "barnes_hut", 3, 30.0),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    X, _ = make_blobs(n_samples=400, n_features=10, centers=5, cluster_std=4.0,
                      random_state=1)
    X = X.astype(np.float32)
    with open(os.path.join(OUT, "blobs-400x10.tsv"), "w") as f:
        for i, row in enumerate(X):
            f.write("p%d\t%s\n" % (i, "\t".join("%.9g" % v for v in row)))
    # the values written are the float32 values: read them back as the C test will
    X = np.loadtxt(os.path.join(OUT, "blobs-400x10.tsv"), usecols=range(1, 11),
                   dtype=np.float32)
    with open(os.path.join(OUT, "reference.tsv"), "w") as f:
        f.write("# scikit-learn %s TSNE on blobs-400x10.tsv: name method dims perplexity "
                "iterations trustworthiness(k=10) kl_divergence\n" % sklearn.__version__)
        for name, method, dims, perp in RUNS:
            t = TSNE(n_components=dims, perplexity=perp, n_iter=1000, init="pca",
                     learning_rate="auto", method=method, angle=0.5, random_state=0)
            Y = t.fit_transform(X)
            tw = trustworthiness(X, Y, n_neighbors=10)
            f.write("%s\t%s\t%d\t%g\t%d\t%.6f\t%.6f\n" %
                    (name, method, dims, perp, 1000, tw, t.kl_divergence_))
            print(name, tw, t.kl_divergence_)
    return 0


if __name__ == "__main__":
    sys.exit(main())
