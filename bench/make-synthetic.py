#!/usr/bin/python3
"""make-synthetic.py - the synthetic 400,000 x 300 model for the benchmarks.

Writes, into OUTDIR (created if missing; never the source tree):

  synth.bin      word2vec binary, as word2vec.c writes it: "COUNT DIM\n", then
                 per word "WORD " + DIM little-endian float32 + "\n"
  synth.txt      word2vec text, as word2vec.c writes it: "COUNT DIM\n", then
                 per word "WORD " + DIM x ("%lf ") + "\n" (6 decimals, a
                 trailing space before the newline)
  synth.npy      the same float32 matrix (COUNT, DIM), for the numpy bound
  queries.txt    50 query words (plain ASCII, spread over the vocabulary)
  queries.idx    their row numbers, for the numpy bound
  synth.stamp    the parameters; a file set whose stamp matches is reused

Everything is derived from one fixed seed, so two runs write the same bytes.
Words are distinct random lowercase strings of 2-15 letters (lengths drawn
roughly like an English vocabulary's), with a few dozen UTF-8 words mixed in.
Vector rows are Gaussian with a log-normal spread of row norms, like trained
embeddings; every component stays within (-10, 10) so "%lf" has one integer
digit.

Usage: make-synthetic.py OUTDIR [--words N] [--dim D] [--force]
"""
import argparse
import os
import sys
import time

import numpy as np

SEED = 20240601
UTF8_STEMS = ["café", "naïve", "über", "façade", "jalapeño", "smörgås",
              "straße", "résumé", "tōkyō", "москва", "αθήνα", "東京", "北京",
              "한국", "emoji😀", "zürich", "kraków", "ångström"]


def make_words(rng, n):
    """n distinct words: random lowercase ASCII plus a few UTF-8 ones."""
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
    # lengths 2..15, peaked around 6-8 like a real vocabulary
    p = np.array([2, 5, 8, 11, 12, 12, 11, 9, 8, 7, 5, 4, 3, 3], dtype=float)
    p /= p.sum()
    words, seen = [], set()
    while len(words) < n:
        m = int((n - len(words)) * 1.1) + 1000
        lens = rng.choice(np.arange(2, 16), size=m, p=p)
        chars = letters[rng.integers(0, 26, size=(m, 15))]
        raw = chars.tobytes()
        for i in range(m):
            w = raw[i * 15:i * 15 + lens[i]]
            if w not in seen:
                seen.add(w)
                words.append(w)
                if len(words) == n:
                    break
    # a few UTF-8 words, spread out, each made unique by an ASCII suffix
    step = max(1, n // (2 * len(UTF8_STEMS) + 1))
    j = 0
    for k, stem in enumerate(UTF8_STEMS * 2):
        pos = step * (k + 1) + 7
        if pos >= n:
            break
        w = (stem + ("" if k < len(UTF8_STEMS) else "x")).encode("utf-8")
        if w in seen:
            continue
        seen.discard(words[pos])
        seen.add(w)
        words[pos] = w
        j += 1
    return words


def make_matrix(rng, n, dim):
    """(n, dim) float32: Gaussian rows with log-normal norms."""
    m = np.empty((n, dim), dtype=np.float32)
    chunk = 50000
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        g = rng.standard_normal((e - s, dim), dtype=np.float32)
        scale = np.exp(rng.normal(-1.6, 0.35, size=(e - s, 1))).astype(np.float32)
        m[s:e] = np.clip(g * scale, -9.5, 9.5)
    return m


def write_bin(path, words, m):
    n, dim = m.shape
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"%d %d\n" % (n, dim))
        chunk = 20000
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            rows = m[s:e]
            parts = []
            for i in range(e - s):
                parts.append(words[s + i])
                parts.append(b" ")
                parts.append(rows[i].tobytes())
                parts.append(b"\n")
            f.write(b"".join(parts))
    os.replace(tmp, path)


def format_rows(rows):
    """rows (r, dim) float32 -> list of r byte strings, each exactly what
    word2vec.c's  for (b) fprintf(fo, "%lf ", v[b]);  prints.

    A float32 times 1e6 is exact in float64 (24 + 14 significant bits), so
    rint() rounds the exact value half-to-even, as glibc's printf does."""
    r, dim = rows.shape
    q = np.rint(rows.astype(np.float64) * 1e6).astype(np.int64)
    neg = (q < 0) | ((q == 0) & np.signbit(rows))      # printf keeps "-0.000000"
    a = np.abs(q)
    # 10 byte slots per value: sign, int digit, '.', 6 decimals, ' '
    out = np.empty((r, dim, 10), dtype=np.uint8)
    out[:, :, 0] = np.where(neg, ord("-"), 0)
    out[:, :, 1] = ord("0") + a // 1000000
    out[:, :, 2] = ord(".")
    for d in range(6):
        out[:, :, 8 - d] = ord("0") + (a // 10 ** d) % 10
    out[:, :, 9] = ord(" ")
    flat = out.reshape(r, dim * 10)
    keep = flat != 0
    lens = keep.sum(axis=1)
    packed = flat[keep].tobytes()
    ends = np.cumsum(lens)
    starts = ends - lens
    return [packed[s:e] for s, e in zip(starts.tolist(), ends.tolist())]


def write_txt(path, words, m):
    n, dim = m.shape
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"%d %d\n" % (n, dim))
        chunk = 10000
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            lines = format_rows(m[s:e])
            parts = []
            for i, line in enumerate(lines):
                parts.append(words[s + i])
                parts.append(b" ")
                parts.append(line)
                parts.append(b"\n")
            f.write(b"".join(parts))
    os.replace(tmp, path)


def write_queries(outdir, words):
    """50 ASCII query words spread over the vocabulary: queries.txt (the
    words) and queries.idx (their row numbers, for the numpy bound)."""
    qs, ids = [], []
    picks = np.random.default_rng(SEED + 1).permutation(len(words))
    for idx in [13] + picks.tolist():
        w = words[idx]
        if w.isascii() and w.isalpha() and w.decode() not in qs:
            qs.append(w.decode())
            ids.append(idx)
        if len(qs) == 50:
            break
    with open(os.path.join(outdir, "queries.txt"), "w") as f:
        f.write("\n".join(qs) + "\n")
    with open(os.path.join(outdir, "queries.idx"), "w") as f:
        f.write("\n".join(str(i) for i in ids) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--words", type=int, default=400000)
    ap.add_argument("--dim", type=int, default=300)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()

    os.makedirs(a.outdir, exist_ok=True)
    stamp = os.path.join(a.outdir, "synth.stamp")
    want = "seed=%d words=%d dim=%d format=2\n" % (SEED, a.words, a.dim)
    names = ["synth.bin", "synth.txt", "synth.npy"]
    if not a.force and os.path.exists(stamp) and open(stamp).read() == want \
            and all(os.path.exists(os.path.join(a.outdir, x)) for x in names):
        if not all(os.path.exists(os.path.join(a.outdir, x))
                   for x in ["queries.txt", "queries.idx"]):
            write_queries(a.outdir, make_words(np.random.default_rng(SEED), a.words))
        print("make-synthetic: reusing %s" % a.outdir, file=sys.stderr)
        return 0
    if os.path.exists(stamp):
        os.unlink(stamp)

    t0 = time.perf_counter()
    rng = np.random.default_rng(SEED)
    words = make_words(rng, a.words)
    m = make_matrix(rng, a.words, a.dim)
    t1 = time.perf_counter()
    print("make-synthetic: %d x %d generated in %.1f s" % (a.words, a.dim, t1 - t0),
          file=sys.stderr)

    npy = os.path.join(a.outdir, "synth.npy")
    np.save(npy + ".tmp.npy", m)
    os.replace(npy + ".tmp.npy", npy)
    write_bin(os.path.join(a.outdir, "synth.bin"), words, m)
    t2 = time.perf_counter()
    print("make-synthetic: synth.bin, synth.npy written in %.1f s" % (t2 - t1),
          file=sys.stderr)
    write_txt(os.path.join(a.outdir, "synth.txt"), words, m)
    t3 = time.perf_counter()
    print("make-synthetic: synth.txt written in %.1f s" % (t3 - t2), file=sys.stderr)

    write_queries(a.outdir, words)
    with open(stamp, "w") as f:
        f.write(want)
    return 0


if __name__ == "__main__":
    sys.exit(main())
