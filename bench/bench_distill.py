#!/usr/bin/python3
"""bench_distill.py - `distill` against the same computation in PyTorch, in
one run, on the demo encoder (samples/bert-gutenberg-mini).

The corpus is the first --lines lines of gutenberg12.norm.txt (0: all of
it, 27,051 lines, 1.35M words), copied to BENCH_DIR. Measured:
  vecscope  `distill` with --min-count 5 on --threads T (default 1): the
            whole process less a process that only loads the encoder
            (median of --repeat runs)
  PyTorch   the same computation (tests/gen-distill-reference.py's, which
            tests/check_distill.c holds vecscope to): the words kept, each
            line's pieces from the Hugging Face tokenizers library (timed
            apart: it runs in Node), the windows, then the forward passes in
            batches of --batch sequences of similar length padded and
            masked, each occurrence's mean of pieces added to its word's
            sum; torch.set_num_threads(T)
and printed: both times, their ratio (target: vecscope no slower) and the
largest difference between the two sets of vectors.

Usage: bench_distill.py [--dir BENCH_DIR] [--vecscope PATH] [--lines N]
                        [--threads T] [--batch B] [--repeat R]
Needs the tokenizers library where TOKREF says (tests/torchref.py).
"""
import argparse
import importlib.util
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "tests"))
from torchref import encode_lines, read_safetensors  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "gendistill", os.path.join(TOP, "tests", "gen-distill-reference.py"))
gd = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gd)

MODEL = "samples/bert-gutenberg-mini"
CORPUS = os.path.join(TOP, "..", "shared", "data", "corpus", "gutenberg12.norm.txt")


def forward_batch(w, cfg, seqs):
    """The last hidden state (B, n, H) of padded sequences, masked."""
    H, A = cfg["hidden_size"], cfg["num_attention_heads"]
    d, eps = H // A, cfg.get("layer_norm_eps", 1e-12)
    B, n = len(seqs), max(len(s) for s in seqs)
    ids = torch.zeros(B, n, dtype=torch.long)
    mask = torch.zeros(B, n)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    ln = lambda x, p: F.layer_norm(x, (H,), w[p + ".weight"], w[p + ".bias"], eps)
    lin = lambda x, p: F.linear(x, w[p + ".weight"], w[p + ".bias"])
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = ln(x, "embeddings.LayerNorm")
    bias = (1.0 - mask[:, None, None, :]) * -1e9
    for l in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % l
        heads = lambda t: t.view(B, n, A, d).transpose(1, 2)
        q = heads(lin(x, p + "attention.self.query"))
        k = heads(lin(x, p + "attention.self.key"))
        v = heads(lin(x, p + "attention.self.value"))
        probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, dim=-1)
        ctx = (probs @ v).transpose(1, 2).reshape(B, n, H)
        a = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        x = ln(lin(F.gelu(lin(a, p + "intermediate.dense")), p + "output.dense") + a,
               p + "output.LayerNorm")
    return x


def torch_distill(lines, min_count, batch):
    """(words, vectors, tokenizing seconds, torch seconds)."""
    from collections import Counter
    cfg = gd.json.load(open(os.path.join(TOP, MODEL, "config.json")))
    w = read_safetensors(os.path.join(TOP, MODEL, "model.safetensors"))
    maxpos, H = cfg["max_position_embeddings"], cfg["hidden_size"]
    t0 = time.monotonic()
    encoded = encode_lines(MODEL, lines)
    t_tok = time.monotonic() - t0

    t0 = time.monotonic()
    counts = Counter(wd for line in lines for wd, _, _ in gd.corpus_words(line))
    kept = [wd for wd, c in sorted(counts.items(), key=lambda kv: -kv[1]) if c >= min_count]
    index = {wd: i for i, wd in enumerate(kept)}
    # every window that holds a kept occurrence, with the occurrences read there
    jobs = []   # (token ids, [(word index, first row, rows)])
    for line, enc in zip(lines, encoded):
        words = gd.corpus_words(line)
        if not any(wd in index for wd, _, _ in words):
            continue
        ids, offs, wid = enc["ids"], enc["offsets"], enc["words"]
        pre = 0
        while pre < len(ids) and wid[pre] < 0:
            pre += 1
        suf = 0
        while suf < len(ids) - pre and wid[len(ids) - 1 - suf] < 0:
            suf += 1
        P = len(ids) - pre - suf
        spans, p = [], 0
        for wd, s, e in words:
            while p < P and offs[pre + p][1] <= s:
                p += 1
            b = p
            while b < P and offs[pre + b][0] < e:
                b += 1
            spans.append((wd, p, b))
        cut_ok = [i == 0 or wid[pre + i] != wid[pre + i - 1] for i in range(P)]
        for _, a, b in spans:
            for i in range(a + 1, b):
                cut_ok[i] = False
        wins = gd.windows(cut_ok, P, maxpos - pre - suf)
        reads = [[] for _ in wins]
        for wd, a, b in spans:
            if wd not in index or b == a:
                continue
            best, bctx = None, -1
            for k, (s, e) in enumerate(wins):
                if s <= a and b <= e and min(a - s, e - b) > bctx:
                    best, bctx = k, min(a - s, e - b)
            s = wins[best][0]
            reads[best].append((index[wd], pre + a - s, b - a))
        for (s, e), r in zip(wins, reads):
            if r:
                jobs.append((ids[:pre] + ids[pre + s:pre + e] + ids[len(ids) - suf:], r))
    sums = torch.zeros(len(kept), H, dtype=torch.float64)
    used = torch.zeros(len(kept), dtype=torch.float64)
    jobs.sort(key=lambda j: len(j[0]))
    with torch.no_grad():
        for b0 in range(0, len(jobs), batch):
            grp = jobs[b0:b0 + batch]
            last = forward_batch(w, cfg, [j[0] for j in grp])
            rows, words, sizes = [], [], []
            for i, (_, reads) in enumerate(grp):
                for wi, first, n in reads:
                    rows.append(last[i, first:first + n].mean(0))
                    words.append(wi)
            v = torch.stack(rows).double()
            wt = torch.tensor(words)
            sums.index_add_(0, wt, v)
            used.index_add_(0, wt, torch.ones(len(words), dtype=torch.float64))
    vecs = (sums / used[:, None]).float().numpy()
    return kept, vecs, t_tok, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/vecscope-bench"))
    ap.add_argument("--vecscope", default=os.path.join(TOP, "vecscope"))
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=1)
    o = ap.parse_args()
    os.makedirs(o.dir, exist_ok=True)
    lines = open(CORPUS, encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if o.lines:
        lines = lines[:o.lines]
    corpus = os.path.join(o.dir, "distill-corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    out = os.path.join(o.dir, "distill-bench.bin")
    base = [o.vecscope, "-q", "--threads", str(o.threads), os.path.join(TOP, MODEL)]

    def timed(cmd):
        t0 = time.monotonic()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.monotonic() - t0

    load = statistics.median(timed(base + ["-c", "info"]) for _ in range(o.repeat))
    ours = statistics.median(
        timed(base + ["-c", "distill %s %s --min-count 5 --threads %d" % (corpus, out, o.threads)])
        - load for _ in range(o.repeat))

    torch.set_num_threads(o.threads)
    runs = [torch_distill(lines, 5, o.batch) for _ in range(o.repeat)]
    words, vecs, t_tok = runs[0][0], runs[0][1], statistics.median(r[2] for r in runs)
    theirs = statistics.median(r[3] for r in runs)

    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(out, binary=True)
    same = kv.index_to_key == words
    diff = float(np.abs(kv.vectors - vecs).max()) if same else float("nan")
    print("corpus: %d lines; %d words kept; %d threads" % (len(lines), len(words), o.threads))
    print("vecscope distill: %.2f s (load excluded)" % ours)
    print("PyTorch: %.2f s (batches of %d), and %.2f s tokenizing in Node" %
          (theirs, o.batch, t_tok))
    print("ratio: PyTorch / vecscope = %.2f (%.2f with the tokenizing); target >= 1: %s" %
          (theirs / ours, (theirs + t_tok) / ours, "PASS" if theirs / ours >= 1 else "FAIL"))
    print("same words in the same order: %s; largest difference %.3g" % (same, diff))


if __name__ == "__main__":
    main()
