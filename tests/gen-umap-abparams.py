#!/usr/bin/python3
"""gen-umap-abparams.py - the a and b of UMAP's curve 1 / (1 + a x^2b) for
tests/check_umap.c, fitted by scipy as umap-learn's find_ab_params fits
them (scipy.optimize.curve_fit from p0 = (1, 1), the curve sampled at 300
points over [0, 3 spread], 1 below min_dist and exp(-(x - min_dist) / spread)
beyond; umap-learn itself is not in Debian, the fit is scipy's).

Writes tests/data/umap/abparams.tsv: spread, min_dist, a, b (%.12g), one
line each. Run with Debian's python3:
  /usr/bin/python3 tests/gen-umap-abparams.py
"""
import os
import sys

import numpy as np
import scipy
from scipy.optimize import curve_fit

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "umap", "abparams.tsv")

CASES = [(1.0, md) for md in (0.0, 0.001, 0.05, 0.1, 0.25, 0.5, 0.8, 0.99)]


def curve(x, a, b):
    return 1.0 / (1.0 + a * x ** (2 * b))


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# scipy %s curve_fit, as umap-learn's find_ab_params: spread min_dist a b\n"
                % scipy.__version__)
        for spread, min_dist in CASES:
            xv = np.linspace(0, spread * 3, 300)
            yv = np.zeros(xv.shape)
            yv[xv < min_dist] = 1.0
            yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
            (a, b), _ = curve_fit(curve, xv, yv)
            f.write("%g\t%g\t%.12g\t%.12g\n" % (spread, min_dist, a, b))
            print(spread, min_dist, a, b)
    return 0


if __name__ == "__main__":
    sys.exit(main())
