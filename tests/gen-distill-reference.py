#!/usr/bin/python3
"""gen-distill-reference.py - reference vectors for `distill` (static word
vectors from an encoder), computed with PyTorch.

For each case below it writes tests/ref/distill-NAME.vec, word2vec text
("COUNT DIM", then "WORD V1 .. VDIM" with %.9g), which tests/check_distill.c
compares with vecscope's vs_distill (vocabulary and order the same, every
component within 1e-4):

  tiny-last     tests/data/bert/tiny-f32 on tests/data/distill/tiny.txt, the
                last hidden state, the mean of a word's pieces, min-count 1
  tiny-avg      the same, the mean of hidden states 0..2, the first piece,
                min-count 2
  tiny-l1       hidden state 1, the 12 most frequent words
  tiny-l0       hidden state 0 (the embeddings' output)
  mini          samples/bert-gutenberg-mini on tests/data/distill/alice-40.txt
                (the first 40 lines of tests/data/train/alice-120.txt), the
                last hidden state, mean, min-count 2, the 40 most frequent words

tiny.txt's long lines exceed tiny-f32's 24 positions and five of alice-40's
lines exceed the mini model's 128, so both read lines in windows.

What comes from where:
  - the pieces, their ids, byte offsets and word numbers: the Hugging Face
    `tokenizers` library (its Node binding, run as a child process) with the
    tokenizer.json that BertTokenizerFast builds from vocab.txt (BertNormalizer
    with lower-casing, BertPreTokenizer, WordPiece, [CLS] $A [SEP]);
  - the hidden states: a float32 PyTorch forward pass (torch.nn.functional)
    over the stored weights (F16 weights converted to float32);
  - the corpus words: Python's re, [^\\W_]+(?:'[^\\W_]+)* over the line with
    U+2018/U+2019 read as ', lower-cased with str.lower();
  - the windows and the choice of window (distill.h): written again here from
    their description.

Run with Debian's python3 (python3-torch, python3-numpy) and the tokenizers
library installed in a scratch folder outside the tree:
    (mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers)
    TOKREF=/tmp/tokref/node_modules /usr/bin/python3 tests/gen-distill-reference.py
"""

import json
import os
import re
import sys
from collections import Counter

import numpy as np
import torch

from torchref import TOP, encode_lines, hidden_states, read_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

CASES = [
    # name, model folder, corpus, layer ("last", "avg" or a number), pool, min count, max words
    ("tiny-last", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", "last", "mean", 1, 0),
    ("tiny-avg", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", "avg", "first", 2, 0),
    ("tiny-l1", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", 1, "mean", 1, 12),
    ("tiny-l0", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", 0, "mean", 1, 0),
    ("mini", "samples/bert-gutenberg-mini", "tests/data/distill/alice-40.txt", "last", "mean", 2,
     40),
]

def corpus_words(line):
    """(word, byte start, byte end) of each word of line."""
    text = line.replace("\u2018", "'").replace("\u2019", "'")
    at = [0]
    for ch in line:
        at.append(at[-1] + len(ch.encode("utf-8")))
    return [(m.group().lower(), at[m.start()], at[m.end()]) for m in WORD.finditer(text)]


def windows(cut_ok, n, mx):
    """The windows [s, e) of n pieces (distill.h)."""
    if n <= mx:
        return [(0, n)]
    out, s = [], 0
    while True:
        if n - s <= mx:
            e = n
        else:
            e = s + mx
            while e > s and not cut_ok[e]:
                e -= 1
            if e == s:
                e = s + mx
        out.append((s, e))
        if e == n:
            return out
        i = s + max(mx // 2, 1)
        while i < e and not cut_ok[i]:
            i += 1
        s = min(i, e)


def distill(folder, corpus, layer, pool, min_count, max_words):
    cfg = json.load(open(os.path.join(TOP, folder, "config.json")))
    w = read_safetensors(os.path.join(TOP, folder, "model.safetensors"))
    L, H, maxpos = cfg["num_hidden_layers"], cfg["hidden_size"], cfg["max_position_embeddings"]
    lines = open(os.path.join(TOP, corpus), encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    # the words kept: by count, then first appearance (Counter keeps that order)
    counts = Counter(wd for line in lines for wd, _, _ in corpus_words(line))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: first seen first
    kept = [wd for wd, c in ranked if c >= min_count]
    if max_words:
        kept = kept[:max_words]
    index = {wd: i for i, wd in enumerate(kept)}
    sums = np.zeros((len(kept), H), dtype=np.float64)
    used = np.zeros(len(kept), dtype=np.int64)
    layers = list(range(L + 1)) if layer == "avg" else [L if layer == "last" else layer]

    encoded = encode_lines(folder, lines)
    long_lines = 0
    for line, enc in zip(lines, encoded):
        words = corpus_words(line)
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
        if P == 0:
            continue
        piece = lambda i: offs[pre + i]
        # each word's pieces: those overlapping its bytes
        spans = []
        for wd, s, e in words:
            pieces = [i for i in range(P) if piece(i)[0] < e and piece(i)[1] > s]
            a, b = (pieces[0], pieces[-1] + 1) if pieces else (0, 0)
            assert pieces == list(range(a, b))
            spans.append((wd, a, b))
        cut_ok = [i == 0 or wid[pre + i] != wid[pre + i - 1] for i in range(P)]
        for _, a, b in spans:
            for i in range(a + 1, b):
                cut_ok[i] = False
        wins = windows(cut_ok, P, maxpos - pre - suf)
        long_lines += len(wins) > 1
        states = {}
        for wd, a, b in spans:
            if wd not in index or b == a:
                continue
            # the window with the most context on the shorter side
            best, bctx = None, -1
            for k, (s, e) in enumerate(wins):
                if s <= a and b <= e and min(a - s, e - b) > bctx:
                    best, bctx = k, min(a - s, e - b)
            assert best is not None
            s, e = wins[best]
            if best not in states:
                seq = ids[:pre] + ids[pre + s:pre + e] + ids[len(ids) - suf:]
                states[best] = hidden_states(w, cfg, seq)
            hs = states[best]
            rows = range(pre + a - s, pre + a - s + (1 if pool == "first" else b - a))
            v = torch.stack([hs[l][list(rows)].mean(0) for l in layers]).mean(0)
            sums[index[wd]] += v.double().numpy()
            used[index[wd]] += 1
    keep = [i for i in range(len(kept)) if used[i] > 0]
    vecs = sums[keep] / used[keep][:, None]
    return [kept[i] for i in keep], vecs.astype(np.float32), long_lines


def main():
    torch.set_grad_enabled(False)
    for name, folder, corpus, layer, pool, mc, mw in CASES:
        words, vecs, long_lines = distill(folder, corpus, layer, pool, mc, mw)
        path = os.path.join(HERE, "ref", "distill-%s.vec" % name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("%d %d\n" % vecs.shape)
            for wd, v in zip(words, vecs):
                f.write(wd + " " + " ".join("%.9g" % x for x in v) + "\n")
        print("%s: %d words x %d, %d lines in windows" % (path, len(words), vecs.shape[1],
                                                           long_lines), file=sys.stderr)


if __name__ == "__main__":
    main()
